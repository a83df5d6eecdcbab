/**
 * Normalised geometric adstock truncated at lMax weeks, with its derivative in the decay, by
 * recursion: c_t = x_t + α·c_{t−1} − α^L·x_{t−L}. O(n) instead of O(n·L) — the density evaluates
 * it for every channel at every leapfrog step, so this is the hot loop of the sampler.
 */

/** Σ α^i and its derivative Σ i·α^(i−1), for i < lMax. */
function weightSums(alpha: number, lMax: number): { S: number; dS: number; aL: number; daL: number } {
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
  return { S, dS, aL: pow, daL: lMax * prev };
}

/**
 * Adstock a_t = Σ_{i<L} α^i x_{t−i} / Σ_{i<L} α^i into `a`, and ∂a_t/∂α into `da`.
 * @example
 * const a = new Float64Array(3), da = new Float64Array(3);
 * geometricAdstock(Float64Array.of(1, 0, 0), 0.5, 2, a, da); // a = [2/3, 1/3, 0]
 */
export function geometricAdstock(x: Float64Array, alpha: number, lMax: number, a: Float64Array, da: Float64Array): void {
  const { S, dS, aL, daL } = weightSums(alpha, lMax);
  const invS = 1 / S;
  const k = dS / (S * S);
  let c = 0;
  let dc = 0;
  let live = 0; // non-zero spends in the window
  for (let t = 0; t < x.length; t++) {
    const old = t >= lMax ? x[t - lMax]! : 0;
    live += (x[t] !== 0 ? 1 : 0) - (old !== 0 ? 1 : 0);
    dc = c + alpha * dc - daL * old; // uses c_{t−1}
    c = x[t]! + alpha * c - aL * old;
    // The subtraction leaves rounding dust after a flight ends; an empty window is exactly zero
    // (Hill curves with slope < 1 are steep at 0 and would amplify the dust).
    if (live === 0) c = dc = 0;
    a[t] = c * invS;
    da[t] = dc * invS - c * k;
  }
}
