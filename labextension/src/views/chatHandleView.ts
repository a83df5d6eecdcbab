/**
 * The chat handle a cell shows after `nb.chat()`: which session and phase, and where to talk to
 * the agent (the side panel's chat box, or `await nb.say("…")` in a cell).
 */
import { parseChat, type ChatPayload } from "agentic-mmm-protocol";
import { clear, el, errorBox } from "./dom";

/** Asks the panel plugin to open the side panel (bubbling DOM event, like ../events.ts). */
export const OPEN_PANEL_EVENT = "agentic-mmm:open-panel";

export function chatHandleElement(doc: Document, chat: ChatPayload): HTMLElement {
  const open = el(doc, "button", { class: "ammm-button", type: "button" }, "Open the chat panel");
  open.addEventListener("click", () => {
    const win = doc.defaultView as (Window & typeof globalThis) | null;
    const Ctor = win?.CustomEvent ?? CustomEvent;
    open.dispatchEvent(new Ctor(OPEN_PANEL_EVENT, { bubbles: true, detail: { session: chat.session } }));
  });
  return el(
    doc,
    "div",
    { class: "ammm-chat-handle", "data-session": chat.session },
    el(doc, "div", { class: "ammm-title" }, "Chat with the agent"),
    el(doc, "div", {}, `Session ${chat.session.slice(0, 8)} · phase ${chat.phase}. Use the agentic-mmm side panel's chat box, or continue in a cell with `, el(doc, "code", {}, `await ${chat.variable}.say("…")`), "."),
    open,
  );
}

export function renderChatHandle(host: HTMLElement, data: unknown): void {
  const doc = host.ownerDocument;
  clear(host);
  const parsed = parseChat(data);
  host.append(parsed.ok ? chatHandleElement(doc, parsed.value) : errorBox(doc, "agentic-mmm: cannot show this chat handle", parsed.error));
}
