/**
 * The budget tools of issue #16 item 6 on a ridge fit: plan_flighting returns the weekly plan, records
 * it in the analysis and draws the "flighting" chart (stacked bars); optimize_budget with a target
 * meets a ROAS target and answers an unreachable one with TARGET_UNREACHABLE and the best value.
 */
import { strict as assert } from "node:assert";
import { BUILTIN_TOOLS, MMMEngine, MMMError } from "../../../kernel-lib/src";
import { bayesSimulation } from "../../helpers/bayesSim";
import { runTool } from "../../helpers/toolContext";

describe("budget tools: plan_flighting and optimize_budget's target", function () {
  this.timeout(120_000);
  let engine: MMMEngine;
  before(async () => {
    const { sim } = bayesSimulation(3, { weeks: 110 });
    engine = new MMMEngine();
    await engine.loadData(sim.data, { kpiCol: "revenue", dateCol: "date", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"] });
    engine.runRidgeMMM();
  });

  it("plan_flighting: phase BUDGET_OPTIMISATION, a weekly plan within the ramp, recorded and charted", async () => {
    assert.equal(BUILTIN_TOOLS.find((t) => t.name === "plan_flighting")?.phase, "BUDGET_OPTIMISATION");
    const r = await runTool<{ weeks: number; total: number; weekly: Record<string, number>[]; incremental: number; roas: number; chart: string }>(engine, "plan_flighting", { weeks: 6, total: 300_000, ramp: { "*": { pct: 0.5 } } });
    assert.equal(r.weeks, 6);
    assert.equal(r.weekly.length, 6);
    assert.equal(r.chart, "flighting");
    assert.ok(Math.abs(r.roas - r.incremental / 300_000) < 1e-12);
    const plan = engine.analysis.flighting!;
    assert.equal(plan.total, 300_000);
    const fig = engine.analysis.figures.flighting!;
    assert.equal(fig.layout.barmode, "stack");
    assert.equal((fig.layout.meta as { key: string }).key, "flighting");
    assert.deepEqual(fig.data[0]!.y, plan.spend[Object.keys(plan.spend)[0]!]);
  });

  it("optimize_budget with target: ROAS met within 0.5%; unreachable → TARGET_UNREACHABLE with the best ROAS in the hint", async () => {
    const now = engine.optimizeBudget(engine.currentSpend(13), undefined, { weeks: 13, check: false });
    const roas = (1.01 * now.expected) / now.total;
    const r = await runTool<{ total: number; expected: number; target: { achieved: number } }>(engine, "optimize_budget", { weeks: 13, target: { roas } });
    assert.ok(Math.abs(r.expected / r.total / roas - 1) < 0.005, `${r.expected / r.total} vs ${roas}`);
    await assert.rejects(
      async () => runTool(engine, "optimize_budget", { weeks: 13, target: { roas: 10 * roas } }),
      (e: unknown) => e instanceof MMMError && e.code === "TARGET_UNREACHABLE" && /best reachable ROAS is \d/.test(e.hint),
    );
  });
});
