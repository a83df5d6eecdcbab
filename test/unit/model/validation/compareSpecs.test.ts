import { strict as assert } from "node:assert";
import { simulateMMM, type ChannelSpec } from "../../../../kernel-lib/src";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";
import { chooseCandidate, compareSpecs, type ModelComparisonRow } from "../../../../kernel-lib/src/model/validation/compareSpecs";

/** Simulated data whose every channel has a delayed adstock (peak 3 weeks after the spend). */
function delayedData() {
  const channels: ChannelSpec[] = [0, 1, 2].map((i) => ({
    name: `ch${i}`,
    spend: { mean: 10_000 * (1 + i), variability: 0.5, onProbability: 0.7, flightWeeks: 3 },
    adstock: { type: "delayed", params: { alpha: 0.5, theta: 3, lMax: 8, normalize: true } },
    saturation: { type: "logistic", params: { lam: 1.5 + i } },
    beta: 80_000 + 30_000 * i,
  }));
  const sim = simulateMMM({ seed: 11, weeks: 156, channels, noise: 0.015 });
  return prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 2 });
}

describe("model/validation compareSpecs (PSIS-LOO model comparison)", function () {
  this.timeout(600_000);

  it("picks the true delayed adstock over geometric on simulated data, by several SEs", async () => {
    const data = delayedData();
    const cmp = await compareSpecs(
      data,
      {},
      [
        { name: "geometric", options: { adstock: "geometric" } },
        { name: "delayed", options: { adstock: "delayed" } },
      ],
      { chains: 2, warmup: 300, draws: 300, seed: 3 },
    );
    for (const r of cmp.table)
      console.log(
        `      ${r.name}: ELPD ${r.elpd.toFixed(1)} ± ${r.se.toFixed(1)}, diff ${r.elpdDiff.toFixed(1)} ± ${r.dse.toFixed(1)}, p_loo ${r.pLoo.toFixed(1)}, high k̂ ${r.highK}, R-hat ${r.maxRhat.toFixed(3)}, ${r.seconds.toFixed(1)} s`,
      );
    console.log(`      ${cmp.reason}`);
    assert.equal(cmp.choice, "delayed");
    assert.equal(cmp.table[0]!.name, "delayed");
    const geo = cmp.table[1]!;
    assert.ok(geo.elpdDiff > 3 * geo.dse, `difference ${geo.elpdDiff} vs SE ${geo.dse}`);
    assert.match(cmp.reason, /^Choose "delayed"/);
  });

  it("keeps the first-listed candidate when the leader is within two SE", () => {
    const row = (name: string, elpdDiff: number, dse: number): ModelComparisonRow => ({ name, rank: 0, elpd: -elpdDiff, se: 5, pLoo: 10, elpdDiff, dse, highK: 0, options: {}, divergences: 0, maxRhat: 1, seconds: 1 });
    const close = chooseCandidate([row("hsgp", 0, 0), row("linear", 1.5, 1)], "linear");
    assert.equal(close.choice, "linear");
    assert.match(close.reason, /^Keep "linear"/);
    const clear = chooseCandidate([row("hsgp", 0, 0), row("linear", 9, 2)], "linear");
    assert.equal(clear.choice, "hsgp");
  });
});
