import { strict as assert } from "node:assert";
import betaLogpdf from "@stdlib/stats-base-dists-beta-logpdf";
import gammaLogpdf from "@stdlib/stats-base-dists-gamma-logpdf";
import normalLogpdf from "@stdlib/stats-base-dists-normal-logpdf";
import { denseMarginal } from "../../../../helpers/denseMarginal";
import { assertGradientMatches } from "../../../../helpers/gradientCheck";
import { createRng } from "../../../../../kernel-lib/src/math/random";
import { GeoMmmDensity } from "../../../../../kernel-lib/src/model/bayes/geo/geoDensity";
import { DEFAULT_GEO_PRIORS as P } from "../../../../../kernel-lib/src/model/bayes/geo/geoLayout";
import { simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";
import { geometricAdstock, logisticSaturation } from "../../../../../kernel-lib/src/model/transforms/math";

const panel = simulateGeoPanel({ seed: 5, geos: 4, weeks: 40 });
const ctlRng = createRng(11);
// One control with different levels per geo (centred per geo by the model).
const data = { ...panel.data, controls: [{ name: "price", values: panel.data.y.map((_, g) => Float64Array.from({ length: 40 }, () => 10 * g + ctlRng.normal(0, 2))) }] };

function randomPoint(dim: number, seed: number, spread = 0.5): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: dim }, () => rng.normal(0, spread));
}

const halfNormal = (x: number, s: number) => Math.log(2) + normalLogpdf(x, 0, s);

/** Independent log posterior: stdlib densities, math.ts transforms, explicit Jacobians. */
function reference(d: GeoMmmDensity, q: Float64Array): number {
  const L = d.layout;
  const std = data.base.cols.map((col) => {
    const m = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
    return col.map((v) => (v - m) / sd);
  });
  let lp = 0;
  const chans = L.channels.map((ch) => {
    const alpha = 1 / (1 + Math.exp(-q[ch.decay]!));
    const lam = Math.exp(q[ch.sat]!);
    const tau = Math.exp(q[ch.logTau]!);
    lp += betaLogpdf(alpha, 1, 3) + Math.log(alpha * (1 - alpha)) + gammaLogpdf(lam, 3, 1) + Math.log(lam);
    lp += normalLogpdf(q[ch.mu]!, P.effectMu, P.effectSd) + halfNormal(tau, P.tau) + q[ch.logTau]!;
    return { alpha, lam, tau };
  });
  const price = data.controls[0]!.values;
  const centred = price.map((v) => v.map((x) => x - v.reduce((a, b) => a + b, 0) / v.length));
  const sdAll = Math.sqrt(centred.reduce((a, v) => a + v.reduce((s2, x) => s2 + x * x, 0), 0) / (data.n * data.geos.length));
  const gamma = q[L.controls]!;
  lp += normalLogpdf(gamma, 0, P.base);
  for (const i of new Set(L.sigma)) lp += halfNormal(Math.exp(q[i]!), P.sigma) + q[i]!;
  const delta = Array.from({ length: data.n }, (_, t) => (L.time < 0 ? 0 : q[L.time + t]!));
  if (L.time >= 0) delta.forEach((v) => (lp += normalLogpdf(v, 0, P.time)));
  data.geos.forEach((_, g) => {
    const at = L.geo[g]!;
    const mu = new Float64Array(data.n).fill(L.integrated ? 0 : q[at]!);
    centred[g]!.forEach((v, t) => (mu[t]! += (gamma * v) / sdAll + delta[t]!));
    if (!L.integrated) {
      lp += normalLogpdf(q[at]!, 0, P.intercept);
      std.forEach((z, k) => {
        lp += normalLogpdf(q[at + 1 + k]!, 0, P.base);
        z.forEach((v, t) => (mu[t]! += q[at + 1 + k]! * v));
      });
    }
    // Normal effects: r_gc ~ Normal(e^μ, (τe^μ)²) on the column h/h(ā), integrated with the baseline.
    const effectCols: Float64Array[] = [];
    const effectSds: number[] = [];
    L.channels.forEach((ch, c) => {
      const { alpha, lam, tau } = chans[c]!;
      const spend = data.channels[c]!;
      const x = spend.spend[g]!.map((v) => v / spend.scale[g]!);
      const h = logisticSaturation(geometricAdstock(x, alpha, 8, true), lam);
      const ref = logisticSaturation([spend.total[g]! / data.n / spend.scale[g]!], lam)[0]!;
      let beta = Math.exp(q[ch.mu]!) / ref;
      if (L.normalEffects) {
        effectCols.push(Float64Array.from(h, (v) => v / ref));
        effectSds.push(tau * Math.exp(q[ch.mu]!));
      } else {
        const z = q[ch.z + g]!;
        lp += normalLogpdf(z, 0, 1);
        beta = Math.exp(q[ch.mu]! + tau * z) / ref;
      }
      h.forEach((v, t) => (mu[t]! += beta * v));
    });
    const sigma = Math.exp(q[L.sigma[g]!]!);
    const y = data.y[g]!.map((v) => v / data.kpiScale[g]!);
    if (L.integrated) lp += denseMarginal(y, mu, sigma, [new Float64Array(data.n).fill(1), ...std, ...effectCols], [P.intercept, ...std.map(() => P.base), ...effectSds]);
    else y.forEach((v, t) => (lp += normalLogpdf(v, mu[t]!, sigma)));
  });
  return lp;
}

/** Finite-difference gradient checks at seeded random points (test/helpers/gradientCheck.ts). */
function checkGradient(d: GeoMmmDensity, seeds: number[]): void {
  for (const seed of seeds) assertGradientMatches(d, randomPoint(d.dim, seed));
}

describe("model/bayes/geo/geoDensity (sampled baseline)", () => {
  const density = new GeoMmmDensity(data, { integrateBaseline: false });

  it("lays out each geo's baseline and each channel's pooled effect", () => {
    const G = data.geos.length;
    const K = data.base.cols.length;
    assert.equal(density.dim, G * (K + 1) + 1 + 1 + data.n + data.channels.length * (2 + G + 2));
    assert.ok(density.names.includes("geo_2:intercept") && density.names.includes("tv:geo_3:z") && density.names.includes("search:logit_decay") && density.names.includes("price:coef"));
  });

  it("equals an independent computation with stdlib densities and the transforms' maths", () => {
    for (const seed of [1, 2, 3]) {
      const q = randomPoint(density.dim, seed);
      const lp = density.logpGrad(q, new Float64Array(density.dim));
      const ref = reference(density, q);
      assert.ok(Math.abs(lp - ref) < 1e-8 * Math.abs(ref), `seed ${seed}: ${lp} vs ${ref}`);
    }
  });

  it("its analytic gradient matches central finite differences in every coordinate", () => {
    checkGradient(density, [4, 5]);
  });

  it("gradient also matches with Hill saturation, a delayed adstock and a Student-t likelihood", () => {
    const d = new GeoMmmDensity(data, { saturation: "hill", adstock: "delayed", likelihood: "studentT", nu: 4 });
    assert.ok(d.names.includes("tv:log_K") && d.names.includes("tv:logit_theta"));
    checkGradient(d, [6, 7]);
  });

  it("centred geo effects: the same model (log density = non-centred's − log τ per geo, the Jacobian) and a finite-difference gradient", () => {
    const c = new GeoMmmDensity(data, { centred: ["tv", "social"], integrateBaseline: false });
    assert.ok(c.names.includes("tv:geo_1:log_response") && c.names.includes("search:geo_1:z"));
    const q = randomPoint(density.dim, 12);
    const qc = Float64Array.from(q);
    let jacobian = 0;
    for (const ch of c.layout.channels.filter((x) => x.w[0] === 1)) {
      const tau = Math.exp(q[ch.logTau]!);
      for (let g = 0; g < data.geos.length; g++) qc[ch.z + g] = q[ch.mu]! + tau * q[ch.z + g]!;
      jacobian += data.geos.length * Math.log(tau);
    }
    const lp = density.logpGrad(q, new Float64Array(density.dim));
    const lc = c.logpGrad(qc, new Float64Array(c.dim));
    assert.ok(Math.abs(lc - (lp - jacobian)) < 1e-9 * Math.abs(lp), `${lc} vs ${lp - jacobian}`);
    checkGradient(c, [13, 14]);
    checkGradient(new GeoMmmDensity(data, { centred: true, saturation: "hill", likelihood: "studentT" }), [15]);
  });

  it("contributions in KPI units: kpiScale × β × Σh per geo, equal to the weekly series' sum", () => {
    const q = randomPoint(density.dim, 9);
    const p = density.constrain(q);
    const w = new Float64Array(data.n);
    density.weekly(1, 2, w);
    const sum = w.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - p.channels[1]!.contribution[2]!) < 1e-9 * Math.abs(sum));
  });
});

describe("model/bayes/geo/geoDensity (normal geo effects integrated out with the baseline, the Normal likelihood's default)", () => {
  const density = new GeoMmmDensity(data);

  it("samples no geo effect: per channel only μ, log τ and the shared transforms", () => {
    assert.ok(density.layout.integrated && density.layout.normalEffects);
    assert.equal(density.dim, 1 + 1 + data.n + data.channels.length * (2 + 2));
    assert.ok(!density.names.some((n) => n.endsWith(":z")));
    assert.throws(() => new GeoMmmDensity(data, { effects: "normal", integrateBaseline: false }), /Normal geo effects are integrated out/);
  });

  it("equals the dense multivariate Normal marginal of every geo, effects and baseline integrated (independent computation)", () => {
    for (const seed of [1, 2, 3]) {
      const q = randomPoint(density.dim, seed);
      const lp = density.logpGrad(q, new Float64Array(density.dim));
      const ref = reference(density, q);
      assert.ok(Math.abs(lp - ref) < 1e-8 * Math.abs(ref), `seed ${seed}: ${lp} vs ${ref}`);
    }
  });

  it("its analytic gradient matches central finite differences in every coordinate (also Hill, delayed, σ per geo, no week effects)", () => {
    checkGradient(density, [4, 5]);
    checkGradient(new GeoMmmDensity(data, { noise: "perGeo", saturation: "hill", adstock: "delayed" }), [7]);
    checkGradient(new GeoMmmDensity(data, { timeEffects: false, adstock: "weibull_pdf" }), [6]);
  });

  it('per-channel adstock and saturation ("*" for the rest): the channels\' own parameters, a finite-difference gradient; a misspelt channel is refused', () => {
    const d = new GeoMmmDensity(data, { adstock: { tv: "delayed", "*": "geometric" }, saturation: { search: "hill" } });
    assert.ok(d.names.includes("tv:logit_theta") && d.names.includes("search:logit_decay") && !d.names.includes("search:logit_theta"));
    assert.ok(d.names.includes("search:log_K") && d.names.includes("tv:log_lam") && !d.names.includes("tv:log_K"));
    checkGradient(d, [9]);
    assert.throws(() => new GeoMmmDensity(data, { adstock: { tvv: "delayed" } }), /"tvv", which is not a channel.*"tv"/);
  });

  it("ROAS priors: μ_c's prior becomes log E[ROAS_c] ~ Normal (independent A_c from the transforms' maths); finite-difference gradients, both effect forms", () => {
    const prior = { mean: 2.5, sd: 0.8 };
    const s2 = Math.log(1 + (prior.sd / prior.mean) ** 2);
    const [m, s] = [Math.log(prior.mean) - s2 / 2, Math.sqrt(s2)];
    for (const effects of ["normal", "logNormal"] as const) {
      const plain = new GeoMmmDensity(data, { effects });
      const withPrior = new GeoMmmDensity(data, { effects, roasPriors: { tv: prior, "*": { mean: 1, sd: 0.5 } } });
      const q = randomPoint(plain.dim, 31, 0.3);
      const diff = withPrior.logpGrad(q, new Float64Array(plain.dim)) - plain.logpGrad(q, new Float64Array(plain.dim));
      let want = 0;
      plain.layout.channels.forEach((ch, c) => {
        const alpha = 1 / (1 + Math.exp(-q[ch.decay]!));
        const lam = Math.exp(q[ch.sat]!);
        const spend = data.channels[c]!;
        let total = 0;
        data.geos.forEach((_, g) => {
          const h = logisticSaturation(
            geometricAdstock(
              Array.from(spend.spend[g]!, (v) => v / spend.scale[g]!),
              alpha,
              8,
              true,
            ),
            lam,
          );
          const ref = logisticSaturation([spend.total[g]! / data.n / spend.scale[g]!], lam)[0]!;
          total += (data.kpiScale[g]! * h.reduce((a, b) => a + b, 0)) / ref;
        });
        const tau = Math.exp(q[ch.logTau]!);
        const logRoas = q[ch.mu]! + (effects === "logNormal" ? (tau * tau) / 2 : 0) + Math.log(total / spend.total.reduce((a, b) => a + b, 0));
        const p = ch.name === "tv" ? { mu: m, sd: s } : { mu: -Math.log(1.25) / 2, sd: Math.sqrt(Math.log(1.25)) };
        want += normalLogpdf(logRoas, p.mu, p.sd) - normalLogpdf(q[ch.mu]!, P.effectMu, P.effectSd);
      });
      assert.ok(Math.abs(diff - want) < 1e-8 * Math.max(1, Math.abs(want)), `${effects}: ${diff} vs ${want}`);
      checkGradient(withPrior, [32]);
    }
    checkGradient(new GeoMmmDensity(data, { saturation: "hill", adstock: "delayed", roasPriors: { "*": prior } }), [33]);
    assert.throws(() => new GeoMmmDensity(data, { roasPriors: { tv: { mean: -1, sd: 1 } } }), /positive mean and sd/);
  });

  it("a draw's geo effects scatter around their conditional mean, jointly with the intercept; the same draw gives the same values", () => {
    const q = randomPoint(density.dim, 8, 0.2);
    const draws = Array.from({ length: 300 }, (_, i) => density.constrain(q, createRng(i)).channels[0]!.beta[1]!);
    const m = draws.reduce((a, b) => a + b, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - m) ** 2, 0) / draws.length);
    assert.ok(sd > 0, "the geo effect is drawn, not fixed");
    assert.deepEqual(density.constrain(q).channels[0]!.beta, density.constrain(Float64Array.from(q)).channels[0]!.beta);
    const p = density.constrain(q);
    const w = new Float64Array(data.n);
    density.weekly(2, 3, w);
    const sum = w.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - p.channels[2]!.contribution[3]!) < 1e-9 * Math.abs(sum));
  });
});

describe("model/bayes/geo/geoDensity (log-normal geo effects, baseline integrated out)", () => {
  const density = new GeoMmmDensity(data, { effects: "logNormal" });

  it("samples only σ per geo: no intercept or base coefficients in the vector", () => {
    const G = data.geos.length;
    assert.ok(density.layout.integrated);
    assert.equal(density.dim, 1 + 1 + data.n + data.channels.length * (2 + G + 2));
    assert.ok(!density.names.some((n) => n.endsWith(":intercept")) && density.names.includes("log_sigma") && density.names.includes("week_40:time_effect"));
    assert.ok(new GeoMmmDensity(data, { noise: "perGeo", effects: "logNormal" }).names.includes("geo_2:log_sigma"));
    assert.equal(new GeoMmmDensity(data, { timeEffects: false, effects: "logNormal" }).dim, density.dim - data.n);
  });

  it("equals the dense multivariate Normal marginal of every geo (independent computation)", () => {
    for (const seed of [1, 2, 3]) {
      const q = randomPoint(density.dim, seed);
      const lp = density.logpGrad(q, new Float64Array(density.dim));
      const ref = reference(density, q);
      assert.ok(Math.abs(lp - ref) < 1e-8 * Math.abs(ref), `seed ${seed}: ${lp} vs ${ref}`);
    }
  });

  it("its analytic gradient matches central finite differences in every coordinate (also centred, Hill, delayed, σ per geo)", () => {
    checkGradient(density, [4, 5]);
    checkGradient(new GeoMmmDensity(data, { noise: "perGeo", effects: "logNormal" }), [7]);
    checkGradient(new GeoMmmDensity(data, { centred: ["tv"], saturation: "hill", adstock: "delayed", effects: "logNormal" }), [6]);
  });

  it("partial centring: the same model as non-centred (log density differs by the Jacobian Σ w·log τ) and a finite-difference gradient", () => {
    const w = [0, 0.3, 0.8, 1];
    const c = new GeoMmmDensity(data, { centring: { tv: w, search: [0.5, 0.5, 0.5, 0.5] }, effects: "logNormal" });
    assert.ok(c.names.includes("tv:geo_2:u") && c.names.includes("tv:geo_1:z") && c.names.includes("tv:geo_4:log_response"));
    const q = randomPoint(density.dim, 21);
    const qc = Float64Array.from(q);
    let jacobian = 0;
    for (const ch of c.layout.channels) {
      const mu = q[ch.mu]!;
      const logTau = q[ch.logTau]!;
      // u = w·μ + τ^w·z maps the non-centred z to the same ℓ; du/dz = τ^w.
      ch.w.forEach((wg, g) => {
        qc[ch.z + g] = wg * mu + Math.exp(wg * logTau) * q[ch.z + g]!;
        jacobian += wg * logTau;
      });
    }
    const lp = density.logpGrad(q, new Float64Array(density.dim));
    const lc = c.logpGrad(qc, new Float64Array(c.dim));
    assert.ok(Math.abs(lc - (lp - jacobian)) < 1e-9 * Math.abs(lp), `${lc} vs ${lp - jacobian}`);
    c.constrain(qc).channels.forEach((ch, k) => assert.ok(ch.contribution.every((v, g) => Math.abs(v - density.constrain(q).channels[k]!.contribution[g]!) < 1e-9 * Math.abs(v))));
    checkGradient(c, [22]);
    assert.throws(() => new GeoMmmDensity(data, { centring: { tv: [0, 2, 0, 0] }, effects: "logNormal" }), /4 weights in \[0, 1\]/);
  });

  it("an intercept drawn per geo scatters around its conditional mean (two seed sets agree); Student-t refuses integration", () => {
    const q = randomPoint(density.dim, 8, 0.2);
    const meanOf = (from: number) => {
      const draws = Array.from({ length: 400 }, (_, i) => density.constrain(q, createRng(from + i)).intercept[1]!);
      const m = draws.reduce((a, b) => a + b, 0) / draws.length;
      return { m, sd: Math.sqrt(draws.reduce((a, b) => a + (b - m) ** 2, 0) / draws.length) };
    };
    const a = meanOf(0);
    const b = meanOf(1000);
    assert.ok(a.sd > 0 && Math.abs(a.m - b.m) < (5 * a.sd) / Math.sqrt(200), `${a.m} vs ${b.m}`);
    assert.deepEqual(density.constrain(q).intercept, density.constrain(Float64Array.from(q)).intercept);
    assert.throws(() => new GeoMmmDensity(data, { likelihood: "studentT", integrateBaseline: true }), /Normal likelihood/);
  });
});
