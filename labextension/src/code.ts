/**
 * The small TypeScript statements the extension executes on the tslab kernel. Each makes one call
 * of agentic-mmm-protocol's PanelApi (`globalThis.agenticMMM.panel`, spelled by its `panelCall`),
 * so they work whatever variable the analyst chose and depend on nothing else in the kernel.
 * Written for tslab's parser: no statement starts with `await (`, which tslab reads as a call of a
 * function named `await`. Every value is embedded as JSON (a valid expression), never as code from
 * a payload. A failing call still ends the execution `ok` (see `guarded`). No DOM here: the
 * kernel-side contract test (test/unit/protocol/kernelCalls.test.ts) runs these in Node.
 */
import { literal, panelCall, type PanelRequest, type PanelSessionState } from "agentic-mmm-protocol";

/** What a failed call prints on stderr before its message (the execution itself succeeds). */
export const ERROR_MARK = "agentic-mmm-error: ";

/**
 * The call in a try/catch: a failure is printed after ERROR_MARK and the execution ends `ok`.
 * tslab answers `abort` to every request for about a second after a failed execution, so a
 * failing panel call would otherwise make the analyst's next "Run all" silently do nothing.
 */
function guarded(call: string): string {
  return `try { ${call} } catch (e) { console.error(${literal(ERROR_MARK)} + (e instanceof Error ? e.message : String(e))); }`;
}

function plainAnswer(session: string, questionId: string, value: unknown): string {
  return `await ${panelCall("answer", session, questionId, value)};`;
}

function plainSay(session: string | null, text: string): string {
  return `await ${panelCall("say", session, text)};`;
}

export function answerCall(session: string, questionId: string, value: unknown): string {
  return guarded(plainAnswer(session, questionId, value));
}

/** `session` null: the kernel's latest session. */
export function sayCall(session: string | null, text: string): string {
  return guarded(plainSay(session, text));
}

/** The call the panel executes (guarded). */
export function requestCode(r: PanelRequest): string {
  return r.kind === "answer" ? answerCall(r.session, r.questionId, r.value) : sayCall(r.session, r.text);
}

/** The same call for the analyst to run in a cell, where a failure should show as the cell's error. */
export function cellCode(r: PanelRequest): string {
  return r.kind === "answer" ? plainAnswer(r.session, r.questionId, r.value) : plainSay(r.session, r.text);
}

/** What the pending-question check prints before its JSON answer. */
export const PENDING_MARK = "agentic-mmm-pending: ";

/**
 * Ask the kernel which question `session` is waiting on: prints PENDING_MARK and the question id,
 * or null when nothing is pending, the kernel has no such session, or no agentic-mmm at all
 * (restarted, reloaded: the call then throws and the catch prints null).
 */
export function pendingCall(session: string): string {
  return `try { console.log(${literal(PENDING_MARK)} + JSON.stringify(${panelCall("pendingQuestion", session)}?.id ?? null)); } catch (e) { console.log(${literal(PENDING_MARK)} + "null"); }`;
}

/** The question id a pendingCall printed; undefined when its output has no answer. */
export function parsePending(stdout: string): string | null | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(PENDING_MARK));
  if (line === undefined) return undefined;
  try {
    const v = JSON.parse(line.slice(PENDING_MARK.length)) as unknown;
    return typeof v === "string" ? v : null;
  } catch {
    return undefined;
  }
}

/** What the kernel-truth check prints before its JSON answer. */
export const TRUTH_MARK = "agentic-mmm-truth: ";

/**
 * Ask the kernel what it waits on: the state of `session` when the kernel has it, else of its
 * latest session (PanelSessionState), or null when it has no agentic-mmm session at all.
 */
export function truthCall(session: string | null): string {
  const own = session === null ? "null" : panelCall("state", session);
  return `try { console.log(${literal(TRUTH_MARK)} + JSON.stringify(${own} ?? ${panelCall("latest")})); } catch (e) { console.log(${literal(TRUTH_MARK)} + "null"); }`;
}

/** The session state a truthCall printed (null: none); undefined when its output has no answer. */
export function parseTruth(stdout: string): PanelSessionState | null | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(TRUTH_MARK));
  if (line === undefined) return undefined;
  try {
    const v = JSON.parse(line.slice(TRUTH_MARK.length)) as unknown;
    if (v === null) return null;
    const o = v as Partial<PanelSessionState>;
    return typeof o === "object" && typeof o.session === "string" ? { session: o.session, phase: String(o.phase ?? ""), pendingQuestion: o.pendingQuestion ?? null, lastRun: o.lastRun ?? null } : undefined;
  } catch {
    return undefined;
  }
}

/** The kernel's error as one readable message: no stack lines; a missing registry becomes advice. */
export function explainKernelError(message: string): string {
  const text = message
    .split("\n")
    .filter((l) => !/^\s+at /.test(l))
    .join("\n")
    .trim();
  if (/agenticMMM|reading '(panel|say|answer)'|undefined is not an object/.test(text)) return "agentic-mmm is not loaded in this kernel (it was restarted, or initMMM has not run yet): run initMMM(...) in a cell first.";
  return text;
}
