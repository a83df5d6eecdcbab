/**
 * Energy Bayesian fraction of missing information (Betancourt 2016), as arviz's `bfmi`.
 */

/**
 * E-BFMI of one chain: mean((E_t − E_{t−1})²) / var(E) (n − 1 denominator). Low values
 * (< 0.3) mean momentum resampling barely moves the energy: heavy tails or a poor metric.
 * NaN for fewer than 2 draws.
 *
 * @example
 * ebfmi(Float64Array.of(1, 3, 2, 4)); // ≈ 1.8 = mean(4, 1, 4) / var(1, 3, 2, 4) = 3 / (5/3)
 */
export function ebfmi(energy: ArrayLike<number>): number {
  const n = energy.length;
  if (n < 2) return NaN;
  let num = 0;
  for (let t = 1; t < n; t++) num += (energy[t]! - energy[t - 1]!) ** 2;
  num /= n - 1;
  let m = 0;
  for (let t = 0; t < n; t++) m += energy[t]!;
  m /= n;
  let den = 0;
  for (let t = 0; t < n; t++) den += (energy[t]! - m) ** 2;
  return num / (den / (n - 1));
}
