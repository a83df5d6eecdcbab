/**
 * Pointwise posterior bands: for each position (a week, a spend level) the mean and the 94% HDI
 * of that position's draws. Series are thinned to at most `MAX_BAND_DRAWS` evenly spaced draws —
 * plenty for a 94% interval, and it keeps weekly bands of long models quick.
 */
import { hdiSorted } from "../posterior";

export const MAX_BAND_DRAWS = 1000;

/** Mean and 94% HDI at every position. */
export interface Band {
  mean: number[];
  lo: number[];
  hi: number[];
}

/** Every k-th draw so that at most `max` remain (deterministic: no randomness needed). */
export function thin<T>(draws: readonly T[], max = MAX_BAND_DRAWS): T[] {
  if (draws.length <= max) return draws.slice();
  const step = draws.length / max;
  return Array.from({ length: max }, (_, i) => draws[Math.floor(i * step)]!);
}

/**
 * Bands of a set of series (one per draw, all the same length).
 * @example
 * bandOf([Float64Array.of(1, 2), Float64Array.of(3, 4)]).mean; // [2, 3]
 */
export function bandOf(series: readonly Float64Array[], prob = 0.94): Band {
  const n = series[0]?.length ?? 0;
  const col = new Float64Array(series.length);
  const band: Band = { mean: new Array(n), lo: new Array(n), hi: new Array(n) };
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let d = 0; d < series.length; d++) s += col[d] = series[d]![t]!;
    col.sort();
    const [lo, hi] = hdiSorted(col, prob);
    band.mean[t] = s / series.length;
    band.lo[t] = lo;
    band.hi[t] = hi;
  }
  return band;
}
