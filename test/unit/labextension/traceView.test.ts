import assert from "node:assert/strict";
import { argsText, phaseTimeline, renderTrace, summaryText, traceElement } from "../../../labextension/src/views/traceView";
import { parseTrace } from "agentic-mmm-protocol";
import { MALFORMED, testDom, texts, tracePayload, type TestDom } from "./helpers";

describe("labextension trace view", () => {
  let dom: TestDom;
  beforeEach(() => (dom = testDom()));
  afterEach(() => dom.close());

  it("shows the status line, the phase timeline and one row per step", () => {
    renderTrace(dom.host, tracePayload("trace-offline-waiting"));
    const root = dom.host.querySelector(".ammm-trace")!;
    assert.ok(root.classList.contains("ammm-run-waiting_for_user"));
    assert.match(root.querySelector(".ammm-status")!.textContent!, /waiting for your answer · phase DATA_PROFILING · 3 steps · 2 tool calls · 1\.5 s/);
    assert.deepEqual(texts(root, ".ammm-phase"), ["IDLE", "DATA_LOADING", "DATA_PROFILING"]);
    assert.ok(root.querySelector(".ammm-phase-current")!.textContent === "DATA_PROFILING");
    assert.equal(root.querySelectorAll("tbody tr").length, 9);
    const tool = root.querySelectorAll(".ammm-step-tool")[1]!;
    assert.deepEqual(texts(tool, "td").slice(0, 3), ["09:00:05", "DATA_LOADING", "✓ inspect_data"]);
    assert.equal(root.querySelector(".ammm-step-phase .ammm-detail-summary")!.textContent, "get_data_status succeeded");
    assert.match(root.querySelector(".ammm-step-question")!.textContent!, /Which column is the KPI to model\? .* \(revenue \/ sales\)/);
  });

  it("highlights failed tools, errors and the step limit", () => {
    renderTrace(dom.host, tracePayload("trace-llm-waiting"));
    const bad = dom.host.querySelectorAll(".ammm-step-bad");
    assert.equal(bad.length, 1);
    assert.match(bad[0]!.textContent!, /✗ get_column_stats.*tv_spnd.*Did you mean 'tv_spend'\?.*30 ms/s);
    assert.equal(bad[0]!.querySelector(".ammm-detail-summary")!.textContent, "column tv_spnd → Column 'tv_spnd' is not in the data. Did you mean 'tv_spend'?", "the tool's JSON error in words");
    assert.equal(dom.host.querySelector(".ammm-errors-count")!.textContent, "1 failed step");
    renderTrace(dom.host, tracePayload("trace-llm-error"));
    assert.match(dom.host.querySelector(".ammm-step-bad")!.textContent!, /error.*HTTP 500.*model endpoint overloaded/);
    renderTrace(dom.host, tracePayload("trace-llm-step-limit"));
    assert.match(dom.host.querySelector(".ammm-status")!.textContent!, /^stopped at the step limit · phase DATA_LOADING · 3 steps/);
    assert.match(dom.host.querySelector(".ammm-step-limit")!.textContent!, /step limit.*3 steps/);
  });

  it("shows a running trace and an empty one", () => {
    renderTrace(dom.host, tracePayload("trace-llm-error"));
    assert.match(dom.host.querySelector(".ammm-status")!.textContent!, /^running · 0 tool calls so far/);
    renderTrace(dom.host, { ...tracePayload(), run: { status: "running" }, steps: [] });
    assert.equal(dom.host.querySelectorAll(".ammm-trace").length, 1, "re-rendering replaces the view");
    assert.equal(dom.host.querySelector(".ammm-empty")!.textContent, "No steps yet.");
  });

  it("rows are short summaries; each step's JSON is one click away", () => {
    renderTrace(dom.host, tracePayload("trace-offline-completed"));
    const tool = dom.host.querySelector(".ammm-step-tool")!;
    const summary = tool.querySelector(".ammm-detail-summary")!.textContent!;
    assert.ok(summary.length > 0 && !summary.startsWith("{"), summary);
    const json = tool.querySelector<HTMLElement>(".ammm-json")!;
    assert.equal(json.hidden, true);
    tool.querySelector<HTMLButtonElement>(".ammm-detail-toggle")!.click();
    assert.equal(json.hidden, false);
    assert.equal((JSON.parse(json.textContent!) as { type: string }).type, "tool");
    assert.equal(argsText({ channels: ["tv", "search"], chains: 2, opts: { a: 1 } }), 'channels tv, search · chains 2 · opts {"a":1}');
    assert.equal(summaryText('{"error":"No model.","hint":"Fit one first."}'), "No model. Fit one first.");
    assert.equal(summaryText("R² 0.91"), "R² 0.91");
    assert.equal(summaryText('{"rows":156,"columns":["date","tv"],"ready":true,"kpi":"revenue","summary":{"weeks":15…'), "rows 156 · ready true · kpi revenue …", "a summary the kernel cut short");
    assert.equal(summaryText('[{"channel":"tv","decay":0.5},{"channel":"search","decay":0.2}]'), "2 items: channel tv · decay 0.5");
    assert.equal(summaryText('[{"channel":"tv_spend","mediaType":"tv"},{"chan…'), "channel tv_spend · mediaType tv …");
  });

  it("a running trace whose kernel restarted shows as interrupted", () => {
    const p = parseTrace({ ...tracePayload("trace-llm-error"), run: { status: "running" } });
    assert.ok(p.ok);
    dom.host.append(traceElement(dom.document, p.value, { interrupted: true }));
    assert.ok(dom.host.querySelector(".ammm-trace")!.classList.contains("ammm-run-interrupted"));
    assert.match(dom.host.querySelector(".ammm-status")!.textContent!, /^interrupted: the kernel restarted/);
  });

  it("never parses payload text as HTML", () => {
    const p = tracePayload();
    p.steps[0] = { type: "request", at: p.steps[0]!.at, text: '<img src=x onerror="alert(1)">' };
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
    const p = parseTrace(tracePayload("trace-offline-completed"));
    assert.ok(p.ok);
    assert.deepEqual(phaseTimeline(p.value), ["DATA_PROFILING", "DATA_VALIDATION", "FEATURE_ENGINEERING", "ADSTOCK_OPTIMISATION", "MODELING", "EVALUATION", "BUDGET_OPTIMISATION", "REPORTING"]);
    const running = parseTrace({ ...tracePayload("trace-offline-completed"), run: { status: "running" } });
    assert.ok(running.ok);
    assert.equal(phaseTimeline(running.value).at(-1), "REPORTING", "a running trace ends on its last step's phase");
  });
});
