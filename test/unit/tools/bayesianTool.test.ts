/**
 * run_bayesian_mmm's reply on a national fit: with saturation "auto" the family PSIS-LOO chose is one
 * short field (chosen, reason) — the ELPD table stays in the analysis, where the report reads it — and
 * a fixed saturation adds no field.
 */
import { strict as assert } from "node:assert";
import { MMMEngine, buildReport } from "../../../kernel-lib/src";
import { bayesSimulation } from "../../helpers/bayesSim";
import { runTool } from "../../helpers/toolContext";

describe("tool run_bayesian_mmm's reply", function () {
  this.timeout(300_000);
  const { sim } = bayesSimulation(8, { weeks: 104, channels: 2 });
  const args = { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], chains: 2, warmup: 100, draws: 100, seed: 5, confirmed: true };
  type Reply = { kind: string; saturation?: { chosen: string; reason: string }; saturationChoice?: unknown };

  it('with saturation "auto": saturation { chosen, reason } from the fit\'s choice, once; the report says it too', async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const r = await runTool<Reply>(engine, "run_bayesian_mmm", { ...args, saturation: "auto" });
    const choice = engine.analysis.bayesian!.result.saturationChoice!;
    assert.equal(choice.table.length, 2, "two families fitted");
    assert.deepEqual(r.saturation, { chosen: choice.choice, reason: choice.reason });
    assert.ok(["logistic", "hill"].includes(r.saturation.chosen));
    assert.equal(r.saturationChoice, undefined, "the ELPD table is not repeated in the reply");
    const other = choice.table.find((t) => t.name !== choice.choice)!.name;
    assert.match(buildReport(engine).sections.model, new RegExp(`\\*\\*Saturation:\\*\\* ${choice.choice} chosen over ${other} by PSIS-LOO \\(ΔELPD [+−]`));
  });

  it("with a fixed saturation: no saturation field", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const r = await runTool<Reply>(engine, "run_bayesian_mmm", { ...args, saturation: "logistic" });
    assert.equal(r.kind, "bayesian");
    assert.ok(!("saturation" in r) && !("saturationChoice" in r), Object.keys(r).join(", "));
  });
});
