/**
 * The numeric core of media transforms: adstock (carry-over) and saturation (diminishing returns)
 * as pure functions on arrays, following PyMC-Marketing's `pymc_marketing/mmm/transformers.py`.
 * No classes and no registry here: transform objects with priors are built on top of these.
 *
 * Adstock is a causal convolution `y_t = Σ_i w_i x_{t−i}` over lags `i = 0 … lMax − 1` (the first
 * weeks only see the lags that exist: PyMC-Marketing's `ConvMode.After` with zero padding).
 */
import { MMMError } from "../../errors";

/** The two Weibull kernels: survival-based ("cdf") or density-shaped ("pdf"). */
export type WeibullKind = "cdf" | "pdf";

function invalid(what: string, hint: string, value: unknown): never {
  throw new MMMError("INVALID_ARGUMENT", what, hint, { value });
}

function checkLMax(lMax: number): void {
  if (!Number.isInteger(lMax) || lMax < 1) {
    invalid(`lMax ${String(lMax)} is not a positive integer.`, "Use the longest carry-over in periods, e.g. lMax: 8 for weekly data.", lMax);
  }
}

function checkRetention(alpha: number): void {
  if (!(alpha >= 0 && alpha < 1)) {
    invalid(`Adstock alpha ${String(alpha)} is outside [0, 1).`, "alpha is the share of the effect carried to the next period; typical values are 0.1–0.8.", alpha);
  }
}

function checkPositive(name: string, value: number, hint: string): void {
  if (!(value > 0 && Number.isFinite(value))) invalid(`${name} ${String(value)} must be a positive finite number.`, hint, value);
}

function normalized(w: Float64Array, normalize: boolean): Float64Array {
  if (!normalize) return w;
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  if (!(total > 0)) return w;
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / total;
  return w;
}

/**
 * Causal convolution `y_t = Σ_{i=0}^{min(t, L−1)} w_i x_{t−i}`, truncated at the start of the series.
 * @example
 * convolve([1, 2, 3], [1, 0.5]); // Float64Array [1, 2.5, 4]
 */
export function convolve(x: ArrayLike<number>, weights: ArrayLike<number>): Float64Array {
  const n = x.length;
  const lags = weights.length;
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    const top = Math.min(t, lags - 1);
    for (let i = 0; i <= top; i++) s += weights[i]! * x[t - i]!;
    y[t] = s;
  }
  return y;
}

/**
 * Geometric adstock weights `w_i = alpha^i`, `i = 0 … lMax − 1`; divided by their sum when `normalize`.
 * @example
 * geometricWeights(0.5, 4); // Float64Array [1, 0.5, 0.25, 0.125]
 */
export function geometricWeights(alpha: number, lMax: number, normalize = false): Float64Array {
  checkRetention(alpha);
  checkLMax(lMax);
  const w = new Float64Array(lMax);
  for (let i = 0; i < lMax; i++) w[i] = alpha ** i;
  return normalized(w, normalize);
}

/**
 * Delayed adstock weights `w_i = alpha^((i − theta)^2)`: the effect peaks `theta` periods after exposure.
 * `theta` may be fractional, in [0, lMax − 1].
 * @example
 * delayedWeights(0.5, 1, 3); // Float64Array [0.5, 1, 0.5]
 */
export function delayedWeights(alpha: number, theta: number, lMax: number, normalize = false): Float64Array {
  checkRetention(alpha);
  checkLMax(lMax);
  if (!(theta >= 0 && theta <= lMax - 1)) {
    invalid(`Delayed adstock theta ${String(theta)} is outside [0, lMax − 1 = ${lMax - 1}].`, "theta is the lag of the peak effect; raise lMax or lower theta.", theta);
  }
  const w = new Float64Array(lMax);
  for (let i = 0; i < lMax; i++) w[i] = alpha ** ((i - theta) ** 2);
  return normalized(w, normalize);
}

/**
 * Weibull adstock weights, with scale `lambda > 0` and shape `k > 0` (lags measured in periods).
 *
 * - `"cdf"` (survival kernel): `w_0 = 1`, `w_j = Π_{i=1..j} (1 − F(i)) = exp(−Σ_{i=1..j} (i/lambda)^k)`
 *   for `j = 1 … lMax − 1`, where `F` is the Weibull CDF. These are PyMC-Marketing's weights,
 *   except that PyMC-Marketing's kernel has one more trailing lag (`lMax + 1` weights in all).
 * - `"pdf"`: the Weibull density `f(t) = (k/lambda)(t/lambda)^(k−1) e^{−(t/lambda)^k}` at
 *   `t = 1 … lMax`, min–max scaled to [0, 1] as PyMC-Marketing does (so the smallest weight is
 *   exactly 0 and the largest exactly 1; with `lMax = 1`, or a flat density, the weights are all 1).
 *
 * `normalize` then divides by the sum (PyMC-Marketing ≥ 0.13 offers the same option).
 * @example
 * weibullWeights(1, 1, 3, "cdf"); // [1, e^-1, e^-3] ≈ [1, 0.368, 0.0498]
 * weibullWeights(4, 3, 6, "pdf"); // ≈ [0, 0.518, 1, 0.997, 0.521, 0.0503] (peak at lag 2)
 */
export function weibullWeights(lambda: number, k: number, lMax: number, kind: WeibullKind = "pdf", normalize = false): Float64Array {
  checkPositive("Weibull lambda (scale)", lambda, "lambda is the scale of the carry-over in periods, e.g. 2–8 for weekly data.");
  checkPositive("Weibull k (shape)", k, "k < 1 decays from the start, k > 1 gives a delayed peak; typical values 0.5–5.");
  checkLMax(lMax);
  const w = new Float64Array(lMax);
  if (kind === "cdf") {
    let logSurvival = 0;
    w[0] = 1;
    for (let j = 1; j < lMax; j++) {
      logSurvival -= (j / lambda) ** k;
      w[j] = Math.exp(logSurvival);
    }
  } else if (kind === "pdf") {
    for (let j = 0; j < lMax; j++) {
      const z = (j + 1) / lambda;
      w[j] = (k / lambda) * z ** (k - 1) * Math.exp(-(z ** k));
    }
    minMaxScale(w);
  } else {
    invalid(`Unknown Weibull kind "${String(kind)}".`, 'Use "cdf" or "pdf".', kind);
  }
  return normalized(w, normalize);
}

function minMaxScale(w: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of w) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const range = hi - lo;
  for (let i = 0; i < w.length; i++) w[i] = range > 0 ? (w[i]! - lo) / range : 1;
}

/**
 * The gradient of `normalize`, in place: `w ← w / Σw` and, for each parameter `j`,
 * `dw_j ← (dw_j Σw − w Σdw_j) / (Σw)²` (quotient rule). Leaves both unchanged when `Σw ≤ 0`, as
 * the kernels do. No allocation: the Bayesian density calls it per channel per gradient.
 */
export function normalizeWithGradient(w: Float64Array, dw: readonly Float64Array[]): void {
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i]!;
  if (!(sum > 0)) return;
  for (const d of dw) {
    let dSum = 0;
    for (let i = 0; i < w.length; i++) dSum += d[i]!;
    for (let i = 0; i < w.length; i++) d[i] = (d[i]! * sum - w[i]! * dSum) / (sum * sum);
  }
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / sum;
}

/**
 * {@link delayedWeights} (length `w.length`) into `w` with `∂w/∂alpha` into `dw[0]` and `∂w/∂theta`
 * into `dw[1]`: with `d = (i − theta)²`, `w_i = alpha^d`, `∂w_i/∂alpha = d·alpha^(d−1)`,
 * `∂w_i/∂theta = −2 (i − theta) ln(alpha) w_i`. Parameters are not checked (hot loop).
 */
export function delayedWeightsGradient(alpha: number, theta: number, w: Float64Array, dw: readonly Float64Array[], normalize: boolean): void {
  const da = dw[0]!,
    dt = dw[1]!;
  const logAlpha = Math.log(alpha);
  for (let i = 0; i < w.length; i++) {
    const d = (i - theta) ** 2;
    const wi = alpha ** d;
    w[i] = wi;
    da[i] = d === 0 ? 0 : d * alpha ** (d - 1);
    dt[i] = wi === 0 ? 0 : -2 * (i - theta) * logAlpha * wi;
  }
  if (normalize) normalizeWithGradient(w, dw);
}

/**
 * {@link weibullWeights} (length `w.length`) into `w` with `∂w/∂lambda` into `dw[0]` and `∂w/∂k`
 * into `dw[1]`. CDF: `w_j = e^{−s_j}`, `s_j = Σ_{i≤j} (i/lambda)^k`, so `∂w_j/∂lambda = w_j (k/lambda) s_j`
 * and `∂w_j/∂k = −w_j Σ_{i≤j} (i/lambda)^k ln(i/lambda)`. PDF: with `z = (j+1)/lambda`,
 * `∂f/∂lambda = f (k/lambda)(z^k − 1)`, `∂f/∂k = f (1/k + ln z (1 − z^k))`, then the min–max scaling's
 * quotient rule (its arg-min and arg-max held, as almost everywhere). Parameters are not checked.
 */
export function weibullWeightsGradient(lambda: number, k: number, kind: WeibullKind, w: Float64Array, dw: readonly Float64Array[], normalize: boolean): void {
  const dl = dw[0]!,
    dk = dw[1]!;
  const n = w.length;
  if (kind === "cdf") {
    let logSurvival = 0,
      sumLog = 0;
    w[0] = 1;
    dl[0] = dk[0] = 0;
    for (let j = 1; j < n; j++) {
      const p = (j / lambda) ** k;
      logSurvival -= p;
      sumLog += p * Math.log(j / lambda);
      const wj = Math.exp(logSurvival);
      w[j] = wj;
      dl[j] = (wj * k * -logSurvival) / lambda;
      dk[j] = -wj * sumLog;
    }
  } else {
    let lo = 0,
      hi = 0;
    for (let j = 0; j < n; j++) {
      const z = (j + 1) / lambda;
      const zk = z ** k;
      const f = (k / lambda) * z ** (k - 1) * Math.exp(-zk);
      const logZ = Math.log(z);
      w[j] = f;
      dl[j] = ((f * k) / lambda) * (zk - 1);
      dk[j] = f * (1 / k + logZ * (1 - zk));
      if (f < w[lo]!) lo = j;
      if (f > w[hi]!) hi = j;
    }
    minMaxScaleWithGradient(w, dw, lo, hi);
  }
  if (normalize) normalizeWithGradient(w, dw);
}

/** Min–max scaling with its gradient, arg-min `lo` and arg-max `hi` given; all 1 (gradient 0) when flat. */
function minMaxScaleWithGradient(w: Float64Array, dw: readonly Float64Array[], lo: number, hi: number): void {
  const fLo = w[lo]!,
    range = w[hi]! - fLo;
  for (const d of dw) {
    if (!(range > 0)) {
      d.fill(0);
      continue;
    }
    const dLo = d[lo]!,
      dRange = d[hi]! - dLo;
    for (let i = 0; i < w.length; i++) d[i] = (d[i]! - dLo) / range - ((w[i]! - fLo) / range) * (dRange / range);
  }
  for (let i = 0; i < w.length; i++) w[i] = range > 0 ? (w[i]! - fLo) / range : 1;
}

/**
 * Geometric adstock: `y_t = Σ_{i<lMax} alpha^i x_{t−i}` (weights divided by their sum when `normalize`).
 * @example
 * geometricAdstock([1, 0, 0, 0], 0.5, 4); // Float64Array [1, 0.5, 0.25, 0.125]
 */
export function geometricAdstock(x: ArrayLike<number>, alpha: number, lMax: number, normalize = false): Float64Array {
  return convolve(x, geometricWeights(alpha, lMax, normalize));
}

/**
 * Delayed adstock (peak `theta` periods after exposure), see {@link delayedWeights}.
 * @example
 * delayedAdstock([1, 0, 0], 0.5, 1, 3); // Float64Array [0.5, 1, 0.5]
 */
export function delayedAdstock(x: ArrayLike<number>, alpha: number, theta: number, lMax: number, normalize = false): Float64Array {
  return convolve(x, delayedWeights(alpha, theta, lMax, normalize));
}

/**
 * Weibull adstock with the CDF (survival) or PDF kernel, see {@link weibullWeights} for the exact definitions.
 * @example
 * weibullAdstock([1, 0, 0], 1, 1, 3, "cdf"); // ≈ Float64Array [1, 0.368, 0.0498]
 */
export function weibullAdstock(x: ArrayLike<number>, lambda: number, k: number, lMax: number, kind: WeibullKind = "pdf", normalize = false): Float64Array {
  return convolve(x, weibullWeights(lambda, k, lMax, kind, normalize));
}

function mapNonNegative(x: ArrayLike<number>, name: string, f: (v: number) => number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < 0) {
      throw new MMMError("INVALID_ARGUMENT", `${name} got a negative input ${v} at index ${i}.`, "Saturation applies to spend or exposure, which cannot be negative; check the data for negative values.", { row: i, value: v });
    }
    y[i] = f(v);
  }
  return y;
}

/**
 * Hill saturation `x^S / (x^S + K^S)`: 0 at 0, exactly 0.5 at the half-saturation point `x = K`,
 * tending to 1; `S > 1` gives an S-shape. Same as PyMC-Marketing's `hill_function(x, slope=S, kappa=K)`.
 * @example
 * hillSaturation([0, 0.5, 1], 0.5, 2); // Float64Array [0, 0.5, 0.8]
 */
export function hillSaturation(x: ArrayLike<number>, K: number, S: number): Float64Array {
  checkPositive("Hill K (half-saturation)", K, "K is the input at which half the maximum effect is reached, e.g. 0.5 for max-scaled spend.");
  checkPositive("Hill S (slope)", S, "S controls the shape: 1 is concave, > 1 is S-shaped; typical values 0.5–3.");
  // 1 / (1 + (K/x)^S) avoids overflow of x^S and K^S for large S.
  return mapNonNegative(x, "hillSaturation", (v) => (v === 0 ? 0 : 1 / (1 + (K / v) ** S)));
}

/**
 * Logistic saturation `(1 − e^{−lam x}) / (1 + e^{−lam x})` (= `tanh(lam x / 2)`): 0 at 0, tending to 1.
 * @example
 * logisticSaturation([0, Math.log(3)], 1); // Float64Array [0, 0.5] (to rounding)
 */
export function logisticSaturation(x: ArrayLike<number>, lam: number): Float64Array {
  checkPositive("Logistic lam", lam, "lam sets how fast the effect saturates, e.g. 0.5–5 for max-scaled spend.");
  return mapNonNegative(x, "logisticSaturation", (v) => Math.tanh((lam * v) / 2));
}

/**
 * Michaelis–Menten saturation `alpha x / (lam + x)`: `alpha` is the ceiling, reached half-way at `x = lam`.
 * @example
 * michaelisMenten([0, 2], 10, 2); // Float64Array [0, 5]
 */
export function michaelisMenten(x: ArrayLike<number>, alpha: number, lam: number): Float64Array {
  if (!(alpha >= 0 && Number.isFinite(alpha))) {
    invalid(`Michaelis–Menten alpha ${String(alpha)} must be a non-negative finite number.`, "alpha is the maximum effect (the ceiling); use 1 for a [0, 1) curve.", alpha);
  }
  checkPositive("Michaelis–Menten lam", lam, "lam is the input at which half the ceiling is reached.");
  return mapNonNegative(x, "michaelisMenten", (v) => (alpha * v) / (lam + v));
}
