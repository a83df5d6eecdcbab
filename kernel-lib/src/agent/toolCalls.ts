/**
 * Running the model's tool calls: look the tool up (built-in or custom), validate the arguments
 * with its schema, run it, and turn the outcome into a tool message. Every failure — unknown tool,
 * arguments that are not JSON, a schema violation, an error inside the tool — becomes a tool
 * message with enough detail for the model to recover; the run continues. A `use_tool` call runs
 * the tool it names through this same path (tools/useTool.ts).
 */
import { ToolMessage, type AIMessage } from "@langchain/core/messages";
import type { ToolCall, InvalidToolCall } from "@langchain/core/messages/tool";
import { redact } from "../secrets";
import { errorResult, invokeTool } from "../tools/invoke";
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

/** Run one tool call; never throws (except LangGraph control flow). */
export async function executeToolCall(call: ToolCall, rt: AgentRuntime, ctx: ToolContext): Promise<ToolOutcome> {
  const t0 = performance.now();
  const target = targetCall(call, rt);
  // The trace names the tool that ran (a use_tool call shows as the tool it named).
  const ran = "call" in target ? target.call : call;
  // invokeTool redacts: data, files or custom code may hold a secret.
  const { text, ok } = "call" in target ? await invokeTool(rt, target.call, ctx) : { text: redact(errorResult(target.error, target.hint)), ok: false };
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
