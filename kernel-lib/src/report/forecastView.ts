/**
 * A forecast with its chart recorded in the analysis under the key "forecast" (tied to the current
 * fit, so a refit drops it), for the notebook, the side panel and the `forecast` tool alike.
 */
import type { MMMEngine } from "../engine";
import type { FigureEntry } from "../analysis/analysis";
import type { Frame } from "../data/polars";
import { observedTail, type Forecast, type ForecastInput } from "../model/forecast";
import { forecastFigure } from "./charts/forecast";
import { geoObservedTail } from "../engineGeo";

/**
 * Forecast a plan (or new rows) with the named or current model, and draw it after the last year of data. The geo fit
 * (current, or `model: "geo"`) forecasts a plan for the nation; new rows are always the national models'.
 */
export function forecastWithChart(engine: MMMEngine, input: ForecastInput | Frame | Record<string, unknown>[], opts: { model?: "ridge" | "bayesian" | "geo"; seed?: number } = {}): { forecast: Forecast; figure: FigureEntry } {
  const rows = Array.isArray(input) || !isPlan(input);
  const national = opts.model === "geo" ? undefined : opts.model;
  const forecast = rows ? engine.predict(input as Frame | Record<string, unknown>[], { ...opts, model: national }) : engine.forecast({ seed: opts.seed, ...(input as ForecastInput) }, opts);
  const history = forecast.model === "geo" ? geoObservedTail(engine.analysis) : observedTail(engine.analysis.fit(national));
  const figure = engine.analysis.setFigure("forecast", forecastFigure(forecast, { history }));
  return { forecast, figure };
}

/** A plan object, as opposed to a polars frame of new rows. */
function isPlan(x: object): x is ForecastInput {
  return !("columns" in x && "height" in x) && !("collectSync" in x);
}
