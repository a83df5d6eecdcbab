import { strict as assert } from "node:assert";
import normalLogpdf from "@stdlib/stats-base-dists-normal-logpdf";
import { simulateMMM } from "../../../../kernel-lib/src";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { BayesMmmDensity } from "../../../../kernel-lib/src/model/bayes/mmmDensity";
import { HsgpBaseline } from "../../../../kernel-lib/src/model/bayes/model/hsgp";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";
import { assertGradientMatches } from "../../../helpers/gradientCheck";

function setup() {
  const sim = simulateMMM({ seed: 3, weeks: 80 });
  return prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 1 });
}

const weeklyDays = (n: number) => Int32Array.from({ length: n }, (_, t) => 19_000 + 7 * t);

/** Central finite differences of log p in every coordinate vs the analytic gradient. */
function checkGradient(d: BayesMmmDensity, seed: number, spread: number): void {
  const rng = createRng(seed);
  const q = Float64Array.from({ length: d.dim }, () => rng.normal(0, spread));
  // Length-scale around the prior's range (weeks), η around 0.1: where the sampler is.
  q[d.layout.gp] = Math.log(15) + rng.normal(0, 0.3);
  q[d.layout.gp + 1] = Math.log(0.1) + rng.normal(0, 0.3);
  assertGradientMatches(d, q);
}

describe("model/bayes/model/hsgp (time-varying baseline)", () => {
  it("approximates the ExpQuad covariance η²·exp(−d²/2ℓ²) over the data (with the dropped first basis function added back)", () => {
    const days = weeklyDays(104);
    const gp = new HsgpBaseline(days, { m: 60 });
    const [ls, eta] = [12, 0.3];
    const w1 = Math.PI / (2 * gp.L);
    const psd = (w: number) => eta * eta * Math.sqrt(2 * Math.PI) * ls * Math.exp(-(w * w * ls * ls) / 2);
    const phi1 = (t: number) => Math.sqrt(1 / gp.L) * Math.sin(w1 * ((days[t]! - gp.mid) / 7 + gp.L));
    let worst = 0;
    for (const [a, b] of [
      [0, 0],
      [10, 20],
      [50, 55],
      [30, 60],
      [0, 103],
      [90, 100],
    ] as const) {
      let k = psd(w1) * phi1(a) * phi1(b);
      gp.basis.forEach((phi, j) => (k += psd(Math.sqrt(gp.omega2[j]!)) * phi[a]! * phi[b]!));
      const exact = eta * eta * Math.exp(-((a - b) ** 2) / (2 * ls * ls));
      worst = Math.max(worst, Math.abs(k - exact));
    }
    assert.ok(worst < 0.01 * eta * eta, `largest covariance error ${worst} (η² = ${eta * eta})`);
  });

  it("sets its priors and basis size from the data's length", () => {
    const short = new HsgpBaseline(weeklyDays(104));
    const long = new HsgpBaseline(weeklyDays(200));
    assert.equal(short.L, 103 / 2 + 52);
    assert.ok(Math.abs(short.lsPrior.lower - 104 / 12) < 1e-12 && short.lsPrior.upper === 104);
    assert.ok(long.lsPrior.lower > short.lsPrior.lower && long.lsPrior.upper === 200);
    // 90% of LogNormal(μ, σ) between lower and upper.
    const { mu, sigma, lower, upper } = short.lsPrior;
    assert.ok(Math.abs((Math.log(upper) - mu) / sigma - 1.6448536) < 1e-6 && Math.abs((mu - Math.log(lower)) / sigma - 1.6448536) < 1e-6);
    assert.ok(short.m >= 10 && short.m <= 40 && long.m >= 10 && long.m <= 40, `m ${short.m}, ${long.m}`);
    assert.equal(short.k, short.m - 1);
    assert.ok(Math.abs(Math.exp(-short.etaRate * 0.5) - 0.05) < 1e-12, "5% of η's prior mass above 0.5");
  });

  it("holds forecasts beyond ±L at the boundary, where every basis function is zero", () => {
    const gp = new HsgpBaseline(weeklyDays(104));
    const far = gp.basisAt(Int32Array.of(19_000 + 7 * 400));
    for (const col of far) assert.ok(Math.abs(col[0]!) < 1e-12);
    const inside = gp.basisAt(Int32Array.of(19_000 + 7 * 50));
    gp.basis.forEach((col, j) => assert.ok(Math.abs(col[50]! - inside[j]![0]!) < 1e-12));
  });

  describe("in the density", () => {
    const mmm = setup();
    // The sampled form (integrated-out coefficients: integratedBaseline.test.ts).
    const d = new BayesMmmDensity(mmm, { baseline: "hsgp", integrateBaseline: false });

    it("keeps trend, seasonality and controls, adds log_ls, log_eta and m − 1 coefficients before log_sigma", () => {
      const linear = new BayesMmmDensity(mmm);
      assert.ok(linear.names.includes("trend:coef") && d.names.includes("trend:coef"));
      assert.ok(d.names.includes("fourier_sin_1:coef") && d.names.includes("price_index:coef"));
      assert.equal(d.names[d.layout.gp], "baseline:log_ls");
      assert.equal(d.names[d.layout.gp + 1], "baseline:log_eta");
      assert.equal(d.dim, linear.dim + 2 + d.gp!.k);
      assert.equal(d.names.at(-1), "log_sigma");
    });

    it("its analytic gradient matches central finite differences in every coordinate (ℓ, η, centred and non-centred coefficients, the rest)", () => {
      checkGradient(d, 21, 0.5);
      checkGradient(new BayesMmmDensity(mmm, { baseline: "hsgp", likelihood: "studentT", saturation: "hill", adstock: { "*": "weibull_cdf" }, hsgp: { m: 12 } }), 22, 0.4);
      checkGradient(new BayesMmmDensity(mmm, { baseline: "hsgp", hsgp: { centered: 6 }, integrateBaseline: false }), 23, 0.4);
    });

    for (const centered of [undefined, 6]) {
      it(`adds Σ φⱼ·wⱼ to μ (${centered === undefined ? "the default: every coefficient non-centred, wⱼ = √S(ωⱼ)·zⱼ" : "the six slowest centred"}): log p moves exactly by the likelihood's and the prior's change`, () => {
        const dc = new BayesMmmDensity(mmm, { baseline: "hsgp", hsgp: { centered }, integrateBaseline: false });
        const gp = dc.gp!;
        assert.equal(gp.centered, centered ?? 0);
        const rng = createRng(5);
        const q = Float64Array.from({ length: dc.dim }, () => rng.normal(0, 0.3));
        q[dc.layout.gp] = Math.log(20);
        q[dc.layout.gp + 1] = Math.log(0.2);
        const ch = mmm.channels.map(() => new Float64Array(mmm.n));
        const base = new Float64Array(mmm.n);
        const tv = new Float64Array(mmm.n);
        const p = dc.decompose(q, ch, base, tv);
        // Independent f: the basis and spectral density written out here.
        const s = (j: number) => p.gp!.eta * (2 * Math.PI) ** 0.25 * Math.sqrt(p.gp!.ls) * Math.exp(-(gp.omega2[j]! * p.gp!.ls ** 2) / 4);
        const coef = (j: number) => q[dc.layout.gp + 2 + j]!;
        const w = (j: number) => (j < gp.centered ? coef(j) : s(j) * coef(j));
        const f = Array.from(mmm.days, (day) => {
          const x = (day - gp.mid) / 7;
          let v = 0;
          for (let j = 0; j < gp.k; j++) v += Math.sqrt(1 / gp.L) * Math.sin(((j + 2) * Math.PI * (x + gp.L)) / (2 * gp.L)) * w(j);
          return v * dc.yScale;
        });
        f.forEach((v, t) => assert.ok(Math.abs(tv[t]! - v) < 1e-9 * dc.yScale, `week ${t}: ${tv[t]} vs ${v}`));
        // Switch the process off (every coefficient 0): log p changes by the likelihood and the coefficients' priors only.
        const off = Float64Array.from(q);
        for (let j = 0; j < gp.k; j++) off[dc.layout.gp + 2 + j] = 0;
        const g = new Float64Array(dc.dim);
        const mu = Array.from(base, (b, t) => (b + ch.reduce((a, c) => a + c[t]!, 0)) / dc.yScale);
        const lik = (shift: number) => mu.reduce((a, m, t) => a + normalLogpdf(mmm.y[t]! / dc.yScale, m - shift * (f[t]! / dc.yScale), p.sigma), 0);
        const prior = (v: Float64Array) => Array.from({ length: gp.k }, (_, j) => normalLogpdf(v[dc.layout.gp + 2 + j]!, 0, j < gp.centered ? s(j) : 1)).reduce((a, b) => a + b, 0);
        const expected = lik(0) - lik(1) + prior(q) - prior(off);
        const actual = dc.logpGrad(q, g) - dc.logpGrad(off, g);
        assert.ok(Math.abs(actual - expected) < 1e-7 * Math.max(1, Math.abs(expected)), `${actual} vs ${expected}`);
      });
    }

    it("refuses an unknown baseline and bad HSGP settings with INVALID_ARGUMENT", () => {
      for (const opts of [
        { baseline: "spline" as "hsgp" },
        { baseline: "hsgp" as const, hsgp: { lengthscale: { lower: 20, upper: 10 } } },
        { baseline: "hsgp" as const, hsgp: { m: 1 } },
        { baseline: "hsgp" as const, hsgp: { etaUpper: 0 } },
        { baseline: "hsgp" as const, hsgp: { centered: -1 } },
      ]) {
        assert.throws(
          () => new BayesMmmDensity(mmm, opts),
          (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT",
        );
      }
    });
  });
});
