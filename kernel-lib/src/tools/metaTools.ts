/**
 * The 9 meta tools: the agent extends itself (custom tools in the sandbox), asks the analyst
 * (handled by the graph's human node through a LangGraph interrupt), and keeps its notes.
 */
import { z } from "zod";
import { MMMError } from "../errors";
import { defineTool, type MmmTool } from "./types";

const paramType = z.enum(["str", "string", "int", "integer", "float", "number", "bool", "boolean", "list", "array", "object"]);

export const metaTools: MmmTool[] = [
  defineTool({
    name: "create_custom_tool",
    category: "meta",
    description:
      "Create a new tool from JavaScript/TypeScript code defining `function tool_fn(args)`; it runs in a sandbox with a read-only `data` (data.columns, data.rows(), data.column(name)) and must return JSON. Callable from the next step.",
    schema: z.object({
      name: z.string().describe("snake_case name"),
      description: z.string().describe("one line: what it computes"),
      code: z.string().describe("defines function tool_fn({ ...params }) returning a JSON-serialisable value"),
      params: z.record(z.string(), paramType).describe("parameter name → type"),
    }),
    run: async (a, ctx) => {
      const reserved = ctx.catalogue().filter((t) => t.category !== "custom").map((t) => t.name);
      const info = await ctx.customTools.add(a, { reservedNames: reserved });
      return { created: info.name, params: info.params, language: info.language, note: "The tool can be called from the next step." };
    },
  }),
  defineTool({
    name: "list_custom_tools",
    category: "meta",
    description: "Custom tools created in this session, with their descriptions, parameters and call counts.",
    schema: z.object({}),
    run: (_a, { customTools }) => customTools.list().map(({ name, description, params, calls, createdAt }) => ({ name, description, params, calls, createdAt })),
  }),
  defineTool({
    name: "inspect_custom_tool",
    category: "meta",
    description: "The source code and parameters of one custom tool.",
    schema: z.object({ name: z.string() }),
    run: (a, { customTools }) => {
      const t = customTools.get(a.name);
      if (!t) throw new MMMError("INVALID_ARGUMENT", `There is no custom tool '${a.name}'.`, `Custom tools: ${customTools.list().map((x) => x.name).join(", ") || "none"}.`);
      return t;
    },
  }),
  defineTool({
    name: "remove_custom_tool",
    category: "meta",
    description: "Remove a custom tool.",
    schema: z.object({ name: z.string() }),
    run: (a, { customTools }) => {
      if (!customTools.remove(a.name)) throw new MMMError("INVALID_ARGUMENT", `There is no custom tool '${a.name}'.`, `Custom tools: ${customTools.list().map((x) => x.name).join(", ") || "none"}.`);
      return { removed: a.name };
    },
  }),
  defineTool({
    name: "ask_user",
    category: "meta",
    asksUser: true,
    description: "Ask the analyst a free-text question and wait for the answer. Only when genuinely needed (e.g. the budget amount).",
    schema: z.object({ question: z.string(), default: z.string().optional().describe("suggested answer") }),
    run: () => undefined,
  }),
  defineTool({
    name: "ask_user_to_choose",
    category: "meta",
    asksUser: true,
    description: "Ask the analyst to pick from options (e.g. the KPI column, ridge vs Bayesian) and wait for the choice.",
    schema: z.object({ question: z.string(), options: z.array(z.string()).min(2).max(20), multiple: z.boolean().optional(), default: z.string().optional() }),
    run: () => undefined,
  }),
  defineTool({
    name: "add_analysis_note",
    category: "meta",
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
    description: "Notes, phase transitions and data preparation steps so far.",
    schema: z.object({}),
    run: (_a, ctx) => ({ phase: ctx.phase, notes: ctx.notes, transitions: ctx.transitions, dataSteps: ctx.engine.steps.map((s) => ({ step: s.step, rows: s.rows, columns: s.columns })) }),
  }),
  defineTool({
    name: "list_all_tools",
    category: "meta",
    description: "Every tool available now: the built-ins by category and the custom tools.",
    schema: z.object({}),
    run: (_a, ctx) => {
      const all = ctx.catalogue();
      const byCategory: Record<string, string[]> = {};
      for (const t of all) (byCategory[t.category] ??= []).push(t.name);
      return { total: all.length, builtIn: all.filter((t) => t.category !== "custom").length, customCount: byCategory.custom?.length ?? 0, byCategory };
    },
  }),
];
