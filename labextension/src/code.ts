/**
 * The small TypeScript calls the extension executes on the tslab kernel. They go through the
 * session registry the kernel keeps on `globalThis.agenticMMM` (kernel-lib/src/notebook/sessions.ts),
 * so they work whatever variable the analyst chose. Written for tslab's checker and parser:
 * `Reflect.get` returns `any` (so `globalThis.agenticMMM` needs no declaration), and the statement
 * does not start with `await (`, which tslab reads as a call of a function named `await`.
 * Every value is embedded as JSON (a valid expression), never as code from a payload.
 */
import type { SendRequest } from "./events";

/** JSON that is also safe inside a TS string/expression on one line. */
function literal(value: unknown): string {
  const json = JSON.stringify(value === undefined ? null : value);
  return json.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function answerCall(session: string, questionId: string, value: unknown): string {
  return `await Reflect.get(globalThis, "agenticMMM").answer(${literal(session)}, ${literal(questionId)}, ${literal(value)});`;
}

/** `session` null: the kernel's latest session. */
export function sayCall(session: string | null, text: string): string {
  return `await Reflect.get(globalThis, "agenticMMM").say(${literal(session)}, ${literal(text)});`;
}

export function requestCode(r: SendRequest): string {
  return r.kind === "answer" ? answerCall(r.session, r.questionId, r.value) : sayCall(r.session, r.text);
}

/** Turn the kernel's message for a missing registry into advice. */
export function explainKernelError(message: string): string {
  if (/agenticMMM|reading '(say|answer)'|undefined is not an object/.test(message)) return `${message} — agentic-mmm is not loaded in this kernel: run initMMM(...) in a cell first.`;
  return message;
}
