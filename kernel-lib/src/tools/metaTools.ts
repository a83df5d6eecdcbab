/**
 * The 10 meta tools: the agent extends itself (custom tools in the sandbox), asks the analyst
 * (handled by the graph's human node through a LangGraph interrupt), keeps its notes, and lists and
 * reaches every tool (list_all_tools, use_tool: the escape hatch of scoped binding).
 */
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import { z } from "zod";
import { closestNames, MMMError } from "../errors";
import { defineTool, type CatalogueEntry, type MmmTool } from "./types";
import { useTool } from "./useTool";

/** The error for a custom-tool name that is not registered, listing the ones that are. */
function noSuchCustomTool(name: string, customTools: { list(): { name: string }[] }): MMMError {
  const names = customTools.list().map((x) => x.name);
  return new MMMError("INVALID_ARGUMENT", `There is no custom tool '${name}'.`, `Custom tools: ${names.join(", ") || "none"}.`);
}

const paramType = z.enum(["str", "string", "int", "integer", "float", "number", "bool", "boolean", "list", "array", "object"]);

export const metaTools: MmmTool[] = [
  defineTool({
    name: "create_custom_tool",
    category: "meta",
    phase: "always",
    description:
      "Create a new tool from JavaScript/TypeScript code defining `function tool_fn(args)`; it runs in a sandbox with a read-only `data` (data.columns, data.rows(), data.column(name)) and must return JSON. Callable from the next step.",
    schema: z.object({
      name: z.string().describe("snake_case name"),
      description: z.string().describe("one line: what it computes"),
      code: z.string().describe("defines function tool_fn({ ...params }) returning a JSON-serialisable value"),
      params: z.record(z.string(), paramType).describe("parameter name → type"),
    }),
    run: async (a, ctx) => {
      const reserved = ctx
        .catalogue()
        .filter((t) => t.category !== "custom")
        .map((t) => t.name);
      const info = await ctx.customTools.add(a, { reservedNames: reserved });
      return { created: info.name, params: info.params, language: info.language, note: "The tool can be called from the next step." };
    },
  }),
  defineTool({
    name: "list_custom_tools",
    category: "meta",
    phase: "always",
    description: "Custom tools created in this session, with their descriptions, parameters and call counts.",
    schema: z.object({}),
    run: (_a, { customTools }) => customTools.list().map(({ name, description, params, calls, createdAt }) => ({ name, description, params, calls, createdAt })),
  }),
  defineTool({
    name: "inspect_custom_tool",
    category: "meta",
    phase: "always",
    description: "The source code and parameters of one custom tool.",
    schema: z.object({ name: z.string() }),
    run: (a, { customTools }) => {
      const t = customTools.get(a.name);
      if (!t) throw noSuchCustomTool(a.name, customTools);
      return t;
    },
  }),
  defineTool({
    name: "remove_custom_tool",
    category: "meta",
    phase: "always",
    description: "Remove a custom tool.",
    schema: z.object({ name: z.string() }),
    run: (a, { customTools }) => {
      if (!customTools.remove(a.name)) throw noSuchCustomTool(a.name, customTools);
      return { removed: a.name };
    },
  }),
  defineTool({
    name: "ask_user",
    category: "meta",
    phase: "always",
    asksUser: true,
    description: "Ask the analyst a free-text question and wait for the answer. Only when genuinely needed (e.g. the budget amount).",
    schema: z.object({ question: z.string(), default: z.string().optional().describe("suggested answer") }),
    run: () => undefined,
  }),
  defineTool({
    name: "ask_user_to_choose",
    category: "meta",
    phase: "always",
    asksUser: true,
    description: "Ask the analyst to pick from options (e.g. the KPI column, ridge vs Bayesian) and wait for the choice.",
    schema: z.object({ question: z.string(), options: z.array(z.string()).min(2).max(20), multiple: z.boolean().optional(), default: z.string().optional() }),
    run: () => undefined,
  }),
  defineTool({
    name: "add_analysis_note",
    category: "meta",
    phase: "always",
    description: "Record an insight, decision or caveat in the analysis history (it goes into the report).",
    schema: z.object({ note: z.string().min(1), category: z.enum(["insight", "decision", "caveat", "data"]).optional() }),
    run: (a, ctx) => {
      const note = { at: new Date().toISOString(), phase: ctx.phase, text: a.note, category: a.category };
      ctx.update({ notes: [note] });
      return { recorded: note, total: ctx.notes.length + 1 };
    },
  }),
  defineTool({
    name: "get_analysis_history",
    category: "meta",
    phase: "always",
    description: "Notes, phase transitions and data preparation steps so far.",
    schema: z.object({}),
    run: (_a, ctx) => ({ phase: ctx.phase, notes: ctx.notes, transitions: ctx.transitions, dataSteps: ctx.engine.steps.map((s) => ({ step: s.step, rows: s.rows, columns: s.columns })) }),
  }),
  defineTool({
    name: "list_all_tools",
    category: "meta",
    phase: "always",
    description: "Every tool: the built-ins by category and the custom tools, and which are not offered in this step (call those with use_tool). With names: those tools' descriptions and argument JSON schemas.",
    schema: z.object({ names: z.array(z.string()).max(20).optional().describe("tools to describe with their argument schemas") }),
    run: (a, ctx) => {
      const all = ctx.catalogue();
      if (a.names?.length) return { tools: a.names.map((n) => describeTool(all, n)) };
      const byCategory: Record<string, string[]> = {};
      for (const t of all) (byCategory[t.category] ??= []).push(t.name);
      const notOffered = all.filter((t) => t.bound === false).map((t) => t.name);
      return {
        total: all.length,
        builtIn: all.filter((t) => t.category !== "custom").length,
        customCount: byCategory.custom?.length ?? 0,
        byCategory,
        ...(notOffered.length ? { notOfferedNow: notOffered, hint: "Call these with use_tool({ name, args }); list_all_tools({ names }) gives their arguments." } : {}),
      };
    },
  }),
  useTool,
];

/** One tool's description and argument schema as the model would be given them. */
function describeTool(all: CatalogueEntry[], name: string) {
  const t = all.find((x) => x.name === name);
  if (!t)
    return {
      name,
      error: `There is no tool '${name}'.`,
      didYouMean: closestNames(
        name,
        all.map((x) => x.name),
      ),
    };
  const parameters = t.schema ? (toJsonSchema(t.schema) as Record<string, unknown>) : undefined;
  if (parameters) delete parameters.$schema;
  return { name, category: t.category, description: t.description, parameters };
}
