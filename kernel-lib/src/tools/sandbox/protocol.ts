/**
 * What crosses between the host and a sandbox worker thread. Only plain data: the host treats
 * everything that comes back as untrusted and checks it against {@link OutputCaps} (outputCaps.ts).
 */
import type { MMMErrorCode } from "../../errors";

/** Everything the QuickJS session needs for one call (resolved on the host). */
export interface SessionSettings {
  timeoutMs: number;
  memoryBytes: number;
  maxStackBytes: number;
  maxLogLines: number;
  seed: number;
}

/** Bounds on what a call may hand back; the worker stops collecting there, the host re-checks. */
export interface OutputCaps {
  /** Console lines kept (a further "dropped" note may follow). */
  logLines: number;
  /** Characters per console line. */
  logLineChars: number;
  /** Characters of console output in all. */
  logTotalChars: number;
  /** Characters of the result's JSON. */
  resultChars: number;
  /** Characters of an error's message (and of its hint). */
  errorChars: number;
}

/** One call: run `tool_fn`, or only check that the code defines it. */
export interface SandboxJob {
  op: "run" | "check";
  toolName: string;
  js: string;
  argsJson: string;
  dataJson: string | undefined;
  settings: SessionSettings;
  caps: OutputCaps;
}

/** An error as it crosses back (an `MMMError` is rebuilt from it on the host). */
export interface WireError {
  code: MMMErrorCode;
  what: string;
  hint: string;
}

export type JobOutcome = { ok: true; resultJson: string; logs: string[]; elapsedMs: number } | { ok: false; error: WireError };

export type WorkerMessage =
  /** The tool's code starts now: the host's hard time limit runs from here. */
  { type: "started" } | { type: "done"; outcome: JobOutcome };
