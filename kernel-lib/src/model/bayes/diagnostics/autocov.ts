/**
 * Autocovariance of a chain at every lag, via the FFT (O(n log n) instead of O(n²), so ESS
 * stays cheap for long, slowly mixing chains).
 */

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos/sin of 2πk/m for k < m/2, computed directly (a recurrence would accumulate rounding). */
function twiddles(m: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddleCache.get(m);
  if (!t) {
    const cos = new Float64Array(m / 2);
    const sin = new Float64Array(m / 2);
    for (let k = 0; k < m / 2; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / m);
      sin[k] = Math.sin((2 * Math.PI * k) / m);
    }
    t = { cos, sin };
    twiddleCache.set(m, t);
  }
  return t;
}

/** In-place iterative radix-2 forward DFT; `re.length` must be a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const m = re.length;
  for (let i = 1, j = 0; i < m; i++) {
    let bit = m >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!;
      re[i] = re[j]!;
      re[j] = tr;
      const ti = im[i]!;
      im[i] = im[j]!;
      im[j] = ti;
    }
  }
  const { cos, sin } = twiddles(m);
  for (let len = 2; len <= m; len <<= 1) {
    const half = len >> 1;
    const stride = m / len;
    for (let start = 0; start < m; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * stride]!;
        const wi = -sin[k * stride]!;
        const a = start + k;
        const b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

/**
 * Biased autocovariance γ̂(t) = (1/n) Σ_{i<n-t} (x_i - x̄)(x_{i+t} - x̄) for every lag t < n,
 * as arviz's `autocov` (zero padding to ≥ 2n makes the circular correlation linear).
 *
 * @example
 * autocovariance(Float64Array.of(1, 2, 3, 4)); // ≈ [1.25, 0.3125, -0.375, -0.5625]
 */
export function autocovariance(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  if (n === 0) return new Float64Array(0);
  let m = 1;
  while (m < 2 * n) m <<= 1;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let i = 0; i < n; i++) re[i] = x[i]! - mean;
  fft(re, im);
  // |X|² is real and even, so its forward DFT equals m × its inverse DFT: one transform suffices.
  for (let k = 0; k < m; k++) {
    re[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    im[k] = 0;
  }
  fft(re, im);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = re[t]! / m / n;
  return out;
}
