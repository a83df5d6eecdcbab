import { strict as assert } from "node:assert";
import { simulateMMM } from "../../../../kernel-lib/src";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { resolvedBaseline, withBayesDefaults, saturationCandidates } from "../../../../kernel-lib/src/model/bayes/defaults";
import { HsgpBaseline } from "../../../../kernel-lib/src/model/bayes/model/hsgp";
import { logNormalParams, mediaShareRoasPrior } from "../../../../kernel-lib/src/model/bayes/model/priors";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";

/**
 * The engine's default ROAS prior (model/bayes/defaults.ts): Meridian's total paid media contribution
 * prior, and which channels get it.
 */
describe("model/bayes defaults", () => {
  it("mediaShareRoasPrior: paid media's share of the KPI has the asked mean and sd (Monte Carlo over independent channel ROAS)", () => {
    const spends = [5e6, 3.4e6, 2.1e6, 1e6];
    const kpiTotal = 8e7;
    const prior = mediaShareRoasPrior(kpiTotal, spends, { mean: 0.4, sd: 0.2 });
    const { mu, sigma } = logNormalParams(prior);
    const rng = createRng(7);
    const shares = Array.from({ length: 200_000 }, () => spends.reduce((a, s) => a + Math.exp(mu + sigma * rng.normal(0, 1)) * s, 0) / kpiTotal);
    const mean = shares.reduce((a, v) => a + v, 0) / shares.length;
    const sd = Math.sqrt(shares.reduce((a, v) => a + (v - mean) ** 2, 0) / shares.length);
    assert.ok(Math.abs(mean - 0.4) < 0.004, `mean share ${mean}`);
    assert.ok(Math.abs(sd - 0.2) < 0.006, `sd of the share ${sd}`);
  });

  const sim = simulateMMM({ seed: 3, weeks: 60 });
  const cols = sim.truth.channels.map((c) => c.column);
  const data = prepareMmmData(sim.data, { kpi: "revenue", channels: cols, controls: [], dateCol: "date" });

  it("gives every paid channel the prior unless it has its own ROAS or a contribution prior; mediaShare: false gives none", () => {
    const kpiTotal = data.y.reduce((a, v) => a + v, 0);
    const expected = mediaShareRoasPrior(
      kpiTotal,
      data.channels.map((c) => c.total),
    );
    const own = { mean: 3, sd: 1 };
    const out = withBayesDefaults(data, { roasPriors: { [cols[0]!]: own }, contributionPriors: { [cols[1]!]: { mean: 0.1, sd: 0.05 } } });
    assert.deepEqual(out.roasPriors?.[cols[0]!], own);
    assert.equal(out.roasPriors?.[cols[1]!], undefined);
    for (const c of cols.slice(2)) assert.deepEqual(out.roasPriors?.[c], expected);
    assert.deepEqual(out.mediaShare, { mean: 0.4, sd: 0.2 });
    assert.equal(withBayesDefaults(data, { mediaShare: false }).roasPriors, undefined);
    assert.deepEqual(withBayesDefaults(data, { roasPriors: { "*": own } }).roasPriors, { "*": own });
  });

  it("lift tests bring the HSGP baseline with ℓ 90% in [4, 52] weeks and m = ⌈1.75·L/4⌉ (Normal likelihood, baseline not chosen); otherwise the baseline is left alone", () => {
    const liftTests = [{ channel: cols[0]!, start: "2021-03-01", end: "2021-03-28", deltaSpend: -1000, lift: -500, sigma: 50 }];
    const out = withBayesDefaults(data, { liftTests });
    const gp = new HsgpBaseline(data.days, {});
    assert.equal(out.baseline, "hsgp");
    assert.deepEqual(out.hsgp?.lengthscale, { lower: 4, upper: 52 });
    // 60 weeks: L = 29.5 + 52 weeks, ⌈1.75·81.5/4⌉ = 36 (the data-length default: ℓ from 6 weeks, 24).
    assert.equal(out.hsgp?.m, Math.ceil((1.75 * gp.L) / 4));
    assert.equal(out.hsgp?.m, 36);
    assert.equal(gp.m, 24);
    assert.equal(resolvedBaseline({ liftTests }), "hsgp");
    for (const o of [{}, { liftTests: [] }, { liftTests, baseline: "linear" as const }, { liftTests, likelihood: "studentT" as const }, { liftTests, integrateBaseline: false }]) {
      assert.equal(withBayesDefaults(data, o).baseline, o.baseline, JSON.stringify(o));
      assert.equal(resolvedBaseline(o), o.baseline);
    }
    const own = { lengthscale: { lower: 10, upper: 60 } };
    assert.deepEqual(withBayesDefaults(data, { liftTests, baseline: "hsgp", hsgp: own }).hsgp, own);
    // The quality gate's retry (baseline "hsgp" on a linear fit with lift tests) gets the lift-test priors.
    assert.deepEqual(withBayesDefaults(data, { liftTests, baseline: "hsgp" }).hsgp?.lengthscale, { lower: 4, upper: 52 });
  });

  it('"auto" compares logistic first, then the searched family (Hill when nothing was searched)', () => {
    assert.deepEqual(saturationCandidates(data, {}), ["logistic", "hill"]);
    const mm = { adstock: { type: "geometric", params: { alpha: 0.3 } }, saturation: { type: "michaelis_menten", params: { lam: 0.5 } } } as const;
    assert.deepEqual(saturationCandidates(data, { [cols[0]!]: mm }), ["logistic", "michaelis_menten"]);
  });
});
