/**
 * Classical additive seasonal decomposition, as statsmodels' `seasonal_decompose(model="additive")`:
 * trend = centred moving average over one period (a 2×m average when the period is even), seasonal
 * = the mean detrended value at each position in the cycle, centred to sum to zero, residual = the
 * rest. The trend (and so the residual) is undefined (NaN) for half a period at each end.
 */
import { MMMError } from "../../errors";

export interface Decomposition {
  period: number;
  trend: Float64Array;
  seasonal: Float64Array;
  resid: Float64Array;
  /** Seasonal strength max(0, 1 − Var(resid) / Var(seasonal + resid)) (Hyndman & Athanasopoulos, FPP3 §4.3). */
  seasonalStrength: number;
  /** Trend strength max(0, 1 − Var(resid) / Var(trend + resid)). */
  trendStrength: number;
}

/** The centred moving average: weights 1/m, or ½/m at both ends of an even window of m + 1. */
function centredAverage(x: Float64Array, period: number): Float64Array {
  const w = period % 2 === 0 ? [0.5, ...Array<number>(period - 1).fill(1), 0.5].map((v) => v / period) : Array<number>(period).fill(1 / period);
  const half = (w.length - 1) / 2;
  const out = new Float64Array(x.length).fill(Number.NaN);
  for (let t = half; t < x.length - half; t++) {
    let s = 0;
    for (let j = 0; j < w.length; j++) s += w[j]! * x[t - half + j]!;
    out[t] = s;
  }
  return out;
}

/** Variance of the finite entries (population; only ratios are read). */
function finiteVar(a: Float64Array): number {
  const v = a.filter(Number.isFinite);
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length;
}

/**
 * Additive decomposition x = trend + seasonal + resid with the given period (52 for weekly data).
 * @example
 * const d = seasonalDecompose(kpi, 52);
 * d.seasonal.slice(0, 52); // one year's seasonal profile, summing to 0
 */
export function seasonalDecompose(x: Float64Array, period = 52): Decomposition {
  if (!Number.isInteger(period) || period < 2) throw new MMMError("INVALID_ARGUMENT", `Period ${period} is not an integer of at least 2.`, "Use 52 for weekly data, 12 for monthly, 7 for daily.");
  if (x.length < 2 * period) throw new MMMError("INVALID_ARGUMENT", `A decomposition with period ${period} needs two full cycles (${2 * period} rows); the series has ${x.length}.`, "Use a shorter period or a longer series.");
  if (!x.every(Number.isFinite)) throw new MMMError("NOT_NUMERIC", "The series has missing or non-finite values.", "Fill or drop them before decomposing.");
  const trend = centredAverage(x, period);
  const detrended = x.map((v, t) => v - trend[t]!);
  const means = Array.from({ length: period }, (_, i) => {
    let s = 0;
    let c = 0;
    for (let t = i; t < x.length; t += period) if (Number.isFinite(detrended[t])) [s, c] = [s + detrended[t]!, c + 1];
    return s / c;
  });
  const centre = means.reduce((s, v) => s + v, 0) / period;
  const seasonal = Float64Array.from(x, (_, t) => means[t % period]! - centre);
  const resid = detrended.map((v, t) => v - seasonal[t]!);
  const strength = (other: Float64Array) => Math.max(0, 1 - finiteVar(resid) / finiteVar(other.map((v, t) => v + resid[t]!)));
  return { period, trend, seasonal, resid, seasonalStrength: strength(seasonal), trendStrength: strength(trend) };
}
