/**
 * Running the model's tool calls: look the tool up (built-in or custom), validate the arguments
 * with its schema, run it, and turn the outcome into a tool message. Every failure — unknown tool,
 * arguments that are not JSON, a schema violation, an error inside the tool — becomes a tool
 * message with enough detail for the model to recover; the run continues. A `use_tool` call runs
 * the tool it names through this same path (tools/useTool.ts).
 */
import { ToolMessage, type AIMessage } from "@langchain/core/messages";
import type { ToolCall, InvalidToolCall } from "@langchain/core/messages/tool";
import type { z } from "zod";
import { closestNames, errorMessage, MMMError } from "../errors";
import { frameToSandboxData } from "../tools/dataCopy";
import { toolResultText } from "../tools/compact";
import { redact } from "../secrets";
import type { ToolContext } from "../tools/types";
import { USE_TOOL, useToolTarget } from "../tools/useTool";
import { summarise, now } from "./trace";
import type { AgentRuntime } from "./runtime";

export interface ToolOutcome {
  message: ToolMessage;
  ok: boolean;
  /** The tool that ran: the call's, or the one its use_tool named. */
  tool: string;
}

function errorResult(what: string, hint?: string): string {
  return JSON.stringify(hint ? { error: what, hint } : { error: what });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `'${i.path.join(".") || "(arguments)"}': ${i.message}`).join("; ");
}

/**
 * The call that actually runs: the call itself, or the one a use_tool call names. Questions to the
 * analyst are refused there: they need the graph's interrupt, and ask_user is always bound anyway.
 */
export function targetCall(call: ToolCall, rt: AgentRuntime): { call: ToolCall } | { error: string; hint: string } {
  if (call.name !== USE_TOOL) return { call };
  const t = useToolTarget(call.args);
  if (!t.ok) return t;
  if (rt.registry.builtin(t.name)?.asksUser) return { error: `use_tool cannot ask the analyst (${t.name}).`, hint: `Call ${t.name} directly.` };
  return { call: { ...call, name: t.name, args: t.args } };
}

async function runTool(call: ToolCall, rt: AgentRuntime, ctx: ToolContext): Promise<{ text: string; ok: boolean }> {
  const tool = rt.registry.builtin(call.name);
  if (tool) {
    const parsed = tool.schema.safeParse(call.args ?? {});
    if (!parsed.success) return { text: errorResult(`Invalid arguments for ${call.name}: ${describeIssues(parsed.error)}.`, "Fix the arguments to match the tool's schema and call it again."), ok: false };
    return { text: toolResultText(await tool.run(parsed.data, ctx)), ok: true };
  }
  if (rt.registry.custom.get(call.name)) {
    const data = rt.engine.status().loaded ? frameToSandboxData(rt.engine.frame()) : undefined;
    return { text: toolResultText(await rt.registry.custom.run(call.name, call.args ?? {}, data, rt.config.customToolLimits)), ok: true };
  }
  const names = rt.registry.catalogue().map((t) => t.name);
  const near = closestNames(call.name, names);
  return { text: errorResult(`Unknown tool '${call.name}'.`, `${near.length ? `Did you mean ${near.join(" or ")}? ` : ""}Call list_all_tools to see every tool.`), ok: false };
}

/** Run one tool call; never throws (except LangGraph control flow). */
export async function executeToolCall(call: ToolCall, rt: AgentRuntime, ctx: ToolContext): Promise<ToolOutcome> {
  const t0 = performance.now();
  const target = targetCall(call, rt);
  // The trace names the tool that ran (a use_tool call shows as the tool it named).
  const ran = "call" in target ? target.call : call;
  let text: string;
  let ok: boolean;
  try {
    ({ text, ok } = "call" in target ? await runTool(target.call, rt, ctx) : { text: errorResult(target.error, target.hint), ok: false });
  } catch (err) {
    ok = false;
    text = err instanceof MMMError ? JSON.stringify({ error: err.message, code: err.code, hint: err.hint }) : errorResult(`${ran.name} failed: ${errorMessage(err)}`);
  }
  // The one place tool results leave for the model and the trace: data, files or custom code may hold a secret.
  text = redact(text);
  rt.trace.emit({ type: "tool", at: now(), phase: ctx.phase, tool: ran.name, args: ran.args, ok, summary: summarise(text), ms: Math.round(performance.now() - t0) });
  return { message: new ToolMessage({ content: text, tool_call_id: call.id ?? call.name, name: call.name, status: ok ? "success" : "error" }), ok, tool: ran.name };
}

/** A tool message answering a call whose arguments could not be parsed. */
export function invalidCallMessage(call: InvalidToolCall, rt: AgentRuntime, phase: ToolContext["phase"]): ToolMessage {
  const text = redact(errorResult(`The arguments of ${call.name ?? "the tool call"} are not valid JSON: ${call.error ?? "parse error"}.`, "Send the arguments as one JSON object matching the tool's schema."));
  rt.trace.emit({ type: "tool", at: now(), phase, tool: call.name ?? "?", args: call.args, ok: false, summary: summarise(text), ms: 0 });
  return new ToolMessage({ content: text, tool_call_id: call.id ?? "invalid", name: call.name ?? "invalid", status: "error" });
}

/** The last AI message of the conversation. */
export function lastAiMessage(messages: readonly unknown[]): AIMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as AIMessage;
    if (m?._getType?.() === "ai") return m;
  }
  return undefined;
}
