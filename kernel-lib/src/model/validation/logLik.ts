/**
 * Pointwise log-likelihood of a Bayesian MMM: log p(y_t | θ_s) for every draw s and week t, under the
 * model's own observation model (Normal, or Student-t with its ν) on the max-scaled KPI the density
 * fits — what PSIS-LOO needs. Lift tests are extra likelihood terms, not weeks: they are left out.
 * Sums over weeks equal the likelihood term of the density (test/unit/model/validation).
 */
import lgamma from "@stdlib/math-base-special-gammaln";
import type { BayesMmmDensity } from "../bayes/mmmDensity";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log p(y | μ, σ) of one week, for the density's likelihood (Student-t at the draw's ν, fixed or sampled). */
function weekLogLik(density: BayesMmmDensity, nu = 5): (r: number, sigma: number) => number {
  if (density.options.likelihood !== "studentT") return (r, sigma) => -HALF_LOG_2PI - Math.log(sigma) - (r * r) / (2 * sigma * sigma);
  const c = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  return (r, sigma) => c - Math.log(sigma) - ((nu + 1) / 2) * Math.log1p((r * r) / (nu * sigma * sigma));
}

/**
 * `out[s][t]` = log p(y_t | draw s) on the scaled KPI (draws in the order given, e.g. all chains pooled).
 * @example
 * const ll = pointwiseLogLik(fit.posterior.density, fit.posterior.draws); // draws × weeks
 */
export function pointwiseLogLik(density: BayesMmmDensity, draws: readonly Float64Array[]): Float64Array[] {
  const { data, n, yScale } = density;
  const ch = data.channels.map(() => new Float64Array(n));
  const base = new Float64Array(n);
  return draws.map((q) => {
    const p = density.decompose(q, ch, base);
    const lik = weekLogLik(density, p.nu);
    const out = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      let mu = base[t]!;
      for (const v of ch) mu += v[t]!;
      out[t] = lik((data.y[t]! - mu) / yScale, p.sigma);
    }
    return out;
  });
}
