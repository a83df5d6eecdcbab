/**
 * Fit metrics of an MMM, with Robyn's definitions where Robyn defines them.
 */

/** Coefficient of determination 1 − RSS/TSS. */
export function r2(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i]!;
  m /= y.length;
  let rss = 0;
  let tss = 0;
  for (let i = 0; i < y.length; i++) {
    rss += (y[i]! - yhat[i]!) ** 2;
    tss += (y[i]! - m) ** 2;
  }
  return tss > 0 ? 1 - rss / tss : NaN;
}

/** Mean absolute percentage error (rows with y = 0 are skipped). */
export function mape(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  let s = 0;
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 0) continue;
    s += Math.abs((y[i]! - yhat[i]!) / y[i]!);
    k++;
  }
  return k ? s / k : NaN;
}

/** Normalised RMSE: RMSE / (max(y) − min(y)), as Robyn's `nrmse`. */
export function nrmse(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  let sse = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < y.length; i++) {
    sse += (y[i]! - yhat[i]!) ** 2;
    lo = Math.min(lo, y[i]!);
    hi = Math.max(hi, y[i]!);
  }
  return hi > lo ? Math.sqrt(sse / y.length) / (hi - lo) : NaN;
}

/**
 * Robyn's DECOMP.RSSD: the distance between each channel's share of media effect and its share of
 * spend, sqrt(Σ (effectShare − spendShare)²). Small values mean the decomposition is "plausible"
 * to a business reader; it is a tie-breaker, not a measure of truth.
 */
export function decompRssd(effects: number[], spends: number[]): number {
  const te = effects.reduce((a, b) => a + b, 0);
  const ts = spends.reduce((a, b) => a + b, 0);
  if (te <= 0 || ts <= 0) return NaN;
  return Math.sqrt(effects.reduce((a, e, i) => a + (e / te - spends[i]! / ts) ** 2, 0));
}
