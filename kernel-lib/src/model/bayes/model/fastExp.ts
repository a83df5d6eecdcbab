/**
 * e^x for the density's hot loops, within 2 ulp of Math.exp. V8 calls Math.exp as a C function,
 * which spills every live floating-point register of the loop around each call; this version is
 * plain arithmetic and two table loads, so TurboFan inlines it — 200 weeks × 8 channels evaluate
 * one exponential per channel-week per gradient.
 *
 * x = (128·m + j)·ln2/128 + r with |r| ≤ ln2/256, e^x = 2^m · 2^(j/128) · e^r, e^r by its Taylor
 * polynomial of degree 5 (truncation < 6e-19). Outside (−708, 708) (and for NaN) it is Math.exp.
 */

const N = 128;
const N_OVER_LN2 = N / Math.LN2;
/** ln 2 / 128 split so that k·LN2_HI is exact for |k| < 2^21 (fdlibm's ln2_hi has 21 trailing zero bits). */
// biome-ignore lint/correctness/noPrecisionLoss: fdlibm's literal verbatim; it parses to the intended double
const LN2_HI = 6.9314718036912381649e-1 / N;
// biome-ignore lint/correctness/noPrecisionLoss: fdlibm's literal verbatim; it parses to the intended double
const LN2_LO = 1.90821492927058770002e-10 / N;
/** 2^(j/128), j = 0…127. */
const FRACTION = Float64Array.from({ length: N }, (_, j) => 2 ** (j / N));
/** 2^m, m = −1022…1023 (index m + 1022). */
const POWER = Float64Array.from({ length: 2046 }, (_, i) => 2 ** (i - 1022));

/**
 * e^x within 2 ulp.
 * @example fastExp(1); // 2.718281828459045
 */
export function fastExp(x: number): number {
  if (!(x > -708 && x < 708)) return Math.exp(x);
  const k = Math.round(x * N_OVER_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  const q = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))); // e^r − 1
  const f = FRACTION[k & 127]!;
  return POWER[(k >> 7) + 1022]! * (f + f * q);
}
