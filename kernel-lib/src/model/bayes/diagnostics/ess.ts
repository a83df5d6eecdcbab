/**
 * Effective sample size (Vehtari et al. 2021, as arviz 0.x): autocorrelations combined across
 * chains, truncated by Geyer's initial positive sequence and made monotone.
 */
import { autocovariance } from "./autocov";
import { mean } from "../../../math/stats";
import { mapChains, pooled, range, quantile7, splitChains, usable, variance, zScale, type Chains } from "./normalize";

/**
 * Sum of autocorrelations (Geyer's initial monotone sequence) → τ̂; `rho(t)` is the combined
 * autocorrelation at lag t. Mirrors arviz's loop, including its index bookkeeping.
 */
function geyerTau(rho: (t: number) => number, n: number): number {
  const r = new Float64Array(n);
  let even = 1;
  let odd = rho(1);
  r[0] = even;
  r[1] = odd;
  // Initial positive sequence: stop at the first pair of lags whose sum is negative.
  let t = 1;
  while (t < n - 3 && even + odd > 0) {
    even = rho(t + 1);
    odd = rho(t + 2);
    if (even + odd >= 0) {
      r[t + 1] = even;
      r[t + 2] = odd;
    }
    t += 2;
  }
  const maxT = t - 2;
  if (even > 0) r[maxT + 1] = even; // arviz's "improve estimation" step
  // Initial monotone sequence: pair sums may not increase.
  for (t = 1; t <= maxT - 2; t += 2) {
    if (r[t + 1]! + r[t + 2]! > r[t - 1]! + r[t]!) {
      r[t + 1] = (r[t - 1]! + r[t]!) / 2;
      r[t + 2] = r[t + 1]!;
    }
  }
  if (r.some(Number.isNaN)) return NaN;
  let sum = 0;
  for (let i = 0; i <= maxT; i++) sum += r[i]!;
  return -1 + 2 * sum + r[maxT + 1]!;
}

/**
 * ESS of chains taken as they are (arviz's `_ess`): m·n / τ̂, with τ̂ bounded below by
 * 1 / log10(m·n) so that antithetic chains cannot claim an unbounded ESS.
 *
 * @example
 * essOfChains(splitChains([chain0, chain1])); // what essMean computes
 */
export function essOfChains(chains: readonly Float64Array[]): number {
  const m = chains.length;
  const n = chains[0]!.length;
  // Constant draws: arviz reports the draw count (every draw is as good as independent).
  if (range(pooled(chains)) < 1e-15) return m * n;
  const acov = chains.map(autocovariance);
  const meanAcov = (t: number): number => acov.reduce((s, a) => s + a[t]!, 0) / m;
  const meanVar = (meanAcov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chains.map(mean));
  const tau = geyerTau((t) => 1 - (meanVar - meanAcov(t)) / varPlus, n);
  const total = m * n;
  return total / Math.max(tau, 1 / Math.log10(total));
}

/**
 * Bulk ESS: ESS of the rank-normalised split chains, for the centre of the distribution
 * (means, medians). Rule of thumb: ≥ 100 per chain. NaN below 4 draws per chain.
 *
 * @example
 * essBulk([chain0, chain1, chain2, chain3]); // ≈ 4000 for 4 × 1000 independent draws
 */
export function essBulk(chains: Chains): number {
  if (!usable(chains)) return NaN;
  return essOfChains(zScale(splitChains(chains)));
}

/**
 * ESS of the indicator I(x ≤ q_p), q_p the pooled type-7 quantile: how well the p-quantile
 * is estimated (arviz's `ess(method="quantile")`).
 *
 * @example
 * essQuantile([chain0, chain1], 0.05);
 */
export function essQuantile(chains: Chains, p: number): number {
  if (!usable(chains)) return NaN;
  const q = quantile7(pooled(chains), p);
  return essOfChains(splitChains(mapChains(chains, (x) => (x <= q ? 1 : 0))));
}

/**
 * Tail ESS: min of the 5% and 95% quantile ESS, for interval endpoints. NaN below 4 draws.
 *
 * @example
 * essTail([chain0, chain1, chain2, chain3]);
 */
export function essTail(chains: Chains): number {
  if (!usable(chains)) return NaN;
  return Math.min(essQuantile(chains, 0.05), essQuantile(chains, 0.95));
}

/**
 * Classic ESS for the mean: split chains, no rank normalisation (arviz's `method="mean"`);
 * what the MCSE of the mean uses. NaN below 4 draws.
 *
 * @example
 * essMean([chain0, chain1, chain2, chain3]);
 */
export function essMean(chains: Chains): number {
  if (!usable(chains)) return NaN;
  return essOfChains(splitChains(chains));
}
