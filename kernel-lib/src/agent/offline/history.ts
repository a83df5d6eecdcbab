/**
 * What the offline planner reads from the conversation: the request it is answering and the
 * tool results since (parsed JSON, by tool name), including the analyst's answers.
 */
import type { AIMessage, BaseMessage, ToolMessage } from "@langchain/core/messages";
import { parseResult, type Conversation, type ToolRecord } from "../../playbook/records";
import type { AnalysisRequest } from "../../playbook/request";

/** Where a human message carries its typed request (`runFullAnalysis` puts it there, agent/session.ts). */
export const TYPED_REQUEST = "analysisRequest";

/** The typed request a human message carries, if any. */
export function typedRequest(m: BaseMessage | undefined): AnalysisRequest | undefined {
  const r = m?._getType() === "human" ? m.additional_kwargs?.[TYPED_REQUEST] : undefined;
  return r && typeof r === "object" ? (r as AnalysisRequest) : undefined;
}

const textOf = (m: BaseMessage): string => (typeof m.content === "string" ? m.content : m.content.map((c) => ("text" in c ? String(c.text) : "")).join(""));

/** The conversation since the human message at `from` (the last one by default). */
export function readConversation(messages: readonly BaseMessage[], from?: number): Conversation {
  const start = from ?? lastRequest(messages);
  const args = new Map<string, Record<string, unknown>>();
  const records: ToolRecord[] = [];
  for (const m of messages.slice(start + 1)) {
    if (m._getType() === "ai") for (const c of (m as AIMessage).tool_calls ?? []) args.set(c.id ?? "", c.args);
    if (m._getType() === "tool") {
      const t = m as ToolMessage;
      const result = parseResult(textOf(t));
      records.push({ name: t.name ?? "", ok: t.status !== "error" && result.error === undefined, result, args: args.get(t.tool_call_id) ?? {} });
    }
  }
  return { request: start >= 0 ? textOf(messages[start]!) : "", records, size: messages.length };
}

/** Index of the latest human message that carries a typed request or whose text matches `re` (−1 if none). */
export function lastRequestMatching(messages: readonly BaseMessage[], re: RegExp): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!._getType() === "human" && (typedRequest(messages[i]) || re.test(textOf(messages[i]!)))) return i;
  return -1;
}

/** Index of the latest human message (−1 if none). */
export function lastRequest(messages: readonly BaseMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!._getType() === "human") return i;
  return -1;
}
