/**
 * A DOM for the labextension's view tests (happy-dom: it runs on Node 20, jsdom 31 needs Node 22)
 * and the payloads kernel-lib emits: test/fixtures/protocol/*.json, produced by real sessions
 * (never written by hand).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ChatPayload, PlotlyFigure, QuestionPayload, TracePayload } from "agentic-mmm-protocol";
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

/** The fixtures kernel-lib produced (test/helpers/protocolFixtures.ts writes them, a test keeps them current). */
const FIXTURES = path.resolve(__dirname, "../../fixtures/protocol");

export type TraceFixture = "trace-offline-waiting" | "trace-offline-completed" | "trace-llm-waiting" | "trace-llm-answered" | "trace-llm-step-limit" | "trace-llm-error";

function read<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as T;
}

/** A trace the kernel emitted (a fresh copy: tests may change it). */
export const tracePayload = (name: TraceFixture = "trace-offline-waiting") => read<TracePayload>(name);

/** The choice question (which KPI) of the offline run, or the scripted LLM's text question. */
export const questionPayload = (name: "question-choice" | "question-text" = "question-choice", extra: Record<string, unknown> = {}) => ({ ...read<QuestionPayload>(name), ...extra });

export const chatPayload = () => read<ChatPayload>("chat");

/**
 * The first chart of the offline analysis; with `title`, stands for another chart: retitled and its
 * key (layout.meta.key) dropped, since the panel replaces a chart with a newer one of the same key.
 */
export function figure(title?: string): PlotlyFigure {
  const f = read<PlotlyFigure>("figure-first-chart");
  if (title === undefined) return f;
  const layout: Record<string, unknown> = { ...f.layout, title: { text: title } };
  delete layout.meta;
  return { ...f, layout };
}

/** The offline session's id (the fixtures' first session). */
export const SESSION = chatPayload().session;

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
