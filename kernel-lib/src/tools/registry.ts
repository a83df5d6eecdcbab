/**
 * The tool registry: the 38 built-in tools by category plus the session's custom tools, the
 * definitions bound to the model, and lookup by name for the tool node.
 */
import { z } from "zod";
import { dataTools } from "./dataTools";
import { metaTools } from "./metaTools";
import { mmmTools } from "./mmmTools";
import { workflowTools } from "./workflowTools";
import type { CustomToolRegistry } from "./sandbox/customTools";
import type { MmmTool, ToolCategory } from "./types";

export const BUILTIN_TOOLS: readonly MmmTool[] = [...dataTools, ...mmmTools, ...metaTools, ...workflowTools];

/** What the model is given for each tool: name, description and argument schema. */
export interface ToolDefinition {
  name: string;
  description: string;
  schema: z.ZodObject;
}

export interface CatalogueEntry {
  name: string;
  category: ToolCategory | "custom";
  description: string;
}

export class ToolRegistry {
  readonly #builtins = new Map(BUILTIN_TOOLS.map((t) => [t.name, t]));

  constructor(readonly custom: CustomToolRegistry) {}

  builtin(name: string): MmmTool | undefined {
    return this.#builtins.get(name);
  }

  /** Built-in names (custom tools may not shadow them). */
  get builtinNames(): string[] {
    return [...this.#builtins.keys()];
  }

  catalogue(): CatalogueEntry[] {
    const builtins = BUILTIN_TOOLS.map((t) => ({ name: t.name, category: t.category, description: t.description }));
    return [...builtins, ...this.custom.list().map((t) => ({ name: t.name, category: "custom" as const, description: t.description }))];
  }

  /** Definitions bound to the model on each step, so new custom tools appear at once. */
  definitions(): ToolDefinition[] {
    const builtins = BUILTIN_TOOLS.map((t) => ({ name: t.name, description: t.description, schema: t.schema }));
    const custom = this.custom.list().map((t) => ({ name: t.name, description: `[custom] ${t.description}`, schema: this.custom.schema(t.name) as z.ZodObject }));
    return [...builtins, ...custom];
  }
}
