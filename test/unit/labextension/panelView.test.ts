import assert from "node:assert/strict";
import type { SendDetail } from "../../../labextension/src/events";
import { MIME } from "agentic-mmm-protocol";
import { PanelView } from "../../../labextension/src/panel/panelView";
import { emptyState, ingestBundle, withSending, youSaid } from "../../../labextension/src/panel/state";
import type { PlotlyLike } from "../../../labextension/src/views/plotlyView";
import { figure, questionPayload, SESSION, testDom, tracePayload, type TestDom } from "./helpers";

function setup(dom: TestDom) {
  const said: string[] = [];
  const sent: SendDetail[] = [];
  const plotted: string[] = [];
  const plotly: PlotlyLike = {
    newPlot: async (root) => void plotted.push(root.getAttribute("aria-label") ?? ""),
    purge: () => undefined,
  };
  const view = new PanelView(dom.host, { say: (t) => said.push(t), send: (_n, d) => (sent.push(d), true) }, async () => plotly);
  return { view, said, sent, plotted };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("labextension side panel view", () => {
  let dom: TestDom;
  beforeEach(() => (dom = testDom()));
  afterEach(() => dom.close());

  it("says what to do before a notebook is open", () => {
    const { view } = setup(dom);
    view.update(emptyState());
    assert.match(dom.host.querySelector(".ammm-panel-where")!.textContent!, /Open a notebook/);
    assert.match(dom.host.querySelector(".ammm-panel-trace")!.textContent!, /No agent run yet/);
  });

  it("shows the notebook, kernel, session, question, trace and charts", async () => {
    const { view, plotted, sent } = setup(dom);
    let s = emptyState("analysis.ipynb", "idle");
    s = ingestBundle(s, { [MIME.trace]: tracePayload() }, "cell");
    s = ingestBundle(s, { [MIME.question]: questionPayload() }, "cell");
    s = ingestBundle(s, { [MIME.plotly]: figure("ROI") }, "cell");
    s = ingestBundle(s, { [MIME.plotly]: figure("Response curves") }, "cell");
    view.update(s);
    await tick();
    assert.equal(dom.host.querySelector(".ammm-panel-where")!.textContent, "analysis.ipynb · kernel idle · session 00000001");
    assert.equal(dom.host.querySelectorAll(".ammm-panel-question button").length, 2);
    assert.equal(dom.host.querySelectorAll(".ammm-panel-trace tbody tr").length, 9);
    assert.deepEqual(plotted, ["Response curves", "ROI"], "newest chart first");
    (dom.host.querySelector(".ammm-panel-question button") as HTMLButtonElement).click();
    assert.deepEqual(sent[0]!.request, { kind: "answer", session: SESSION, questionId: "offline_6", value: "revenue" });
  });

  it("the chat box sends on Enter and keeps the draft across updates", () => {
    const { view, said } = setup(dom);
    let s = emptyState("a.ipynb", "idle");
    view.update(s);
    const input = dom.host.querySelector<HTMLTextAreaElement>(".ammm-chat-input")!;
    input.value = "half-typed";
    s = ingestBundle(s, { [MIME.trace]: tracePayload("trace-llm-error") }, "cell");
    view.update(s);
    assert.equal(dom.host.querySelector<HTMLTextAreaElement>(".ammm-chat-input")!.value, "half-typed");
    input.value = "Which channel has the best ROI?";
    const KeyboardEvent = dom.window.KeyboardEvent as unknown as typeof globalThis.KeyboardEvent;
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    (dom.host.querySelector(".ammm-chat-send") as HTMLButtonElement).click();
    assert.deepEqual(said, ["Which channel has the best ROI?"], "an empty box sends nothing");
    assert.equal(input.value, "");
  });

  it("shows the chat log, the sending state and errors", () => {
    const { view } = setup(dom);
    let s = youSaid(emptyState("a.ipynb", "busy"), "Hello");
    s = withSending(s, { state: "waiting", message: "Waiting for the kernel: a cell is still running…" });
    view.update(s);
    assert.equal(dom.host.querySelector(".ammm-panel-status .ammm-send-waiting")!.textContent, "Waiting for the kernel: a cell is still running…");
    assert.deepEqual(
      Array.from(dom.host.querySelectorAll(".ammm-chat-entry")).map((e) => e.textContent),
      ["You Hello"],
    );
    s = withSending(s, { state: "error", message: "The kernel refused the request 6 times" });
    s = ingestBundle(s, { [MIME.question]: { version: 9, session: "x" } }, "cell");
    view.update(s);
    assert.match(dom.host.querySelector(".ammm-panel-status .ammm-send-error")!.textContent!, /refused the request 6 times/);
    assert.ok(dom.host.querySelector(".ammm-chat-error"));
    assert.match(dom.host.querySelector(".ammm-panel-problem")!.textContent!, /Could not read a question: .*version 9/);
  });

  it("renders the agent's markdown replies with the given renderer, once per reply; plain text without one", () => {
    const rendered: string[] = [];
    const renderMarkdown = (text: string) => {
      rendered.push(text);
      const node = dom.window.document.createElement("div") as unknown as HTMLElement;
      node.className = "md";
      node.textContent = `<md>${text}`;
      return node;
    };
    const view = new PanelView(dom.host, { say: () => undefined, send: () => true, renderMarkdown });
    let s = youSaid(emptyState("a.ipynb", "idle"), "Best ROAS?");
    s = ingestBundle(s, { "text/markdown": "| channel | ROAS |\n|---|---|\n| tv | 2.1 |", "text/plain": "tv 2.1" }, "panel");
    view.update(s);
    s = ingestBundle(s, { "text/plain": "plain note" }, "panel");
    view.update(s);
    const entries = Array.from(dom.host.querySelectorAll(".ammm-chat-entry"));
    assert.deepEqual(
      entries.map((e) => e.textContent),
      ["You Best ROAS?", "Agent <md>| channel | ROAS |\n|---|---|\n| tv | 2.1 |", "Agent plain note"],
    );
    assert.equal(entries[1]!.querySelector(".md") !== null, true);
    assert.equal(rendered.length, 1, "a reply is rendered once, not on every redraw");
    const host = dom.window.document.createElement("div") as unknown as HTMLElement;
    new PanelView(host, { say: () => undefined, send: () => true }).update(s);
    assert.equal(host.querySelectorAll(".ammm-chat-entry")[1]!.textContent, "Agent | channel | ROAS |\n|---|---|\n| tv | 2.1 |");
  });
});
