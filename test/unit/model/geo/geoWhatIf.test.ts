/**
 * The geo fit as the model what-ifs and budgets read (issue #15 item 1): once it is the latest fit,
 * scenarios, optimize_budget and roi_summary read it (national curves at each channel's current geo
 * split, equal to the sum of its geo × channel cells), `byGeo` plans over the cells, and picking a
 * national fit (useModel) sets it aside.
 */
import { strict as assert } from "node:assert";
import { MMMEngine, MMMError, type BudgetPlan } from "../../../../kernel-lib/src";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { geoPanelRows, simulateGeoPanel } from "../../../../kernel-lib/src/model/simulate/geoPanel";
import { runTool } from "../../../helpers/toolContext";

describe("the geo fit as the current model for scenarios and budgets", function () {
  this.timeout(300_000);
  const panel = simulateGeoPanel({ seed: 4, geos: 4, weeks: 60 });
  const channels = ["tv", "search", "social"];
  const frame = pl.DataFrame(geoPanelRows(panel));
  let engine: MMMEngine;

  before(async () => {
    engine = new MMMEngine();
    await engine.loadData(frame, { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels });
    engine.runRidgeMMM();
    await engine.runGeoBayesianMMM({ chains: 2, warmup: 150, draws: 100, seed: 3 });
  });

  it("scenarios read the geo fit: current spend's KPI is the sum over its geo × channel cells", async () => {
    const geo = engine.analysis.currentGeo!;
    assert.ok(geo, "the geo fit is the latest");
    const cells = geo.posterior.cellResponses();
    const byCells = cells.reduce((a, c) => a + 13 * c.response(c.currentWeekly), 0);
    const now = engine.simulateScenario({}, { weeks: 13 });
    assert.ok(Math.abs(now.expected / byCells - 1) < 1e-9, `${now.expected} vs ${byCells}`);
    const r = await runTool<{ model: string; change: { expected: number; hdi94?: number[] } }>(engine, "simulate_scenario", {
      budgets: { tv: 1.2 * 13 * cells.filter((c) => c.channel === "tv").reduce((a, c) => a + c.currentWeekly, 0) },
      weeks: 13,
    });
    assert.equal(r.model, "geo");
    assert.ok(r.change.expected > 0 && r.change.hdi94 && r.change.hdi94[0]! <= r.change.expected && r.change.expected <= r.change.hdi94[1]!);
    const roi = await runTool<{ model: string; channels: { name: string }[] }>(engine, "roi_summary");
    assert.equal(roi.model, "geo");
    assert.deepEqual(roi.channels.map((c) => c.name).sort(), [...channels].sort());
  });

  it("optimize_budget: a national plan on the geo fit's curves, and byGeo over geo × channel cells (total = sum over geos)", async () => {
    const national = await runTool<BudgetPlan>(engine, "optimize_budget", { weeks: 26 });
    assert.ok(national.upliftPosterior, "the uplift's spread under the geo draws");
    assert.deepEqual(Object.keys(national.allocation).sort(), [...channels].sort());
    const plan = await runTool<BudgetPlan>(engine, "optimize_budget", { weeks: 26, byGeo: true });
    assert.ok(plan.geo && plan.upliftPosterior);
    assert.equal(Object.keys(plan.allocation).length, 4 * 3);
    assert.ok(Math.abs(plan.total / national.total - 1) < 1e-12, "the same default total: current spend");
    const geoSum = Object.values(plan.geo.byGeo).reduce((a, t) => a + t.allocation, 0);
    assert.ok(Math.abs(geoSum / plan.total - 1) < 1e-9);
    assert.ok(plan.expected >= national.expected * (1 - 1e-9), `freeing the geo split cannot lose: ${plan.expected} vs ${national.expected}`);
    assert.ok(plan.check && plan.check.gap < 1e-6, "12 cells: the evolution check agrees");
    // The channel mix's share of the per-geo uplift: the national plan on the same curves.
    const mix = plan.geo.channelMixUplift!;
    assert.ok(Math.abs(mix - national.uplift) <= 1e-6 * Math.abs(national.currentExpected), `${mix} vs ${national.uplift}`);
    assert.ok(plan.uplift >= mix - 1e-9 * Math.abs(plan.currentExpected));
    const between = plan.warnings.find((w) => w.includes("moving money between geos"));
    assert.equal(Boolean(between), plan.uplift > 2 * Math.max(mix, 0) && plan.uplift - Math.max(mix, 0) > 0.05 * plan.currentExpected, String(between));
    assert.equal(engine.analysis.budget, plan);
  });

  it("picking the ridge fit sets the geo fit aside; byGeo without a geo fit is NO_MODEL", async () => {
    const other = new MMMEngine();
    await other.loadData(frame, { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels });
    other.runRidgeMMM();
    assert.throws(
      () => other.optimizeBudget(1e5, undefined, { byGeo: true }),
      (e: unknown) => e instanceof MMMError && e.code === "NO_MODEL" && /geo: true/.test(e.hint),
    );
    engine.useModel("ridge");
    const r = await runTool<{ model: string }>(engine, "simulate_scenario", { budgets: {}, weeks: 13 });
    assert.equal(r.model, "ridge");
    assert.equal(engine.analysis.currentGeo, undefined);
  });
});
