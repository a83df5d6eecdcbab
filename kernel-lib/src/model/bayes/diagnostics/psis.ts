/**
 * Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman, Yao & Gabry 2024, "Pareto smoothed
 * importance sampling", JMLR 25(72)), step for step as arviz 0.x `psislw`: the M = ⌈min(S/5, 3√(S/r_eff))⌉
 * largest ratios get a generalized Pareto fit (Zhang & Stephens 2009 empirical Bayes, with arviz's
 * weakly informative prior on k), are replaced by the fit's expected order statistics, and k̂ says
 * how far the importance weights can be trusted (k̂ > 0.7: not at all).
 */

/** log Σ exp(x), stable. */
export function logSumExp(x: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i]! > m) m = x[i]!;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i]! - m);
  return m + Math.log(s);
}

/**
 * Empirical-Bayes fit of a generalized Pareto to sorted, positive exceedances: k̂ (shrunk toward 0.5
 * by a prior worth 10 observations, as arviz and loo do) and σ̂.
 */
export function gpdFit(sorted: Float64Array): { k: number; sigma: number } {
  const n = sorted.length;
  const m = 30 + Math.floor(Math.sqrt(n));
  const first = sorted[Math.floor(n / 4 + 0.5) - 1]!;
  const b = Float64Array.from({ length: m }, (_, j) => (1 - Math.sqrt(m / (j + 1 - 0.5))) / (3 * first) + 1 / sorted[n - 1]!);
  const len = b.map((bj) => {
    let kj = 0;
    for (let i = 0; i < n; i++) kj += Math.log1p(-bj * sorted[i]!);
    kj /= n;
    return n * (Math.log(-bj / kj) - kj - 1);
  });
  // Weight of each b: 1 / Σ_j exp(len_j − len_i); negligible ones dropped as arviz does.
  let wsum = 0;
  let bpost = 0;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.exp(len[j]! - len[i]!);
    const w = 1 / s;
    if (!(w >= 10 * Number.EPSILON)) continue;
    wsum += w;
    bpost += b[i]! * w;
  }
  bpost /= wsum;
  let k = 0;
  for (let i = 0; i < n; i++) k += Math.log1p(-bpost * sorted[i]!);
  k /= n;
  const sigma = -k / bpost;
  return { k: (n * k + 10 * 0.5) / (n + 10), sigma };
}

/** Inverse CDF of the generalized Pareto (location 0) at p ∈ (0, 1). */
function gpInv(p: number, k: number, sigma: number): number {
  if (!(sigma > 0)) return NaN;
  return sigma * (Math.abs(k) < Number.EPSILON ? -Math.log1p(-p) : Math.expm1(-k * Math.log1p(-p)) / k);
}

/** Smoothed, normalised log weights of one point and the tail's k̂ (Infinity when the tail has ≤ 4 draws). */
export interface PsisResult {
  logWeights: Float64Array;
  k: number;
}

/**
 * PSIS of one vector of log importance ratios (for LOO: −log p(yᵢ | θˢ) over the draws).
 * @example
 * psis(Float64Array.from({ length: 1000 }, (_, s) => -Math.sin(s))).k; // small: well-behaved ratios
 */
export function psis(logRatios: ArrayLike<number>, reff = 1): PsisResult {
  const S = logRatios.length;
  const x = Float64Array.from(logRatios);
  let max = -Infinity;
  for (const v of x) if (v > max) max = v;
  for (let s = 0; s < S; s++) x[s]! -= max;
  const tailLen = Math.ceil(Math.min(S / 5, 3 * Math.sqrt(S / reff)));
  const order = Array.from({ length: S }, (_, s) => s).sort((a, b) => x[a]! - x[b]!);
  const cutoff = Math.max(x[order[Math.max(0, S - tailLen - 1)]!]!, Math.log(2.2250738585072014e-308));
  const tail = order.filter((s) => x[s]! > cutoff); // ascending
  let k = Infinity;
  if (tail.length > 4) {
    const ec = Math.exp(cutoff);
    const fit = gpdFit(Float64Array.from(tail, (s) => Math.exp(x[s]!) - ec));
    k = fit.k;
    if (Number.isFinite(k)) {
      tail.forEach((s, i) => (x[s] = Math.log(gpInv((i + 0.5) / tail.length, k, fit.sigma) + ec)));
      for (let s = 0; s < S; s++) if (x[s]! > 0) x[s] = 0; // truncate at the largest raw weight
    }
  }
  const norm = logSumExp(x);
  for (let s = 0; s < S; s++) x[s]! -= norm;
  return { logWeights: x, k };
}
