/**
 * MacKinnon's response surfaces for the Dickey–Fuller τ statistic with one series (N = 1):
 * approximate p-values (MacKinnon 1994, Tables 3 and 4) and finite-sample critical values
 * (MacKinnon 2010, Table 2). Coefficients as statsmodels carries them
 * (statsmodels/tsa/adfvalues.py: tau_*_smallp, tau_*_largep, tau_star/min/max, tau_*_2010).
 *
 * MacKinnon, J. G. (1994) "Approximate asymptotic distribution functions for unit-root and
 * cointegration tests", Journal of Business & Economic Statistics 12(2), 167–176.
 * MacKinnon, J. G. (2010) "Critical values for cointegration tests", Queen's University
 * Economics Working Paper 1227.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";

/** The deterministic terms of the test regression: none, constant, constant and linear trend. */
export type AdfRegression = "n" | "c" | "ct";

interface Surface {
  /** Below `min` the p-value is 0, above `max` it is 1. */
  min: number;
  max: number;
  /** The small-p polynomial applies at or below `star`, the large-p one above it. */
  star: number;
  /** p = Φ(Σ cᵢ τⁱ), lowest power first (already scaled as statsmodels scales them). */
  small: readonly number[];
  large: readonly number[];
  /** 2010 critical values at 1%, 5%, 10%: c₀ + c₁/T + c₂/T² + c₃/T³. */
  crit: readonly (readonly number[])[];
}

const SURFACES: Record<AdfRegression, Surface> = {
  n: {
    min: -19.04,
    max: Infinity,
    star: -1.04,
    small: [0.6344, 1.2378, 3.2496e-2],
    large: [0.4797, 9.3557e-1, -0.6999e-1, 3.3066e-2],
    crit: [
      [-2.56574, -2.2358, -3.627, 0],
      [-1.941, -0.2686, -3.365, 31.223],
      [-1.61682, 0.2656, -2.714, 25.364],
    ],
  },
  c: {
    min: -18.83,
    max: 2.74,
    star: -1.61,
    small: [2.1659, 1.4412, 3.8269e-2],
    large: [1.7339, 9.3202e-1, -1.2745e-1, -1.0368e-2],
    crit: [
      [-3.43035, -6.5393, -16.786, -79.433],
      [-2.86154, -2.8903, -4.234, -40.04],
      [-2.56677, -1.5384, -2.809, 0],
    ],
  },
  ct: {
    min: -16.18,
    max: 0.7,
    star: -2.89,
    small: [3.2512, 1.6047, 4.9588e-2],
    large: [2.5261, 6.1654e-1, -3.7956e-1, -6.0285e-2],
    crit: [
      [-3.95877, -9.0531, -28.428, -134.155],
      [-3.41049, -4.3904, -9.036, -45.374],
      [-3.12705, -2.5856, -3.925, -22.38],
    ],
  },
};

const poly = (c: readonly number[], x: number) => c.reduceRight((acc, ci) => acc * x + ci, 0);

/** MacKinnon's (1994) approximate p-value of a Dickey–Fuller τ statistic (one series). */
export function mackinnonP(tau: number, regression: AdfRegression = "c"): number {
  const s = SURFACES[regression];
  if (tau > s.max) return 1;
  if (tau < s.min) return 0;
  return normalCdf(poly(tau <= s.star ? s.small : s.large, tau), 0, 1);
}

/** MacKinnon's (2010) critical values at 1%, 5% and 10% for `nobs` observations (asymptotic when omitted). */
export function mackinnonCrit(regression: AdfRegression = "c", nobs = Infinity): [number, number, number] {
  const inv = Number.isFinite(nobs) ? 1 / nobs : 0;
  const [a, b, c] = SURFACES[regression].crit.map((row) => poly(row, inv));
  return [a!, b!, c!];
}
