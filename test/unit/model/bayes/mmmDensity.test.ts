import { strict as assert } from "node:assert";
import betaLogpdf from "@stdlib/stats-base-dists-beta-logpdf";
import gammaLogpdf from "@stdlib/stats-base-dists-gamma-logpdf";
import normalLogpdf from "@stdlib/stats-base-dists-normal-logpdf";
import { simulateMMM } from "../../../../kernel-lib/src";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { BayesMmmDensity } from "../../../../kernel-lib/src/model/bayes/mmmDensity";
import { BayesAdstock } from "../../../../kernel-lib/src/model/bayes/model/channelAdstock";
import { AdstockTransform } from "../../../../kernel-lib/src/model/transforms/adstock";
import type { TransformParams } from "../../../../kernel-lib/src/model/transforms/base";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";
import { geometricAdstock, logisticSaturation } from "../../../../kernel-lib/src/model/transforms/math";
import { assertGradientMatches } from "../../../helpers/gradientCheck";

function setup() {
  const sim = simulateMMM({ seed: 3, weeks: 80 });
  const mmm = prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 1 });
  return { mmm, density: new BayesMmmDensity(mmm) };
}

function randomPoint(dim: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: dim }, () => rng.normal(0, 0.7));
}

/** Independent log posterior: stdlib densities on the constrained parameters, math.ts transforms, explicit Jacobians. */
function reference(mmm: ReturnType<typeof setup>["mmm"], density: BayesMmmDensity, q: Float64Array): number {
  const p = density.constrain(q);
  const yScale = Math.max(...mmm.y.map(Math.abs));
  const mu = new Float64Array(mmm.n).fill(p.intercept);
  mmm.channels.forEach((ch, c) => {
    const a = geometricAdstock(
      ch.spend.map((v) => v / ch.scale),
      p.channels[c]!.decay,
      8,
      true,
    );
    const s = logisticSaturation(a, p.channels[c]!.theta[0]!);
    s.forEach((v, t) => (mu[t]! += p.channels[c]!.beta * v));
  });
  mmm.base.cols.forEach((col, k) => {
    const m = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length) || 1;
    col.forEach((v, t) => (mu[t]! += p.base[k]! * ((v - m) / sd)));
  });
  let lp = 0;
  mmm.y.forEach((y, t) => (lp += normalLogpdf(y / yScale, mu[t]!, p.sigma)));
  lp += normalLogpdf(p.intercept, 0, 2);
  p.base.forEach((g) => (lp += normalLogpdf(g, 0, 1)));
  lp += Math.log(2) + normalLogpdf(p.sigma, 0, 2) + Math.log(p.sigma);
  for (const ch of p.channels) {
    lp += Math.log(2) + normalLogpdf(ch.beta, 0, 2) + Math.log(ch.beta);
    lp += betaLogpdf(ch.decay, 1, 3) + Math.log(ch.decay * (1 - ch.decay));
    lp += gammaLogpdf(ch.theta[0]!, 3, 1) + Math.log(ch.theta[0]!);
  }
  return lp;
}

describe("model/bayes/mmmDensity", () => {
  const { mmm, density } = setup();

  it("names every unconstrained parameter", () => {
    assert.equal(density.dim, 1 + 3 * mmm.channels.length + mmm.base.cols.length + 1);
    assert.equal(density.names[0], "level");
    assert.equal(density.names.at(-1), "log_sigma");
    assert.ok(density.names.includes("tv_spend:logit_decay"));
  });

  it("equals an independent computation with stdlib densities and the transforms' maths", () => {
    for (const seed of [1, 2, 3]) {
      const q = randomPoint(density.dim, seed);
      const lp = density.logpGrad(q, new Float64Array(density.dim));
      const ref = reference(mmm, density, q);
      assert.ok(Math.abs(lp - ref) < 1e-8 * Math.abs(ref), `seed ${seed}: ${lp} vs ${ref}`);
    }
  });

  /** Central finite differences of log p in every coordinate vs the analytic gradient. */
  function checkGradient(d: BayesMmmDensity, seeds: number[], spread = 0.7): void {
    for (const seed of seeds)
      assertGradientMatches(
        d,
        randomPoint(d.dim, seed).map((v) => (v * spread) / 0.7),
      );
  }

  it("its analytic gradient matches central finite differences in every coordinate", () => {
    checkGradient(density, [4, 5]);
  });

  it("gradient also matches with Hill saturation, Student-t likelihood, ROAS priors and lift tests", () => {
    const [tv, search] = [mmm.channels[0]!.name, mmm.channels[1]!.name];
    const start = new Date(mmm.days[20]! * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(mmm.days[23]! * 86_400_000).toISOString().slice(0, 10);
    const d = new BayesMmmDensity(mmm, {
      saturation: { [tv]: "hill", "*": "logistic" },
      likelihood: "studentT",
      nu: 4,
      roasPriors: { [search]: { mean: 2, sd: 1 }, [tv]: { mean: 1.5, sd: 0.5 } },
      liftTests: [
        { channel: tv, start, end, deltaSpend: 40_000, lift: 30_000, sd: 8_000 },
        { channel: search, start, end, deltaSpend: -10_000, lift: -15_000, sd: 5_000 },
      ],
    });
    assert.ok(d.names.includes(`${tv}:log_K`) && d.names.includes(`${tv}:log_S`) && d.names.includes(`${search}:log_roas`));
    checkGradient(d, [6, 7, 8], 0.5);
  });

  it("gradient also matches with delayed, Weibull CDF and Weibull PDF adstocks (with Hill, ROAS priors and a lift test)", () => {
    const [tv, search, social] = [mmm.channels[0]!.name, mmm.channels[1]!.name, mmm.channels[2]!.name];
    const start = new Date(mmm.days[20]! * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(mmm.days[23]! * 86_400_000).toISOString().slice(0, 10);
    const d = new BayesMmmDensity(mmm, {
      adstock: { [tv]: "delayed", [search]: "weibull_pdf", "*": "weibull_cdf" },
      saturation: { [search]: "hill", "*": "logistic" },
      roasPriors: { [social]: { mean: 2, sd: 1 } },
      liftTests: [{ channel: tv, start, end, deltaSpend: 40_000, lift: 30_000, sd: 8_000 }],
    });
    for (const n of [`${tv}:logit_decay`, `${tv}:logit_theta`, `${search}:log_lambda`, `${search}:log_k`, `${search}:log_K`, `${social}:log_lambda`]) assert.ok(d.names.includes(n), n);
    assert.equal(d.dim, 1 + (1 + 2 + 1) + (1 + 2 + 2) + (1 + 2 + 1) * (mmm.channels.length - 2) + mmm.base.cols.length + 1);
    checkGradient(d, [12, 13], 0.5);
    const p = d.constrain(randomPoint(d.dim, 12));
    assert.ok(p.channels[0]!.decay === p.channels[0]!.adstock[0] && Number.isNaN(p.channels[1]!.decay) && p.channels[1]!.adstock.length === 2);
  });

  it("refuses an adstock without weightsGradient, naming the channel", () => {
    class Boxcar extends AdstockTransform {
      constructor() {
        super("boxcar", undefined, () => ({ width: { hint: "width", domain: { min: 0, max: 8 }, bounds: [1, 7], default: 2, prior: { dist: "HalfNormal", sigma: 2 } } }));
      }
      protected kernel(p: TransformParams): Float64Array {
        return Float64Array.from({ length: this.lMax }, (_, i) => (i < p["width"]! ? 1 : 0));
      }
    }
    assert.throws(
      () => new BayesAdstock(new Boxcar(), "tv"),
      (e: Error) => e.message.includes('adstock "boxcar" (channel "tv") has no weightsGradient') && e.name === "MMMError",
    );
  });

  it("ROAS parameterisation: the constrained ROAS equals exp of its parameter and contribution/spend", () => {
    const ch = mmm.channels[2]!;
    const d = new BayesMmmDensity(mmm, { roasPriors: { [ch.name]: { mean: 3, sd: 1 } } });
    const q = randomPoint(d.dim, 11);
    const i = d.names.indexOf(`${ch.name}:log_roas`);
    const p = d.constrain(q);
    assert.ok(Math.abs(p.channels[2]!.roas - Math.exp(q[i]!)) < 1e-9 * Math.exp(q[i]!));
  });

  it("samples the level: the mean fitted KPI over the weeks, intercept = level − Σ β·mean h", () => {
    for (const seed of [14, 15]) {
      const q = randomPoint(density.dim, seed);
      const chans = mmm.channels.map(() => new Float64Array(mmm.n));
      const base = new Float64Array(mmm.n);
      const p = density.decompose(q, chans, base);
      let total = 0;
      for (let t = 0; t < mmm.n; t++) total += base[t]! + chans.reduce((a, c) => a + c[t]!, 0);
      const level = total / mmm.n / density.yScale;
      assert.ok(Math.abs(level - q[0]!) < 1e-12, `seed ${seed}: mean fitted ${level} vs level ${q[0]}`);
      // The intercept is not the level once media contribute (a test that fails if the shear is dropped).
      assert.ok(Math.abs(p.intercept - q[0]!) > 1e-3, `intercept ${p.intercept} = level ${q[0]}`);
    }
  });

  it("has a unit Jacobian from its coordinates to (intercept, log β, the rest): the priors stand as declared", () => {
    const [tv, search] = [mmm.channels[0]!.name, mmm.channels[1]!.name];
    const d = new BayesMmmDensity(mmm, { saturation: { [tv]: "hill" }, adstock: { [tv]: "delayed" }, roasPriors: { [search]: { mean: 2, sd: 1 } } });
    const natural = (q: Float64Array): Float64Array => {
      const out = Float64Array.from(q);
      const p = d.constrain(q);
      out[0] = p.intercept;
      d.layout.channels.forEach((ch, c) => (out[ch.effect] = Math.log(p.channels[c]!.beta)));
      return out;
    };
    for (const seed of [16, 17]) {
      const q = randomPoint(d.dim, seed).map((v) => v * 0.5);
      const J = new Float64Array(d.dim * d.dim);
      for (let j = 0; j < d.dim; j++) {
        const up = Float64Array.from(q);
        const down = Float64Array.from(q);
        up[j]! += 1e-6;
        down[j]! -= 1e-6;
        const [a, b] = [natural(up), natural(down)];
        for (let i = 0; i < d.dim; i++) J[i * d.dim + j] = (a[i]! - b[i]!) / 2e-6;
      }
      const det = determinant(J, d.dim);
      assert.ok(Math.abs(det - 1) < 1e-6, `seed ${seed}: det ${det}`);
    }
  });

  it("rejects unknown channel names in options with a suggestion", () => {
    const ch = mmm.channels[0]!.name;
    assert.throws(
      () => new BayesMmmDensity(mmm, { roasPriors: { [`${ch}x`]: { mean: 1, sd: 1 } } }),
      (e: Error) => e.message.includes(`"${ch}x"`) && /Did you mean/.test((e as Error & { hint: string }).hint),
    );
    assert.throws(() => new BayesMmmDensity(mmm, { saturation: "cubic" as "hill" }), /Unknown saturation "cubic"/);
    assert.throws(() => new BayesMmmDensity(mmm, { liftTests: [{ channel: ch, start: "2024-01-01", end: "2024-01-28", deltaSpend: 1, lift: 1, sd: 0 }] }), /Lift test 1: sigma must be positive/);
  });

  it("is deterministic and leaves its input untouched", () => {
    const q = randomPoint(density.dim, 9);
    const copy = Float64Array.from(q);
    const g1 = new Float64Array(density.dim);
    const g2 = new Float64Array(density.dim);
    assert.equal(density.logpGrad(q, g1), density.logpGrad(q, g2));
    assert.deepEqual(g1, g2);
    assert.deepEqual(q, copy);
  });
});

/** Determinant by Gaussian elimination with partial pivoting (row-major d×d; `a` is overwritten). */
function determinant(a: Float64Array, d: number): number {
  let det = 1;
  for (let k = 0; k < d; k++) {
    let piv = k;
    for (let i = k + 1; i < d; i++) if (Math.abs(a[i * d + k]!) > Math.abs(a[piv * d + k]!)) piv = i;
    if (a[piv * d + k] === 0) return 0;
    if (piv !== k) {
      for (let j = 0; j < d; j++) [a[k * d + j], a[piv * d + j]] = [a[piv * d + j]!, a[k * d + j]!];
      det = -det;
    }
    const akk = a[k * d + k]!;
    det *= akk;
    for (let i = k + 1; i < d; i++) {
      const f = a[i * d + k]! / akk;
      for (let j = k; j < d; j++) a[i * d + j]! -= f * a[k * d + j]!;
    }
  }
  return det;
}
