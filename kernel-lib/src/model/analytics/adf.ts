/**
 * The augmented Dickey–Fuller unit-root test, as statsmodels' `adfuller` runs it: regress Δxₜ on
 * the lagged level xₜ₋₁, the deterministic terms and p lagged differences; p chosen by AIC over
 * 0…maxlag on a common sample (Schwert's maxlag = ⌈12 (n/100)^¼⌉ by default), then refitted on
 * the longest sample; τ is the t-value of the level, its p-value and critical values MacKinnon's.
 */
import { MMMError } from "../../errors";
import { type AdfRegression, mackinnonCrit, mackinnonP } from "./mackinnon";
import { ols } from "./ols";

export type { AdfRegression };

export interface AdfOptions {
  /** Deterministic terms: "c" constant (default), "ct" constant and trend, "n" none. */
  regression?: AdfRegression;
  /** The most lagged differences tried (Schwert's rule when omitted). */
  maxlag?: number;
  /** "aic" picks the lag by AIC (default); "fixed" uses maxlag. */
  autolag?: "aic" | "fixed";
}

export interface AdfResult {
  statistic: number;
  pValue: number;
  usedLag: number;
  /** Rows in the final regression. */
  nobs: number;
  /** Critical values of τ at 1%, 5%, 10% (MacKinnon 2010, for this nobs). */
  critical: { "1%": number; "5%": number; "10%": number };
  /** The best AIC when the lag was chosen by AIC. */
  icBest?: number;
  regression: AdfRegression;
}

const trendTerms = (regression: AdfRegression) => (regression === "n" ? 0 : regression.length);

/** The regressors for rows i = first…n−2 of the differences: trend terms, level, `lags` lagged differences. */
function design(x: Float64Array, dx: Float64Array, first: number, lags: number, regression: AdfRegression): { cols: Float64Array[]; y: Float64Array } {
  const m = dx.length - first;
  const cols: Float64Array[] = [];
  if (regression !== "n") cols.push(new Float64Array(m).fill(1));
  if (regression === "ct") cols.push(Float64Array.from({ length: m }, (_, r) => r + 1));
  cols.push(x.subarray(first, first + m).slice());
  for (let l = 1; l <= lags; l++) cols.push(dx.subarray(first - l, first - l + m).slice());
  return { cols, y: dx.subarray(first).slice() };
}

function defaultMaxlag(n: number, ntrend: number): number {
  const lag = Math.min(Math.floor(n / 2) - ntrend - 1, Math.ceil(12 * (n / 100) ** 0.25));
  if (lag < 0) throw new MMMError("INVALID_ARGUMENT", `A series of ${n} values is too short for the ADF test.`, "Use at least 8 observations.");
  return lag;
}

/**
 * Augmented Dickey–Fuller test of H₀ "x has a unit root" against "x is stationary".
 * @example
 * adfTest(kpi).pValue; // 0.61 for a trending KPI: cannot reject a unit root
 * adfTest(kpi, { regression: "ct" }).pValue; // 7.6e-5 around a linear trend
 */
export function adfTest(x: Float64Array, opts: AdfOptions = {}): AdfResult {
  const regression = opts.regression ?? "c";
  const n = x.length;
  if (!x.every(Number.isFinite)) throw new MMMError("NOT_NUMERIC", "The series has missing or non-finite values.", "Fill or drop them before the ADF test.");
  if (Math.max(...x) === Math.min(...x)) throw new MMMError("INVALID_ARGUMENT", "The series is constant.", "The ADF test needs a series that varies.");
  const ntrend = trendTerms(regression);
  const limit = Math.floor(n / 2) - ntrend - 1;
  if (opts.maxlag !== undefined && opts.maxlag > limit) throw new MMMError("INVALID_ARGUMENT", `maxlag ${opts.maxlag} is too large for ${n} values.`, `Use maxlag <= ${Math.max(0, limit)}.`);
  const maxlag = opts.maxlag ?? defaultMaxlag(n, ntrend);
  const dx = Float64Array.from({ length: n - 1 }, (_, i) => x[i + 1]! - x[i]!);
  let usedLag = maxlag;
  let icBest: number | undefined;
  if ((opts.autolag ?? "aic") === "aic") {
    // Every candidate on the same rows (first = maxlag), so the AICs compare; ties keep the shorter lag.
    for (let lags = 0; lags <= maxlag; lags++) {
      const { cols, y } = design(x, dx, maxlag, lags, regression);
      const aic = ols(cols, y).aic;
      if (icBest === undefined || aic < icBest) [icBest, usedLag] = [aic, lags];
    }
  }
  const { cols, y } = design(x, dx, usedLag, usedLag, regression);
  const fit = ols(cols, y);
  const statistic = fit.t[ntrend]!;
  const [c1, c5, c10] = mackinnonCrit(regression, fit.nobs);
  return { statistic, pValue: mackinnonP(statistic, regression), usedLag, nobs: fit.nobs, critical: { "1%": c1, "5%": c5, "10%": c10 }, ...(icBest === undefined ? {} : { icBest }), regression };
}
