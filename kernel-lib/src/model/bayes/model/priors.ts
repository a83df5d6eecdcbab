/**
 * Priors of the Bayesian MMM's own parameters (PyMC-Marketing defaults, on the max-scaled target)
 * and the log densities they use, written out because they run inside the gradient loop (checked
 * against @stdlib densities in the tests). Adstock and saturation priors are not here: they are
 * the registered transforms' declared priors (overridable with `transformPriors`).
 */

/** Prior parameters. Scales refer to the target divided by its maximum. */
export interface BayesPriors {
  /** Intercept ~ Normal(0, intercept). */
  intercept: number;
  /** Channel effect β ~ HalfNormal(beta). */
  beta: number;
  /** Controls, trend and Fourier coefficients (standardised regressors) ~ Normal(0, base). */
  base: number;
  /** Noise σ ~ HalfNormal(sigma). */
  sigma: number;
}

export const DEFAULT_PRIORS: BayesPriors = { intercept: 2, beta: 2, base: 1, sigma: 2 };

/** A channel's ROAS prior, LogNormal matched to this mean and sd (Meridian's ROI calibration). */
export interface RoasPrior {
  mean: number;
  sd: number;
}

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_2 = Math.log(2);

export const normalLogpdf = (x: number, mu: number, s: number): number => -0.5 * LOG_2PI - Math.log(s) - ((x - mu) * (x - mu)) / (2 * s * s);
export const halfNormalLogpdf = (x: number, s: number): number => LOG_2 + normalLogpdf(x, 0, s);

/** (μ, σ) of the LogNormal with this mean and sd. */
export function logNormalParams(p: RoasPrior): { mu: number; sigma: number } {
  const s2 = Math.log(1 + (p.sd * p.sd) / (p.mean * p.mean));
  return { mu: Math.log(p.mean) - s2 / 2, sigma: Math.sqrt(s2) };
}
