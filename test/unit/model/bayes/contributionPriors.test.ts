import { strict as assert } from "node:assert";
import { simulateMMM } from "../../../../kernel-lib/src";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { fitBayesian } from "../../../../kernel-lib/src/model/bayes/fit";
import { BayesMmmDensity } from "../../../../kernel-lib/src/model/bayes/mmmDensity";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";
import { bayesSimulation } from "../../../helpers/bayesSim";
import { assertGradientMatches } from "../../../helpers/gradientCheck";

describe("model/bayes contribution-share priors", function () {
  this.timeout(300_000);
  const sim = simulateMMM({ seed: 5, weeks: 80 });
  const mmm = prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 1 });
  const [tv, search] = mmm.channels.map((c) => c.name) as [string, string];

  it("adds log LogNormal(share) with share = contribution / KPI total; gradient = finite differences (response and ROAS channels, delayed adstock, Hill)", () => {
    const contributionPriors = { [tv]: { mean: 0.1, sd: 0.03 }, "*": { mean: 0.05, sd: 0.02 } };
    const d = new BayesMmmDensity(mmm, { contributionPriors, roasPriors: { [search]: { mean: 2, sd: 1 } }, adstock: { [tv]: "delayed", "*": "geometric" }, saturation: { [search]: "hill", "*": "logistic" } });
    const plain = new BayesMmmDensity(mmm, { roasPriors: { [search]: { mean: 2, sd: 1 } }, adstock: { [tv]: "delayed", "*": "geometric" }, saturation: { [search]: "hill", "*": "logistic" } });
    const rng = createRng(4);
    const q = Float64Array.from({ length: d.dim }, () => rng.normal(0, 0.5));
    const grad = new Float64Array(d.dim);
    const scratch = new Float64Array(d.dim);
    // The added term: Σ LogNormal log densities of each channel's share at this point.
    const ch = mmm.channels.map(() => new Float64Array(mmm.n));
    const p = d.decompose(q, ch, new Float64Array(mmm.n));
    const total = mmm.y.reduce((a, v) => a + v, 0);
    const lnPdf = (x: number, mean: number, sd: number) => {
      const s2 = Math.log(1 + (sd * sd) / (mean * mean));
      const mu = Math.log(mean) - s2 / 2;
      return -Math.log(x) - 0.5 * Math.log(2 * Math.PI * s2) - (Math.log(x) - mu) ** 2 / (2 * s2);
    };
    const want = ch.reduce((a, c, i) => a + lnPdf(c.reduce((s, v) => s + v, 0) / total, i === 0 ? 0.1 : 0.05, i === 0 ? 0.03 : 0.02), 0);
    assert.ok(p.channels.length === 4);
    const diff = d.logpGrad(q, grad) - plain.logpGrad(q, scratch);
    assert.ok(Math.abs(diff - want) < 1e-9 * Math.abs(want), `${diff} vs ${want}`);
    assertGradientMatches(d, q);
  });

  it("refuses unknown channels and shares outside (0, 1)", () => {
    const bad = (spec: object, re: RegExp) =>
      assert.throws(
        () => new BayesMmmDensity(mmm, { contributionPriors: spec as never }),
        (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && re.test(e.message),
      );
    bad({ tv_spnd: { mean: 0.1, sd: 0.1 } }, /not a channel/);
    bad({ [tv]: { mean: 1.2, sd: 0.1 } }, /0 < mean < 1/);
    bad({ [tv]: { mean: 0.2, sd: 0 } }, /0 < mean < 1 and sd > 0/);
  });

  it("a share prior near the truth pulls a confounded channel's ROAS part of the way toward it (linear baseline)", async () => {
    const { sim: s, mmm: data } = bayesSimulation(22, { weeks: 156, noise: 0.03, confounder: { channel: "ch1", spendEffect: 1, kpiEffect: 0.1, observed: false } });
    const truth = s.truth.channels[1]!;
    const share = truth.contribution / data.y.reduce((a, v) => a + v, 0);
    const opts = { chains: 2, warmup: 300, draws: 300, seed: 3 };
    const before = (await fitBayesian(data, opts)).channels[1]!.roas.mean;
    const after = (await fitBayesian(data, { ...opts, contributionPriors: { [data.channels[1]!.name]: { mean: share, sd: 0.15 * share } } })).channels[1]!.roas.mean;
    console.log(`      ch1 ROAS / truth: ${(before / truth.roas).toFixed(2)}× without, ${(after / truth.roas).toFixed(2)}× with a share prior (true share ${(100 * share).toFixed(1)}% ± 15%)`);
    // Under the linear baseline the confounded time series outweighs a ±15% prior, as it outweighs lift
    // tests (liftCalibration.test.ts): the prior moves the ROAS part of the way (measured 2.54× → 2.11×).
    assert.ok(after < before && after / truth.roas - 1 < 0.85 * (before / truth.roas - 1), `${before} → ${after}, truth ${truth.roas}`);
  });
});
