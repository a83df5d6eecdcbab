/**
 * `use_tool`: the escape hatch of scoped tool binding (agent/toolScope.ts). A model call carries
 * only the tools of the current phase and its neighbours; use_tool runs any other registered tool,
 * built-in or custom, by name. The agent's tool node unwraps it (agent/toolCalls.ts), so the named
 * tool goes through the same lookup, schema validation, redaction and trace as a direct call, and
 * its success moves the phase as a direct call would.
 */
import { z } from "zod";
import { MMMError } from "../errors";
import { defineTool } from "./types";

export const USE_TOOL = "use_tool";

const schema = z.object({
  name: z.string().min(1).describe("the tool's exact name (list_all_tools gives every name, and with names: [...] their argument schemas)"),
  args: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .optional()
    .describe("the tool's arguments: a JSON object (or its JSON text); {} when it takes none"),
});

export const useTool = defineTool({
  name: USE_TOOL,
  category: "meta",
  phase: "always",
  description: "Call any registered tool by name, including tools not offered in this step (list_all_tools shows them all). Same validation and results as calling the tool directly.",
  schema,
  run: () => {
    throw new MMMError("NOT_AVAILABLE", "use_tool runs through the agent's tool node.", "Call the named tool directly.");
  },
});

export type UseToolTarget = { ok: true; name: string; args: Record<string, unknown> } | { ok: false; error: string; hint: string };

/** The call a use_tool call stands for, or why it cannot be made. */
export function useToolTarget(raw: unknown): UseToolTarget {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success)
    return { ok: false, error: `Invalid arguments for use_tool: ${parsed.error.issues.map((i) => `'${i.path.join(".") || "(arguments)"}': ${i.message}`).join("; ")}.`, hint: 'Call use_tool({ name: "<tool>", args: { ... } }).' };
  const { name, args } = parsed.data;
  if (name === USE_TOOL) return { ok: false, error: "use_tool cannot call itself.", hint: "Name the tool to run." };
  if (typeof args !== "string") return { ok: true, name, args: args ?? {} };
  let value: unknown;
  try {
    value = JSON.parse(args || "{}");
  } catch {
    return { ok: false, error: `The args of use_tool(${name}) are not valid JSON.`, hint: "Send args as a JSON object." };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: `The args of use_tool(${name}) must be a JSON object.`, hint: "Send args as a JSON object, {} when the tool takes none." };
  return { ok: true, name, args: value as Record<string, unknown> };
}
