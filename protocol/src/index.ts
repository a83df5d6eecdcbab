/**
 * agentic-mmm-protocol: what the kernel (agentic-mmm) and the JupyterLab extension
 * (agentic-mmm-labextension) agree on. No runtime dependencies, no DOM, no Node APIs: it is
 * bundled into the browser extension and loaded by the kernel alike.
 */
export { MIME, PAYLOAD_VERSION, type MimeType } from "./mime";
export type { ChatPayload, PlotlyFigure, Question, QuestionPayload, RunInfo, RunStatus, TracePayload, TraceStep } from "./payloads";
export { figureTitle, parseChat, parsePlotly, parseQuestion, parseTrace, type Parsed } from "./validate";
export { KERNEL_GLOBAL, literal, PANEL_CALLS, panelCall, type PanelApi, type PanelCall, type PanelRequest, type PanelSessionState } from "./panelApi";
