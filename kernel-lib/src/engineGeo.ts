/**
 * The engine's geo model (issue #15 item 1): the working table's geo panel through
 * `prepareGeoMmmData`, the hierarchical geo posterior through the NUTS sampler, the result recorded
 * in `Analysis` (`analysis.geoBayesian`, the latest fit: curves, scenarios and budgets read it). Roles come from the profile like the
 * national model's; the geo column must exist.
 */
import { MMMError } from "./errors";
import type { Analysis } from "./analysis/analysis";
import { GENERATED, type TableSource } from "./engineModels";
import { fitGeoBayesian, type GeoBayesOptions } from "./model/bayes/geo/geoFit";
import { GeoPosterior } from "./model/bayes/geo/geoPosterior";
import { geoDecomposition, type GeoDecomposition } from "./model/bayes/geo/geoDecomposition";
import { geoBayesianResult, type GeoBayesianResult } from "./model/bayes/geo/geoResult";
import { nationalFromGeo, prepareGeoMmmData, type GeoMmmSpec } from "./model/geo/geoData";
import { isoDate } from "./data/dates";
import { geoForecast } from "./model/forecast/geoForecast";
import type { Forecast } from "./model/forecast/result";
import { buildSchedule, type ForecastInput } from "./model/forecast/schedule";

/** Sampler and model options of the geo fit plus what may override the profile's roles. */
export interface GeoBayesianRequest extends GeoBayesOptions, Partial<Pick<GeoMmmSpec, "kpi" | "channels" | "controls" | "population" | "scaling" | "fourierOrder" | "trend">> {}

/** The geo panel's spec from the request and the profile's roles; INVALID_ARGUMENT without a geo column. */
export function geoSpec(table: TableSource, opts: GeoBayesianRequest): GeoMmmSpec {
  const roles = table.currentProfile().roles;
  const geoCol = table.geoCol ?? roles.geo;
  if (!geoCol) throw new MMMError("INVALID_ARGUMENT", "The data have no geo column: the geo model needs one row per geo and week.", "Load the data with geoCol (e.g. 'geo'), or fit the national model with runBayesianMMM().");
  const kpi = opts.kpi ?? table.kpiCol ?? roles.kpi;
  const dateCol = table.dateCol ?? roles.date;
  if (!kpi) throw new MMMError("INVALID_ARGUMENT", "No KPI column is known.", "Pass kpi (e.g. 'revenue') or load the data with kpiCol.");
  if (!dateCol) throw new MMMError("INVALID_ARGUMENT", "No date column is known.", "Load the data with dateCol.");
  // The geo model has no reach & frequency form yet: an R&F channel enters by its spend (not left out).
  const { channels = [...roles.channels, ...roles.rf.map((r) => r.spend)], population, scaling, fourierOrder, trend } = opts;
  const controls = opts.controls ?? roles.controls.filter((c) => !GENERATED.test(c) && c !== kpi && !channels.includes(c) && c !== population);
  return { kpi, channels, controls, dateCol, geoCol, population, scaling, fourierOrder, trend };
}

/** Weeks, channels and geos of the geo panel a fit would use (for run-time predictions). */
export function geoShape(table: TableSource, opts: GeoBayesianRequest): { weeks: number; channels: number; geos: number } {
  const data = prepareGeoMmmData(table.data, geoSpec(table, opts));
  return { weeks: data.n, channels: data.channels.length, geos: data.geos.length };
}

/** Fit the geo model on the working table and record it. */
export async function runGeoBayesian(table: TableSource, analysis: Analysis, opts: GeoBayesianRequest & { warmup: number; draws: number }): Promise<GeoBayesianResult> {
  const spec = geoSpec(table, opts);
  const data = prepareGeoMmmData(table.data, spec);
  const fit = await fitGeoBayesian(data, opts);
  const result = geoBayesianResult(fit, opts);
  analysis.recordGeoBayesian({ result, options: opts, spec, posterior: new GeoPosterior(fit.density, fit.chains, fit.params) });
  return result;
}

/** Decompositions already computed, per geo posterior (the report and the engine read the same one). */
const decompositions = new WeakMap<GeoPosterior, GeoDecomposition>();

/**
 * The geo fit's weekly decomposition per geo and nationally (posterior means, national channel
 * bands); NO_MODEL without a geo fit.
 */
export function geoDecompositionOf(analysis: Analysis): GeoDecomposition {
  const fit = analysis.geoBayesian;
  if (!fit) throw new MMMError("NO_MODEL", "No geo model has been fitted yet.", "Run runGeoBayesianMMM() (tool run_bayesian_mmm with geo: true) on data with a geo column first.");
  const post = fit.posterior;
  let dec = decompositions.get(post);
  if (!dec) {
    dec = geoDecomposition(post.density, post.draws);
    decompositions.set(post, dec);
  }
  return dec;
}

/**
 * The geo fit's national forecast of a plan (model/forecast/geoForecast.ts); NO_MODEL without a geo fit.
 * The plan is national (per channel), laid after the panel's weeks as the national forecasts lay theirs.
 */
export function geoForecastOf(analysis: Analysis, input: ForecastInput): Forecast {
  const fit = analysis.geoBayesian;
  if (!fit) throw new MMMError("NO_MODEL", "No geo model has been fitted yet.", "Run runGeoBayesianMMM() (tool run_bayesian_mmm with geo: true) first, or forecast with model 'ridge' or 'bayesian'.");
  const density = fit.posterior.density;
  return geoForecast(density, fit.posterior.draws, buildSchedule(nationalFromGeo(density.data), input), input.seed ?? 42);
}

/** The geo panel's last `weeks` national weeks (dates and the geos' summed KPI), drawn before a forecast. */
export function geoObservedTail(analysis: Analysis, weeks = 52): { dates: string[]; actual: number[] } {
  const data = analysis.geoBayesian!.posterior.density.data;
  const national = nationalFromGeo(data);
  const from = Math.max(0, data.n - weeks);
  return { dates: Array.from(data.days.subarray(from), (d) => isoDate(d)), actual: Array.from(national.y.subarray(from)) };
}
