/**
 * The mime extension (package.json `jupyterlab.mimeExtension`): renderers for the agent's trace,
 * questions, chat handle and Plotly figures inside notebook outputs. Rank 0 so they win over the
 * bundles' `text/html` fallback. All are "safe": they build DOM from text and never run payload
 * code (the question widget sends only values it embeds as JSON; see ../code.ts).
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { MIME } from "agentic-mmm-protocol";
import { renderChatHandle } from "../views/chatHandleView";
import { purgePlots, renderPlotly } from "../views/plotlyView";
import { renderQuestion } from "../views/questionView";
import { renderTrace } from "../views/traceView";
import { AgentOutput, type View } from "./renderer";

function factory(mimeType: string, view: View, cleanup?: (host: HTMLElement) => void): IRenderMime.IRendererFactory {
  return { safe: true, mimeTypes: [mimeType], defaultRank: 0, createRenderer: (options) => new AgentOutput(options, view, cleanup) };
}

function extension(name: string, mimeType: string, view: View, cleanup?: (host: HTMLElement) => void): IRenderMime.IExtension {
  return { id: `agentic-mmm-labextension:${name}`, description: `agentic-mmm ${name} renderer`, rendererFactory: factory(mimeType, view, cleanup), rank: 0, dataType: "json" };
}

const extensions: IRenderMime.IExtension[] = [
  extension("trace", MIME.trace, renderTrace),
  extension("question", MIME.question, (host, data) => renderQuestion(host, data)),
  extension("chat", MIME.chat, renderChatHandle),
  extension(
    "plotly",
    MIME.plotly,
    (host, data) => renderPlotly(host, data),
    (host) => purgePlots(host),
  ),
];

export default extensions;
