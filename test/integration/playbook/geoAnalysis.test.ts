/**
 * The full analysis on geo data (issue #15 item 1): with a geo column, the playbook fits the
 * hierarchical geo model after the national Bayesian fit — asking first when the run is predicted
 * long — reads its ROI, allocates the budget per geo × channel, and the reply and the report say the
 * numbers come from the geo model and give them per geo.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fullAnalysis, MMMAgent, MMMEngine } from "../../../kernel-lib/src";
import { pl } from "../../../kernel-lib/src/data/polars";
import { geoPanelRows, simulateGeoPanel } from "../../../kernel-lib/src/model/simulate/geoPanel";
import { GEO_QUESTION } from "../../../kernel-lib/src/playbook/geoStep";
import { buildReport } from "../../../kernel-lib/src/report/report";
import { runAsAnalyst } from "../../helpers/analyst";
import { tempDir } from "../../helpers/fixtures";

describe("fullAnalysis on a geo panel: the geo model after the national one", function () {
  this.timeout(600_000);

  it("fits the geo model (asked first), reports ROAS and the budget per geo, and says which model the numbers come from", async () => {
    const panel = simulateGeoPanel({ seed: 3, geos: 4, weeks: 110 });
    const file = path.join(tempDir("ammm-geo-"), "geo_weekly.csv");
    pl.DataFrame(geoPanelRows(panel)).drop("population").writeCSV(file);
    const engine = new MMMEngine();
    await engine.loadData(file, { kpiCol: "revenue" });
    const asked: string[] = [];
    // Every Bayesian run asks first (threshold 0 s): the analyst says run it.
    const config = { sampler: { chains: 2, warmup: 200, draws: 150, seed: 1 }, confirmBayesAboveSeconds: 0 };
    const run = await fullAnalysis(
      engine,
      { bayesian: true },
      {
        config,
        ask: (q) => {
          asked.push(q.prompt);
          return q.options?.find((o) => o.startsWith("Run the")) ?? q.default ?? q.options?.[0];
        },
      },
    );
    const fits = run.steps.filter((s) => s.name === "run_bayesian_mmm");
    const firstGeo = fits.findIndex((s) => s.args.geo === true);
    assert.ok(firstGeo > 0 && fits.slice(0, firstGeo).some((s) => s.ok && !s.result.needsConfirmation), "the national fit first");
    // The geo fit: asked first (the prediction is over the threshold), then run with confirmed: true.
    assert.deepEqual(
      fits.slice(firstGeo).map((s) => [s.args.geo, s.args.confirmed === true, s.result.needsConfirmation === true]),
      [
        [true, false, true],
        [true, true, false],
      ],
    );
    assert.ok(asked.some((q) => q.startsWith(GEO_QUESTION)) && asked.some((q) => q.includes("4 geos")), asked.join(" | "));
    const geoFit = fits.at(-1)!.result as { model: string; geos: number };
    assert.equal(geoFit.model, "geo");
    assert.equal(geoFit.geos, 4);
    const roi = run.steps.filter((s) => s.name === "roi_summary").at(-1)!;
    assert.equal(roi.result.model, "geo");
    const budget = run.steps.find((s) => s.name === "optimize_budget" && s.ok)!;
    assert.equal(budget.args.byGeo, true);
    const byGeo = (budget.result.geo as { byGeo: Record<string, { allocation: number }> }).byGeo;
    assert.deepEqual(Object.keys(byGeo), panel.data.geos);
    assert.equal(run.steps.find((s) => s.name === "plot_response_curves")?.result.model, "geo", "the curves drawn are the geo model's");
    const national = Object.values(byGeo).reduce((a, t) => a + t.allocation, 0);
    // Tool answers carry 6 significant digits.
    assert.ok(Math.abs(national / Number(budget.result.total) - 1) < 1e-5, "the national total is the sum over geos");
    // The reply names the model and gives the plan by geo.
    assert.match(run.report, /From the hierarchical geo model/);
    assert.match(run.report, /Hierarchical geo model: 4 geos × 110 weeks/);
    for (const g of panel.data.geos) assert.ok(run.report.includes(`| ${g} |`), `${g} in the reply's budget table`);
    // The report: the geo section says it is the model in use and adds the budget by geo.
    assert.ok(engine.analysis.currentGeo);
    const report = buildReport(engine);
    assert.match(report.sections.geo!, /The geo model is the latest fit/);
    assert.match(report.sections.geo!, /Budget by geo over/);
    assert.match(report.sections.budget, /hierarchical geo model's posterior-mean curves, allocated per geo × channel/);
    // The offline agent replays the same playbook through its graph: the same tool calls and arguments.
    const events: { type: string; tool?: string; args?: unknown }[] = [];
    const agent = new MMMAgent({ llm: "offline", config, onEvent: (e) => events.push(e) });
    await agent.engine.loadData(file, { kpiCol: "revenue" });
    const { run: last } = await runAsAnalyst(agent, () => agent.runFullAnalysis({ bayesian: true }), { kpi: "revenue", channels: ["tv", "search", "social"] });
    assert.equal(last.status, "completed", last.reply);
    const notAsking = (name: string) => !name.startsWith("ask_user");
    const calls = events.flatMap((e) => (e.type === "tool" && notAsking(e.tool!) ? [[e.tool, e.args]] : []));
    assert.deepEqual(
      calls,
      run.steps.filter((x) => notAsking(x.name)).map((x) => [x.name, x.args]),
    );
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
