/**
 * Observation models: log likelihood of the scaled target given μ, leaving ∂/∂μ_t in place of μ
 * (the density reuses the buffer) and returning ∂/∂log σ. Student-t (fixed ν) keeps outlier weeks
 * from dragging the media effects.
 */
import lgamma from "@stdlib/math-base-special-gammaln";

export type LikelihoodName = "normal" | "studentT";

export interface Likelihood {
  readonly kind: LikelihoodName;
  /** log p(y | μ, σ); overwrites `mu` with ∂log p/∂μ; writes ∂log p/∂log σ into out[0]. */
  logLik(y: Float64Array, mu: Float64Array, sigma: number, out: Float64Array): number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export const normalLikelihood: Likelihood = {
  kind: "normal",
  logLik(y, mu, sigma, out) {
    const s2 = sigma * sigma;
    let ss = 0;
    for (let t = 0; t < y.length; t++) {
      const r = y[t]! - mu[t]!;
      ss += r * r;
      mu[t] = r / s2;
    }
    out[0] = -y.length + ss / s2;
    return -y.length * (HALF_LOG_2PI + Math.log(sigma)) - ss / (2 * s2);
  },
};

/** Student-t with `nu` degrees of freedom and scale σ. */
export function studentTLikelihood(nu: number): Likelihood {
  const c = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  return {
    kind: "studentT",
    logLik(y, mu, sigma, out) {
      const ns2 = nu * sigma * sigma;
      let lp = y.length * (c - Math.log(sigma));
      let gs = -y.length;
      for (let t = 0; t < y.length; t++) {
        const r = y[t]! - mu[t]!;
        const d = ns2 + r * r;
        lp -= ((nu + 1) / 2) * Math.log1p((r * r) / ns2);
        gs += ((nu + 1) * r * r) / d;
        mu[t] = ((nu + 1) * r) / d;
      }
      out[0] = gs;
      return lp;
    },
  };
}
