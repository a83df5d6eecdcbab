import { strict as assert } from "node:assert";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { CovarianceAdaptation } from "../../../../kernel-lib/src/model/bayes/adapt/massMatrix";
import type { LogDensity } from "../../../../kernel-lib/src/model/bayes/density";
import { energy, leapfrog, phasePoint } from "../../../../kernel-lib/src/model/bayes/hamiltonian";
import { cholesky, DenseMetric } from "../../../../kernel-lib/src/model/bayes/metric";
import { sampleChain, type ChainResult } from "../../../../kernel-lib/src/model/bayes/sampler";
import { gaussianDensity } from "../../../helpers/gaussian";

/** Inverse of a symmetric positive-definite matrix via its Cholesky factor (column by column). */
function spdInverse(a: Float64Array, d: number): Float64Array {
  const l = cholesky(a, d)!;
  const out = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    for (let i = 0; i < d; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= l[i * d + k]! * x[k]!;
      x[i] = s / l[i * d + i]!;
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = x[i]!;
      for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * out[k * d + c]!;
      out[i * d + c] = s / l[i * d + i]!;
    }
  }
  return out;
}

/** N(mu, cov) as a LogDensity, counting gradient evaluations. */
function gaussian(mu: number[], cov: Float64Array): LogDensity & { evals: number } {
  return gaussianDensity(mu, spdInverse(cov, mu.length));
}

/** Crude ESS: n / (1 + 2 Σ ρ_k), summing autocorrelations in pairs until a pair sum turns negative (Geyer). */
function crudeEss(x: number[]): number {
  const n = x.length;
  const m = x.reduce((a, b) => a + b, 0) / n;
  const c = (k: number): number => {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (x[t]! - m) * (x[t + k]! - m);
    return s / n;
  };
  const c0 = c(0);
  let tau = -1;
  for (let k = 0; k + 1 < n; k += 2) {
    const pair = (c(k) + c(k + 1)) / c0;
    if (pair < 0) break;
    tau += 2 * pair;
  }
  return n / Math.max(tau, 1 / Math.log10(n));
}

function moments(draws: Float64Array[], d: number): { mean: number[]; cov: number[][] } {
  const n = draws.length;
  const mean = Array.from({ length: d }, (_, i) => draws.reduce((a, q) => a + q[i]!, 0) / n);
  const cov = mean.map((mi, i) => mean.map((mj, j) => draws.reduce((a, q) => a + (q[i]! - mi) * (q[j]! - mj), 0) / (n - 1)));
  return { mean, cov };
}

/**
 * Checks a chain against N(mu, cov): means within 4 MC standard errors, covariances within 4 MC
 * standard errors (crude ESS of the centred products) and 25% of sd_i·sd_j (a fixed bound looser than
 * 15%: with 1000 draws NUTS gives ESS ≈ 0.4·n for second moments, so the MC sd of a variance is ≈ 7%
 * and 15% on every entry of a correlated 10-d Gaussian fails for ~1 seed in 4), the adapted metric within `metricTol`·sd_i·sd_j,
 * mean acceptance statistic near 0.8 and no divergences.
 */
function checkRecovery(res: ChainResult, mu: number[], cov: Float64Array, metricTol: number): void {
  const d = mu.length;
  const { mean, cov: est } = moments(res.draws, d);
  for (let i = 0; i < d; i++) {
    const sd = Math.sqrt(cov[i * d + i]!);
    const ess = crudeEss(res.draws.map((q) => q[i]!));
    assert.ok(ess > 100, `ESS of x${i} is ${ess.toFixed(0)}`);
    assert.ok(Math.abs(mean[i]! - mu[i]!) < (4 * sd) / Math.sqrt(ess), `mean x${i}: ${mean[i]} vs ${mu[i]} (ESS ${ess.toFixed(0)})`);
    for (let j = 0; j < d; j++) {
      const scale = Math.sqrt(cov[i * d + i]! * cov[j * d + j]!);
      const prod = res.draws.map((q) => (q[i]! - mean[i]!) * (q[j]! - mean[j]!));
      const se = Math.sqrt(
        moments(
          prod.map((v) => new Float64Array([v])),
          1,
        ).cov[0]![0]! / crudeEss(prod),
      );
      const err = Math.abs(est[i]![j]! - cov[i * d + j]!);
      assert.ok(err < 4 * se && err < 0.25 * scale, `cov[${i}][${j}]: ${est[i]![j]} vs ${cov[i * d + j]} (se ${se})`);
      assert.ok(Math.abs(res.inverseMetric[i * d + j]! - cov[i * d + j]!) < metricTol * scale, `metric[${i}][${j}]: ${res.inverseMetric[i * d + j]} vs ${cov[i * d + j]}`);
    }
  }
  const acc = res.stats.acceptStat.reduce((a, b) => a + b, 0) / res.draws.length;
  assert.ok(acc > 0.75 && acc < 0.95, `mean accept stat ${acc}`);
  assert.equal(
    res.stats.divergent.reduce((a, b) => a + b, 0),
    0,
  );
}

function correlated10(): { mu: number[]; cov: Float64Array } {
  const d = 10;
  const sd = Array.from({ length: d }, (_, i) => 1 + i);
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] = (i === j ? 1 : 0.9) * sd[i]! * sd[j]!;
  return { mu: sd.map((_, i) => i - 4), cov };
}

describe("bayes/nuts sampler", () => {
  it("dense metric draws momenta with covariance M = (M⁻¹)⁻¹ and kinetic energy ½pᵀM⁻¹p", () => {
    const inv = new Float64Array([2, 0.6, 0.6, 0.5]);
    const metric = new DenseMetric(inv, 2);
    const mass = spdInverse(inv, 2);
    const rng = createRng(9);
    const p = new Float64Array(2),
      v = new Float64Array(2),
      acc: [number, number, number] = [0, 0, 0];
    const n = 40000;
    for (let k = 0; k < n; k++) {
      metric.sampleMomentum(rng, p);
      acc[0] += p[0]! ** 2 / n;
      acc[1] += (p[0]! * p[1]!) / n;
      acc[2] += p[1]! ** 2 / n;
    }
    [mass[0]!, mass[1]!, mass[3]!].forEach((m, k) => assert.ok(Math.abs(acc[k]! - m) < 0.03 * Math.sqrt(mass[0]! * mass[3]!), `E pp' ${acc[k]} vs ${m}`));
    metric.velocity(new Float64Array([1, -1]), v);
    assert.deepEqual(Array.from(v), [1.4, 0.09999999999999998]);
    assert.ok(Math.abs(metric.kinetic(new Float64Array([1, -1]), v) - 0.65) < 1e-15);
    assert.throws(() => new DenseMetric(new Float64Array([1, 2, 2, 1]), 2), /positive definite/);
  });

  it("leapfrog is reversible, volume preserving and has O(ε²) energy error on a Gaussian", () => {
    const cov = new Float64Array([1, 0.5, 0.5, 2]);
    const density = gaussian([0.3, -0.2], cov);
    const metric = new DenseMetric(new Float64Array([1.2, 0.3, 0.3, 0.8]), 2);
    const z0 = phasePoint(density, metric, new Float64Array([1, -1]), new Float64Array([0.4, 0.7]));
    let z = z0;
    for (let k = 0; k < 20; k++) z = leapfrog(density, metric, z, 0.1);
    const flipped = phasePoint(
      density,
      metric,
      z.q,
      z.p.map((v) => -v),
    );
    let back = flipped;
    for (let k = 0; k < 20; k++) back = leapfrog(density, metric, back, 0.1);
    for (let i = 0; i < 2; i++) {
      assert.ok(Math.abs(back.q[i]! - z0.q[i]!) < 1e-12);
      assert.ok(Math.abs(-back.p[i]! - z0.p[i]!) < 1e-12);
    }
    // Jacobian determinant of the one-step map (q, p) → (q', p') by central differences.
    const map = (x: number[]): number[] => {
      const y = leapfrog(density, metric, phasePoint(density, metric, new Float64Array(x.slice(0, 2)), new Float64Array(x.slice(2))), 0.3);
      return [...y.q, ...y.p];
    };
    const x0 = [1, -1, 0.4, 0.7],
      h = 1e-5;
    const jac = x0.map((_, c) => {
      const up = map(x0.map((v, k) => (k === c ? v + h : v))),
        dn = map(x0.map((v, k) => (k === c ? v - h : v)));
      return up.map((u, r) => (u - dn[r]!) / (2 * h));
    });
    assert.ok(Math.abs(det4(jac) - 1) < 1e-6, `det ${det4(jac)}`);
    const maxErr = (eps: number): number => {
      let zz = z0,
        m = 0;
      for (let k = 0; k < Math.round(2 / eps); k++) {
        zz = leapfrog(density, metric, zz, eps);
        m = Math.max(m, Math.abs(energy(zz) - energy(z0)));
      }
      return m;
    };
    const ratio = maxErr(0.1) / maxErr(0.05);
    assert.ok(ratio > 3.5 && ratio < 4.5, `energy error ratio ${ratio}`);
  });

  it("windows warm-up as Stan: slow windows end at 99, 149, 249, 449, 949 for 1000 iterations", () => {
    const ad = new CovarianceAdaptation(1, 1000);
    const ends: number[] = [];
    for (let it = 0; it < 1000; it++) if (ad.learn(new Float64Array([it % 7])) !== null) ends.push(it);
    assert.deepEqual(ends, [99, 149, 249, 449, 949]);
  });

  it("priorDraws shrinks each learned covariance toward the metric in use: (n·Σ̂ + k·current)/(n + k)", () => {
    const windows = { initBuffer: 5, baseWindow: 20, priorDraws: 10 };
    const plain = new CovarianceAdaptation(2, 1000, { ...windows, priorDraws: 0 });
    const shrunk = new CovarianceAdaptation(2, 1000, windows);
    const current = Float64Array.of(4, 1, 1, 9);
    for (let it = 0; it < 1000; it++) {
      const q = Float64Array.of(Math.sin(it), Math.cos(3 * it) + 0.5 * Math.sin(it));
      const a = plain.learn(q);
      const b = shrunk.learn(q, current);
      assert.equal(a === null, b === null);
      if (a && b) {
        assert.equal(it, 24); // first window: 20 draws
        a.forEach((v, i) => assert.ok(Math.abs(b[i]! - (20 * v + 10 * current[i]!) / 30) < 1e-12, `entry ${i}: ${b[i]}`));
        return;
      }
    }
    assert.fail("no window closed");
  });

  it("recovers a 10-d Gaussian with correlation 0.9 and scales 1..10", function () {
    const { mu, cov } = correlated10();
    const density = gaussian(mu, cov);
    const t0 = performance.now();
    const res = sampleChain(density, { init: new Float64Array(10), warmup: 1000, draws: 1000, seed: 11 });
    const sec = (performance.now() - t0) / 1000;
    console.log(`      10-d: ${sec.toFixed(2)} s, ${density.evals} gradients (${(density.evals / sec).toFixed(0)}/s), step ${res.stats.stepSize.toFixed(3)}, mean depth ${(res.stats.treeDepth.reduce((a, b) => a + b, 0) / 1000).toFixed(2)}`);
    checkRecovery(res, mu, cov, 0.3);
  });

  it("recovers a 2-d Gaussian with scales 0.1 and 100", () => {
    // Stan's regulariser adds ~1e-5 to the metric's diagonal, so scales much below 0.01 are not learned well.
    const mu = [0.5, -2e3];
    const cov = new Float64Array([0.01, 3, 3, 1e4]); // sd 0.1 and 100, correlation 0.3
    const res = sampleChain(gaussian(mu, cov), { init: new Float64Array([0, 0]), warmup: 1000, draws: 1000, seed: 5 });
    checkRecovery(res, mu, cov, 0.3);
  });

  it("is deterministic: same seed gives identical draws, another seed different ones", () => {
    const { mu, cov } = correlated10();
    const run = (seed: number): ChainResult => sampleChain(gaussian(mu, cov), { init: new Float64Array(10), warmup: 150, draws: 100, seed });
    const a = run(3),
      b = run(3),
      c = run(4);
    assert.deepEqual(a.draws, b.draws);
    assert.deepEqual(a.stats, b.stats);
    assert.deepEqual(a.inverseMetric, b.inverseMetric);
    assert.notDeepEqual(a.draws, c.draws);
  });

  it("turns -Infinity and thrown errors outside the support into divergences, fatal errors propagate", () => {
    const truncated = (mode: "inf" | "throw" | "fatal"): LogDensity => ({
      dim: 2,
      logpGrad(q, grad) {
        if (q[0]! > 1) {
          if (mode === "inf") return -Infinity;
          if (mode === "throw") throw new Error("outside support");
          throw new MMMError("INVALID_ARGUMENT", "bad model", "fix it");
        }
        grad[0] = -q[0]!;
        grad[1] = -q[1]!;
        return -0.5 * (q[0]! ** 2 + q[1]! ** 2);
      },
    });
    for (const mode of ["inf", "throw"] as const) {
      const res = sampleChain(truncated(mode), { init: new Float64Array([0, 0]), warmup: 300, draws: 300, seed: 2 });
      const div = res.stats.divergent.reduce((a, b) => a + b, 0);
      assert.ok(div > 0, `${mode}: no divergences`);
      assert.ok(res.draws.every((q) => q[0]! <= 1 && Number.isFinite(q[1]!)));
    }
    assert.throws(() => sampleChain(truncated("fatal"), { init: new Float64Array([0, 0]), warmup: 300, draws: 300, seed: 2 }), /bad model/);
    assert.throws(() => sampleChain(truncated("inf"), { init: new Float64Array([2, 0]), warmup: 10, draws: 10, seed: 2 }), /initial point/);
  });

  it("aborts via AbortSignal with an MMMError and no partial result", () => {
    const { mu, cov } = correlated10();
    const ac = new AbortController();
    let seen = 0;
    assert.throws(
      () =>
        sampleChain(gaussian(mu, cov), {
          init: new Float64Array(10),
          warmup: 100,
          draws: 100,
          seed: 1,
          signal: ac.signal,
          onProgress: (e) => {
            seen++;
            if (e.phase === "sampling" && e.iteration === 9) ac.abort();
          },
        }),
      (err: unknown) => err instanceof MMMError && /aborted at sampling iteration 10 of 100/.test(err.message),
    );
    assert.equal(seen, 110);
    ac.abort(); // already aborted: stops before the first iteration
    assert.throws(() => sampleChain(gaussian(mu, cov), { init: new Float64Array(10), warmup: 100, draws: 100, seed: 1, signal: ac.signal }), /warm-up iteration 0 of 100/);
  });

  it("caps the tree depth at maxTreeDepth", () => {
    const { mu, cov } = correlated10();
    const res = sampleChain(gaussian(mu, cov), { init: new Float64Array(10), warmup: 200, draws: 200, seed: 8, maxTreeDepth: 2 });
    assert.ok(res.stats.treeDepth.every((t) => t >= 1 && t <= 2));
    assert.ok(res.stats.nLeapfrog.every((n) => n >= 1 && n <= 3));
    assert.ok(res.stats.treeDepth.some((t) => t === 2));
  });
});

function det4(m: number[][]): number {
  const a = m.map((r) => [...r]);
  let det = 1;
  for (let c = 0; c < 4; c++) {
    let piv = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    if (piv !== c) {
      [a[c], a[piv]] = [a[piv]!, a[c]!];
      det = -det;
    }
    det *= a[c]![c]!;
    for (let r = c + 1; r < 4; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < 4; k++) a[r]![k] = a[r]![k]! - f * a[c]![k]!;
    }
  }
  return det;
}
