/** Prior terms of the geo density that read only their own parameters: the noise σ and the shared week effects. */
import { halfNormalLogpdf, normalLogpdf } from "../model/priors";

/** σ ~ HalfNormal(scale) on log σ (Jacobian included), once per σ parameter at `params` (one shared, or one per geo). */
export function logSigmaPrior(q: Float64Array, grad: Float64Array, params: readonly number[], scale: number): number {
  let lp = 0;
  for (const i of params) {
    const sigma = Math.exp(q[i]!);
    grad[i]! += 1 - (sigma * sigma) / scale ** 2;
    lp += halfNormalLogpdf(sigma, scale) + q[i]!;
  }
  return lp;
}

/** The n week effects at `at` (none when at < 0) ~ Normal(0, s), and their gradient. */
export function weekEffectsPrior(q: Float64Array, grad: Float64Array, at: number, n: number, s: number): number {
  if (at < 0) return 0;
  let ss = 0;
  for (let t = 0; t < n; t++) {
    const v = q[at + t]!;
    ss += v * v;
    grad[at + t]! -= v / (s * s);
  }
  return n * normalLogpdf(0, 0, s) - ss / (2 * s * s);
}
