import { strict as assert } from "node:assert";
import type { MmmData } from "../../../../kernel-lib/src/model/mmmData";
import { bayesSimulation } from "../../../helpers/bayesSim";
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

  describe("time-varying baseline on/off (HSGP)", () => {
    const { mmm } = bayesSimulation(13, { weeks: 156, noise: 0.02 });
    const sampler = { chains: 2, warmup: 300, draws: 300, seed: 3 };
    const candidates = [
      { name: "linear", options: {} },
      { name: "hsgp", options: { baseline: "hsgp" as const } },
    ];
    const show = (t: { name: string; elpd: number; elpdDiff: number; dse: number }[], reason: string) => {
      for (const r of t) console.log(`      ${r.name}: ELPD ${r.elpd.toFixed(1)}, diff ${r.elpdDiff.toFixed(1)} ± ${r.dse.toFixed(1)}`);
      console.log(`      ${reason}`);
    };

    it("a 15% bump in the baseline (weeks 50-90) the linear trend cannot follow: picks hsgp", async () => {
      const mean = mmm.y.reduce((a, b) => a + b, 0) / mmm.n;
      const bumped: MmmData = { ...mmm, y: mmm.y.map((v, t) => v + 0.15 * mean * Math.exp(-(((t - 70) / 18) ** 2))) };
      const cmp = await compareSpecs(bumped, {}, candidates, sampler);
      show(cmp.table, cmp.reason);
      assert.equal(cmp.choice, "hsgp");
      assert.ok(cmp.table[1]!.elpdDiff > 5 * cmp.table[1]!.dse);
    });

    it("no bump (the truth is the linear baseline): the difference is within its SE and linear stays", async () => {
      const cmp = await compareSpecs(mmm, {}, candidates, sampler);
      show(cmp.table, cmp.reason);
      assert.equal(cmp.choice, "linear");
      assert.match(cmp.reason, /^Keep "linear"/);
    });
  });

  it("keeps the first-listed candidate when the leader is within two SE", () => {
    const row = (name: string, elpdDiff: number, dse: number): ModelComparisonRow => ({ name, rank: 0, elpd: -elpdDiff, se: 5, pLoo: 10, elpdDiff, dse, highK: 0, options: {}, divergences: 0, maxRhat: 1, seconds: 1 });
    const close = chooseCandidate([row("hsgp", 0, 0), row("linear", 1.5, 1)], "linear");
    assert.equal(close.choice, "linear");
    assert.match(close.reason, /^Keep "linear"/);
    const clear = chooseCandidate([row("hsgp", 0, 0), row("linear", 9, 2)], "linear");
    assert.equal(clear.choice, "hsgp");
    const small = chooseCandidate([row("hsgp", 0, 0), row("linear", 3, 1)], "linear");
    assert.equal(small.choice, "linear", "3 SE but below 4 ELPD: small");
    const firstBest = chooseCandidate([row("linear", 0, 0), row("hsgp", 0.3, 1.8)], "linear");
    assert.match(firstBest.reason, /^Keep "linear": it leads "hsgp" by only 0\.3 ± 1\.8/);
    const firstFar = chooseCandidate([row("a", 0, 0), row("b", 1, 1), row("first", 20, 3)], "first");
    assert.equal(firstFar.choice, "a");
  });
});
