/**
 * Priors of the Bayesian MMM (PyMC-Marketing defaults, on the max-scaled target) and the log
 * densities they use, written out because they run inside the gradient loop (checked against
 * @stdlib densities in the tests).
 */
import lgamma from "@stdlib/math-base-special-gammaln";

/** Prior parameters. Scales refer to the target divided by its maximum. */
export interface BayesPriors {
  /** Intercept ~ Normal(0, intercept). */
  intercept: number;
  /** Channel effect β ~ HalfNormal(beta). */
  beta: number;
  /** Logistic λ ~ Gamma(lamShape, lamRate). */
  lamShape: number;
  lamRate: number;
  /** Hill κ ~ HalfNormal(kappa), slope ~ HalfNormal(slope) (adstocked spend is scaled to max 1). */
  kappa: number;
  slope: number;
  /** Adstock decay ~ Beta(decayA, decayB). */
  decayA: number;
  decayB: number;
  /** Controls, trend and Fourier coefficients (standardised regressors) ~ Normal(0, base). */
  base: number;
  /** Noise σ ~ HalfNormal(sigma). */
  sigma: number;
}

export const DEFAULT_PRIORS: BayesPriors = { intercept: 2, beta: 2, lamShape: 3, lamRate: 1, kappa: 1.5, slope: 1.5, decayA: 1, decayB: 3, base: 1, sigma: 2 };

/** A channel's ROAS prior, LogNormal matched to this mean and sd (Meridian's ROI calibration). */
export interface RoasPrior {
  mean: number;
  sd: number;
}

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_2 = Math.log(2);

export const normalLogpdf = (x: number, mu: number, s: number): number => -0.5 * LOG_2PI - Math.log(s) - ((x - mu) * (x - mu)) / (2 * s * s);
export const halfNormalLogpdf = (x: number, s: number): number => LOG_2 + normalLogpdf(x, 0, s);

/**
 * The last log-normaliser computed, keyed by its parameters: the density evaluates the same prior
 * for every channel at every gradient, and three log-gamma functions per channel cost ~5% of it.
 */
let betaKey = [Number.NaN, Number.NaN], betaLogNorm = 0;
let gammaKey = [Number.NaN, Number.NaN], gammaLogNorm = 0;

export function betaLogpdf(x: number, a: number, b: number): number {
  if (a !== betaKey[0] || b !== betaKey[1]) [betaKey, betaLogNorm] = [[a, b], lgamma(a) + lgamma(b) - lgamma(a + b)];
  return (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - betaLogNorm;
}

export function gammaLogpdf(x: number, shape: number, rate: number): number {
  if (shape !== gammaKey[0] || rate !== gammaKey[1]) [gammaKey, gammaLogNorm] = [[shape, rate], shape * Math.log(rate) - lgamma(shape)];
  return gammaLogNorm + (shape - 1) * Math.log(x) - rate * x;
}

/** (μ, σ) of the LogNormal with this mean and sd. */
export function logNormalParams(p: RoasPrior): { mu: number; sigma: number } {
  const s2 = Math.log(1 + (p.sd * p.sd) / (p.mean * p.mean));
  return { mu: Math.log(p.mean) - s2 / 2, sigma: Math.sqrt(s2) };
}
