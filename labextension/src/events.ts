/**
 * How a renderer inside a notebook output reaches the kernel. A mime extension gets no
 * JupyterLab tokens, so it cannot find the notebook's kernel itself: the question view
 * dispatches a bubbling, cancelable `agentic-mmm:send` DOM event from its own node. The panel
 * plugin listens on the document, finds the notebook that contains the node, sends the call
 * through that notebook's kernel bridge, calls `preventDefault()` to say it took the request
 * and reports progress through `detail.onStatus`. When nobody takes the event (the panel
 * plugin is disabled), the view shows the code to run in a cell instead.
 */

import type { PanelRequest } from "agentic-mmm-protocol";

export const SEND_EVENT = "agentic-mmm:send";

/** A call for the panel to make on the kernel (agentic-mmm-protocol's). */
export type SendRequest = PanelRequest;

/** Progress of a request as the sender sees it. */
export type SendStatus = { state: "sending" } | { state: "waiting"; message: string } | { state: "running" } | { state: "retrying"; attempt: number; delayMs: number } | { state: "done" } | { state: "error"; message: string };

export interface SendDetail {
  request: SendRequest;
  onStatus: (status: SendStatus) => void;
}

/** Dispatch a send request from `node`; false when no listener took it. */
export function dispatchSend(node: HTMLElement, detail: SendDetail): boolean {
  const win = node.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  const Ctor = win?.CustomEvent ?? CustomEvent;
  const event = new Ctor<SendDetail>(SEND_EVENT, { detail, bubbles: true, cancelable: true, composed: true });
  node.dispatchEvent(event);
  return event.defaultPrevented;
}
