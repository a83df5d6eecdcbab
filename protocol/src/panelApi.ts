/**
 * The calls the JupyterLab side panel may make on the kernel, and how it spells them. The kernel
 * keeps a registry on `globalThis.agenticMMM` (kernel-lib/src/notebook/sessions.ts); its `panel`
 * member implements `PanelApi` and is the panel's ONLY way in — the panel never reaches into
 * sessions, agents or their fields, so kernel-lib can change those freely.
 */
import type { Question, RunInfo } from "./payloads";

/** The name of the kernel's registry on `globalThis`. */
export const KERNEL_GLOBAL = "agenticMMM";

/** A session as the panel sees it: small and JSON-safe. */
export interface PanelSessionState {
  session: string;
  phase: string;
  /** The question the session waits on, if any. */
  pendingQuestion: Question | null;
  /** How the last run ended, if there was one. */
  lastRun: Exclude<RunInfo, { status: "running" }> | null;
}

/** `globalThis.agenticMMM.panel`. Every session argument is a session id (a payload's `session`). */
export interface PanelApi {
  /** The question `session` waits on; null when nothing is pending or the kernel has no such session. */
  pendingQuestion(session: string): Question | null;
  /** Answer `questionId` (option text, 0-based index, or text) and resume the run; shows its outputs. */
  answer(session: string, questionId: string, value: unknown): Promise<void>;
  /** Continue the conversation (`session` null: the kernel's latest session); shows its outputs. */
  say(session: string | null, text: string): Promise<void>;
  /** Phase, pending question and last run of `session`; null when the kernel has no such session. */
  state(session: string): PanelSessionState | null;
  /** The same for the kernel's latest session (the one a new `initMMM` made); null when it has none. */
  latest(): PanelSessionState | null;
}

export type PanelCall = keyof PanelApi;

/** What a question widget or the chat box asks the panel to send (PanelApi's `answer` and `say`, as data). */
export type PanelRequest = { kind: "answer"; session: string; questionId: string; value: unknown } | { kind: "say"; session: string | null; text: string };

// A record, so the compiler insists the list names every call of PanelApi and nothing else.
const CALLS: Record<PanelCall, true> = { pendingQuestion: true, answer: true, say: true, state: true, latest: true };

/** Every call the panel may make. */
export const PANEL_CALLS = Object.keys(CALLS) as readonly PanelCall[];

/** A value as a TypeScript literal on one line: JSON, with the two line separators JSON leaves raw escaped. */
export function literal(value: unknown): string {
  const json = JSON.stringify(value === undefined ? null : value);
  return json.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The TypeScript expression that makes `call` on the kernel, e.g.
 * `Reflect.get(globalThis, "agenticMMM").panel.answer("s1", "q1", "tv")`. `Reflect.get` returns
 * `any`, so tslab's type checker needs no declaration of the global; arguments are embedded as
 * JSON literals, never as code.
 * @example
 * panelCall("pendingQuestion", "4f7c…"); // 'Reflect.get(globalThis, "agenticMMM").panel.pendingQuestion("4f7c…")'
 */
export function panelCall<C extends PanelCall>(call: C, ...args: Parameters<PanelApi[C]>): string {
  return `Reflect.get(globalThis, ${literal(KERNEL_GLOBAL)}).panel.${call}(${args.map(literal).join(", ")})`;
}
