/**
 * What the offline planner reads from the conversation: the request it is answering and the
 * tool results since (parsed JSON, by tool name), including the analyst's answers.
 */
import type { AIMessage, BaseMessage, ToolMessage } from "@langchain/core/messages";
import type { MMMErrorCode } from "../../errors";

export interface ToolRecord {
  name: string;
  ok: boolean;
  /** The tool's JSON result; a failure carries `error`, `hint` and, from an `MMMError`, its `code`. */
  result: Record<string, unknown> & { error?: string; code?: MMMErrorCode };
  args: Record<string, unknown>;
}

export interface Conversation {
  request: string;
  /** Tool results since the request, in order. */
  records: ToolRecord[];
  /** Number of messages so far (gives tool-call ids unique within the thread). */
  size: number;
}

const textOf = (m: BaseMessage): string => (typeof m.content === "string" ? m.content : m.content.map((c) => ("text" in c ? String(c.text) : "")).join(""));

function parse(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text };
  }
}

/** The conversation since the human message at `from` (the last one by default). */
export function readConversation(messages: readonly BaseMessage[], from?: number): Conversation {
  let start = from ?? -1;
  if (start < 0)
    for (let i = messages.length - 1; i >= 0; i--)
      if (messages[i]!._getType() === "human") {
        start = i;
        break;
      }
  const args = new Map<string, Record<string, unknown>>();
  const records: ToolRecord[] = [];
  for (const m of messages.slice(start + 1)) {
    if (m._getType() === "ai") for (const c of (m as AIMessage).tool_calls ?? []) args.set(c.id ?? "", c.args);
    if (m._getType() === "tool") {
      const t = m as ToolMessage;
      const result = parse(textOf(t));
      records.push({ name: t.name ?? "", ok: t.status !== "error" && result.error === undefined, result, args: args.get(t.tool_call_id) ?? {} });
    }
  }
  return { request: start >= 0 ? textOf(messages[start]!) : "", records, size: messages.length };
}

/** Index of the latest human message whose text matches `re` (−1 if none). */
export function lastRequestMatching(messages: readonly BaseMessage[], re: RegExp): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!._getType() === "human" && re.test(textOf(messages[i]!))) return i;
  return -1;
}

/** The latest successful result of `tool`, if any. */
export function latest(c: Conversation, tool: string): ToolRecord | undefined {
  for (let i = c.records.length - 1; i >= 0; i--) if (c.records[i]!.name === tool) return c.records[i];
  return undefined;
}

export const called = (c: Conversation, tool: string): boolean => c.records.some((r) => r.name === tool);
