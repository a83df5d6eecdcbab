/**
 * What went wrong inside the sandbox, told in words an LLM (or an analyst) can act on.
 * The session classifies a failure; this module turns it into an `MMMError`.
 */
import { MMMError } from "../../errors";

export type FailureKind =
  | "timeout"
  | "memory"
  | "stack"
  | "syntax"
  | "thrown"
  | "contract"
  | "missing"
  | "result"
  /** The result's JSON is over its cap. */
  | "size"
  /** The worker thread ran out of its V8 heap and was stopped. */
  | "heap"
  /** The worker thread died or never started. */
  | "crashed";

/** A classified failure of one sandboxed call (internal: callers see `MMMError`). */
export class SandboxFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(detail);
  }
}

/** What QuickJS's `dump` gives for an error value. */
export interface DumpedError {
  name?: string;
  message?: string;
  stack?: string;
  lineNumber?: number;
}

const TOOL_FILE = "tool.js";
const READ_ONLY = /read-only|not extensible|frozen/i;

/** Classify an error thrown inside QuickJS (the tool's code, the prelude or the engine). */
export function classifyGuestError(dumped: unknown, timedOut: boolean): SandboxFailure {
  const err: DumpedError = typeof dumped === "object" && dumped !== null ? dumped : { message: String(dumped) };
  const name = err.name ?? "Error";
  const message = err.message ?? String(dumped);
  if (timedOut || (name === "InternalError" && message === "interrupted")) return new SandboxFailure("timeout", message);
  if (message === "out of memory" || message === "string too long") {
    return new SandboxFailure("memory", message);
  }
  if (message === "stack overflow" || /call stack/i.test(message)) return new SandboxFailure("stack", message);
  if (name === "ToolContractError") {
    return new SandboxFailure(message.startsWith("the code must define") ? "missing" : "contract", message);
  }
  const line = err.lineNumber ?? lineInTool(err.stack);
  // Parse errors carry the position; a SyntaxError thrown at run time (JSON.parse) does not.
  if (name === "SyntaxError" && err.lineNumber !== undefined) return new SandboxFailure("syntax", message, line);
  return new SandboxFailure("thrown", `${name}: ${message}`, line);
}

/** The first line of the tool's own file in a QuickJS stack trace. */
function lineInTool(stack: string | undefined): number | undefined {
  const m = stack ? new RegExp(`${TOOL_FILE.replace(".", "\\.")}:(\\d+)`).exec(stack) : null;
  return m ? Number(m[1]) : undefined;
}

export interface FailureContext {
  toolName: string;
  timeoutMs: number;
  memoryBytes: number;
  logs: readonly string[];
  /** The worker thread's heap limit, for "heap" failures. */
  workerHeapMb?: number;
}

/** The `MMMError` the caller sees: what happened, then what to change. */
export function toMMMError(f: SandboxFailure, ctx: FailureContext): MMMError {
  const tool = `custom tool '${ctx.toolName}'`;
  const at = f.line !== undefined ? ` at line ${f.line}` : "";
  const detail = f.detail.replace(/\.+$/, "");
  const [what, hint] = ((): [string, string] => {
    switch (f.kind) {
      case "timeout":
        return [`${tool} exceeded the time limit of ${formatMs(ctx.timeoutMs)} and was stopped.`, "Make it cheaper: no unbounded loops, fewer passes over the rows, smaller inputs (e.g. fewer lags, smaller BigInts)."];
      case "memory":
        return [`${tool} exceeded the memory limit of ${formatBytes(ctx.memoryBytes)} (${detail}).`, "Keep less in memory: aggregate while looping instead of building large arrays or strings."];
      case "heap":
        return [`${tool} used more than ${ctx.workerHeapMb ?? "its"} MB of memory and was stopped.`, "Keep less in memory: aggregate while looping instead of building large arrays or strings."];
      case "size":
        return [`${tool} returned too much: the result's JSON has ${detail}.`, "Return a summary (aggregates, the top rows, a few numbers) rather than whole tables or long strings."];
      case "crashed":
        return [`${tool} stopped the sandbox (${detail}).`, "Try again; if it keeps failing, simplify the code."];
      case "stack":
        return [`${tool} exceeded the stack limit (recursion too deep).`, "Replace deep recursion with a loop, and do not return deeply nested structures."];
      case "syntax":
        return [`${tool} has a syntax error${at}: ${detail}.`, "Fix the code and create the tool again."];
      case "contract":
        return [`${tool} returned an unusable result: ${detail}.`, "Return a JSON-serialisable value: objects, arrays, finite numbers, strings, booleans, null."];
      case "missing":
        return [`${tool} does not define tool_fn.`, "Define function tool_fn(args) { ... return result; } (toolFn is accepted too)."];
      case "result":
        return [`${tool} returned an unusable result: ${detail}.`, "Return a plain object or array."];
      case "thrown":
        return [`${tool} failed${at}: ${detail}.`, READ_ONLY.test(detail) ? 'data is a frozen copy: copy what you change first, e.g. const xs = [...data.column("x")].' : "Fix the code (or the arguments) and try again."];
    }
  })();
  return new MMMError("QUERY_FAILED", what, withLogs(hint, ctx.logs));
}

function withLogs(hint: string, logs: readonly string[]): string {
  if (logs.length === 0) return hint;
  const tail = logs
    .slice(-5)
    .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
    .join(" | ");
  return `${hint} Console output before the failure: ${tail}`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
