/**
 * Question widgets in a notebook's cells are rendered once, from their saved payload: after the
 * question is answered (in the panel, another cell, or it died with its kernel), their buttons
 * would still send answers the kernel rejects. Once the panel knows the kernel's pending question
 * (PanelState.live), every other question widget in the notebook is closed.
 */
import type { PanelState } from "./state";

const CLOSED = "ammm-question-closed";
const NOTE = "No longer waiting: answered, or its session is gone.";

/** Whether the widget of question `id` of `session` should be closed. */
export function questionClosed(s: PanelState, session: string, id: string): boolean {
  if (!s.live) return false;
  return !(s.question && s.question.session === session && s.question.id === id);
}

/** Close (or re-open) the question widgets under `root`; changes nothing that is already right. */
export function syncQuestionWidgets(root: HTMLElement, s: PanelState): void {
  for (const node of Array.from(root.querySelectorAll<HTMLElement>(".ammm-question"))) {
    const closed = questionClosed(s, node.dataset.session ?? "", node.dataset.question ?? "");
    if (closed === node.classList.contains(CLOSED)) continue;
    node.classList.toggle(CLOSED, closed);
    node.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLTextAreaElement>("button, input, textarea").forEach((n) => (n.disabled = closed));
    const status = node.querySelector(".ammm-send-status");
    if (status && closed && !status.textContent) status.textContent = NOTE;
    else if (status && !closed && status.textContent === NOTE) status.textContent = "";
  }
}
