/**
 * Potential scale reduction factor R-hat: classic split R-hat, and the rank-normalised split
 * R-hat of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021) as arviz's `rhat(method="rank")`.
 */
import { mean } from "../../../math/stats";
import { mapChains, median, pooled, splitChains, usable, variance, zScale, type Chains } from "./normalize";

/**
 * Gelman–Rubin R-hat of chains taken as they are: √((B/W + n − 1) / n), with B = n·var(chain
 * means) and W = mean within-chain variance (both n − 1 denominators), as arviz's `_rhat`.
 * NaN for fewer than two chains or constant draws.
 *
 * @example
 * gelmanRubin([Float64Array.of(0, 1, 0, 1), Float64Array.of(5, 6, 5, 6)]); // ≫ 1: the chains sit apart
 */
export function gelmanRubin(chains: readonly ArrayLike<number>[]): number {
  if (chains.length < 2) return NaN;
  const n = chains[0]!.length;
  const between = n * variance(chains.map(mean));
  const within = mean(chains.map(variance));
  return Math.sqrt((between / within + n - 1) / n);
}

/**
 * Classic split R-hat (BDA3): Gelman–Rubin on the chains split in halves. Works for a single
 * chain (its two halves are compared); NaN below 4 draws per chain or with NaN draws.
 *
 * @example
 * splitRhat([chain0, chain1, chain2, chain3]); // ≈ 1.00 when the chains agree
 */
export function splitRhat(chains: Chains): number {
  if (!usable(chains)) return NaN;
  return gelmanRubin(splitChains(chains));
}

/**
 * Rank-normalised split R-hat: max of the bulk R-hat (on rank-normalised split chains) and
 * the tail R-hat (on rank-normalised |x − median|, which catches chains that agree in location
 * but not in scale). Recommended threshold 1.01. A single chain is split into its halves
 * (arviz returns NaN there; the arithmetic is otherwise the same). NaN below 4 draws per chain.
 *
 * @example
 * rankNormalizedSplitRhat([chain0, chain1, chain2, chain3]); // > 1.01 flags non-convergence
 */
export function rankNormalizedSplitRhat(chains: Chains): number {
  if (!usable(chains)) return NaN;
  const split = splitChains(chains);
  const bulk = gelmanRubin(zScale(split));
  // Fold around the median of the split draws (arviz folds after splitting).
  const med = median(pooled(split));
  const tail = gelmanRubin(zScale(mapChains(split, (x) => Math.abs(x - med))));
  return Math.max(bulk, tail);
}
