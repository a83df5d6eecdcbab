/**
 * The kernel's word against what the panel last showed: restarts, rejected calls and the kernel's
 * own answer to "what are you waiting on?" (PanelApi.state / latest). Pure reducers over
 * PanelState, like ./state.ts; no DOM, no JupyterLab imports.
 */
import type { PanelSessionState, QuestionPayload } from "agentic-mmm-protocol";
import { cellCode } from "../code";
import type { Notice, PanelState } from "./state";

export const RESTARTED = "The kernel restarted: its agentic-mmm sessions are gone. Run initMMM again to start a new one.";
export const STALE_QUESTION = "The question saved in this notebook is no longer waiting in its kernel (it was answered, or the kernel is new): run the analysis again to be asked anew.";

function withNotice(s: PanelState, notice: Notice): PanelState {
  return { ...s, notices: [...s.notices.filter((n) => n.kind !== notice.kind), notice] };
}

/** The kernel's status changed; a restart forgets the sessions (they lived in the kernel) and ends a running trace. */
export function withKernelStatus(s: PanelState, status: string): PanelState {
  if (status !== "restarting" && status !== "autorestarting" && status !== "dead") return { ...s, kernel: status };
  const interrupted = s.interrupted || s.trace?.run.status === "running" || undefined;
  const ended = [s.session, s.trace?.session, s.question?.session].filter((x): x is string => typeof x === "string");
  const gone = [...new Set([...(s.gone ?? []), ...ended])].slice(-20);
  const next: PanelState = { ...s, kernel: status, session: null, question: undefined, live: true, sending: undefined, interrupted, gone };
  return status === "dead" ? next : withNotice({ ...next, notices: next.notices.filter((n) => n.kind !== "stale-question") }, { kind: "restarted", text: RESTARTED });
}

/**
 * The kernel says question `q` is not waiting there (answered from the panel, or a new kernel):
 * drop it, with a note. A question that changed meanwhile is left alone.
 */
export function withStaleQuestion(s: PanelState, q: QuestionPayload): PanelState {
  if (s.question !== q) return s;
  return withNotice({ ...s, question: undefined, live: true }, { kind: "stale-question", text: STALE_QUESTION });
}

/** A question payload for the kernel's pending question (the panel's copy, if it is that one). */
function payloadOf(s: PanelState, k: PanelSessionState): QuestionPayload | undefined {
  const q = k.pendingQuestion;
  if (!q) return undefined;
  if (s.question && s.question.session === k.session && s.question.id === q.id) return s.question;
  const example = q.kind === "choice" ? (q.default ?? q.options?.[0] ?? "") : (q.default ?? "your answer");
  return { version: 1, session: k.session, ...q, answerCode: cellCode({ kind: "answer", session: k.session, questionId: q.id, value: example }) };
}

/**
 * What the kernel says its session waits on (`k` null: no agentic-mmm session at all). The panel
 * shows exactly that question. A question read from the saved outputs that the kernel does not
 * wait on goes with a note; a note about a stale question goes once a question is live again.
 */
export function withKernelTruth(s: PanelState, k: PanelSessionState | null): PanelState {
  const question = k ? payloadOf(s, k) : undefined;
  const next: PanelState = { ...s, question, live: true, session: k?.session ?? s.session };
  const lost = s.question && !s.live && !question;
  if (lost) return withNotice(next, { kind: "stale-question", text: STALE_QUESTION });
  return question ? { ...next, notices: next.notices.filter((n) => n.kind !== "stale-question") } : next;
}

/**
 * A call of the panel's failed in the kernel (a rejected answer or message): a running trace it
 * showed is not a run, so the trace before the call comes back; the question is re-read from the
 * kernel afterwards (withKernelTruth).
 */
export function withFailedCall(s: PanelState, before: PanelState): PanelState {
  const orphan = s.trace !== before.trace && s.trace?.run.status === "running";
  return orphan ? { ...s, trace: before.trace, interrupted: before.interrupted, question: s.question ?? before.question } : s;
}
