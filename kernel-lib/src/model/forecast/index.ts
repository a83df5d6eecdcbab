/**
 * Forecasts of a fitted model: `forecastFit(fit, input)` lays the plan after the modelled weeks
 * (schedule.ts) and runs the ridge point forecast or the Bayesian posterior predictive.
 */
import { isoDate } from "../../data/dates";
import type { Frame } from "../../data/polars";
import type { BayesPosterior } from "../bayes/bayesPosterior";
import type { MmmSpec } from "../mmmData";
import type { RidgeModel } from "../ridge/fit";
import { inputFromRows } from "./rows";
import { bayesForecast } from "./bayesForecast";
import { ridgeForecast } from "./ridgeForecast";
import type { Forecast } from "./result";
import { buildSchedule, type ForecastInput } from "./schedule";

export type { Forecast } from "./result";
export type { ForecastInput } from "./schedule";

/** The parts of a fit a forecast reads (an analysis's `Fit` is one): the fitted model and the spec it was built from. */
export type ForecastFit = { kind: "ridge"; model: RidgeModel; spec?: MmmSpec } | { kind: "bayesian"; posterior: BayesPosterior; spec?: MmmSpec };

/**
 * Forecast `fit` over the planned weeks.
 * @example
 * forecastFit(engine.analysis.current!, { spend: { tv: [5000, 5000], search: 2000 } }).mean;
 */
export function forecastFit(fit: ForecastFit, input: ForecastInput): Forecast {
  if (fit.kind === "ridge") return ridgeForecast(fit.model, buildSchedule(fit.model.data, input));
  const density = fit.posterior.density;
  return bayesForecast(density, fit.posterior.draws, buildSchedule(density.data, input), input.seed ?? 42);
}

/** The forecast of new rows (a frame or records with the model's spend, control and date columns). */
export function predictRows(fit: ForecastFit, rows: Frame | Record<string, unknown>[], opts: { seed?: number; dateCol?: string } = {}): Forecast {
  const data = fit.kind === "ridge" ? fit.model.data : fit.posterior.density.data;
  return forecastFit(fit, { ...inputFromRows(rows, data, fit.spec?.dateCol ?? opts.dateCol), seed: opts.seed });
}

/** The last `weeks` observed weeks of the fit's data (dates and KPI), drawn before a forecast. */
export function observedTail(fit: ForecastFit, weeks = 52): { dates: string[]; actual: number[] } {
  const data = fit.kind === "ridge" ? fit.model.data : fit.posterior.density.data;
  const from = Math.max(0, data.n - weeks);
  return { dates: Array.from(data.days.subarray(from), (d) => isoDate(d)), actual: Array.from(data.y.subarray(from)) };
}
