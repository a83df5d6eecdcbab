import assert from "node:assert/strict";
import { OPEN_PANEL_EVENT, renderChatHandle } from "../../../labextension/src/views/chatHandleView";
import { compactLayout, plotInto, renderPlotly, TOOLBAR_ROW, type PlotlyLike } from "../../../labextension/src/views/plotlyView";
import { chatPayload, figure, MALFORMED, SESSION, testDom, type TestDom } from "./helpers";

function fakePlotly() {
  const calls: { root: HTMLElement; data: unknown[]; layout: Record<string, unknown>; config: unknown }[] = [];
  let loads = 0;
  const lib: PlotlyLike = {
    newPlot: async (root, data, layout, config) => {
      calls.push({ root, data, layout: layout as Record<string, unknown>, config });
      root.setAttribute("data-plotted", "yes");
      return root;
    },
    purge: () => undefined,
  };
  return { calls, load: async () => (loads++, lib), loads: () => loads };
}

describe("labextension chat handle view", () => {
  let dom: TestDom;
  beforeEach(() => (dom = testDom()));
  afterEach(() => dom.close());

  it("shows the session, the phase and how to continue in a cell", () => {
    renderChatHandle(dom.host, chatPayload());
    const root = dom.host.querySelector(".ammm-chat-handle")!;
    assert.equal(root.getAttribute("data-session"), SESSION);
    assert.match(root.textContent!, /Session 00000001 · phase REPORTING/);
    assert.equal(root.querySelector("code")!.textContent, 'await nb.say("…")');
  });

  it("its button asks the panel plugin to open the panel", () => {
    let opened: unknown;
    dom.document.addEventListener(OPEN_PANEL_EVENT, (e) => (opened = (e as CustomEvent).detail));
    renderChatHandle(dom.host, chatPayload());
    (dom.host.querySelector("button") as HTMLButtonElement).click();
    assert.deepEqual(opened, { session: SESSION });
  });

  it("renders an error box for malformed payloads", () => {
    for (const bad of [...MALFORMED.map(([, v]) => v), { ...chatPayload(), variable: null }]) {
      assert.doesNotThrow(() => renderChatHandle(dom.host, bad));
      assert.equal(dom.host.querySelectorAll(".ammm-error").length, 1);
    }
  });
});

describe("labextension Plotly view", () => {
  let dom: TestDom;
  beforeEach(() => (dom = testDom()));
  afterEach(() => dom.close());

  it("loading the view module does not load plotly.js (it is a dynamic import)", () => {
    assert.ok(!Object.keys(require.cache).some((f) => f.includes("plotly.js-basic-dist-min")));
  });

  it("draws the figure with the theme's transparent background and keeps the figure's layout", async () => {
    const p = fakePlotly();
    dom.document.body.style.setProperty("--jp-ui-font-color1", "rgb(10, 20, 30)");
    await renderPlotly(dom.host, figure(), p.load);
    assert.equal(p.calls.length, 1);
    const c = p.calls[0]!;
    assert.deepEqual(c.data, figure().data);
    assert.deepEqual(c.layout.title, figure().layout.title);
    assert.equal(c.layout.paper_bgcolor, "rgba(0,0,0,0)");
    assert.deepEqual(c.config, { responsive: true, displaylogo: false });
    assert.equal(dom.host.querySelector(".ammm-plot")!.getAttribute("data-plotted"), "yes");
    assert.equal(dom.host.querySelector(".ammm-plot-loading"), null, "the loading note goes once drawn");
  });

  it("shows an error box when plotly.js cannot load or draw", async () => {
    await renderPlotly(dom.host, figure(), async () => {
      throw new Error("chunk 289 failed to load");
    });
    assert.match(dom.host.querySelector(".ammm-error")!.textContent!, /cannot draw this chart.*chunk 289 failed to load/);
    assert.equal(dom.host.querySelector(".ammm-plot"), null);
  });

  it("renders an error box for malformed figures without loading plotly.js", async () => {
    const p = fakePlotly();
    for (const bad of [null, "fig", [], { data: "x" }, { data: [1, 2] }, { data: [], layout: "wide" }]) {
      await renderPlotly(dom.host, bad, p.load);
      assert.equal(dom.host.querySelectorAll(".ammm-error").length, 1);
    }
    assert.equal(p.loads(), 0);
  });
});

describe("labextension compact Plotly layout (side panel)", () => {
  let dom: TestDom;
  beforeEach(() => (dom = testDom()));
  afterEach(() => dom.close());

  it("keeps the figure's own settings, moves the legend to the bottom band, the title under the toolbar row, and shrinks margins", () => {
    const out = compactLayout({ title: "Response curves", xaxis: { title: "spend" }, legend: { x: 1 }, margin: { l: 200 } });
    assert.deepEqual(out.xaxis, { title: "spend", automargin: true });
    assert.deepEqual(out.title, { text: "Response curves", font: { size: 13 }, x: 0, xref: "container", xanchor: "left", y: 1, yref: "container", yanchor: "top", pad: { t: TOOLBAR_ROW, l: 8 }, automargin: true });
    assert.deepEqual(out.legend, { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom", font: { size: 10 } });
    assert.equal((out.legend as { orientation: string }).orientation, "h");
    assert.equal((out.margin as { l: number }).l, 55);
    assert.equal(compactLayout({ title: { text: "ROI", font: { size: 20 } } }).title && (compactLayout({ title: { text: "ROI" } }).title as { text: string }).text, "ROI");
    assert.equal((compactLayout({}).margin as { t: number }).t, TOOLBAR_ROW, "no title: only the toolbar row");
  });

  it("plotInto(…, compact) draws with the compact layout; the default keeps the figure's", async () => {
    const p = fakePlotly();
    await plotInto(dom.host, { data: [], layout: { title: "ROI", legend: { x: 1 } } } as never, p.load, true);
    await plotInto(dom.host, { data: [], layout: { title: "ROI", legend: { x: 1 } } } as never, p.load);
    assert.equal((p.calls[0]!.layout.legend as { orientation?: string }).orientation, "h");
    assert.deepEqual(p.calls[1]!.layout.legend, { x: 1 });
  });
});
