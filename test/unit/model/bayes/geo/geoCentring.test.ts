import { strict as assert } from "node:assert";
import { createRng } from "../../../../../kernel-lib/src/math/random";
import { laplaceStart } from "../../../../../kernel-lib/src/model/bayes/adapt/laplace";
import { centringAtMode, laplaceToCentred, toCentred } from "../../../../../kernel-lib/src/model/bayes/geo/geoCentring";
import { GeoMmmDensity } from "../../../../../kernel-lib/src/model/bayes/geo/geoDensity";
import { simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";

describe("model/bayes/geo/geoCentring", () => {
  const panel = simulateGeoPanel({ seed: 3, geos: 5, weeks: 60 });
  // Geo 1 is 40× as large (KPI and spend), so its weeks pin its effects; in geo 5 'tv' never spends.
  const data = {
    ...panel.data,
    y: panel.data.y.map((v, g) => (g === 0 ? v.map((x) => 40 * x) : v)),
    kpiScale: panel.data.kpiScale.map((s, g) => (g === 0 ? 40 * s : s)),
    channels: panel.data.channels.map((ch) => ({ ...ch, spend: ch.spend.map((v, g) => (ch.name === "tv" && g === 4 ? new Float64Array(v.length) : v)), total: ch.total.map((t, g) => (ch.name === "tv" && g === 4 ? 0 : t)) })),
  };
  const pilot = new GeoMmmDensity(data, { effects: "logNormal" });
  const mode = laplaceStart(pilot, new Float64Array(pilot.dim))!.mode;
  const weights = centringAtMode(pilot, mode);

  it("weights in [0, 1] per channel and geo; a geo without spend stays non-centred", () => {
    for (const ch of pilot.layout.channels) {
      const w = weights[ch.name]!;
      assert.equal(w.length, 5);
      assert.ok(
        w.every((v) => v >= 0 && v <= 1),
        `${ch.name}: ${w}`,
      );
    }
    assert.ok(weights.tv![4]! < 0.05, `tv in the silent geo: ${weights.tv![4]}`);
  });

  it("equals τ²I/(1 + τ²I) with I the geo's Gauss–Newton information about its log response", () => {
    // Independent: I = Σ_t (∂μ_t/∂ℓ)² / σ² − the part the integrated baseline absorbs is ignored, so compare loosely.
    const p = pilot.constrain(mode);
    const c = 0;
    const ch = pilot.layout.channels[c]!;
    const tau = Math.exp(mode[ch.logTau]!);
    const w = new Float64Array(data.n);
    for (let g = 0; g < 4; g++) {
      pilot.constrain(mode);
      pilot.weekly(c, g, w);
      const scaled = w.map((v) => v / data.kpiScale[g]!);
      const mean = scaled.reduce((a, b) => a + b, 0) / scaled.length;
      const info = scaled.reduce((a, v) => a + (v - mean) ** 2, 0) / p.sigma[g]! ** 2;
      const expected = (tau * tau * info) / (1 + tau * tau * info);
      assert.ok(Math.abs(weights[ch.name]![g]! - expected) < 0.25, `geo ${g + 1}: ${weights[ch.name]![g]} vs ${expected.toFixed(3)}`);
    }
  });

  it("toCentred maps a point to the same contributions and a log density lower by the Jacobian", () => {
    const centred = new GeoMmmDensity(data, { centring: weights, effects: "logNormal" });
    const rng = createRng(4);
    const q = Float64Array.from(mode, (v) => v + rng.normal(0, 0.05));
    const u = toCentred(pilot, q, centred);
    const a = pilot.constrain(q).channels;
    centred.constrain(u).channels.forEach((ch, k) => ch.contribution.forEach((v, g) => assert.ok(Math.abs(v - a[k]!.contribution[g]!) < 1e-9 * Math.abs(v) + 1e-12)));
    let jacobian = 0;
    for (const ch of centred.layout.channels) for (const w of ch.w) jacobian += w * q[ch.logTau]!;
    const lp = pilot.logpGrad(q, new Float64Array(pilot.dim));
    const lc = centred.logpGrad(u, new Float64Array(centred.dim));
    assert.ok(Math.abs(lc - (lp - jacobian)) < 1e-8 * Math.abs(lp), `${lc} vs ${lp - jacobian}`);
  });

  it("laplaceToCentred: the mode by toCentred, the covariance J Σ Jᵀ with J the map's finite-difference Jacobian", () => {
    const centred = new GeoMmmDensity(data, { centring: weights, effects: "logNormal" });
    const d = pilot.dim;
    const rng = createRng(9);
    // A random symmetric positive-definite Σ: A Aᵀ / d + I/10.
    const A = Float64Array.from({ length: d * d }, () => rng.normal(0, 1));
    const S = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) S[i * d + j]! += (A[i * d + k]! * A[j * d + k]!) / d + (i === j && k === 0 ? 0.1 : 0);
    const out = laplaceToCentred(pilot, { mode, covariance: S }, centred);
    assert.deepEqual(out.mode, toCentred(pilot, mode, centred));
    const J = new Float64Array(d * d);
    const h = 1e-6;
    for (let j = 0; j < d; j++) {
      const up = Float64Array.from(mode);
      const down = Float64Array.from(mode);
      up[j]! += h;
      down[j]! -= h;
      const a = toCentred(pilot, up, centred);
      const b = toCentred(pilot, down, centred);
      for (let i = 0; i < d; i++) J[i * d + j] = (a[i]! - b[i]!) / (2 * h);
    }
    for (let i = 0; i < d; i += 3)
      for (let j = 0; j < d; j += 2) {
        let v = 0;
        for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) v += J[i * d + k]! * S[k * d + l]! * J[j * d + l]!;
        assert.ok(Math.abs(out.covariance[i * d + j]! - v) < 1e-6 * Math.max(1, Math.abs(v)), `(${centred.names[i]}, ${centred.names[j]}): ${out.covariance[i * d + j]} vs ${v}`);
      }
  });
});
