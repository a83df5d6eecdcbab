/**
 * The analytic gradient of a log density against central finite differences, in every coordinate:
 * the check every density in model/bayes passes (national, geo, HSGP, lift tests, priors).
 */
import assert from "node:assert/strict";

export interface GradientDensity {
  dim: number;
  names: readonly string[];
  logpGrad(q: Float64Array, grad: Float64Array): number;
}

/** Asserts |analytic − central difference| < tol·max(1, |difference|) per coordinate at `q`; returns log p(q). */
export function assertGradientMatches(d: GradientDensity, q: Float64Array, tol = 1e-5, h = 1e-5): number {
  const grad = new Float64Array(d.dim);
  const scratch = new Float64Array(d.dim);
  const lp = d.logpGrad(q, grad);
  assert.ok(Number.isFinite(lp), `log p is ${lp}`);
  for (let i = 0; i < d.dim; i++) {
    const up = Float64Array.from(q);
    const down = Float64Array.from(q);
    up[i]! += h;
    down[i]! -= h;
    const fd = (d.logpGrad(up, scratch) - d.logpGrad(down, scratch)) / (2 * h);
    assert.ok(Math.abs(grad[i]! - fd) < tol * Math.max(1, Math.abs(fd)), `${d.names[i]}: analytic ${grad[i]} vs finite difference ${fd}`);
  }
  return lp;
}
