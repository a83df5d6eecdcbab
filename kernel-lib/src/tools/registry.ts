/**
 * The tool registry: the 44 built-in tools by category plus the session's custom tools, the
 * definitions bound to the model, and lookup by name for the tool node. Which of them a model call
 * gets is agent/toolScope.ts's choice; the tool node runs any registered tool.
 */
import type { z } from "zod";
import { analyticsTools } from "./analyticsTools";
import { budgetTools } from "./budgetTools";
import { dataTools } from "./dataTools";
import { metaTools } from "./metaTools";
import { mmmTools } from "./mmmTools";
import { validationTools } from "./validationTools";
import { workflowTools } from "./workflowTools";
import type { CustomToolInfo, CustomToolRegistry } from "./sandbox/customTools";
import type { CatalogueEntry, MmmTool } from "./types";

export const BUILTIN_TOOLS: readonly MmmTool[] = [...dataTools, ...mmmTools, ...budgetTools, ...validationTools, ...analyticsTools, ...metaTools, ...workflowTools];

/** What the model is given for each tool: name, description and argument schema. */
export interface ToolDefinition {
  name: string;
  description: string;
  schema: z.ZodObject;
}

/** An entry of the tool catalogue (list_all_tools): defined with the tool types. */
export type { CatalogueEntry };

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
    const builtins = BUILTIN_TOOLS.map((t) => ({ name: t.name, category: t.category, description: t.description, schema: t.schema }));
    return [...builtins, ...this.custom.list().map((t) => ({ name: t.name, category: "custom" as const, description: t.description, schema: this.custom.schema(t.name) as z.ZodObject }))];
  }

  /** Custom tools, the most recently created first (the order they are bound in when not all fit). */
  customByRecency(): CustomToolInfo[] {
    const list = this.custom.list().map((t, i) => ({ t, i }));
    // createdAt has millisecond resolution: ties go to the one registered later.
    return list.sort((a, b) => b.t.createdAt.localeCompare(a.t.createdAt) || b.i - a.i).map((x) => x.t);
  }

  /** The definition of one tool (built-in or custom), or undefined. */
  definition(name: string): ToolDefinition | undefined {
    const t = this.#builtins.get(name);
    if (t) return { name: t.name, description: t.description, schema: t.schema };
    const c = this.custom.get(name);
    // "[custom]" tells the model (and the offline planner) which tools are the session's own.
    return c && { name: c.name, description: `[custom] ${c.description}`, schema: this.custom.schema(c.name) as z.ZodObject };
  }

  /** Definitions of `names` (every tool when omitted), in that order; unknown names are skipped. */
  definitions(names: readonly string[] = [...this.#builtins.keys(), ...this.custom.list().map((t) => t.name)]): ToolDefinition[] {
    return names.map((n) => this.definition(n)).filter((d): d is ToolDefinition => d !== undefined);
  }
}
