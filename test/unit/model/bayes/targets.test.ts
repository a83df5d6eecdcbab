/**
 * NUTS on an ill-conditioned correlated Gaussian whose answer is known exactly: the draws' mean and
 * covariance, and the dense metric the warm-up adapts, are compared with the truth along the
 * target's principal axes (where a condition number of 1e3 means sds from 0.03 to 1).
 * The 100-d normal and Neal's funnel live in knownTargets.test.ts.
 * Statistics here are self-contained (a Geyer ESS and a split R-hat), independent of diagnostics/.
 */
import { strict as assert } from "node:assert";
import { cholesky } from "../../../../kernel-lib/src/math/linalg";
import { createRng } from "../../../../kernel-lib/src/math/random";
import type { LogDensity } from "../../../../kernel-lib/src/model/bayes/density";
import { CovarianceAdaptation } from "../../../../kernel-lib/src/model/bayes/adapt/massMatrix";
import { gaussianDensity } from "../../../helpers/gaussian";
import { sampleChain, type ChainResult } from "../../../../kernel-lib/src/model/bayes/sampler";

/** A random d×d rotation (Gram–Schmidt on Gaussian columns), row-major, columns orthonormal. */
function rotation(d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const q = Float64Array.from({ length: d * d }, () => rng.normal());
  for (let c = 0; c < d; c++) {
    for (let k = 0; k < c; k++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += q[i * d + c]! * q[i * d + k]!;
      for (let i = 0; i < d; i++) q[i * d + c] = q[i * d + c]! - dot * q[i * d + k]!;
    }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += q[i * d + c]! ** 2;
    for (let i = 0; i < d; i++) q[i * d + c] = q[i * d + c]! / Math.sqrt(norm);
  }
  return q;
}

/** N(mu, Σ) with Σ = Q·diag(λ)·Qᵀ, λ log-spaced from 1 down to 1/condition. */
function illConditioned(d: number, condition: number, seed: number) {
  const Q = rotation(d, seed);
  const lambda = Array.from({ length: d }, (_, k) => condition ** (-k / (d - 1)));
  const rng = createRng(seed + 1);
  const mu = Array.from({ length: d }, () => 2 * rng.normal());
  const sandwich = (diag: number[]) => {
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += Q[i * d + k]! * diag[k]! * Q[j * d + k]!;
        out[i * d + j] = s;
      }
    return out;
  };
  const density: LogDensity = gaussianDensity(mu, sandwich(lambda.map((l) => 1 / l)));
  /** Principal-axis coordinates y = diag(λ)^-½·Qᵀ(x − μ): N(0, I) under the target. */
  const whiten = (x: Float64Array): Float64Array =>
    Float64Array.from({ length: d }, (_, k) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += Q[i * d + k]! * (x[i]! - mu[i]!);
      return s / Math.sqrt(lambda[k]!);
    });
  return { density, mu, lambda, whiten, cov: sandwich(lambda) };
}

/**
 * ESS of several chains of one quantity: M·N / τ with τ = −1 + 2·Σ(ρ̂_2k + ρ̂_2k+1) summed until a
 * pair turns negative (Geyer's initial positive sequence), ρ̂ from the chains' averaged autocovariance.
 */
function ess(chains: number[][]): number {
  const n = chains[0]!.length;
  const means = chains.map((x) => x.reduce((a, b) => a + b, 0) / n);
  const acov = (k: number) =>
    chains.reduce((s, x, c) => {
      let a = 0;
      for (let t = 0; t + k < n; t++) a += (x[t]! - means[c]!) * (x[t + k]! - means[c]!);
      return s + a / n;
    }, 0) / chains.length;
  const c0 = acov(0);
  let tau = -1;
  for (let k = 0; k + 1 < n; k += 2) {
    const pair = (acov(k) + acov(k + 1)) / c0;
    if (!(pair > 0)) break;
    tau += 2 * pair;
  }
  return (chains.length * n) / Math.max(tau, 1 / Math.log10(chains.length * n));
}

/** Classic split R-hat (each chain halved): between- vs within-half variance. */
function splitRhat(chains: number[][]): number {
  const halves = chains.flatMap((x) => [x.slice(0, x.length >> 1), x.slice(x.length >> 1)]);
  const n = halves[0]!.length;
  const means = halves.map((h) => h.reduce((a, b) => a + b, 0) / n);
  const grand = means.reduce((a, b) => a + b, 0) / means.length;
  const B = (n / (means.length - 1)) * means.reduce((s, m) => s + (m - grand) ** 2, 0);
  const W = halves.reduce((s, h, i) => s + h.reduce((a, v) => a + (v - means[i]!) ** 2, 0) / (n - 1), 0) / halves.length;
  return Math.sqrt((((n - 1) / n) * W + B / n) / W);
}

/** L⁻¹·A·L⁻ᵀ with base = L·Lᵀ: A measured in the base's units (the identity when A = base). */
function relative(base: Float64Array, a: Float64Array, d: number): Float64Array {
  const l = cholesky(base, d)!;
  const solveCols = (m: Float64Array): Float64Array => {
    // Forward substitution L·X = M, column by column.
    const x = new Float64Array(d * d);
    for (let c = 0; c < d; c++)
      for (let i = 0; i < d; i++) {
        let s = m[i * d + c]!;
        for (let k = 0; k < i; k++) s -= l[i * d + k]! * x[k * d + c]!;
        x[i * d + c] = s / l[i * d + i]!;
      }
    return x;
  };
  const transpose = (m: Float64Array) => Float64Array.from({ length: d * d }, (_, i) => m[(i % d) * d + Math.floor(i / d)]!);
  return solveCols(transpose(solveCols(a))); // L⁻¹·(L⁻¹·A)ᵀ = L⁻¹·A·L⁻ᵀ (A symmetric)
}

/** Eigenvalues of a symmetric matrix (cyclic Jacobi rotations). */
function eigenvalues(a0: Float64Array, d: number): number[] {
  const a = Float64Array.from(a0);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!,
            akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!,
            aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
      }
  }
  return Array.from({ length: d }, (_, i) => a[i * d + i]!).sort((x, y) => x - y);
}

const sum = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
};

describe("NUTS on a 20-d Gaussian with condition number 1e3 (random rotation, seeded)", function () {
  this.timeout(60_000);
  const d = 20;
  const target = illConditioned(d, 1e3, 2024);
  let runs: ChainResult[] = [];
  /** Per chain, per draw: principal-axis coordinates. */
  let y: Float64Array[][] = [];
  const axis = (k: number) => y.map((chain) => chain.map((v) => v[k]!));

  before(() => {
    runs = [1, 2, 3, 4].map((seed) => sampleChain(target.density, { init: new Float64Array(d), warmup: 1000, draws: 1000, seed }));
    y = runs.map((r) => r.draws.map(target.whiten));
  });

  it("mixes: split R-hat ≤ 1.01 and ESS ≥ 1000 (of 4000) on every principal axis, no divergences", () => {
    for (let k = 0; k < d; k++) {
      const e = ess(axis(k)),
        rh = splitRhat(axis(k));
      assert.ok(rh < 1.01, `axis ${k} (sd ${Math.sqrt(target.lambda[k]!).toFixed(3)}): R-hat ${rh}`);
      assert.ok(e > 1000, `axis ${k}: ESS ${e.toFixed(0)}`);
    }
    assert.equal(
      runs.reduce((a, r) => a + sum(r.stats.divergent), 0),
      0,
    );
  });

  it("recovers the mean within 4 Monte Carlo standard errors along every axis, the narrowest (sd 0.03) included", () => {
    for (let k = 0; k < d; k++) {
      const x = axis(k).flat();
      const m = sum(x) / x.length;
      // The axis has sd 1 in these coordinates, so MCSE = 1/√ESS.
      assert.ok(Math.abs(m) < 4 / Math.sqrt(ess(axis(k))), `axis ${k}: mean ${m} (ESS ${ess(axis(k)).toFixed(0)})`);
    }
  });

  it("recovers the covariance: every entry within 4 MC standard errors of the identity in principal-axis coordinates", () => {
    for (let k = 0; k < d; k++)
      for (let l = k; l < d; l++) {
        // E[y_k·y_l] = δ_kl; its MCSE from the ESS of the product series itself.
        const prod = y.map((chain) => chain.map((v) => v[k]! * v[l]!));
        const flat = prod.flat();
        const m = sum(flat) / flat.length;
        const sd = Math.sqrt(flat.reduce((a, v) => a + (v - m) ** 2, 0) / (flat.length - 1));
        const se = sd / Math.sqrt(ess(prod));
        assert.ok(Math.abs(m - (k === l ? 1 : 0)) < 4 * se, `cov[${k}][${l}] = ${m.toFixed(4)} (se ${se.toFixed(4)})`);
      }
  });

  it("adapts the dense metric to ≈ the true covariance (shrunk as documented): condition < 3 relative to it", () => {
    // The last slow window (iterations 450–949) has n = 500 draws; the metric is then
    // w·Σ̂ + (1 − w)·diag(Σ̂) with w = n/(n + 5) (adapt/massMatrix.ts), so compare with that of the truth.
    const w = 500 / 505;
    const shrunk = target.cov.map((v, i) => (i % (d + 1) === 0 ? v : w * v));
    for (const r of runs) {
      // Σ̂ comes from 500 autocorrelated warm-up draws (ESS ≈ 300 in 20-d): sample-covariance
      // eigenvalues spread ≈ (1 ± √(20/300))² ⇒ [0.55, 1.6] (Marchenko–Pastur).
      const ev = eigenvalues(relative(shrunk, r.inverseMetric, d), d);
      assert.ok(ev[0]! > 0.5 && ev[d - 1]! < 2 && ev[d - 1]! / ev[0]! < 3, `metric eigenvalues relative to the shrunk Σ: ${ev[0]!.toFixed(3)} … ${ev[d - 1]!.toFixed(3)}`);
      // Relative to Σ itself the shrinkage widens the narrowest axis (diag(Σ) ≫ its variance of 1e-3)
      // ~2.5×: still two orders of magnitude closer than the identity metric (condition 1000).
      const toTruth = eigenvalues(relative(target.cov, r.inverseMetric, d), d);
      assert.ok(toTruth[d - 1]! / toTruth[0]! < 6, `metric eigenvalues relative to Σ: ${toTruth[0]!.toFixed(3)} … ${toTruth[d - 1]!.toFixed(3)}`);
    }
    const identity = eigenvalues(
      relative(
        target.cov,
        Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0)),
        d,
      ),
      d,
    );
    assert.ok(Math.abs(identity[d - 1]! / identity[0]! - 1e3) < 1, "the check itself: the identity metric is 1000× off");
  });

  it("samples efficiently once adapted: mean tree depth ≤ 4, acceptance statistic near the 0.8 target", () => {
    for (const r of runs) {
      const depth = sum(r.stats.treeDepth) / r.draws.length,
        acc = sum(r.stats.acceptStat) / r.draws.length;
      // Unadapted (identity metric) this target needs ~√1000 ≈ 32× more steps per trajectory.
      assert.ok(depth <= 4, `mean tree depth ${depth}`);
      assert.ok(acc > 0.7 && acc < 0.95, `mean acceptance ${acc}`);
    }
  });
  it("with shorter warm-up windows (a start inside the typical set) learns the metric from iteration 24 and is as exact", () => {
    const windows = { initBuffer: 15, baseWindow: 10 };
    const ends: number[] = [];
    const ad = new CovarianceAdaptation(1, 1000, windows);
    for (let it = 0; it < 1000; it++) if (ad.learn(new Float64Array([it % 7])) !== null) ends.push(it);
    assert.deepEqual(ends, [24, 44, 84, 164, 324, 949]);
    const r = sampleChain(target.density, { init: Float64Array.from(target.mu), warmup: 1000, draws: 1000, seed: 5, windows });
    const w = 625 / 630; // the last window now has 625 draws
    const ev = eigenvalues(
      relative(
        target.cov.map((v, i) => (i % (d + 1) === 0 ? v : w * v)),
        r.inverseMetric,
        d,
      ),
      d,
    );
    assert.ok(ev[d - 1]! / ev[0]! < 3, `metric eigenvalues relative to the shrunk Σ: ${ev[0]} … ${ev[d - 1]}`);
    const yy = r.draws.map(target.whiten);
    for (let k = 0; k < d; k++) {
      const x = yy.map((v) => v[k]!);
      const m = sum(x) / x.length;
      assert.ok(Math.abs(m) < 4 / Math.sqrt(ess([x])), `axis ${k}: mean ${m}`);
    }
    assert.equal(sum(r.stats.divergent), 0);
  });
});
