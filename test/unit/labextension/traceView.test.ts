import assert from "node:assert/strict";
import { phaseTimeline, renderTrace } from "../../../labextension/src/views/traceView";
import { parseTrace } from "../../../labextension/src/payloads";
import { MALFORMED, testDom, texts, tracePayload, type TestDom } from "./helpers";

describe("labextension trace view", () => {
  let dom: TestDom;
  beforeEach(() => (dom = testDom()));
  afterEach(() => dom.close());

  it("shows the status line, the phase timeline and one row per step", () => {
    renderTrace(dom.host, tracePayload());
    const root = dom.host.querySelector(".ammm-trace")!;
    assert.ok(root.classList.contains("ammm-run-waiting_for_user"));
    assert.match(root.querySelector(".ammm-status")!.textContent!, /waiting for your answer · phase MODEL · 6 steps · 2 tool calls · 3\.2 s/);
    assert.deepEqual(texts(root, ".ammm-phase"), ["DATA", "MODEL"]);
    assert.ok(root.querySelector(".ammm-phase-current")!.textContent === "MODEL");
    assert.equal(root.querySelectorAll("tbody tr").length, 7);
    const tool = root.querySelector(".ammm-step-tool")!;
    assert.deepEqual(texts(tool, "td"), ["10:00:00", "DATA", "✓ load_data", '{"path":"sample.csv"} → loaded 156 rows × 9 columns', "85 ms"]);
    assert.equal(root.querySelector(".ammm-step-phase .ammm-detail")!.textContent, "data is clean");
    assert.match(root.querySelector(".ammm-step-question")!.textContent!, /Which KPI\? \(revenue \/ conversions\)/);
  });

  it("highlights failed tools and errors", () => {
    renderTrace(dom.host, tracePayload());
    const bad = dom.host.querySelectorAll(".ammm-step-bad");
    assert.equal(bad.length, 2);
    assert.match(bad[0]!.textContent!, /✗ fit_ridge.*alpha must be positive.*1\.3 s/);
    assert.match(bad[1]!.textContent!, /error.*model endpoint timed out/);
    assert.equal(dom.host.querySelector(".ammm-errors-count")!.textContent, "2 failed steps");
  });

  it("shows a running trace and an empty one", () => {
    renderTrace(dom.host, { ...tracePayload({ status: "running" }) });
    assert.match(dom.host.querySelector(".ammm-status")!.textContent!, /^running · 2 tool calls so far/);
    renderTrace(dom.host, { version: 1, session: "s", run: { status: "running" }, steps: [] });
    assert.equal(dom.host.querySelectorAll(".ammm-trace").length, 1, "re-rendering replaces the view");
    assert.equal(dom.host.querySelector(".ammm-empty")!.textContent, "No steps yet.");
  });

  it("never parses payload text as HTML", () => {
    const p = tracePayload();
    p.steps[0] = { type: "request", at: "2026-05-02T10:00:00.000Z", text: '<img src=x onerror="alert(1)">' };
    renderTrace(dom.host, p);
    assert.equal(dom.host.querySelector("img"), null);
    assert.match(dom.host.textContent!, /<img src=x/);
  });

  it("renders an error box for malformed payloads", () => {
    const cases: unknown[] = [...MALFORMED.map(([, v]) => v), { ...tracePayload(), steps: "none" }, { ...tracePayload(), run: null }, { ...tracePayload(), steps: [{ type: "tool", at: "t" }] }];
    for (const bad of cases) {
      assert.doesNotThrow(() => renderTrace(dom.host, bad));
      assert.equal(dom.host.querySelectorAll(".ammm-error").length, 1, JSON.stringify(bad));
      assert.equal(dom.host.querySelector(".ammm-trace"), null);
      assert.match(dom.host.querySelector(".ammm-error-title")!.textContent!, /cannot show this agent trace/);
    }
  });

  it("phaseTimeline follows phase steps and ends on the run's phase", () => {
    const p = parseTrace({ ...tracePayload({ status: "completed", phase: "REPORT", steps: 9, seconds: 5 }) });
    assert.ok(p.ok);
    assert.deepEqual(phaseTimeline(p.value), ["DATA", "MODEL", "REPORT"]);
  });
});
