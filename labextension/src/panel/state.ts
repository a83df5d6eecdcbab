/**
 * What the side panel shows, and how each output of the kernel changes it: a pure reducer over
 * MIME bundles (from a cell, or from a call the panel made) and kernel events. No DOM, no
 * JupyterLab imports.
 */
import type { SendStatus } from "../events";
import { figureTitle, MIME, parseChat, parsePlotly, parseQuestion, parseTrace, type PlotlyFigure, type QuestionPayload, type TracePayload } from "agentic-mmm-protocol";

export interface ChatEntry {
  from: "you" | "agent" | "info" | "error";
  text: string;
  /** The text is markdown (the agent's replies): the panel renders it when it can. */
  markdown?: boolean;
}

/** A note about the panel's state (not a message): shown above the panel until what it says stops being true. */
export interface Notice {
  kind: "restarted" | "stale-question";
  text: string;
}

export interface PanelState {
  /** The notebook followed (its path or title), none when no notebook is open. */
  notebook?: string;
  /** The kernel's status ("idle", "busy", "restarting", …), "none" without a kernel. */
  kernel: string;
  /** The agentic-mmm session to talk to (latest seen); null: the kernel's latest. */
  session: string | null;
  trace?: TracePayload;
  /** The trace was running when its kernel went away (restart): it will never end by itself. */
  interrupted?: boolean;
  /** Sessions a kernel restart ended: a late message of theirs (still in flight at the restart) is ignored. */
  gone?: string[];
  question?: QuestionPayload;
  /**
   * Whether `question` (or its absence) is the kernel's word: false while it is only what the saved
   * outputs say. Question widgets in cells for any other question are closed once this is true.
   */
  live: boolean;
  notices: Notice[];
  /** The latest figures, oldest first; one per key (`layout.meta.key`): a redrawn chart replaces its older self. */
  figures: PlotlyFigure[];
  chat: ChatEntry[];
  /** Progress of the panel's own call to the kernel. */
  sending?: SendStatus;
  /** Payloads that could not be read. */
  problems: string[];
}

/** Where a bundle came from: a cell's live output, the panel's own call, or the notebook's saved outputs. */
export type Origin = "cell" | "panel" | "saved";

export const MAX_FIGURES = 4;
export const MAX_CHAT = 200;

export function emptyState(notebook?: string, kernel = "none"): PanelState {
  return { notebook, kernel, session: null, live: false, notices: [], figures: [], chat: [], problems: [] };
}

function addChat(s: PanelState, entry: ChatEntry): PanelState {
  return { ...s, chat: [...s.chat, entry].slice(-MAX_CHAT) };
}

function problem(s: PanelState, what: string, error: string): PanelState {
  return { ...s, problems: [...s.problems, `${what}: ${error}`].slice(-5) };
}

/**
 * Whether trace `t` says question `q` is no longer waiting: it holds the answer, or it is a later
 * run of the same session that ended otherwise. A running trace without the answer does not: a
 * call the kernel rejects (wrong id, bad value) shows one before it fails.
 */
export function closesQuestion(t: TracePayload, q: QuestionPayload): boolean {
  if (q.session !== t.session) return false;
  if (t.steps.some((st) => st.type === "answer" && st.id === q.id)) return true;
  if (t.run.status === "running") return false;
  return !t.steps.some((st) => st.type === "question" && st.id === q.id);
}

/** A new trace; it may close the pending question. */
function withTrace(s: PanelState, t: TracePayload): PanelState {
  const q = s.question;
  const closed = q !== undefined && closesQuestion(t, q);
  // A new run supersedes the last call's error (it stays in the chat log).
  const sending = s.sending?.state === "error" ? undefined : s.sending;
  return { ...s, trace: t, interrupted: undefined, session: t.session, question: closed ? undefined : q, sending };
}

/** A payload from a live session: notes about earlier sessions no longer hold. */
function fromSession(s: PanelState, origin: Origin): PanelState {
  return origin === "saved" || !s.notices.length ? s : { ...s, notices: [] };
}

/** The key the kernel gave a chart (`layout.meta.key`), if any. */
function keyOf(fig: PlotlyFigure): string | undefined {
  const meta = fig.layout.meta;
  const key = meta && typeof meta === "object" ? (meta as { key?: unknown }).key : undefined;
  return typeof key === "string" ? key : undefined;
}

/** A chart's identity: the kernel's key, else its title (an unkeyed chart redrawn is the same chart). */
export function figureId(fig: PlotlyFigure): string {
  return keyOf(fig) ?? `title:${figureTitle(fig)}`;
}

/** Add a chart as the newest; one with the same identity (a re-run of the same chart) goes. */
function withFigure(figures: PlotlyFigure[], fig: PlotlyFigure): PlotlyFigure[] {
  const id = figureId(fig);
  return [...figures.filter((f) => figureId(f) !== id), fig].slice(-MAX_FIGURES);
}

/** Whether the bundle's payload belongs to a session a restart ended. */
function fromGoneSession(gone: string[], data: Record<string, unknown>): boolean {
  const payload = data[MIME.trace] ?? data[MIME.question] ?? data[MIME.chat];
  const session = typeof payload === "object" && payload !== null ? (payload as { session?: unknown }).session : undefined;
  return typeof session === "string" && gone.includes(session);
}

/** Fold one MIME bundle into the state. */
export function ingestBundle(s: PanelState, data: Record<string, unknown>, origin: Origin): PanelState {
  if (s.gone?.length && origin !== "saved" && fromGoneSession(s.gone, data)) return s;
  let next = s;
  let ours = false;
  if (MIME.trace in data) {
    ours = true;
    const p = parseTrace(data[MIME.trace]);
    next = p.ok ? { ...withTrace(fromSession(next, origin), p.value), live: origin !== "saved" } : problem(next, "trace", p.error);
  }
  if (MIME.question in data) {
    ours = true;
    const p = parseQuestion(data[MIME.question]);
    next = p.ok ? { ...fromSession(next, origin), question: p.value, session: p.value.session, live: origin !== "saved" } : problem(next, "question", p.error);
    if (p.ok && origin === "panel") next = addChat(next, { from: "agent", text: p.value.prompt });
  }
  if (MIME.chat in data) {
    ours = true;
    const p = parseChat(data[MIME.chat]);
    next = p.ok ? { ...fromSession(next, origin), session: p.value.session } : problem(next, "chat handle", p.error);
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
