/**
 * What a plan reads: the tool calls made for the request so far, in order, each with its arguments
 * and parsed JSON result (the analyst's answers are the results of the question tools). The offline
 * planner reads them from the graph's messages (agent/offline/history.ts); `fullAnalysis` keeps them
 * itself. Nothing here knows of messages, graphs or LLMs.
 */
import type { MMMErrorCode } from "../errors";

export interface ToolRecord {
  name: string;
  ok: boolean;
  /** The tool's JSON result; a failure carries `error`, `hint` and, from an `MMMError`, its `code`. */
  result: Record<string, unknown> & { error?: string; code?: MMMErrorCode };
  args: Record<string, unknown>;
}

export interface Conversation {
  /** The request's text (chat plans read words from it; the full analysis reads only the typed request). */
  request: string;
  /** Tool results since the request, in order. */
  records: ToolRecord[];
  /** Number of messages so far (gives tool-call ids unique within the thread). */
  size: number;
}

/** The latest result of `tool`, if any. */
export function latest(c: Conversation, tool: string): ToolRecord | undefined {
  for (let i = c.records.length - 1; i >= 0; i--) if (c.records[i]!.name === tool) return c.records[i];
  return undefined;
}

export const called = (c: Conversation, tool: string): boolean => c.records.some((r) => r.name === tool);

/** A failed call's error and hint in one sentence (the hint once, also from a record whose error already ends with it). */
export function failureText(r: ToolRecord | undefined): string {
  const e = String(r?.result.error ?? "");
  const h = String(r?.result.hint ?? "");
  return (h && !e.includes(h) ? `${e} ${h}` : e).trim();
}

/** A tool's JSON text as a record's result (a non-object value is wrapped, non-JSON kept as text). */
export function parseResult(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text };
  }
}
