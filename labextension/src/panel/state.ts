/**
 * What the side panel shows, and how each output of the kernel changes it: a pure reducer over
 * MIME bundles (from a cell, or from a call the panel made) and kernel events. No DOM, no
 * JupyterLab imports.
 */
import type { SendStatus } from "../events";
import { MIME, parseChat, parsePlotly, parseQuestion, parseTrace, type PlotlyFigure, type QuestionPayload, type TracePayload } from "agentic-mmm-protocol";

export interface ChatEntry {
  from: "you" | "agent" | "info" | "error";
  text: string;
  /** The text is markdown (the agent's replies): the panel renders it when it can. */
  markdown?: boolean;
}

export interface PanelState {
  /** The notebook followed (its path or title), none when no notebook is open. */
  notebook?: string;
  /** The kernel's status ("idle", "busy", "restarting", …), "none" without a kernel. */
  kernel: string;
  /** The agentic-mmm session to talk to (latest seen); null: the kernel's latest. */
  session: string | null;
  trace?: TracePayload;
  question?: QuestionPayload;
  /** The latest figures, oldest first; one per key (`layout.meta.key`): a redrawn chart replaces its older self. */
  figures: PlotlyFigure[];
  chat: ChatEntry[];
  /** Progress of the panel's own call to the kernel. */
  sending?: SendStatus;
  /** Payloads that could not be read. */
  problems: string[];
}

export type Origin = "cell" | "panel";

export const MAX_FIGURES = 4;
export const MAX_CHAT = 200;

export function emptyState(notebook?: string, kernel = "none"): PanelState {
  return { notebook, kernel, session: null, figures: [], chat: [], problems: [] };
}

function addChat(s: PanelState, entry: ChatEntry): PanelState {
  return { ...s, chat: [...s.chat, entry].slice(-MAX_CHAT) };
}

function problem(s: PanelState, what: string, error: string): PanelState {
  return { ...s, problems: [...s.problems, `${what}: ${error}`].slice(-5) };
}

/** A new trace: a running trace, or one that answers the pending question, closes it. */
function withTrace(s: PanelState, t: TracePayload): PanelState {
  const q = s.question;
  const answered = q && q.session === t.session && (t.run.status === "running" || t.steps.some((st) => st.type === "answer" && st.id === q.id));
  // A new run supersedes the last call's error (it stays in the chat log).
  const sending = s.sending?.state === "error" ? undefined : s.sending;
  return { ...s, trace: t, session: t.session, question: answered ? undefined : q, sending };
}

/** The key the kernel gave a chart (`layout.meta.key`), if any. */
function keyOf(fig: PlotlyFigure): string | undefined {
  const meta = fig.layout.meta;
  const key = meta && typeof meta === "object" ? (meta as { key?: unknown }).key : undefined;
  return typeof key === "string" ? key : undefined;
}

/** Add a chart as the newest; one with the same key (a re-run of the same chart) goes. */
function withFigure(figures: PlotlyFigure[], fig: PlotlyFigure): PlotlyFigure[] {
  const key = keyOf(fig);
  const others = key === undefined ? figures : figures.filter((f) => keyOf(f) !== key);
  return [...others, fig].slice(-MAX_FIGURES);
}

/** Fold one MIME bundle into the state. */
export function ingestBundle(s: PanelState, data: Record<string, unknown>, origin: Origin): PanelState {
  let next = s;
  let ours = false;
  if (MIME.trace in data) {
    ours = true;
    const p = parseTrace(data[MIME.trace]);
    next = p.ok ? withTrace(next, p.value) : problem(next, "trace", p.error);
  }
  if (MIME.question in data) {
    ours = true;
    const p = parseQuestion(data[MIME.question]);
    next = p.ok ? { ...next, question: p.value, session: p.value.session } : problem(next, "question", p.error);
    if (p.ok && origin === "panel") next = addChat(next, { from: "agent", text: p.value.prompt });
  }
  if (MIME.chat in data) {
    ours = true;
    const p = parseChat(data[MIME.chat]);
    next = p.ok ? { ...next, session: p.value.session } : problem(next, "chat handle", p.error);
  }
  if (MIME.plotly in data) {
    ours = true;
    const p = parsePlotly(data[MIME.plotly]);
    next = p.ok ? { ...next, figures: withFigure(next.figures, p.value) } : problem(next, "chart", p.error);
  }
  // The agent's reply to a panel call is a markdown bundle: it goes to the chat log.
  if (!ours && origin === "panel") {
    const markdown = typeof data["text/markdown"] === "string";
    const text = markdown ? (data["text/markdown"] as string) : typeof data["text/plain"] === "string" ? data["text/plain"] : "";
    if (text.trim()) next = addChat(next, { from: "agent", text: text.trim(), ...(markdown ? { markdown } : {}) });
  }
  return next;
}

/** Text the panel's own call printed (stdout), shown as a note in the chat log. */
export function ingestStdout(s: PanelState, text: string): PanelState {
  return text.trim() ? addChat(s, { from: "info", text: text.trim() }) : s;
}

export function youSaid(s: PanelState, text: string): PanelState {
  return addChat(s, { from: "you", text });
}

export function withSending(s: PanelState, status: SendStatus | undefined): PanelState {
  const next = { ...s, sending: status };
  return status?.state === "error" ? addChat(next, { from: "error", text: status.message }) : next;
}

const RESTARTED = "The kernel restarted: its agentic-mmm sessions are gone. Run initMMM again to start a new one.";

/** The kernel's status changed; a restart forgets the sessions (they lived in the kernel). */
export function withKernelStatus(s: PanelState, status: string): PanelState {
  if (status === "restarting" || status === "autorestarting") {
    const next = { ...s, kernel: status, session: null, question: undefined, sending: undefined };
    // JupyterLab reports a restart more than once (restarting, then the new kernel's own status): say it once.
    const last = s.chat[s.chat.length - 1];
    return last?.text === RESTARTED ? next : addChat(next, { from: "info", text: RESTARTED });
  }
  return { ...s, kernel: status };
}

/**
 * The kernel says question `q` is not waiting there (answered from the panel, or a new kernel):
 * drop it, with a note. A question that changed meanwhile is left alone.
 */
export function withStaleQuestion(s: PanelState, q: QuestionPayload): PanelState {
  if (s.question !== q) return s;
  return addChat({ ...s, question: undefined }, { from: "info", text: "The question saved in this notebook is no longer waiting in its kernel (it was answered, or the kernel is new): run the analysis again to be asked anew." });
}
