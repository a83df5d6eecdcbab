/**
 * Rolling-origin time-series cross-validation of a ridge MMM under given media parameters: for
 * each fold, refit on every week before the cut and predict the next block of weeks. Used to
 * choose among the search's candidate models on out-of-sample fit (in-sample NRMSE rewards any
 * parameter set flexible enough to bend the fit), and to measure how stable each channel's ROAS is
 * across folds (a large spread means the data do not identify that channel).
 */
import { ridgeFit } from "../../math/ridge";
import type { MediaParams } from "../media";
import type { MmmData } from "../mmmData";
import { buildDesign, mediaColumns } from "../ridge/design";

export interface CvOptions {
  /** Folds (default 4). */
  folds?: number;
  /** Share of the weeks, at the end, that the folds predict (default 0.3). */
  share?: number;
}

export interface CvScore {
  /** Root mean squared out-of-sample error over all predicted weeks / KPI range (an NRMSE). */
  error: number;
  /** Squared error of every predicted week, in time order (for paired comparisons). */
  squared: Float64Array;
  /** Per fold, each channel's ROAS: the fold's coefficient applied to the whole period. */
  foldRoas: number[][];
  /** Each channel's ROAS fitted on every week (at the same penalty). */
  roas: number[];
}

/** Fold layout: `first` training weeks in the first fold, then `folds` blocks of `horizon` weeks. */
export interface CvPlan {
  first: number;
  folds: number;
  horizon: number;
}

/** The fold layout for `n` weeks and `p` regressors, or undefined when the data are too short. */
export function cvPlan(n: number, p: number, opts: CvOptions = {}): CvPlan | undefined {
  const folds = opts.folds ?? 4;
  const horizon = Math.max(2, Math.floor((n * (opts.share ?? 0.3)) / folds));
  const first = n - folds * horizon;
  return first >= Math.max(20, p + 5) ? { first, folds, horizon } : undefined;
}

/** Cross-validate the ridge MMM at penalty `lambda` under `params` (one per channel, in order). */
export function crossValidate(data: MmmData, params: MediaParams[], lambda: number, plan: CvPlan): CvScore {
  const media = mediaColumns(data, params);
  const { problem: pr } = buildDesign(data, media);
  const C = data.channels.length;
  const mediaSums = media.map((m) => m.reduce((a, b) => a + b, 0));
  const squared = new Float64Array(plan.folds * plan.horizon);
  const foldRoas: number[][] = [];
  const roasOf = (coef: Float64Array) => Array.from({ length: C }, (_, i) => (coef[i]! * mediaSums[i]!) / data.channels[i]!.total);
  for (let f = 0; f < plan.folds; f++) {
    const cut = plan.first + f * plan.horizon;
    const fit = ridgeFit({ ...pr, n: cut, x: pr.x.subarray(0, cut * pr.p), y: pr.y.subarray(0, cut) }, lambda, { df: false });
    for (let r = cut; r < cut + plan.horizon; r++) {
      let yhat = fit.intercept;
      for (let c = 0; c < pr.p; c++) yhat += pr.x[r * pr.p + c]! * fit.coef[c]!;
      squared[f * plan.horizon + r - cut] = (pr.y[r]! - yhat) ** 2;
    }
    foldRoas.push(roasOf(fit.coef));
  }
  const roas = roasOf(ridgeFit(pr, lambda, { df: false }).coef);
  const range = Math.max(...data.y) - Math.min(...data.y);
  const mse = squared.reduce((a, b) => a + b, 0) / squared.length;
  return { error: Math.sqrt(mse) / range, squared, foldRoas, roas };
}

/**
 * Is `a` worse than `b` beyond noise? The mean of the paired per-week differences in squared
 * error, against `z` standard errors of that mean (weeks are paired, so the common noise cancels).
 */
export function worseBeyondNoise(a: CvScore, b: CvScore, z = 1): boolean {
  const n = a.squared.length;
  const d = Array.from(a.squared, (v, i) => v - b.squared[i]!);
  const mean = d.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1));
  return mean > z * (sd / Math.sqrt(n));
}
