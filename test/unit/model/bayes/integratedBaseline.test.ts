import { strict as assert } from "node:assert";
import normalLogpdf from "@stdlib/stats-base-dists-normal-logpdf";
import { simulateMMM } from "../../../../kernel-lib/src";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { BayesMmmDensity, DEFAULT_PRIORS, type BayesModelOptions } from "../../../../kernel-lib/src/model/bayes/mmmDensity";
import { fitBayesian } from "../../../../kernel-lib/src/model/bayes/fit";
import { warmStarts } from "../../../../kernel-lib/src/model/bayes/warmStart";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";
import { assertGradientMatches } from "../../../helpers/gradientCheck";
import { denseMarginal } from "../../../helpers/denseMarginal";

function setup(weeks = 80) {
  const sim = simulateMMM({ seed: 3, weeks: 80 });
  return prepareMmmData(sim.data.slice(0, weeks), { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 1 });
}

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** A point of the sampled model near where the sampler is (ℓ ≈ 15 weeks, η ≈ 0.1). */
function point(d: BayesMmmDensity, seed: number): Float64Array {
  const rng = createRng(seed);
  const q = Float64Array.from({ length: d.dim }, () => rng.normal(0, 0.4));
  if (d.layout.gp >= 0) {
    q[d.layout.gp] = Math.log(15) + rng.normal(0, 0.3);
    q[d.layout.gp + 1] = Math.log(0.1) + rng.normal(0, 0.3);
  }
  return q;
}

describe("model/bayes/model/integratedBaseline (national linear block integrated out)", () => {
  const mmm = setup();
  const opts: BayesModelOptions = { baseline: "hsgp" };
  const d = new BayesMmmDensity(mmm, opts);
  const sampled = new BayesMmmDensity(mmm, { ...opts, integrateBaseline: false });

  it("is the default with the HSGP under the Normal likelihood: the vector keeps channels, log ℓ, log η, log σ", () => {
    assert.ok(d.layout.integrated && !new BayesMmmDensity(mmm).layout.integrated && !sampled.layout.integrated);
    assert.ok(!d.names.includes("level") && !d.names.some((n) => n.endsWith(":coef") || n.startsWith("baseline:z_")));
    assert.deepEqual(d.names.slice(-3), ["baseline:log_ls", "baseline:log_eta", "log_sigma"]);
    assert.equal(d.dim, sampled.dim - 1 - mmm.base.names.length - d.gp!.k);
  });

  it("log p = the sampled model's log p with the coefficients replaced by the dense n-variate Normal marginal", () => {
    const P = DEFAULT_PRIORS;
    for (const seed of [1, 2]) {
      const qs = point(sampled, seed);
      const p = sampled.constrain(qs);
      // The same channels, ℓ, η and σ in the integrated vector (matched by name).
      const q = Float64Array.from(d.names, (n) => qs[sampled.names.indexOf(n)]!);
      const ch = mmm.channels.map(() => new Float64Array(mmm.n));
      const base = new Float64Array(mmm.n);
      sampled.decompose(qs, ch, base);
      const y = mmm.y.map((v) => v / d.yScale);
      const media = Float64Array.from(base, (_, t) => ch.reduce((a, c) => a + c[t]!, 0) / d.yScale);
      const { ls, eta } = p.gp!;
      const s = Array.from(d.gp!.omega2, (w2) => eta * (2 * Math.PI) ** 0.25 * Math.sqrt(ls) * Math.exp(-(w2 * ls * ls) / 4));
      const b = [p.intercept, ...p.base, ...p.gp!.w];
      const X = [new Float64Array(mmm.n).fill(1), ...d.z, ...d.gp!.basis];
      const sd = [P.intercept, ...d.z.map(() => P.base), ...s];
      // The sampled model's likelihood and coefficient priors (its z_j = w_j/s_j: Jacobian Σ log s_j).
      const fitted = Float64Array.from(media, (m, t) => m + X.reduce((a, c, k) => a + b[k]! * c[t]!, 0));
      const lik = fitted.reduce((a, m, t) => a + normalLogpdf(y[t]!, m, p.sigma), 0);
      const prior = b.reduce((a, v, k) => a + normalLogpdf(v, 0, sd[k]!), 0) + s.reduce((a, v) => a + Math.log(v), 0);
      const expected = sampled.logpGrad(qs, new Float64Array(sampled.dim)) - lik - prior + denseMarginal(y, media, p.sigma, X, sd);
      const actual = d.logpGrad(q, new Float64Array(d.dim));
      assert.ok(Math.abs(actual - expected) < 1e-8 * Math.abs(expected), `seed ${seed}: ${actual} vs ${expected}`);
    }
  });

  it("its analytic gradient matches central finite differences in every coordinate (HSGP, linear, Hill + Weibull, lift test and contribution prior)", () => {
    assertGradientMatches(d, point(d, 11));
    assertGradientMatches(new BayesMmmDensity(mmm, { integrateBaseline: true }), point(new BayesMmmDensity(mmm, { integrateBaseline: true }), 12));
    const name = mmm.channels[0]!.name;
    const rich = new BayesMmmDensity(mmm, {
      ...opts,
      saturation: "hill",
      adstock: { "*": "weibull_cdf" },
      roasPriors: { [mmm.channels[1]!.name]: { mean: 2, sd: 1 } },
      liftTests: [{ channel: name, start: isoDay(mmm.days[40]!), end: isoDay(mmm.days[45]! + 6), deltaSpend: 5_000, lift: 3_000, sigma: 800 }],
      contributionPriors: { [name]: { mean: 0.1, sd: 0.03 } },
    });
    assertGradientMatches(rich, point(rich, 13));
  });

  it("outputs draw the coefficients per draw, the same for the same draw, centred on their conditional mean", () => {
    const q = point(d, 21);
    const a = d.constrain(q);
    const again = d.constrain(Float64Array.from(q));
    assert.deepEqual([again.intercept, ...again.base, ...again.gp!.w], [a.intercept, ...a.base, ...a.gp!.w]);
    const ch = mmm.channels.map(() => new Float64Array(mmm.n));
    const base = new Float64Array(mmm.n);
    const tv = new Float64Array(mmm.n);
    d.decompose(q, ch, base, tv);
    const f = Array.from(tv, (_, t) => d.gp!.basis.reduce((s, phi, j) => s + d.yScale * a.gp!.w[j]! * phi[t]!, 0));
    f.forEach((v, t) => assert.ok(Math.abs(tv[t]! - v) < 1e-9 * d.yScale, `week ${t}`));
    // Another draw of q gives other coefficients; over many seeded draws they average to the conditional mean.
    const q2 = Float64Array.from(q);
    q2[q2.length - 1]! += 1e-9;
    assert.notEqual(d.constrain(q2).intercept, a.intercept);
    const draws = Array.from({ length: 2000 }, (_, i) => d.constrain(q, createRng(500 + i)).intercept);
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const sdv = Math.sqrt(draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length);
    assert.ok(sdv > 0 && Math.abs(a.intercept - mean) < 5 * sdv, `${a.intercept} vs mean ${mean} ± ${sdv}`);
  });

  it("refuses integrateBaseline under the Student-t likelihood with INVALID_ARGUMENT (Student-t samples the coefficients)", () => {
    assert.throws(
      () => new BayesMmmDensity(mmm, { baseline: "hsgp", likelihood: "studentT", integrateBaseline: true }),
      (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT",
    );
    assert.ok(!new BayesMmmDensity(mmm, { baseline: "hsgp", likelihood: "studentT" }).layout.integrated);
  });

  it("a refresh on more weeks warm-starts from the saved draws although the HSGP basis grew (no coefficients in the vector)", async function () {
    this.timeout(120_000);
    const short = setup(56);
    const fit = await fitBayesian(short, { baseline: "hsgp", chains: 2, warmup: 60, draws: 30, seed: 1, threads: 1 });
    const longer = new BayesMmmDensity(mmm, fit.density.options);
    assert.notEqual(longer.gp!.k, fit.density.gp!.k, "the basis follows the span");
    const { starts, reason } = warmStarts(fit.posterior, longer, 2);
    assert.ok(starts, reason);
    assert.deepEqual(Array.from(starts.inits[0]!), Array.from(fit.chains[0]!.draws.at(-1)!));
    // The sampled form names every coefficient: a grown basis cannot warm-start.
    const sampledFit = await fitBayesian(short, { baseline: "hsgp", integrateBaseline: false, chains: 1, warmup: 20, draws: 10, seed: 1, threads: 1 });
    assert.equal(warmStarts(sampledFit.posterior, new BayesMmmDensity(mmm, sampledFit.density.options), 2).starts, undefined);
  });
});
