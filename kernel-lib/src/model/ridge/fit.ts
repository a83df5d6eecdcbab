/**
 * Fitting the ridge MMM: media transformed with per-channel parameters, the penalty chosen by GCV
 * or time-series CV (or given), media coefficients ≥ 0, metrics in and out of sample.
 */
import { MMMError } from "../../errors";
import { ridgeFit, ridgeGcv, ridgeTimeSeriesCv, type RidgeFit } from "../../math/ridge";
import { DEFAULT_MEDIA, type MediaParams } from "../media";
import { decompRssd, mape, nrmse, r2 } from "../metrics";
import type { MmmData } from "../mmmData";
import { buildDesign, mediaColumns } from "./design";

export interface RidgeOptions {
  /** Media parameters per channel name (missing channels use DEFAULT_MEDIA). */
  media?: Record<string, MediaParams>;
  /** Penalty: chosen by generalised CV (default), time-series CV, or a fixed value. */
  penalty?: "gcv" | "tscv" | number;
  /** Weeks held back at the end to measure out-of-sample error (default 10% of weeks, at most 13). */
  holdoutWeeks?: number;
}

/** A fitted ridge model with its arrays (the JSON result is built from this). */
export interface RidgeModel {
  data: MmmData;
  media: MediaParams[];
  features: Float64Array[];
  fit: RidgeFit;
  fitted: Float64Array;
  metrics: { r2: number; mape: number; nrmse: number; decompRssd: number; holdout?: { weeks: number; r2: number; mape: number; nrmse: number } };
  penalty: "gcv" | "tscv" | "fixed";
}

/** Media parameters in channel order, validated against the channel names. */
export function mediaParamsFor(data: MmmData, given: Record<string, MediaParams> = {}): MediaParams[] {
  const names = data.channels.map((c) => c.name);
  for (const k of Object.keys(given)) {
    if (!names.includes(k) && !data.excluded.some((e) => e.name === k)) throw new MMMError("INVALID_ARGUMENT", `Media parameters given for '${k}', which is not a modelled channel.`, `Channels: ${names.join(", ")}.`, { column: k });
  }
  return names.map((n) => given[n] ?? DEFAULT_MEDIA);
}

/** Fit the ridge MMM. */
export function fitRidge(data: MmmData, opts: RidgeOptions = {}): RidgeModel {
  const media = mediaParamsFor(data, opts.media);
  const features = mediaColumns(data, media);
  const design = buildDesign(data, features);
  const penalty = opts.penalty ?? "gcv";
  const fit = typeof penalty === "number" ? ridgeFit(design.problem, penalty) : penalty === "tscv" ? ridgeTimeSeriesCv(design.problem) : ridgeGcv(design.problem);
  const fitted = predict(design.problem.x, fit, data.n, design.problem.p);
  const effects = data.channels.map((_, i) => fit.coef[i]! * sum(features[i]!));
  const metrics: RidgeModel["metrics"] = {
    r2: r2(data.y, fitted),
    mape: mape(data.y, fitted),
    nrmse: nrmse(data.y, fitted),
    decompRssd: decompRssd(
      effects,
      data.channels.map((c) => c.total),
    ),
    holdout: holdoutMetrics(data, features, fit.lambda, opts.holdoutWeeks),
  };
  return { data, media, features, fit, fitted, metrics, penalty: typeof penalty === "number" ? "fixed" : penalty };
}

function holdoutMetrics(data: MmmData, features: Float64Array[], lambda: number, weeks?: number): RidgeModel["metrics"]["holdout"] {
  const h = weeks ?? Math.min(13, Math.round(data.n * 0.1));
  if (h <= 0 || data.n - h < 20) return undefined;
  const train = buildDesign(data, features, data.n - h);
  const fit = ridgeFit(train.problem, lambda, { df: false });
  const all = buildDesign(data, features);
  const yhat = predict(all.problem.x, fit, data.n, all.problem.p).subarray(data.n - h);
  const y = data.y.subarray(data.n - h);
  return { weeks: h, r2: r2(y, yhat), mape: mape(y, yhat), nrmse: nrmse(y, yhat) };
}

/** Fitted values intercept + X·coef. */
export function predict(x: Float64Array, fit: Pick<RidgeFit, "coef" | "intercept">, n: number, p: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = fit.intercept;
    for (let j = 0; j < p; j++) s += x[r * p + j]! * fit.coef[j]!;
    out[r] = s;
  }
  return out;
}

export function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}
