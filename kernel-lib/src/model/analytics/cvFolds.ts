/**
 * Per-fold out-of-sample metrics of rolling-origin time-series CV (the search's cvPlan /
 * crossValidate, not a second implementation): each fold refits the ridge MMM on every week before
 * its cut and predicts the next block; here each block's MAPE, R² and RMSE, and their mean and sd
 * over folds, so an analyst sees how steady the out-of-sample fit is, not only its average.
 */
import type { MediaParams } from "../media";
import type { MmmData } from "../mmmData";
import { type CvPlan, crossValidate } from "../search/cv";

export interface FoldMetrics {
  fold: number;
  /** Weeks the fold trained on (rows 0 … train − 1); it predicts rows train … train + horizon − 1. */
  train: number;
  horizon: number;
  /** Mean absolute percentage error over the predicted weeks (a fraction, weeks with KPI 0 skipped). */
  mape: number;
  /** 1 − SSE / SST about the block's own mean (negative when worse than that mean). */
  r2: number;
  rmse: number;
}

export interface MetricSummary {
  mean: number;
  sd: number;
}

export interface CvFoldReport {
  folds: FoldMetrics[];
  summary: { mape: MetricSummary; r2: MetricSummary; rmse: MetricSummary };
  /** crossValidate's NRMSE over all predicted weeks. */
  nrmse: number;
}

const meanSd = (v: readonly number[]): MetricSummary => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd };
};

/** Fold metrics of the ridge MMM at penalty `lambda` under `params` (one per channel). */
export function cvFoldMetrics(data: MmmData, params: MediaParams[], lambda: number, plan: CvPlan): CvFoldReport {
  const cv = crossValidate(data, params, lambda, plan);
  const folds = Array.from({ length: plan.folds }, (_, f): FoldMetrics => {
    const train = plan.first + f * plan.horizon;
    const y = data.y.subarray(train, train + plan.horizon);
    const sq = cv.squared.subarray(f * plan.horizon, (f + 1) * plan.horizon);
    const sse = sq.reduce((a, b) => a + b, 0);
    const ym = y.reduce((a, b) => a + b, 0) / y.length;
    const sst = y.reduce((a, b) => a + (b - ym) ** 2, 0);
    let ape = 0;
    let counted = 0;
    y.forEach((v, i) => {
      if (v !== 0) [ape, counted] = [ape + Math.sqrt(sq[i]!) / Math.abs(v), counted + 1];
    });
    return { fold: f + 1, train, horizon: plan.horizon, mape: counted ? ape / counted : Number.NaN, r2: 1 - sse / sst, rmse: Math.sqrt(sse / y.length) };
  });
  return {
    folds,
    summary: { mape: meanSd(folds.map((f) => f.mape)), r2: meanSd(folds.map((f) => f.r2)), rmse: meanSd(folds.map((f) => f.rmse)) },
    nrmse: cv.error,
  };
}

/** The same data without its control regressors (trend and seasonality kept): the "no controls" candidate. */
export function withoutControls(data: MmmData): MmmData {
  const keep = data.base.kind.map((k, j) => (k === "control" ? -1 : j)).filter((j) => j >= 0);
  return { ...data, base: { names: keep.map((j) => data.base.names[j]!), cols: keep.map((j) => data.base.cols[j]!), kind: keep.map((j) => data.base.kind[j]!) } };
}
