/**
 * The forecast an analyst reads, the same shape for both models: the expected KPI per forecast
 * week with its 94% band, each channel's expected contribution (carry-over from the observed
 * weeks included), the horizon total, and — when the realised KPI is given — MAPE and how many
 * weeks the band covered.
 */
import { isoDate } from "../../data/dates";
import { mape } from "../metrics";
import type { Schedule } from "./schedule";

export interface Forecast {
  /** The model it comes from ("geo": the hierarchical geo model, summed over the geos). */
  model: "ridge" | "bayesian" | "geo";
  kpi: string;
  /** Week starts of the forecast weeks (ISO). */
  dates: string[];
  /** Planned spend per channel, per week. */
  spend: Record<string, number[]>;
  /** Expected KPI per week (posterior mean of μ for the Bayesian model, the point forecast for ridge). */
  mean: number[];
  /** 94% band of the realised KPI: posterior predictive HDI (Bayesian) or ±1.881 residual SD (ridge). */
  lo: number[];
  hi: number[];
  /** How the band was made. */
  band: string;
  /** Expected contribution per channel per week; includes the carry-over of spend before the forecast. */
  contributions: Record<string, number[]>;
  /** Horizon total of the KPI: mean and 94% band. */
  total: { mean: number; lo: number; hi: number };
  /** Realised KPI and accuracy, when `actual` was given. */
  actual?: number[];
  accuracy?: { mape: number; coverage94: number; weeks: number };
  warnings: string[];
}

/** Accuracy of a forecast against the realised KPI: MAPE of the mean and the share of weeks inside the band. */
export function accuracy(actual: readonly number[], mean: readonly number[], lo: readonly number[], hi: readonly number[]): NonNullable<Forecast["accuracy"]> {
  const inside = actual.filter((y, t) => y >= lo[t]! && y <= hi[t]!).length;
  return { mape: mape(actual, mean), coverage94: inside / actual.length, weeks: actual.length };
}

/** The parts every forecast shares, from its schedule and channel names. */
export function forecastFrame(s: Schedule, channels: readonly string[]): Pick<Forecast, "dates" | "spend"> {
  return {
    dates: Array.from(s.days, (d) => isoDate(d)),
    spend: Object.fromEntries(channels.map((c, i) => [c, Array.from(s.spend[i]!.subarray(s.n))])),
  };
}

/** The forecast with its accuracy when the realised KPI is known. */
export function withAccuracy(f: Omit<Forecast, "accuracy" | "actual">, actual?: number[]): Forecast {
  return actual ? { ...f, actual: [...actual], accuracy: accuracy(actual, f.mean, f.lo, f.hi) } : f;
}
