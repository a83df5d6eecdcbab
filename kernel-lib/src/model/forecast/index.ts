/**
 * Forecasts of a fitted model: `forecastFit(fit, input)` lays the plan after the modelled weeks
 * (schedule.ts) and runs the ridge point forecast or the Bayesian posterior predictive.
 */
import type { Analysis } from "../../analysis/analysis";
import type { Fit, ModelKind } from "../../analysis/fits";
import { isoDate } from "../../data/dates";
import type { Frame } from "../../data/polars";
import { MMMError } from "../../errors";
import { inputFromRows } from "./rows";
import { bayesForecast } from "./bayesForecast";
import { ridgeForecast } from "./ridgeForecast";
import type { Forecast } from "./result";
import { buildSchedule, type ForecastInput } from "./schedule";

export type { Forecast } from "./result";
export type { ForecastInput } from "./schedule";

/**
 * Forecast `fit` over the planned weeks.
 * @example
 * forecastFit(engine.analysis.current!, { spend: { tv: [5000, 5000], search: 2000 } }).mean;
 */
export function forecastFit(fit: Fit, input: ForecastInput): Forecast {
  if (fit.kind === "ridge") return ridgeForecast(fit.model, buildSchedule(fit.model.data, input));
  const density = fit.posterior.density;
  return bayesForecast(density, fit.posterior.draws, buildSchedule(density.data, input), input.seed ?? 42);
}

/** The fit a forecast reads: the named one, else the current model. */
export function fitToForecast(analysis: Analysis, kind?: ModelKind): Fit {
  const fit = kind ? analysis[kind] : analysis.current;
  if (!fit) throw new MMMError("NO_MODEL", kind ? `No ${kind} model has been fitted (or loaded).` : "No model has been fitted (or loaded) yet.", "Fit one (runRidgeMMM / runBayesianMMM), or load a saved one with MMMEngine.load(dir).");
  return fit;
}

/** The forecast of new rows (a frame or records with the model's spend, control and date columns). */
export function predictRows(fit: Fit, rows: Frame | Record<string, unknown>[], opts: { seed?: number; dateCol?: string } = {}): Forecast {
  const data = fit.kind === "ridge" ? fit.model.data : fit.posterior.density.data;
  return forecastFit(fit, { ...inputFromRows(rows, data, fit.spec?.dateCol ?? opts.dateCol), seed: opts.seed });
}

/** The last `weeks` observed weeks of the fit's data (dates and KPI), drawn before a forecast. */
export function observedTail(fit: Fit, weeks = 52): { dates: string[]; actual: number[] } {
  const data = fit.kind === "ridge" ? fit.model.data : fit.posterior.density.data;
  const from = Math.max(0, data.n - weeks);
  return { dates: Array.from(data.days.subarray(from), (d) => isoDate(d)), actual: Array.from(data.y.subarray(from)) };
}
