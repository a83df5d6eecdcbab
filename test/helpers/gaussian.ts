/** N(μ, P⁻¹) as a sampler `LogDensity`, given its precision P (row-major d×d), counting gradient evaluations. */
import type { LogDensity } from "../../kernel-lib/src/model/bayes/density";

export function gaussianDensity(mu: ArrayLike<number>, precision: Float64Array): LogDensity & { evals: number } {
  const d = mu.length;
  const r = new Float64Array(d);
  return {
    dim: d,
    evals: 0,
    logpGrad(q, grad) {
      this.evals++;
      for (let i = 0; i < d; i++) r[i] = q[i]! - mu[i]!;
      let lp = 0;
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += precision[i * d + j]! * r[j]!;
        grad[i] = -s;
        lp -= 0.5 * r[i]! * s;
      }
      return lp;
    },
  };
}
