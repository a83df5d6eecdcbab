/**
 * The analytics tools on the bundled sample (156 weeks, one geo) and a 40-geo panel: each analysis
 * returns a one-line summary and the numbers of the statistic run directly on the same column;
 * the panel is summed per week (the KPI trace's total equals the table's); charts are recorded
 * under their keys; the refusals carry codes the planner can branch on.
 */
import { strict as assert } from "node:assert";
import { MMMEngine, samplePath } from "../../../kernel-lib/src";
import { pl } from "../../../kernel-lib/src/data/polars";
import { adfTest } from "../../../kernel-lib/src/model/analytics/adf";
import { cvFoldMetrics } from "../../../kernel-lib/src/model/analytics/cvFolds";
import { grangerCausality } from "../../../kernel-lib/src/model/analytics/granger";
import { ones } from "../../../kernel-lib/src/model/analytics/ols";
import { stepwiseAic } from "../../../kernel-lib/src/model/analytics/stepwise";
import { cvPlan } from "../../../kernel-lib/src/model/search/cv";
import { rolesOf } from "../../../kernel-lib/src/tools/analyticsInputs";
import { MERIDIAN_GEO } from "../../helpers/fixtures";
import { runTool } from "../../helpers/toolContext";

type Result = { summary: string } & Record<string, unknown>;
const column = (engine: MMMEngine, name: string) => Float64Array.from(engine.frame().sort("date").getColumn(name).cast(pl.Float64).toArray() as number[]);

describe("analytics tools (run_analytics, plot_data)", function () {
  this.timeout(120_000);
  let engine: MMMEngine;
  before(async () => {
    engine = new MMMEngine();
    await engine.loadData(samplePath("sample"), { kpiCol: "revenue" });
  });

  it("stationarity and granger return the statistics of the KPI and channels read straight from the table", async () => {
    const adf = await runTool<Result & { results: { column: string; statistic: number; pValue: number; usedLag: number }[] }>(engine, "run_analytics", { analysis: "stationarity" });
    const direct = adfTest(column(engine, "revenue"));
    assert.equal(adf.results[0]!.column, "revenue");
    assert.equal(adf.results[0]!.usedLag, direct.usedLag);
    assert.ok(Math.abs(adf.results[0]!.statistic - direct.statistic) < 1e-3);
    assert.match(adf.summary, /^revenue: ADF τ = -?[\d.]+, p = [\d.]+ → /);
    const g = await runTool<Result & { results: { channel: string; minPValue: number; bestLag: number }[] }>(engine, "run_analytics", { analysis: "granger", columns: ["tv_spend"], maxlag: 3 });
    const best = grangerCausality(column(engine, "revenue"), column(engine, "tv_spend"), 3).reduce((m, l) => (l.pValue < m.pValue ? l : m));
    assert.equal(g.results[0]!.bestLag, best.lag);
    assert.ok(Math.abs(g.results[0]!.minPValue - best.pValue) <= 5e-3 * best.pValue, "p rounded to 3 significant digits");
  });

  it("multicollinearity, decomposition and mutual information summarise in one line; text controls are skipped", async () => {
    const vif = await runTool<Result & { columns: { column: string; vif: number }[] }>(engine, "run_analytics", { analysis: "multicollinearity" });
    assert.ok(!vif.columns.some((c) => c.column === "events"), "the text control 'events' is left out");
    assert.ok(vif.columns.every((c) => c.vif >= 1));
    const d = await runTool<Result & { seasonalStrength: number }>(engine, "run_analytics", { analysis: "decomposition" });
    assert.ok(d.seasonalStrength > 0 && d.seasonalStrength <= 1);
    assert.ok(engine.analysis.figures["decomposition"]);
    const mi = await runTool<Result & { importance: { column: string; value: number }[] }>(engine, "run_analytics", { analysis: "mutual_information" });
    assert.equal(mi.importance[0]!.column, "tv_spend", "TV carries the most information on revenue in the sample");
    for (const r of [vif, d, mi]) assert.ok(r.summary.length > 20 && !r.summary.includes("\n"));
  });

  it("permutation importance needs a ridge fit (NO_MODEL), then ranks the channel the sample is driven by first", async () => {
    const fresh = new MMMEngine();
    await fresh.loadData(samplePath("sample"), { kpiCol: "revenue" });
    await assert.rejects(async () => runTool(fresh, "run_analytics", { analysis: "permutation_importance" }), { code: "NO_MODEL" });
    fresh.runRidgeMMM();
    const r = await runTool<Result & { importance: { column: string; value: number; sd: number }[] }>(fresh, "run_analytics", { analysis: "permutation_importance", repeats: 5, seed: 1 });
    assert.equal(r.importance[0]!.column, "tv_spend");
    assert.ok(r.importance[0]!.value > 5 * r.importance[0]!.sd);
    assert.ok(fresh.analysis.figures["importance"]);
  });

  it("cross_validation: NO_MODEL before a ridge fit; then per-fold metrics equal cvFoldMetrics on the fit, and box plots per candidate", async () => {
    const fresh = new MMMEngine();
    await fresh.loadData(samplePath("sample"), { kpiCol: "revenue" });
    await assert.rejects(async () => runTool(fresh, "run_analytics", { analysis: "cross_validation" }), { code: "NO_MODEL" });
    fresh.runRidgeMMM();
    const r = await runTool<Result & { folds: { mape: number; r2: number; rmse: number }[]; candidates: { name: string; foldMape: number[] }[] }>(fresh, "run_analytics", { analysis: "cross_validation" });
    const m = fresh.analysis.ridge!.model;
    const direct = cvFoldMetrics(m.data, m.media, m.fit.lambda, cvPlan(m.data.n, m.fit.coef.length)!);
    assert.equal(r.folds.length, 4);
    direct.folds.forEach((f, k) => {
      assert.ok(Math.abs(r.folds[k]!.mape - f.mape) <= 5e-3 * f.mape);
      assert.ok(Math.abs(r.folds[k]!.rmse - f.rmse) <= 5e-3 * f.rmse);
    });
    assert.deepEqual(
      r.candidates.map((c) => c.name),
      ["current fit", "without controls", "without carry-over"],
    );
    assert.match(r.summary, /^Rolling-origin CV of the ridge fit \(4 folds of \d+ weeks/);
    const fig = fresh.analysis.figures["cv_boxplot"]!;
    assert.equal((fig.layout.meta as { key: string }).key, "cv_boxplot");
    assert.ok(
      fig.data.every((t) => t.type === "scatter"),
      "the basic plotly bundle has no box trace",
    );
    const points = fig.data.filter((t) => t.mode === "markers");
    assert.deepEqual(
      points.map((t) => t.y.length),
      [4, 4, 4],
    );
    assert.deepEqual(
      points[0]!.y,
      direct.folds.map((f) => f.mape),
    );
    // The box spans numpy's linear-interpolation quartiles of the 4 fold values: Q1 = a + 0.75(b − a), Q3 = c + 0.25(d − c).
    const [a, b, c, d] = direct.folds.map((f) => f.mape).sort((x, y) => x - y) as [number, number, number, number];
    const [q1, q3] = [a + 0.75 * (b - a), c + 0.25 * (d - c)];
    const box = fig.data.find((t) => t.fill === "toself")!;
    box.y.forEach((v, i) => assert.ok(Math.abs(v - [q1, q3, q3, q1, q1][i]!) < 1e-15, `box corner ${i}: ${v}`));
    const six = await runTool<Result & { folds: unknown[] }>(fresh, "run_analytics", { analysis: "cross_validation", folds: 6 });
    assert.equal(six.folds.length, 6);
  });

  it("stepwise: forward AIC selection over the table's controls (spends fixed), then over the ridge design's", async () => {
    const fresh = new MMMEngine();
    await fresh.loadData(samplePath("sample"), { kpiCol: "revenue" });
    const { channels, controls } = rolesOf({ engine: fresh } as never);
    const r = await runTool<Result & { selected: string[]; excluded: string[]; aic: number; baseAic: number; source: string }>(fresh, "run_analytics", { analysis: "stepwise" });
    assert.match(r.source, /^table/);
    assert.deepEqual([...r.selected, ...r.excluded].sort(), [...controls].sort());
    const y = column(fresh, "revenue");
    const direct = stepwiseAic([ones(y.length), ...channels.map((c) => column(fresh, c))], Object.fromEntries(controls.map((c) => [c, column(fresh, c)])), y);
    assert.deepEqual(r.selected, direct.selected);
    assert.ok(Math.abs(r.aic - direct.aic) < 1e-5 * Math.abs(direct.aic) && r.aic <= r.baseAic);
    await assert.rejects(async () => runTool(fresh, "run_analytics", { analysis: "stepwise", columns: ["tv_spend"] }), { code: "INVALID_ARGUMENT" });
    fresh.runRidgeMMM();
    const d = await runTool<Result & { source: string; selected: string[] }>(fresh, "run_analytics", { analysis: "stepwise", backward: true });
    assert.match(d.source, /^ridge design/);
    assert.match(d.summary, /^Stepwise selection of controls by AIC/);
  });

  it("plot_data records the four charts; the heatmap carries the correlation matrix", async () => {
    for (const chart of ["correlation_heatmap", "time_series", "distributions", "scatter_matrix"]) {
      const r = await runTool<Result>(engine, "plot_data", { chart });
      assert.equal(r.figure, chart);
      assert.equal(engine.analysis.figures[chart]!.layout.meta && (engine.analysis.figures[chart]!.layout.meta as { key: string }).key, chart);
    }
    const m = engine.getCorrelationMatrix(["revenue", "tv_spend", "ooh_spend"]);
    await runTool(engine, "plot_data", { chart: "correlation_heatmap", columns: ["revenue", "tv_spend", "ooh_spend"] });
    const colours = (engine.analysis.figures["correlation_heatmap"]!.data[0]!.marker as { color: number[] }).color;
    assert.deepEqual(
      colours,
      m.matrix.flat().map((v) => Math.round(v * 1000) / 1000),
    );
    await assert.rejects(async () => runTool(engine, "plot_data", { chart: "distributions", columns: ["events"] }), { code: "NOT_NUMERIC" });
    // Scatter matrix: the first 6 columns by default, k × k panels (histograms on the diagonal).
    assert.equal(engine.analysis.figures["scatter_matrix"]!.data.length, 36);
    await assert.rejects(async () => runTool(engine, "plot_data", { chart: "scatter_matrix", columns: ["revenue"] }), { code: "INVALID_ARGUMENT" });
  });

  it("a geo panel is summed per week: one point per week, the KPI's total unchanged", async () => {
    const geo = new MMMEngine();
    await geo.loadData(MERIDIAN_GEO);
    const r = await runTool<Result>(geo, "plot_data", { chart: "time_series" });
    const kpiTrace = geo.analysis.figures["time_series"]!.data[0]!;
    const total = geo.frame().getColumn(geo.kpiCol!).cast(pl.Float64).sum() as number;
    assert.equal(kpiTrace.x.length, 156);
    assert.ok(Math.abs(kpiTrace.y.reduce((s, v) => s + v, 0) - total) < 1e-6 * total);
    assert.match(r.summary, /40 geos summed/);
  });
});
