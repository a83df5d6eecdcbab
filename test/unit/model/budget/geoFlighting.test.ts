/**
 * Flighting on the geo fit: the planner's weekly contribution of a plan equals the geo forecast's for the same
 * plan once the observed weeks' carry-over has passed (same draws, same per-geo split, same transforms), and the
 * engine plans with it when the geo fit is the model in use.
 */
import { strict as assert } from "node:assert";
import { MMMEngine } from "../../../../kernel-lib/src";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { channelFlight } from "../../../../kernel-lib/src/model/budget/flightModel";
import { geoFlightModel } from "../../../../kernel-lib/src/model/budget/geoFlightModel";
import { geoPanelRows, simulateGeoPanel } from "../../../../kernel-lib/src/model/simulate/geoPanel";

describe("model/budget/geoFlightModel (flighting on the geo fit)", function () {
  this.timeout(300_000);
  const panel = simulateGeoPanel({ seed: 9, geos: 4, weeks: 60 });
  const channels = panel.data.channels.map((c) => c.name);

  it("a constant plan's weekly contribution equals the geo forecast's after the carry-over (weeks 9–13); the engine plans with it", async () => {
    const engine = new MMMEngine();
    await engine.loadData(pl.DataFrame(geoPanelRows(panel)), { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels });
    await engine.runGeoBayesianMMM({ chains: 2, warmup: 150, draws: 100, seed: 4 });
    const post = engine.analysis.geoBayesian!.posterior;
    const model = geoFlightModel(post, 1000);
    assert.equal(model.channels[0]!.draws.length, 200 * 4, "every draw × every geo");
    const weekly = Object.fromEntries(model.channels.map((c) => [c.name, 1.3 * c.currentWeekly]));
    const forecast = engine.forecast({ spend: weekly, weeks: 13 });
    for (const ch of model.channels) {
      const out = new Float64Array(13);
      channelFlight(ch, new Float64Array(13).fill(weekly[ch.name]!), 13, out);
      for (let t = 8; t < 13; t++) {
        const want = forecast.contributions[ch.name]![t]!;
        assert.ok(Math.abs(out[t]! - want) <= 1e-6 * Math.abs(want), `${ch.name} week ${t + 1}: ${out[t]} vs ${want}`);
      }
    }
    const plan = engine.planFlighting({ weeks: 8 });
    assert.equal(plan.model, "geo");
    assert.ok(plan.incremental > 0 && Number.isFinite(plan.roas), JSON.stringify({ inc: plan.incremental, roas: plan.roas }));
    assert.deepEqual(Object.keys(plan.spend).sort(), [...channels].sort());
  });
});
