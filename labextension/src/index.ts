/**
 * The agentic-mmm JupyterLab plugin: the side panel in the right area, following the current
 * notebook; it also takes the answers that question widgets in outputs send. Only wiring here:
 * the panel is ./panel/*, the renderers are the separate mime extension ./mime/index.ts.
 */
import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from "@jupyterlab/application";
import { INotebookTracker } from "@jupyterlab/notebook";
import { IRenderMimeRegistry } from "@jupyterlab/rendermime";
import { markdownRenderer } from "./panel/markdown";
import { listenToOutputs } from "./panel/outputEvents";
import { AgentPanel } from "./panel/panel";

function activate(app: JupyterFrontEnd, tracker: INotebookTracker, restorer: ILayoutRestorer | null, rendermime: IRenderMimeRegistry | null): void {
  const panel = new AgentPanel(tracker, rendermime ? markdownRenderer(rendermime) : undefined);
  app.shell.add(panel, "right", { rank: 600 });
  restorer?.add(panel, AgentPanel.ID);
  listenToOutputs(document, tracker, panel, () => app.shell.activateById(AgentPanel.ID));
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: "agentic-mmm-labextension:panel",
  description: "agentic-mmm side panel: agent trace, pending questions, charts and chat for the current notebook's kernel.",
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ILayoutRestorer, IRenderMimeRegistry],
  activate,
};

export default plugin;
