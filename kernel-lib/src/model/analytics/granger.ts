/**
 * Granger causality by the F-test on the residual sums of squares, as statsmodels'
 * `grangercausalitytests` reports it under "ssr_ftest": for each lag L, yₜ on a constant and its
 * own L lags (restricted) against the same plus L lags of x (unrestricted), on the rows t ≥ L.
 */
import fCdf from "@stdlib/stats-base-dists-f-cdf";
import { MMMError } from "../../errors";
import { olsSsr, ones } from "./ols";

export interface GrangerLag {
  lag: number;
  /** F = ((SSR_r − SSR_u) / L) / (SSR_u / df). */
  f: number;
  pValue: number;
  /** Numerator and denominator degrees of freedom: L and n − L − (2L + 1). */
  dfNum: number;
  dfDenom: number;
}

/** `s` shifted back by `lag` on the rows `first`…n−1. */
const lagged = (s: Float64Array, lag: number, first: number) => s.slice(first - lag, s.length - lag);

/**
 * Does `x` help predict `y` beyond y's own past? One F-test per lag 1…maxlag.
 * @example
 * grangerCausality(kpi, tvSpend, 4).map((r) => r.pValue); // [0.16, 6.8e-22, 3.7e-20, 4.1e-19]
 */
export function grangerCausality(y: Float64Array, x: Float64Array, maxlag = 4): GrangerLag[] {
  if (x.length !== y.length) throw new MMMError("INVALID_ARGUMENT", `The two series differ in length (${y.length} and ${x.length}).`, "Pass two columns of the same table.");
  if (!Number.isInteger(maxlag) || maxlag < 1) throw new MMMError("INVALID_ARGUMENT", `maxlag ${maxlag} is not a positive integer.`, "Use e.g. maxlag: 4.");
  if (![...x, ...y].every(Number.isFinite)) throw new MMMError("NOT_NUMERIC", "A series has missing or non-finite values.", "Fill or drop them before the Granger test.");
  const n = y.length;
  if (n - maxlag - (2 * maxlag + 1) < 1) throw new MMMError("INVALID_ARGUMENT", `${n} rows are too few for ${maxlag} lags.`, `Use maxlag <= ${Math.max(1, Math.floor((n - 2) / 3))}.`);
  const out: GrangerLag[] = [];
  for (let lag = 1; lag <= maxlag; lag++) {
    const target = y.slice(lag);
    const own = [ones(n - lag), ...Array.from({ length: lag }, (_, l) => lagged(y, l + 1, lag))];
    const other = Array.from({ length: lag }, (_, l) => lagged(x, l + 1, lag));
    const ssrR = olsSsr(own, target);
    const ssrU = olsSsr([...own, ...other], target);
    const dfDenom = n - lag - (2 * lag + 1);
    const f = ((ssrR - ssrU) / ssrU / lag) * dfDenom;
    // P(F > f) = P(1/F < 1/f) with 1/F ~ F(df₂, df₁): a CDF in the lower tail keeps tiny p-values exact.
    out.push({ lag, f, pValue: f > 0 ? fCdf(1 / f, dfDenom, lag) : 1, dfNum: lag, dfDenom });
  }
  return out;
}
