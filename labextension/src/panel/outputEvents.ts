/**
 * Takes the requests renderers dispatch from notebook outputs (../events.ts): finds the notebook
 * that contains the output and sends the call on that notebook's kernel through the side panel's
 * model (that notebook's follower), so the reply shows in the panel for that notebook.
 * Also opens the panel when a chat handle asks for it.
 */
import type { INotebookTracker } from "@jupyterlab/notebook";
import type { IDisposable } from "@lumino/disposable";
import { SEND_EVENT, type SendDetail } from "../events";
import { OPEN_PANEL_EVENT } from "../views/chatHandleView";
import type { AgentPanel } from "./panel";

export function listenToOutputs(doc: Document, tracker: INotebookTracker, panel: AgentPanel, reveal: () => void): IDisposable {
  const onSend = (event: Event) => {
    const detail = (event as CustomEvent<SendDetail>).detail;
    const target = event.target as Node | null;
    const notebook = target ? tracker.find((nb) => nb.node.contains(target)) : undefined;
    if (!detail || !notebook) return;
    event.preventDefault();
    void panel.model.send(detail.request, detail.onStatus, notebook);
  };
  const onOpen = () => reveal();
  doc.addEventListener(SEND_EVENT, onSend);
  doc.addEventListener(OPEN_PANEL_EVENT, onOpen);
  let disposed = false;
  return {
    get isDisposed() {
      return disposed;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      doc.removeEventListener(SEND_EVENT, onSend);
      doc.removeEventListener(OPEN_PANEL_EVENT, onOpen);
    },
  };
}
