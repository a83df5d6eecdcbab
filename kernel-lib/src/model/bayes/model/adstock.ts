/**
 * Normalised geometric adstock truncated at lMax weeks, with its derivative in the decay, by
 * recursion: c_t = x_t + α·c_{t−1} − α^L·x_{t−L}. O(n) instead of O(n·L) — the density evaluates
 * it for every channel at every leapfrog step, so this is the hot loop of the sampler. The series
 * kernels in series.ts run the recursion inside their own loop (one pass per channel, nothing stored
 * but the outputs); here are the parts that do not depend on the parameters, and the coefficients.
 */

/** A channel's spend prepared once for the recursion. */
export interface AdstockInput {
  readonly n: number;
  readonly lMax: number;
  /** The spend with lMax leading zeros: x_t is xp[t + lMax], x_{t−L} is xp[t]. */
  readonly xp: Float64Array;
  /**
   * 0 where the window x_{t−L+1..t} holds no spend, else 1. The subtraction leaves rounding dust
   * after a flight ends; an empty window is exactly zero (Hill curves with slope < 1 are steep at 0
   * and would amplify the dust), so the recursion multiplies its state by this.
   */
  readonly keep: Float64Array;
}

/** The parameter-free part of a channel's adstock. */
export function adstockInput(x: Float64Array, lMax: number): AdstockInput {
  const n = x.length;
  const xp = new Float64Array(n + lMax);
  xp.set(x, lMax);
  const keep = new Float64Array(n);
  let live = 0; // non-zero spends in the window
  for (let t = 0; t < n; t++) {
    live += (x[t] !== 0 ? 1 : 0) - (xp[t] !== 0 ? 1 : 0);
    keep[t] = live === 0 ? 0 : 1;
  }
  return { n, lMax, xp, keep };
}

/** Coefficient slots written by `adstockCoefficients`. */
export const INV_S = 0,
  DS_OVER_S2 = 1,
  A_L = 2,
  DA_L = 3;

/**
 * With S = Σ_{i<L} α^i and S' = Σ i·α^(i−1): writes [1/S, S'/S², α^L, L·α^(L−1)] into `out`, so
 * that a_t = c_t/S and ∂a_t/∂α = dc_t/S − c_t·S'/S² where dc = ∂c/∂α.
 */
export function adstockCoefficients(alpha: number, lMax: number, out: Float64Array): void {
  let S = 0;
  let dS = 0;
  let pow = 1;
  let prev = 0;
  for (let i = 0; i < lMax; i++) {
    S += pow;
    dS += i * prev;
    prev = pow;
    pow *= alpha;
  }
  // pow = α^L, prev = α^(L−1)
  out[INV_S] = 1 / S;
  out[DS_OVER_S2] = dS / (S * S);
  out[A_L] = pow;
  out[DA_L] = lMax * prev;
}
