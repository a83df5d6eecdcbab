/**
 * The side panel's model: follows one notebook (the tracker's current one) and its kernel, folds
 * what the kernel displays into a PanelState (./state.ts) and sends the panel's calls through a
 * KernelBridge. On a notebook switch it reads the notebook's existing outputs, so the latest
 * trace, question and charts show at once; on a kernel restart or change it reconnects through
 * the session context, whose signals outlive kernels. Announces changes with a Lumino Signal.
 */
import type { ISessionContext } from "@jupyterlab/apputils";
import type { NotebookPanel } from "@jupyterlab/notebook";
import type { KernelMessage } from "@jupyterlab/services";
import { Signal } from "@lumino/signaling";
import { requestCode } from "../code";
import type { SendRequest, SendStatus } from "../events";
import { bundleOf } from "./bundleOf";
import { KernelBridge, type IOPubLike, type KernelLike } from "./kernelBridge";
import { emptyState, ingestBundle, ingestStdout, withKernelStatus, withSending, youSaid, type Origin, type PanelState } from "./state";

type OutputList = { length: number; get(i: number): { data: Record<string, unknown> } };

export class AgentPanelModel {
  readonly changed = new Signal<this, PanelState>(this);
  #state: PanelState = emptyState();
  #notebook: NotebookPanel | null = null;
  #context: ISessionContext | null = null;
  /** Ids of the panel's own execute requests: their outputs arrive through the bridge. */
  readonly #own = new Set<string>();
  readonly #bridge = new KernelBridge(() => (this.#context?.session?.kernel ?? null) as KernelLike | null);
  #disposed = false;

  get state(): PanelState {
    return this.#state;
  }

  get notebook(): NotebookPanel | null {
    return this.#notebook;
  }

  /** Follow `panel` (null: none). */
  setNotebook(panel: NotebookPanel | null): void {
    if (panel === this.#notebook) return;
    this.#disconnect();
    this.#notebook = panel;
    this.#context = panel?.sessionContext ?? null;
    this.#set(emptyState(panel?.title.label, this.#kernelStatus()));
    if (!panel || !this.#context) return;
    this.#context.iopubMessage.connect(this.#onIOPub, this);
    this.#context.statusChanged.connect(this.#onStatus, this);
    this.#context.kernelChanged.connect(this.#onKernelChanged, this);
    panel.disposed.connect(this.#onNotebookDisposed, this);
    void panel.context.ready.then(() => {
      if (this.#notebook === panel) this.#scan(panel);
    });
  }

  /** Send a request to the followed notebook's kernel; `onStatus` also sees its progress. */
  async send(request: SendRequest, onStatus: (s: SendStatus) => void = () => undefined): Promise<boolean> {
    const context = this.#context;
    if (request.kind === "say") this.#set(youSaid(this.#state, request.text));
    const result = await this.#bridge.execute(requestCode(request), {
      onSent: (id) => this.#own.add(id),
      onStatus: (s) => {
        onStatus(s);
        if (this.#context === context) this.#set(withSending(this.#state, s));
      },
      onOutput: (msg) => {
        if (this.#context === context) this.#ingest(msg, "panel");
      },
    });
    return result.ok;
  }

  /** Chat: to the session last seen in this notebook (or the kernel's latest). */
  say(text: string): Promise<boolean> {
    return this.send({ kind: "say", session: this.#state.session, text });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#disconnect();
    Signal.clearData(this);
  }

  #set(state: PanelState): void {
    this.#state = state;
    this.changed.emit(state);
  }

  #kernelStatus(): string {
    return this.#context?.session?.kernel?.status ?? "none";
  }

  #ingest(msg: IOPubLike, origin: Origin): void {
    const bundle = bundleOf(msg);
    if (bundle) this.#set(ingestBundle(this.#state, bundle, origin));
    else if (origin === "panel" && msg.header.msg_type === "stream") this.#set(ingestStdout(this.#state, String((msg.content as { text?: unknown }).text ?? "")));
  }

  /** The outputs already in the notebook, in order. */
  #scan(panel: NotebookPanel): void {
    const cells = panel.content.model?.cells;
    if (!cells) return;
    let s = this.#state;
    for (const cell of cells) {
      const outputs = (cell as unknown as { outputs?: OutputList }).outputs;
      for (let i = 0; outputs && i < outputs.length; i++) s = ingestBundle(s, outputs.get(i).data, "cell");
    }
    this.#set({ ...s, kernel: this.#kernelStatus() });
  }

  #onIOPub(_: ISessionContext, msg: KernelMessage.IMessage): void {
    const parent = (msg.parent_header as { msg_id?: string }).msg_id;
    if (parent && this.#own.has(parent)) {
      if (msg.header.msg_type === "status" && (msg.content as { execution_state?: string }).execution_state === "idle") this.#own.delete(parent);
      return;
    }
    this.#ingest(msg, "cell");
  }

  #onStatus(_: ISessionContext, status: string): void {
    this.#set(withKernelStatus(this.#state, status));
  }

  #onKernelChanged(): void {
    this.#own.clear();
    this.#set({ ...this.#state, kernel: this.#kernelStatus(), session: null, question: undefined, sending: undefined });
  }

  #onNotebookDisposed(): void {
    if (this.#notebook && this.#notebook.isDisposed) this.setNotebook(null);
  }

  #disconnect(): void {
    if (this.#context) {
      this.#context.iopubMessage.disconnect(this.#onIOPub, this);
      this.#context.statusChanged.disconnect(this.#onStatus, this);
      this.#context.kernelChanged.disconnect(this.#onKernelChanged, this);
    }
    this.#notebook?.disposed.disconnect(this.#onNotebookDisposed, this);
    this.#own.clear();
    this.#context = null;
  }
}
