/**
 * The agent's pending question as a widget: one button per option (checkboxes and a submit
 * button when several may be chosen), or a text box for a free answer. Submitting sends the
 * answer to the kernel through the `agentic-mmm:send` event (see ../events.ts) and shows its
 * progress; without a listener it shows the cell code to run instead.
 */
import { cellCode } from "../code";
import { dispatchSend, type SendDetail, type SendStatus } from "../events";
import { parseQuestion, type QuestionPayload } from "agentic-mmm-protocol";
import { clear, el, errorBox, shortJson } from "./dom";

/** Sends a request; the default dispatches the DOM event. Returns false when nobody took it. */
export type Sender = (node: HTMLElement, detail: SendDetail) => boolean;

function statusText(s: SendStatus): string {
  switch (s.state) {
    case "sending":
      return "Sending…";
    case "waiting":
      return s.message;
    case "running":
      return "The agent is working…";
    case "retrying":
      return `The kernel refused the request (it just reported an error); retrying in ${(s.delayMs / 1000).toFixed(1)} s (attempt ${s.attempt})…`;
    case "done":
      return "Answered.";
    case "error":
      return s.message;
  }
}

function choiceInputs(doc: Document, q: QuestionPayload, submit: (value: unknown) => void): HTMLElement {
  const options = q.options ?? [];
  if (!q.multiple) {
    return el(
      doc,
      "div",
      { class: "ammm-choices" },
      ...options.map((o) => {
        const b = el(doc, "button", { class: `ammm-button${o === q.default ? " ammm-button-default" : ""}`, type: "button" }, o);
        b.addEventListener("click", () => submit(o));
        return b;
      }),
    );
  }
  const boxes = options.map((o) => {
    const box = el(doc, "input", { type: "checkbox" });
    box.value = o;
    box.checked = o === q.default;
    return { o, box, label: el(doc, "label", { class: "ammm-check" }, box, ` ${o}`) };
  });
  const send = el(doc, "button", { class: "ammm-button ammm-submit", type: "button" }, "Send");
  send.addEventListener("click", () => submit(boxes.filter((b) => b.box.checked).map((b) => b.o)));
  return el(doc, "div", { class: "ammm-choices ammm-multiple" }, ...boxes.map((b) => b.label), send);
}

function textInputs(doc: Document, q: QuestionPayload, submit: (value: unknown) => void): HTMLElement {
  const input = el(doc, "textarea", { class: "ammm-input", "aria-label": "Your answer" });
  input.rows = 2;
  input.value = q.default ?? "";
  const send = el(doc, "button", { class: "ammm-button ammm-submit", type: "button" }, "Send");
  const go = () => {
    if (input.value.trim()) submit(input.value.trim());
  };
  send.addEventListener("click", go);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      go();
    }
  });
  return el(doc, "div", { class: "ammm-text-answer" }, input, send);
}

/** Build the view of a validated question. */
export function questionElement(doc: Document, q: QuestionPayload, sender: Sender = dispatchSend): HTMLElement {
  const status = el(doc, "div", { class: "ammm-send-status", "aria-live": "polite" });
  const root = el(doc, "div", { class: "ammm-question", "data-session": q.session, "data-question": q.id });
  const setEnabled = (on: boolean) => root.querySelectorAll("button, input, textarea").forEach((n) => ((n as HTMLButtonElement).disabled = !on));
  const submit = (value: unknown) => {
    const request = { kind: "answer" as const, session: q.session, questionId: q.id, value };
    setEnabled(false);
    status.className = "ammm-send-status";
    status.textContent = statusText({ state: "sending" });
    const taken = sender(root, {
      request,
      onStatus: (s) => {
        status.textContent = s.state === "done" ? `Answered: ${shortJson(value)}` : statusText(s);
        status.className = `ammm-send-status ammm-send-${s.state}`;
        if (s.state === "error") setEnabled(true);
      },
    });
    if (!taken) {
      setEnabled(true);
      status.className = "ammm-send-status ammm-send-manual";
      clear(status);
      status.append("The agentic-mmm side panel is not active here: run this in a new cell — ", el(doc, "code", {}, cellCode(request)));
    }
  };
  root.append(el(doc, "div", { class: "ammm-title" }, "The agent asks"), el(doc, "div", { class: "ammm-prompt" }, q.prompt), q.kind === "choice" ? choiceInputs(doc, q, submit) : textInputs(doc, q, submit), status);
  return root;
}

/** Render a question payload into `host` (an error box when it cannot be read). */
export function renderQuestion(host: HTMLElement, data: unknown, sender?: Sender): void {
  const doc = host.ownerDocument;
  clear(host);
  const parsed = parseQuestion(data);
  host.append(parsed.ok ? questionElement(doc, parsed.value, sender) : errorBox(doc, "agentic-mmm: cannot show this question", parsed.error));
}
