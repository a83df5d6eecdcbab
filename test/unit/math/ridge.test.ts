import { strict as assert } from "node:assert";
import { inverse, Matrix, solve } from "ml-matrix";
import { ridgeFit, ridgeGcv, ridgeTimeSeriesCv } from "../../../kernel-lib/src/math/ridge";
import { createRng } from "../../../kernel-lib/src/math/random";

/** y = 3 + 2·x0 − 1·x1 + 0.5·x2 + noise. */
function problem(n: number, noise: number, seed = 1) {
  const rng = createRng(seed);
  const p = 3;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < p; c++) x[r * p + c] = rng.normal(c, 1 + c);
    y[r] = 3 + 2 * x[r * p]! - x[r * p + 1]! + 0.5 * x[r * p + 2]! + rng.normal(0, noise);
  }
  return { x, y, n, p };
}

/** Independent reference: standardise with ml-matrix and solve (ZᵀZ + λnI)β = Zᵀy directly. */
function reference(pr: ReturnType<typeof problem>, lambda: number) {
  const X = new Matrix(Array.from({ length: pr.n }, (_, r) => Array.from(pr.x.subarray(r * pr.p, (r + 1) * pr.p))));
  const mean = X.mean("column");
  const sd = X.standardDeviation("column", { unbiased: false });
  const Z = X.clone().subRowVector(mean).divRowVector(sd);
  const ym = pr.y.reduce((a, b) => a + b, 0) / pr.n;
  const yc = Matrix.columnVector(Array.from(pr.y, (v) => v - ym));
  const A = Z.transpose()
    .mmul(Z)
    .add(Matrix.eye(pr.p).mul(lambda * pr.n));
  const beta = solve(A, Z.transpose().mmul(yc)).to1DArray();
  const coef = beta.map((b, j) => b / sd[j]!);
  const hat = Z.mmul(inverse(A)).mmul(Z.transpose());
  return { coef, intercept: ym - coef.reduce((a, c, j) => a + c * mean[j]!, 0), df: hat.trace() };
}

describe("math/ridge", () => {
  it("matches an independent ml-matrix solution at a fixed penalty (coefficients, intercept, df)", () => {
    const pr = problem(80, 0.5);
    for (const lambda of [1e-8, 0.01, 0.5]) {
      const fit = ridgeFit(pr, lambda);
      const ref = reference(pr, lambda);
      fit.coef.forEach((c, j) => assert.ok(Math.abs(c - ref.coef[j]!) < 1e-8, `λ=${lambda} coef ${j}`));
      assert.ok(Math.abs(fit.intercept - ref.intercept) < 1e-8);
      assert.ok(Math.abs(fit.df - ref.df) < 1e-8);
    }
  });

  it("recovers the true coefficients with low noise and a tiny penalty", () => {
    const fit = ridgeFit(problem(200, 0.01), 1e-9);
    assert.deepEqual(
      Array.from(fit.coef, (c) => Math.round(c * 100) / 100),
      [2, -1, 0.5],
    );
    assert.ok(Math.abs(fit.intercept - 3) < 0.01);
  });

  it("pins a constrained coefficient at zero and refits the rest (equal to OLS without that column)", () => {
    const pr = problem(150, 0.2);
    const fit = ridgeFit({ ...pr, nonNegative: [true, true, true] }, 1e-9);
    assert.deepEqual(fit.zeroed, [1]);
    assert.equal(fit.coef[1], 0);
    const reduced = { n: pr.n, p: 2, y: pr.y, x: Float64Array.from({ length: pr.n * 2 }, (_, i) => pr.x[Math.floor(i / 2) * 3 + (i % 2 === 0 ? 0 : 2)]!) };
    const ref = reference(reduced, 1e-9);
    assert.ok(Math.abs(fit.coef[0]! - ref.coef[0]!) < 1e-6 && Math.abs(fit.coef[2]! - ref.coef[1]!) < 1e-6);
  });

  it("constant columns get a zero coefficient instead of a singular system", () => {
    const pr = problem(60, 0.3);
    for (let r = 0; r < pr.n; r++) pr.x[r * pr.p + 2] = 7;
    const fit = ridgeFit(pr, 1e-6);
    assert.equal(fit.coef[2], 0);
    assert.ok(fit.zeroed.includes(2));
  });

  it("GCV along the path equals the brute-force GCV (hat-matrix trace), and picks a small penalty for clean data", () => {
    const pr = problem(60, 1);
    const g = ridgeGcv(pr);
    for (const pt of [g.path[5]!, g.path[30]!, g.path[45]!]) {
      const ref = reference(pr, pt.lambda);
      const rss = pr.y.reduce((a, y, r) => a + (y - ref.intercept - ref.coef.reduce((s, c, j) => s + c * pr.x[r * pr.p + j]!, 0)) ** 2, 0);
      const brute = (pr.n * rss) / (pr.n - 1 - ref.df) ** 2;
      assert.ok(Math.abs(pt.gcv - brute) / brute < 1e-8, `λ=${pt.lambda}`);
    }
    assert.ok(g.lambda < 0.05);
    assert.equal(g.gcv, Math.min(...g.path.map((p) => p.gcv)));
  });

  it("time-series CV chooses a penalty and fits", () => {
    const fit = ridgeTimeSeriesCv(problem(120, 0.5));
    assert.ok(fit.lambda > 0 && Number.isFinite(fit.cvError));
    assert.ok(Math.abs(fit.coef[0]! - 2) < 0.1);
  });
});
