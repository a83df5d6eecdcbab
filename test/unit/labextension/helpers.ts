/**
 * A DOM for the labextension's view tests (happy-dom: it runs on Node 20, jsdom 31 needs Node 22)
 * and payloads exactly as kernel-lib/src/notebook/bundles.ts emits them.
 */
import { Window } from "happy-dom";

export interface TestDom {
  window: Window;
  document: Document;
  host: HTMLElement;
  close(): Promise<void>;
}

export function testDom(): TestDom {
  const window = new Window({ url: "http://localhost:8888/lab" });
  const document = window.document as unknown as Document;
  const host = document.createElement("div");
  document.body.appendChild(host);
  return { window, document, host, close: () => window.happyDOM.close() };
}

export const SESSION = "4f7c2a10-5b1e-4d3c-9a0e-2b6f1c9d8e77";

export function tracePayload(run: Record<string, unknown> = { status: "waiting_for_user", phase: "MODEL", steps: 6, seconds: 3.2 }) {
  return {
    version: 1,
    session: SESSION,
    run,
    steps: [
      { type: "request", at: "2026-05-02T10:00:00.000Z", text: "Run the full analysis" },
      { type: "llm", at: "2026-05-02T10:00:00.100Z", phase: "DATA", step: 1, ms: 40, toolCalls: ["load_data"] },
      { type: "tool", at: "2026-05-02T10:00:00.200Z", phase: "DATA", tool: "load_data", args: { path: "sample.csv" }, ok: true, summary: "loaded 156 rows × 9 columns", ms: 85 },
      { type: "phase", at: "2026-05-02T10:00:01.000Z", from: "DATA", to: "MODEL", reason: "data is clean" },
      { type: "tool", at: "2026-05-02T10:00:01.500Z", phase: "MODEL", tool: "fit_ridge", args: { alpha: -1 }, ok: false, summary: "alpha must be positive", ms: 1250 },
      { type: "question", at: "2026-05-02T10:00:02.000Z", id: "call_7", prompt: "Which KPI?", options: ["revenue", "conversions"] },
      { type: "error", at: "2026-05-02T10:00:03.000Z", message: "model endpoint timed out" },
    ],
  };
}

export function questionPayload(extra: Record<string, unknown> = {}) {
  return { version: 1, session: SESSION, id: "call_7", kind: "choice", prompt: "Which KPI should the model explain?", options: ["revenue", "conversions"], default: "revenue", answerCode: 'await nb.answer("call_7", "revenue")', ...extra };
}

export function chatPayload() {
  return { version: 1, session: SESSION, variable: "nb", phase: "MODEL" };
}

export function figure(title = "ROI by channel") {
  return { data: [{ type: "bar", x: ["tv", "search"], y: [1.4, 2.2] }], layout: { title: { text: title } } };
}

/** Payloads that must produce an error box (and never throw). */
export const MALFORMED: [string, unknown][] = [
  ["null", null],
  ["a string", "trace"],
  ["an array", []],
  ["a future version", { version: 2, session: SESSION }],
  ["no version", { session: SESSION }],
  ["a numeric session", { version: 1, session: 42 }],
];

export const texts = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll(selector)).map((n) => (n.textContent ?? "").trim());
