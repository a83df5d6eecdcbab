/**
 * The side panel widget (right area): renders the model's state with PanelView and keeps the
 * model on the notebook tracker's current notebook.
 */
import type { INotebookTracker, NotebookPanel } from "@jupyterlab/notebook";
import type { Message } from "@lumino/messaging";
import { SplitPanel, Widget } from "@lumino/widgets";
import { agentIcon } from "../icon";
import { AgentPanelModel } from "./model";
import { PanelView } from "./panelView";
import type { PanelState } from "./state";

/** The panel's width the first time it opens when the sidebar is narrower (JupyterLab's default is about 215 px). */
export const DEFAULT_WIDTH = 380;

/**
 * Give `widget` at least `px` of width in the split panel that holds it (JupyterLab's main
 * horizontal split), taken from the widest other pane. Nothing when no split panel holds it.
 */
export function ensureWidth(widget: Widget, px: number): void {
  let child: Widget = widget;
  let split = widget.parent;
  while (split && !(split instanceof SplitPanel)) {
    child = split;
    split = split.parent;
  }
  const width = child.node.getBoundingClientRect().width;
  const total = split?.node.getBoundingClientRect().width ?? 0;
  if (!(split instanceof SplitPanel) || width >= px || total <= px * 1.5) return;
  const i = split.widgets.indexOf(child);
  const sizes = split.relativeSizes().slice();
  const sum = sizes.reduce((a, b) => a + b, 0);
  const widest = sizes.reduce((w, v, j) => (j !== i && v > (sizes[w] ?? -1) ? j : w), i === 0 ? 1 : 0);
  const delta = ((px - width) / total) * sum;
  sizes[i] = (sizes[i] ?? 0) + delta;
  sizes[widest] = (sizes[widest] ?? 0) - delta;
  split.setRelativeSizes(sizes);
}

export class AgentPanel extends Widget {
  static readonly ID = "agentic-mmm-panel";
  #widened = false;
  readonly model = new AgentPanelModel();
  readonly #view: PanelView;
  readonly #tracker: INotebookTracker;

  constructor(tracker: INotebookTracker, renderMarkdown?: (text: string) => HTMLElement) {
    super();
    this.id = AgentPanel.ID;
    this.title.icon = agentIcon;
    this.title.caption = "agentic-mmm: agent trace, questions, charts and chat";
    this.addClass("ammm-panel-widget");
    this.#tracker = tracker;
    this.#view = new PanelView(this.node, {
      say: (text) => void this.model.say(text),
      send: (_node, detail) => {
        void this.model.send(detail.request, detail.onStatus);
        return true;
      },
      renderMarkdown,
    });
    this.model.changed.connect(this.#onChanged, this);
    tracker.currentChanged.connect(this.#onCurrent, this);
    this.model.setNotebook(tracker.currentWidget);
    this.#view.update(this.model.state);
  }

  /** The first time the panel shows, widen a too-narrow sidebar once; the analyst's own width is left alone after that. */
  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    if (this.#widened) return;
    this.#widened = true;
    requestAnimationFrame(() => ensureWidth(this, DEFAULT_WIDTH));
  }

  #onChanged(_: AgentPanelModel, state: PanelState): void {
    this.#view.update(state);
  }

  #onCurrent(_: INotebookTracker, panel: NotebookPanel | null): void {
    // Switching to a non-notebook tab keeps the last notebook; closing it clears (model listens).
    if (panel) this.model.setNotebook(panel);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.#tracker.currentChanged.disconnect(this.#onCurrent, this);
    this.model.dispose();
    super.dispose();
  }
}
