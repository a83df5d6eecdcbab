/**
 * Observation models: log likelihood of the scaled target given μ, leaving ∂/∂μ_t in place of μ
 * (the density reuses the buffer) and returning ∂/∂log σ. Student-t keeps outlier weeks from
 * dragging the media effects; its ν is fixed or a parameter with prior Gamma(2, 0.1) (Juárez & Steel
 * 2010, Stan's prior-choice recommendation; PyMC-Marketing's default), which lets the data say how heavy the tails are.
 */
import lgamma from "@stdlib/math-base-special-gammaln";
import { digamma } from "../../../math/digamma";

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

/** Prior of a sampled ν: Gamma(shape 2, rate 0.1) (mean 20, 5% below 3.6). */
export const NU_PRIOR = { alpha: 2, beta: 0.1 } as const;

/** log p(u) of u = log ν under `NU_PRIOR` (Jacobian included) and its derivative in u. */
export function logNuPrior(u: number): [number, number] {
  const { alpha: a, beta: b } = NU_PRIOR;
  const nu = Math.exp(u);
  return [a * Math.log(b) - lgamma(a) + a * u - b * nu, a - b * nu];
}

/** Student-t whose ν is a parameter: set `nu` before each call; also writes ∂log p/∂ν into out[1]. */
export class SampledStudentT implements Likelihood {
  readonly kind = "studentT";
  nu = 5;

  logLik(y: Float64Array, mu: Float64Array, sigma: number, out: Float64Array): number {
    const nu = this.nu;
    const n = y.length;
    const ns2 = nu * sigma * sigma;
    const c = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
    let lp = n * (c - Math.log(sigma));
    let gs = -n;
    // ∂/∂ν of the constant per week, then of −(ν+1)/2·log(1 + z) with z = r²/(νσ²) per week.
    let gn = n * (0.5 * digamma((nu + 1) / 2) - 0.5 * digamma(nu / 2) - 0.5 / nu);
    for (let t = 0; t < n; t++) {
      const r = y[t]! - mu[t]!;
      const d = ns2 + r * r;
      const z = (r * r) / ns2;
      const l1 = Math.log1p(z);
      lp -= ((nu + 1) / 2) * l1;
      gn += -0.5 * l1 + ((nu + 1) * z) / (2 * nu * (1 + z));
      gs += ((nu + 1) * r * r) / d;
      mu[t] = ((nu + 1) * r) / d;
    }
    out[0] = gs;
    out[1] = gn;
    return lp;
  }
}
