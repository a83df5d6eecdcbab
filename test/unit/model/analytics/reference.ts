/** The committed statsmodels / scikit-learn reference (test/fixtures/analytics/make_reference.py). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface AnalyticsReference {
  versions: Record<string, string>;
  series: Record<string, number[]>;
  adf: { series: string; regression: "c" | "ct" | "n"; stat: number; pvalue: number; usedlag: number; nobs: number; crit: number[]; icbest: number; fixed3: { stat: number; pvalue: number; nobs: number } }[];
  mackinnonp: { tau: number; regression: "c" | "ct" | "n"; p: number }[];
  granger: { effect: string; cause: string; lags: { lag: number; F: number; pvalue: number; df_denom: number; df_num: number }[] }[];
  decompose: { series: string; period: number; trend: (number | null)[]; seasonal: (number | null)[]; resid: (number | null)[] }[];
  media: { columns: number[][]; vif: number[]; explained_variance_ratio: number[]; components: number[][] };
  mutual_information: { rho: number; x: number[]; y: number[]; ksg: number; sklearn: number; closed_form: number }[];
  stepwise: { y: number[]; media: number[]; candidates: Record<string, number[]>; base_aic: number; selected: string[]; aic: number; steps: { column: string; aic: number; tried: Record<string, number> }[] };
}

export const REF: AnalyticsReference = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "fixtures", "analytics", "reference.json"), "utf8"));

export const series = (name: string): Float64Array => Float64Array.from(REF.series[name]!);

/** |a − b| / max(|b|, floor): relative error with a floor for values near zero. */
export const relErr = (a: number, b: number, floor = 1e-12): number => Math.abs(a - b) / Math.max(Math.abs(b), floor);
