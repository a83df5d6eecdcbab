/**
 * The target of the sampler: a log density on ℝ^dim with its gradient, and the rule that splits
 * density failures into recoverable ones (the trajectory left the support: a divergence) and fatal
 * ones (a bug or a user error: sampling stops).
 */
import { MMMError } from "../../errors";

/**
 * An unnormalised log density with its gradient, on unconstrained parameters.
 * `logpGrad` returns log p(q) and writes ∂log p/∂q into `grad`. Outside the support it returns
 * `-Infinity` (or NaN) or throws an ordinary `Error`: the sampler treats that as a divergence.
 * Throwing an `MMMError`, `TypeError`, `ReferenceError` or `SyntaxError` is fatal.
 * @example
 * const stdNormal: LogDensity = {
 *   dim: 2,
 *   logpGrad(q, grad) { grad[0] = -q[0]!; grad[1] = -q[1]!; return -0.5 * (q[0]! ** 2 + q[1]! ** 2); },
 * };
 */
export interface LogDensity {
  readonly dim: number;
  logpGrad(q: Float64Array, grad: Float64Array): number;
}

/** True for errors that must stop sampling rather than count as a divergence. */
export function isFatalDensityError(err: unknown): boolean {
  return err instanceof MMMError || err instanceof TypeError || err instanceof ReferenceError || err instanceof SyntaxError;
}

/**
 * log p(q) with its gradient in `grad`; `-Infinity` for any recoverable failure (a throw that is not
 * fatal, a non-finite log density, a non-finite gradient). Fatal errors are rethrown.
 */
export function evaluateLogDensity(density: LogDensity, q: Float64Array, grad: Float64Array): number {
  let lp: number;
  try {
    lp = density.logpGrad(q, grad);
  } catch (err) {
    if (isFatalDensityError(err)) throw err;
    return -Infinity;
  }
  if (!Number.isFinite(lp)) return -Infinity;
  for (let i = 0; i < grad.length; i++) if (!Number.isFinite(grad[i]!)) return -Infinity;
  return lp;
}
