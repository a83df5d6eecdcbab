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

/** Paid media's share of the KPI total, believed before the data (a mean and sd, as fractions). */
export interface MediaSharePrior {
  mean: number;
  sd: number;
}

/** Meridian's default when the KPI is not revenue (its "total paid media contribution prior"): 40% ± 20%. */
export const DEFAULT_MEDIA_SHARE: MediaSharePrior = { mean: 0.4, sd: 0.2 };

/**
 * One ROAS prior for every channel such that paid media's total contribution has the share prior's
 * mean and sd of the KPI total (Meridian's formula): mean = m·Y/Σᵢ spendᵢ, sd = s·Y/√Σᵢ spendᵢ².
 * In KPI per unit of spend, so it needs no knowledge of what the KPI is (revenue, orders, sign-ups)
 * or its currency; on a revenue KPI with media near 40% it is close to Meridian's LogNormal(0.2, 0.9).
 */
export function mediaShareRoasPrior(kpiTotal: number, spends: readonly number[], share: MediaSharePrior = DEFAULT_MEDIA_SHARE): RoasPrior {
  const sum = spends.reduce((a, v) => a + v, 0);
  const sumSq = spends.reduce((a, v) => a + v * v, 0);
  return { mean: (share.mean * kpiTotal) / sum, sd: (share.sd * kpiTotal) / Math.sqrt(sumSq) };
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
