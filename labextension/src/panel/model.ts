/**
 * The side panel's model: which notebook is shown, and a follower (./follower.ts) per open
 * notebook, so each keeps its own agent state while another is shown. Announces the shown
 * notebook's state with a Lumino Signal.
 */
import type { NotebookPanel } from "@jupyterlab/notebook";
import { Signal } from "@lumino/signaling";
import type { SendRequest, SendStatus } from "../events";
import { NotebookFollower } from "./follower";
import { emptyState, type PanelState } from "./state";

export class AgentPanelModel {
  readonly changed = new Signal<this, PanelState>(this);
  readonly #followers = new Map<NotebookPanel, NotebookFollower>();
  #current: NotebookFollower | null = null;
  readonly #none = emptyState();
  #disposed = false;

  get state(): PanelState {
    return this.#current?.state ?? this.#none;
  }

  get notebook(): NotebookPanel | null {
    return this.#current?.notebook ?? null;
  }

  /** Show `panel` (null: none), following it from now on if it is new. */
  setNotebook(panel: NotebookPanel | null): void {
    if (this.#disposed || panel === this.notebook) return;
    this.#current = panel ? this.#follower(panel) : null;
    this.changed.emit(this.state);
  }

  /**
   * Send a request to a notebook's kernel (the shown one by default) through its follower, so the
   * reply lands in that notebook's state; `onStatus` also sees its progress.
   */
  send(request: SendRequest, onStatus: (s: SendStatus) => void = () => undefined, notebook: NotebookPanel | null = this.notebook): Promise<boolean> {
    if (!notebook || this.#disposed) {
      onStatus({ state: "error", message: "Open a notebook to talk to its agent." });
      return Promise.resolve(false);
    }
    return this.#follower(notebook).send(request, onStatus);
  }

  /** Chat: to the session last seen in the shown notebook (or the kernel's latest). */
  say(text: string): Promise<boolean> {
    return this.send({ kind: "say", session: this.state.session, text });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const f of this.#followers.values()) f.dispose();
    this.#followers.clear();
    this.#current = null;
    Signal.clearData(this);
  }

  #follower(panel: NotebookPanel): NotebookFollower {
    let f = this.#followers.get(panel);
    if (!f) {
      f = new NotebookFollower(panel);
      f.changed.connect(this.#onFollowerChanged, this);
      panel.disposed.connect(this.#onNotebookDisposed, this);
      this.#followers.set(panel, f);
    }
    return f;
  }

  #onFollowerChanged(f: NotebookFollower, state: PanelState): void {
    if (f === this.#current) this.changed.emit(state);
  }

  #onNotebookDisposed(panel: NotebookPanel): void {
    const f = this.#followers.get(panel);
    f?.dispose();
    this.#followers.delete(panel);
    if (f && f === this.#current) {
      this.#current = null;
      this.changed.emit(this.#none);
    }
  }
}
