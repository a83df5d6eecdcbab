/**
 * The side panel's DOM: the notebook and kernel line, the pending question, the latest trace,
 * the latest charts and the chat box. Built once; `update(state)` redraws only the sections whose
 * state changed, so the text being typed in the chat box survives updates. No JupyterLab imports.
 */
import type { SendStatus } from "../events";
import type { PlotlyFigure } from "agentic-mmm-protocol";
import { figureId, type ChatEntry, type PanelState } from "./state";
import { clear, el } from "../views/dom";
import { plotInto, type PlotlyLoader, loadPlotly, purgePlots, resizePlots } from "../views/plotlyView";
import { questionElement, type Sender } from "../views/questionView";
import { traceElement } from "../views/traceView";

export interface PanelActions {
  /** Send a chat message to the agent. */
  say(text: string): void;
  /** Send a question's answer (the question widget's sender). */
  send: Sender;
  /** Render the agent's markdown replies (JupyterLab's sanitising markdown renderer); plain text without it. */
  renderMarkdown?: (text: string) => HTMLElement;
}

function sendingText(s: SendStatus | undefined): string {
  if (!s || s.state === "done") return "";
  if (s.state === "sending") return "Sending to the kernel…";
  if (s.state === "waiting") return s.message;
  if (s.state === "running") return "The agent is working…";
  if (s.state === "retrying") return `The kernel refused the request; retrying in ${(s.delayMs / 1000).toFixed(1)} s…`;
  return `Error: ${s.message}`;
}

export class PanelView {
  readonly #doc: Document;
  readonly #actions: PanelActions;
  readonly #load: PlotlyLoader;
  readonly #status: HTMLElement;
  readonly #question: HTMLElement;
  readonly #trace: HTMLElement;
  readonly #figures: HTMLElement;
  readonly #log: HTMLElement;
  readonly #input: HTMLTextAreaElement;
  #last?: PanelState;
  /** Rendered markdown replies, kept across redraws of the chat log. */
  readonly #rendered = new WeakMap<ChatEntry, HTMLElement>();
  /** The drawn chart of each figure shown: an unchanged figure keeps its plot across redraws. */
  #boxes = new Map<PlotlyFigure, HTMLElement>();
  #resizeTimer?: ReturnType<typeof setTimeout>;

  constructor(host: HTMLElement, actions: PanelActions, load: PlotlyLoader = loadPlotly) {
    const doc = (this.#doc = host.ownerDocument);
    this.#actions = actions;
    this.#load = load;
    this.#status = el(doc, "div", { class: "ammm-panel-status", "aria-live": "polite" });
    this.#question = el(doc, "section", { class: "ammm-panel-question" });
    this.#trace = el(doc, "section", { class: "ammm-panel-trace" });
    this.#figures = el(doc, "section", { class: "ammm-panel-figures" });
    this.#log = el(doc, "div", { class: "ammm-chat-log", role: "log" });
    this.#input = el(doc, "textarea", { class: "ammm-input ammm-chat-input", "aria-label": "Message to the agent" });
    this.#input.rows = 2;
    this.#input.placeholder = "Ask the agent… (Enter to send, Shift+Enter for a new line)";
    const send = el(doc, "button", { class: "ammm-button ammm-submit ammm-chat-send", type: "button" }, "Send");
    send.addEventListener("click", () => this.#say());
    this.#input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        this.#say();
      }
    });
    const chat = el(doc, "section", { class: "ammm-panel-chat" }, el(doc, "div", { class: "ammm-section-title" }, "Chat"), this.#log, el(doc, "div", { class: "ammm-chat-box" }, this.#input, send));
    clear(host);
    host.append(el(doc, "div", { class: "ammm-panel" }, this.#status, this.#question, this.#trace, this.#figures, chat));
    // plotly.js follows the window's size only: a panel dragged wider re-lays its charts out.
    const Observer = doc.defaultView?.ResizeObserver;
    if (Observer) new Observer(() => this.#scheduleResize()).observe(this.#figures);
  }

  #scheduleResize(): void {
    clearTimeout(this.#resizeTimer);
    this.#resizeTimer = setTimeout(() => resizePlots(this.#figures, this.#load), 150);
  }

  #say(): void {
    const text = this.#input.value.trim();
    if (!text) return;
    this.#input.value = "";
    this.#actions.say(text);
  }

  update(s: PanelState): void {
    const prev = this.#last;
    this.#last = s;
    this.#renderStatus(s);
    if (!prev || prev.question !== s.question) this.#renderQuestion(s);
    if (!prev || prev.trace !== s.trace || prev.interrupted !== s.interrupted) this.#renderTrace(s);
    if (!prev || prev.figures !== s.figures) this.#renderFigures(s);
    if (!prev || prev.chat !== s.chat) this.#renderChat(s);
  }

  #renderStatus(s: PanelState): void {
    const doc = this.#doc;
    clear(this.#status);
    const where = s.notebook ? `${s.notebook} · kernel ${s.kernel}` : "Open a notebook to follow its agentic-mmm session.";
    const sending = sendingText(s.sending);
    this.#status.append(
      el(doc, "div", { class: "ammm-panel-where" }, where, s.session ? ` · session ${s.session.slice(0, 8)}` : ""),
      ...(sending ? [el(doc, "div", { class: `ammm-send-status ammm-send-${s.sending!.state}` }, sending)] : []),
      ...s.notices.map((n) => el(doc, "div", { class: `ammm-panel-notice ammm-notice-${n.kind}` }, n.text)),
      ...s.problems.map((p) => el(doc, "div", { class: "ammm-error ammm-panel-problem" }, `Could not read a ${p}`)),
    );
  }

  #renderQuestion(s: PanelState): void {
    clear(this.#question);
    if (s.question) this.#question.append(questionElement(this.#doc, s.question, this.#actions.send));
  }

  #renderTrace(s: PanelState): void {
    clear(this.#trace);
    this.#trace.append(s.trace ? traceElement(this.#doc, s.trace, { interrupted: s.interrupted }) : el(this.#doc, "div", { class: "ammm-empty" }, "No agent run yet in this notebook."));
    this.#trace.scrollTop = this.#trace.scrollHeight; // the newest steps
  }

  /** Newest first, one per identity (figureId); a figure already drawn keeps its plot, a new one replaces its key's. */
  #renderFigures(s: PanelState): void {
    const boxes = new Map<PlotlyFigure, HTMLElement>();
    for (const fig of [...s.figures].reverse()) {
      const box = this.#boxes.get(fig) ?? el(this.#doc, "div", { class: "ammm-panel-figure", "data-key": figureId(fig) });
      if (!this.#boxes.has(fig)) void plotInto(box, fig, this.#load, true);
      boxes.set(fig, box);
    }
    for (const [fig, box] of this.#boxes) if (!boxes.has(fig)) purgePlots(box, this.#load);
    this.#boxes = boxes;
    clear(this.#figures);
    if (!s.figures.length) return;
    this.#figures.append(el(this.#doc, "div", { class: "ammm-section-title" }, "Latest charts"), ...[...s.figures].reverse().map((f) => boxes.get(f)!));
  }

  #body(m: ChatEntry): Node | string {
    if (!m.markdown || !this.#actions.renderMarkdown) return m.text;
    let node = this.#rendered.get(m);
    if (!node) this.#rendered.set(m, (node = this.#actions.renderMarkdown(m.text)));
    return node;
  }

  #renderChat(s: PanelState): void {
    clear(this.#log);
    if (!s.chat.length) this.#log.append(el(this.#doc, "div", { class: "ammm-empty" }, "Messages to the agent and its replies appear here."));
    for (const m of s.chat)
      this.#log.append(el(this.#doc, "div", { class: `ammm-chat-entry ammm-chat-${m.from}` }, el(this.#doc, "span", { class: "ammm-chat-from" }, { you: "You", agent: "Agent", info: "·", error: "Error" }[m.from]), " ", this.#body(m)));
    this.#log.scrollTop = this.#log.scrollHeight;
  }
}
