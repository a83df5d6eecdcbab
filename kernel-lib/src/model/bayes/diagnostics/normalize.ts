/**
 * Shared steps of the rank-normalised diagnostics (Vehtari et al. 2021, as arviz 0.x):
 * input checks, chain splitting, rank normalisation, pooled median and type-7 quantiles.
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { MMMError } from "../../../errors";
import { mean, ranks } from "../../../math/stats";

/** One parameter's draws: one array per chain, all of the same length (e.g. `[chain0, chain1]`). */
export type Chains = readonly ArrayLike<number>[];

/** Fewer draws per chain than this and every diagnostic is NaN (arviz's `min_draws`). */
export const MIN_DRAWS = 4;

/**
 * True when the diagnostics are defined: at least one chain, ≥ 4 draws per chain, no NaN.
 * Throws on chains of unequal length (a caller bug, not a sampling problem).
 *
 * @example
 * usable([Float64Array.of(1, 2, 3)]); // false: fewer than 4 draws
 */
export function usable(chains: Chains): boolean {
  if (chains.length === 0) return false;
  const n = chains[0]!.length;
  for (const c of chains) {
    if (c.length !== n) {
      throw new MMMError("INVALID_ARGUMENT", `Chains have different lengths (${n} and ${c.length} draws).`, "Pass the same number of post-warmup draws for every chain.", { value: c.length });
    }
  }
  if (n < MIN_DRAWS) return false;
  for (const c of chains) for (let i = 0; i < n; i++) if (Number.isNaN(c[i]!)) return false;
  return true;
}

/**
 * Splits each chain into its first and last ⌊n/2⌋ draws (the middle draw of an odd chain is
 * dropped), first halves first, as arviz's `_split_chains`: within-chain drift then shows up
 * as disagreement between chains.
 *
 * @example
 * splitChains([Float64Array.of(1, 2, 3, 4, 5)]); // [[1, 2], [4, 5]]
 */
export function splitChains(chains: Chains): Float64Array[] {
  const n = chains[0]!.length;
  const half = Math.floor(n / 2);
  const slice = (c: ArrayLike<number>, from: number): Float64Array => {
    const out = new Float64Array(half);
    for (let i = 0; i < half; i++) out[i] = c[from + i]!;
    return out;
  };
  return [...chains.map((c) => slice(c, 0)), ...chains.map((c) => slice(c, n - half))];
}

/**
 * Sample variance, n − 1 denominator (two-pass, like `np.var(ddof=1)`).
 *
 * @example
 * variance(Float64Array.of(1, 2, 3, 4)); // 5/3
 */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return s / (x.length - 1);
}

/**
 * max − min (−Infinity for no values).
 *
 * @example
 * range(Float64Array.of(3, -1, 2)); // 4
 */
export function range(x: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i]!);
    hi = Math.max(hi, x[i]!);
  }
  return hi - lo;
}

/**
 * All chains concatenated, chain after chain.
 *
 * @example
 * pooled([Float64Array.of(1, 2), Float64Array.of(3, 4)]); // [1, 2, 3, 4]
 */
export function pooled(chains: Chains): Float64Array {
  const out = new Float64Array(chains.reduce((s, c) => s + c.length, 0));
  let k = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++) out[k++] = c[i]!;
  return out;
}

/**
 * Applies `f` to every draw, keeping the chain structure.
 *
 * @example
 * mapChains([Float64Array.of(-1, 2)], Math.abs); // [[1, 2]]
 */
export function mapChains(chains: Chains, f: (x: number) => number): Float64Array[] {
  return chains.map((c) => {
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = f(c[i]!);
    return out;
  });
}

/**
 * Rank normalisation: pooled average ranks r (ties share their mean rank), the Blom offset
 * (r − 3/8) / (S + 1/4), then the standard normal quantile, so any marginal (heavy tails,
 * infinite variance) becomes normal-looking before R-hat / ESS are computed.
 *
 * @example
 * zScale([Float64Array.of(10, 30), Float64Array.of(20, 40)]); // [[-1.05, 0.30], [-0.30, 1.05]] (rounded)
 */
export function zScale(chains: Chains): Float64Array[] {
  const r = ranks(pooled(chains));
  const c = 3 / 8;
  // Same arithmetic as arviz's _backtransform_ranks: (r - c) / (size - 2c + 1).
  const denom = r.length - 2 * c + 1;
  let k = 0;
  return chains.map((ch) => {
    const z = new Float64Array(ch.length);
    for (let i = 0; i < ch.length; i++) z[i] = normalQuantile((r[k++]! - c) / denom, 0, 1);
    return z;
  });
}

/**
 * Sample quantile of type 7 (R's default, numpy's "linear"), written as scipy's `mquantiles`
 * with alphap = betap = 1 so the float arithmetic (and so ties at the quantile) matches arviz.
 *
 * @example
 * quantile7(Float64Array.of(1, 2, 3, 4), 0.5); // 2.5
 */
export function quantile7(values: ArrayLike<number>, p: number): number {
  const x = Float64Array.from(values).sort();
  const n = x.length;
  if (n === 0) return NaN;
  if (n === 1) return x[0]!;
  const aleph = n * p + (1 - p); // n·p + m with m = alphap + p(1 − alphap − betap) = 1 − p
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return (1 - gamma) * x[k - 1]! + gamma * x[k]!;
}

/**
 * Median (mean of the two middle values for an even count), as `np.median`.
 *
 * @example
 * median(Float64Array.of(3, 1, 2, 10)); // 2.5
 */
export function median(values: ArrayLike<number>): number {
  const x = Float64Array.from(values).sort();
  const n = x.length;
  if (n === 0) return NaN;
  return n % 2 ? x[(n - 1) / 2]! : (x[n / 2 - 1]! + x[n / 2]!) / 2;
}
