/**
 * The side panel widget (right area): renders the model's state with PanelView and keeps the
 * model on the notebook tracker's current notebook.
 */
import type { INotebookTracker, NotebookPanel } from "@jupyterlab/notebook";
import { Widget } from "@lumino/widgets";
import { agentIcon } from "../icon";
import { AgentPanelModel } from "./model";
import { PanelView } from "./panelView";
import type { PanelState } from "./state";

export class AgentPanel extends Widget {
  static readonly ID = "agentic-mmm-panel";
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
