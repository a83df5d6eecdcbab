/**
 * The host's own check of what a sandbox worker sent back. The worker already stops collecting at
 * these caps, but it is the thread that ran the tool's code, so nothing it sends is trusted: the
 * console output is cut, an oversized result is refused and error texts are cut here, after the
 * call, with host built-ins the tool's code never saw.
 */
import { MMMError, type MMMErrorCode } from "../../errors";
import type { OutputCaps } from "./protocol";
import { SandboxFailure, toMMMError, type FailureContext } from "./sandboxErrors";

export const DEFAULT_OUTPUT_CAPS: OutputCaps = Object.freeze({
  logLines: 50,
  logLineChars: 2000,
  logTotalChars: 100_000,
  resultChars: 2_000_000,
  errorChars: 2000,
});

export const DROPPED_NOTE = "... (further console output dropped)";

/** A successful call as the caller sees it. */
export interface AcceptedRun {
  resultJson: string;
  logs: string[];
  elapsedMs: number;
}

/** Codes a sandbox failure may carry; anything else the worker claims becomes QUERY_FAILED. */
const SANDBOX_CODES: readonly MMMErrorCode[] = ["QUERY_FAILED", "INVALID_ARGUMENT"];

/**
 * The run in a worker's outcome, checked against `caps`; a failure it reports (or an oversized
 * or malformed outcome) is thrown as an `MMMError`.
 */
export function acceptOutcome(raw: unknown, caps: OutputCaps, ctx: Omit<FailureContext, "logs">): AcceptedRun {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  if (o["ok"] === false) throw rebuildError(o["error"], caps);
  const logs = capLogs(o["logs"], caps);
  const resultJson = o["resultJson"];
  if (o["ok"] !== true || typeof resultJson !== "string") {
    throw toMMMError(new SandboxFailure("crashed", "it sent back no usable answer"), { ...ctx, logs });
  }
  if (resultJson.length > caps.resultChars) {
    const detail = `${resultJson.length.toLocaleString("en-US")} characters, more than the ${caps.resultChars.toLocaleString("en-US")} allowed`;
    throw toMMMError(new SandboxFailure("size", detail), { ...ctx, logs });
  }
  const elapsed = o["elapsedMs"];
  return { resultJson, logs, elapsedMs: typeof elapsed === "number" && Number.isFinite(elapsed) && elapsed >= 0 ? elapsed : 0 };
}

/** At most `logLines` lines (then a note), each cut at `logLineChars`, `logTotalChars` in all. */
export function capLogs(raw: unknown, caps: OutputCaps): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  let total = 0;
  for (let i = 0; i < raw.length; i++) {
    const line: unknown = raw[i];
    if (typeof line !== "string") continue;
    if (line === DROPPED_NOTE || out.length >= caps.logLines) {
      out.push(DROPPED_NOTE);
      break;
    }
    const text = cutText(line, caps.logLineChars);
    if (total + text.length > caps.logTotalChars) {
      out.push(DROPPED_NOTE);
      break;
    }
    total += text.length;
    out.push(text);
  }
  return out;
}

/** `text` cut to `max` characters, saying how much was cut. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${(text.length - max).toLocaleString("en-US")} more characters cut)`;
}

/** The worker's error as an `MMMError`, its texts cut to `errorChars`. */
export function rebuildError(raw: unknown, caps: OutputCaps): MMMError {
  const e = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const code = SANDBOX_CODES.find((c) => c === e["code"]) ?? "QUERY_FAILED";
  const what = typeof e["what"] === "string" && e["what"] !== "" ? e["what"] : "The custom tool failed in the sandbox.";
  const hint = typeof e["hint"] === "string" ? e["hint"] : "";
  return new MMMError(code, cutText(what, caps.errorChars), cutText(hint, caps.errorChars));
}
