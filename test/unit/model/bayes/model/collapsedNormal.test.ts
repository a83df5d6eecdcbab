import { strict as assert } from "node:assert";
import { denseMarginal } from "../../../../helpers/denseMarginal";
import { createRng } from "../../../../../kernel-lib/src/math/random";
import { CollapsedNormal } from "../../../../../kernel-lib/src/model/bayes/model/collapsedNormal";

const n = 30;
const rng = createRng(3);
const cols = [new Float64Array(n).fill(1), Float64Array.from({ length: n }, (_, t) => t / n - 0.5), Float64Array.from({ length: n }, (_, t) => Math.sin(t / 3))];
const sdFixed = [2, 1, 0.5];
const sd = sdFixed;
const y = Float64Array.from({ length: n }, (_, t) => 1 + 0.3 * cols[1]![t]! + rng.normal(0, 0.2));
const mu = Float64Array.from({ length: n }, () => rng.normal(0, 0.3));

/** Independent: the n-variate Normal log density of y − μ with covariance σ²I + X diag(d²) Xᵀ, by an n × n Cholesky. */
const denseLogLik = (mu: Float64Array, sigma: number, sd: readonly number[] = sdFixed) => denseMarginal(y, mu, sigma, cols, sd);

describe("model/bayes/model/collapsedNormal", () => {
  it("with prior sds set per evaluation (setPriorSd) equals the dense marginal, and ∂/∂log dⱼ matches its central differences", () => {
    const lik = new CollapsedNormal(cols, sdFixed);
    const out = new Float64Array(1);
    const sigma = 0.3;
    for (const d of [
      [0.7, 0.2],
      [3, 1.5],
      [0.05, 0.9],
    ]) {
      lik.setPriorSd(d, 1); // the intercept keeps its 2
      const all = [2, ...d];
      const g = new Float64Array(2);
      const lp = lik.logLik(y, Float64Array.from(mu), sigma, out, g, 1);
      const ref = denseLogLik(mu, sigma, all);
      assert.ok(Math.abs(lp - ref) < 1e-9 * Math.abs(ref), `sds ${all}: ${lp} vs ${ref}`);
      const h = 1e-5;
      d.forEach((_, j) => {
        const at = (e: number) =>
          denseLogLik(
            mu,
            sigma,
            all.map((v, k) => (k === j + 1 ? v * Math.exp(e) : v)),
          );
        const fd = (at(h) - at(-h)) / (2 * h);
        assert.ok(Math.abs(g[j]! - fd) < 1e-6 * Math.max(1, Math.abs(fd)), `log d${j + 1} at ${all}: ${g[j]} vs ${fd}`);
      });
      // The fixed-prior path (no gLogD) gives the same density and σ gradient.
      const out2 = new Float64Array(1);
      assert.equal(lik.logLik(y, Float64Array.from(mu), sigma, out2), lp);
      assert.equal(out2[0], out[0]);
    }
    // Back to the constructor's sds: the first test's density again, not one drifted by the updates.
    lik.setPriorSd(sdFixed.slice(1), 1);
    assert.equal(lik.logLik(y, Float64Array.from(mu), sigma, out), new CollapsedNormal(cols, sdFixed).logLik(y, Float64Array.from(mu), sigma, out));
  });

  it("setColumns replaces columns (the dense marginal with the new ones); columnGradients match central differences in X", () => {
    const moving = [Float64Array.from({ length: n }, (_, t) => Math.cos(t / 4)), Float64Array.from({ length: n }, () => rng.normal(0, 1))];
    const all = [...cols, ...moving.map((c) => Float64Array.from(c))];
    const sds = [...sdFixed, 0.8, 0.4];
    const lik = new CollapsedNormal(all, sds);
    const sigma = 0.25;
    const out = new Float64Array(1);
    // Replace the two moving columns by other values, through the caller's own arrays.
    const mine = moving.map((c) => c.map((v) => 0.5 * v + 0.1));
    lik.setColumns(3, mine);
    const X = [...cols, ...mine];
    const gmu = Float64Array.from(mu);
    const lp = lik.logLik(y, gmu, sigma, out);
    const dense = (Xs: Float64Array[]) => denseMarginal(y, mu, sigma, Xs, sds);
    assert.ok(Math.abs(lp - dense(X)) < 1e-9 * Math.abs(lp), `${lp} vs ${dense(X)}`);
    const grads = [new Float64Array(n), new Float64Array(n)];
    lik.columnGradients(3, gmu, sigma, grads);
    const h = 1e-6;
    for (const [c, t] of [
      [0, 0],
      [0, 13],
      [1, 5],
      [1, 29],
    ] as const) {
      const at = (e: number) => dense(X.map((col, j) => (j === 3 + c ? col.map((v, k) => (k === t ? v + e : v)) : col)));
      const fd = (at(h) - at(-h)) / (2 * h);
      assert.ok(Math.abs(grads[c]![t]! - fd) < 1e-5 * Math.max(1, Math.abs(fd)), `X[${t}, ${3 + c}]: ${grads[c]![t]} vs ${fd}`);
    }
  });

  const lik = new CollapsedNormal(cols, sd);
  const out = new Float64Array(1);

  it("equals the dense multivariate Normal marginal at several σ", () => {
    for (const sigma of [0.05, 0.2, 1.5]) {
      const lp = lik.logLik(y, Float64Array.from(mu), sigma, out);
      const ref = denseLogLik(mu, sigma);
      assert.ok(Math.abs(lp - ref) < 1e-9 * Math.abs(ref), `σ ${sigma}: ${lp} vs ${ref}`);
    }
  });

  it("∂/∂μ and ∂/∂log σ match central finite differences of the dense marginal", () => {
    const sigma = 0.3;
    const g = Float64Array.from(mu);
    lik.logLik(y, g, sigma, out);
    const h = 1e-6;
    for (const t of [0, 7, 29]) {
      const up = Float64Array.from(mu);
      const down = Float64Array.from(mu);
      up[t]! += h;
      down[t]! -= h;
      const fd = (denseLogLik(up, sigma) - denseLogLik(down, sigma)) / (2 * h);
      assert.ok(Math.abs(g[t]! - fd) < 1e-5 * Math.max(1, Math.abs(fd)), `μ[${t}]: ${g[t]} vs ${fd}`);
    }
    const fdSigma = (denseLogLik(mu, sigma * Math.exp(h)) - denseLogLik(mu, sigma * Math.exp(-h))) / (2 * h);
    assert.ok(Math.abs(out[0]! - fdSigma) < 1e-5 * Math.max(1, Math.abs(fdSigma)), `log σ: ${out[0]} vs ${fdSigma}`);
  });

  it("the coefficients' conditional mean is D Xᵀ Σ⁻¹ r and draws scatter around it with covariance A⁻¹", () => {
    const sigma = 0.25;
    const m = lik.coefficients(y, mu, sigma);
    // E[b | r] = D Xᵀ Σ⁻¹ r, and Σ⁻¹ r is the marginal's ∂/∂μ (checked against the dense form above).
    const g = Float64Array.from(mu);
    lik.logLik(y, g, sigma, out);
    const fromGrad = cols.map((c, k) => sd[k]! ** 2 * c.reduce((a, v, t) => a + v * g[t]!, 0));
    m.forEach((v, k) => assert.ok(Math.abs(v - fromGrad[k]!) < 1e-9 * Math.max(1, Math.abs(v)), `b${k}: ${v} vs ${fromGrad[k]}`));
    const draws = Array.from({ length: 4000 }, (_, i) => lik.coefficients(y, mu, sigma, createRng(100 + i)));
    const mean = m.map((_, k) => draws.reduce((a, d) => a + d[k]!, 0) / draws.length);
    // Posterior sd of the intercept: (A⁻¹)₀₀ with A = XᵀX/σ² + D⁻¹, checked against the draws' sd.
    const sd0 = Math.sqrt(draws.reduce((a, d) => a + (d[0]! - mean[0]!) ** 2, 0) / draws.length);
    assert.ok(Math.abs(mean[0]! - m[0]!) < (4 * sd0) / Math.sqrt(draws.length), `draws' mean ${mean[0]} vs ${m[0]}`);
    const p = 3;
    const A = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) A[i * p + j] = cols[i]!.reduce((a, v, t) => a + v * cols[j]![t]!, 0) / sigma ** 2 + (i === j ? 1 / sd[i]! ** 2 : 0);
    // (A⁻¹)₀₀ by solving A x = e₀ (Gaussian elimination).
    const x = solve3(A, [1, 0, 0]);
    assert.ok(Math.abs(sd0 / Math.sqrt(x[0]!) - 1) < 0.05, `draw sd ${sd0} vs ${Math.sqrt(x[0]!)}`);
  });
});

function solve3(A: Float64Array, b: number[]): number[] {
  const M = [0, 1, 2].map((i) => [A[i * 3]!, A[i * 3 + 1]!, A[i * 3 + 2]!, b[i]!]);
  for (let i = 0; i < 3; i++)
    for (let j = i + 1; j < 3; j++) {
      const f = M[j]![i]! / M[i]![i]!;
      for (let k = i; k < 4; k++) M[j]![k]! -= f * M[i]![k]!;
    }
  const x = [0, 0, 0];
  for (let i = 2; i >= 0; i--) x[i] = (M[i]![3]! - [0, 1, 2].filter((k) => k > i).reduce((a, k) => a + M[i]![k]! * x[k]!, 0)) / M[i]![i]!;
  return x;
}
