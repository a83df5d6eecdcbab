/**
 * One notebook the side panel has followed, and what it shows for it. Each notebook keeps its own
 * follower (state, kernel bridge, own request ids) for as long as it is open, still listening to
 * its kernel while another notebook is shown: switching back shows where that notebook's agent
 * really is — including runs resumed from the panel, whose outputs are in no cell — instead of a
 * re-read of the cells. The first time, it reads the notebook's existing outputs. A kernel
 * restart or change reconnects through the session context, whose signals outlive kernels.
 */
import type { ISessionContext } from "@jupyterlab/apputils";
import type { NotebookPanel } from "@jupyterlab/notebook";
import type { KernelMessage } from "@jupyterlab/services";
import { Signal } from "@lumino/signaling";
import { MIME } from "agentic-mmm-protocol";
import { parseTruth, requestCode, truthCall } from "../code";
import type { SendRequest, SendStatus } from "../events";
import { bundleOf, streamText } from "./bundleOf";
import { KernelBridge, type IOPubLike, type KernelLike } from "./kernelBridge";
import { insertResumedCell } from "./resumedCell";
import { syncQuestionWidgets } from "./questionSync";
import { emptyState, ingestBundle, ingestStdout, withSending, youSaid, type Origin, type PanelState } from "./state";
import { withFailedCall, withKernelStatus, withKernelTruth } from "./truth";

type OutputList = { length: number; get(i: number): { data: Record<string, unknown> } };

export class NotebookFollower {
  readonly changed = new Signal<this, PanelState>(this);
  readonly notebook: NotebookPanel;
  #state: PanelState;
  readonly #context: ISessionContext;
  /** Ids of the panel's own execute requests: their outputs arrive through the bridge. */
  readonly #own = new Set<string>();
  /** Other requests (the analyst's cells) the kernel said busy for and not yet idle. */
  readonly #others = new Set<string>();
  readonly #bridge: KernelBridge;
  #disposed = false;
  /** Whether the panel's question was checked against the kernel since the last kernel change. */
  #checked = false;
  #checking = false;
  /** Question widgets in the notebook's cells are closed when the kernel no longer waits on them. */
  readonly #observer?: MutationObserver;
  #syncing = false;
  /** The display that showed the latest trace, and the state before it. */
  #traceDisplay?: { id: string; before: PanelState };

  constructor(notebook: NotebookPanel) {
    this.notebook = notebook;
    this.#context = notebook.sessionContext;
    this.#bridge = new KernelBridge(() => (this.#context.session?.kernel ?? null) as KernelLike | null, { othersInFlight: () => this.#others.size });
    this.#state = emptyState(notebook.title.label, this.#kernelStatus());
    this.#context.iopubMessage.connect(this.#onIOPub, this);
    this.#context.statusChanged.connect(this.#onStatus, this);
    this.#context.kernelChanged.connect(this.#onKernelChanged, this);
    const Observer = notebook.node.ownerDocument.defaultView?.MutationObserver;
    if (Observer) {
      this.#observer = new Observer(() => this.#scheduleSync());
      this.#observer.observe(notebook.node, { childList: true, subtree: true });
    }
    void notebook.context.ready.then(() => {
      if (!this.#disposed) this.#scan();
    });
  }

  get state(): PanelState {
    return this.#state;
  }

  /** Send a request to this notebook's kernel; `onStatus` also sees its progress. */
  async send(request: SendRequest, onStatus: (s: SendStatus) => void = () => undefined): Promise<boolean> {
    if (request.kind === "say") this.#set(youSaid(this.#state, request.text));
    const before = this.#state;
    const result = await this.#bridge.execute(requestCode(request), {
      onSent: (id) => this.#own.add(id),
      onStatus: (s) => {
        onStatus(s);
        if (!this.#disposed) this.#set(withSending(this.#state, s));
      },
      onOutput: (msg) => {
        if (!this.#disposed) this.#ingest(msg, "panel");
      },
    });
    if (this.#disposed) return result.ok;
    if (!result.ok) {
      // Rejected (wrong id, bad value, a message while a question waits): the kernel's word decides.
      this.#set(withFailedCall(this.#state, before));
      this.#checked = false;
      void this.#checkTruth();
    } else if (request.kind === "answer") insertResumedCell(this.notebook, request, result.outputs);
    return result.ok;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#context.iopubMessage.disconnect(this.#onIOPub, this);
    this.#context.statusChanged.disconnect(this.#onStatus, this);
    this.#context.kernelChanged.disconnect(this.#onKernelChanged, this);
    this.#observer?.disconnect();
    this.#own.clear();
    Signal.clearData(this);
  }

  /** One sync per frame however many mutations (typing in a cell mutates the notebook's DOM too). */
  #scheduleSync(): void {
    if (this.#syncing) return;
    this.#syncing = true;
    requestAnimationFrame(() => {
      this.#syncing = false;
      if (!this.#disposed) syncQuestionWidgets(this.notebook.node, this.#state);
    });
  }

  #set(state: PanelState): void {
    this.#state = state;
    this.changed.emit(state);
    syncQuestionWidgets(this.notebook.node, state);
  }

  #kernelStatus(): string {
    return this.#context.session?.kernel?.status ?? "none";
  }

  #ingest(msg: IOPubLike, origin: Origin): void {
    const bundle = bundleOf(msg);
    const displayId = (msg.content as { transient?: { display_id?: unknown } } | undefined)?.transient?.display_id;
    if (bundle && typeof displayId === "string") {
      // A trace display the kernel withdraws (a call it rejected before the run began): the trace before it comes back.
      const shown = this.#traceDisplay;
      if (MIME.trace in bundle && msg.header.msg_type === "display_data") this.#traceDisplay = { id: displayId, before: this.#state };
      else if (shown?.id === displayId && !(MIME.trace in bundle)) {
        this.#traceDisplay = undefined;
        this.#set(withFailedCall(this.#state, shown.before));
        return;
      }
    }
    const text = origin === "panel" ? streamText(msg) : undefined; // what the panel's own call printed
    if (bundle) this.#set(ingestBundle(this.#state, bundle, origin));
    else if (text !== undefined) this.#set(ingestStdout(this.#state, text));
  }

  /** The outputs already in the notebook, in order (a saved notebook, or one opened before the panel). */
  #scan(): void {
    const cells = this.notebook.content.model?.cells;
    if (!cells) return;
    let s = this.#state;
    for (const cell of cells) {
      const outputs = (cell as unknown as { outputs?: OutputList }).outputs;
      for (let i = 0; outputs && i < outputs.length; i++) s = ingestBundle(s, outputs.get(i).data, "saved");
    }
    this.#set({ ...s, notebook: this.notebook.title.label, kernel: this.#kernelStatus() });
    void this.#checkTruth();
  }

  /**
   * Ask the kernel what it waits on (its word beats the saved outputs and a rejected call's
   * leftovers): once it can answer after the scan, a kernel change or restart, and after every
   * failed call of the panel's.
   */
  async #checkTruth(): Promise<void> {
    if (this.#checked || this.#checking || !this.#context.session?.kernel) return;
    this.#checking = true;
    let stdout = "";
    const r = await this.#bridge.execute(truthCall(this.#state.session), {
      onSent: (id) => this.#own.add(id),
      onOutput: (m) => {
        stdout += streamText(m) ?? "";
      },
    });
    this.#checking = false;
    const truth = parseTruth(stdout);
    if (this.#disposed || !r.ok || truth === undefined) return;
    this.#checked = true;
    this.#set(withKernelTruth(this.#state, truth));
  }

  #onIOPub(_: ISessionContext, msg: KernelMessage.IMessage): void {
    const parent = (msg.parent_header as { msg_id?: string }).msg_id;
    const state = msg.header.msg_type === "status" ? (msg.content as { execution_state?: string }).execution_state : undefined;
    if (parent && this.#own.has(parent)) {
      if (state === "idle") this.#own.delete(parent);
      return;
    }
    if (parent && state === "busy") this.#others.add(parent);
    if (parent && state === "idle") this.#others.delete(parent);
    this.#ingest(msg, "cell");
  }

  #onStatus(_: ISessionContext, status: string): void {
    if (status === "restarting" || status === "autorestarting" || status === "dead") {
      this.#others.clear();
      this.#checked = false;
    }
    this.#set(withKernelStatus(this.#state, status));
    if (status === "idle") void this.#checkTruth();
  }

  /**
   * Another kernel (first start, a change, a reconnect after a page reload): chat goes to its
   * latest session; the question stays until the kernel says whether it still waits on it.
   */
  #onKernelChanged(): void {
    this.#own.clear();
    this.#others.clear();
    this.#checked = false;
    this.#set({ ...this.#state, kernel: this.#kernelStatus(), session: null, sending: undefined });
    void this.#checkTruth();
  }
}
