/**
 * The modelling half of MMMEngine: ridge fits, hyper-parameter search, ROI, curves, decomposition,
 * budget optimisation and scenarios. The engine supplies the working table and its profile; the
 * defaults (KPI, channels, controls) come from the profile's roles. Every fit, search and plan is
 * recorded in the engine's `Analysis` (the one owner of the analysis state); every view reads the
 * current fit from there.
 */
import { MMMError } from "./errors";
import type { Frame } from "./data/polars";
import type { DataProfile } from "./data/profile";
import {
  bayesFlightModel,
  compareScenarios,
  DEFAULT_WEEKS,
  optimizeBudget,
  optimizeForTarget,
  planFlighting,
  ridgeFlightModel,
  simulateScenario,
  type BudgetOptions,
  type BudgetPlan,
  type BudgetTarget,
  type FlightModel,
  type FlightOptions,
  type FlightPlan,
  type ScenarioComparison,
  type ScenarioOptions,
  type ScenarioResult,
  type TargetOptions,
  type TargetPlan,
} from "./model/budget";
import { geoFlightModel } from "./model/budget/geoFlightModel";
import { decompose, paidResponses, responseCurves, type DecompositionRow, type ResponseCurve } from "./model/decomposition";
import { geoBudgetPlan, type GeoBudgetRequest } from "./engineGeoBudget";
import type { MediaParams } from "./model/media";
import { nationalFromGeo } from "./model/geo/geoData";
import { prepareMmmData, type MmmData, type MmmSpec } from "./model/mmmData";
import { adstockRecommendations, type AdstockRecommendation } from "./model/recommendations";
import type { ChannelResponse } from "./model/response";
import { fitRidge, type RidgeModel, type RidgeOptions } from "./model/ridge/fit";
import { notIdentified } from "./model/ridge/identification";
import { linearFit, ridgeResult, type RidgeResult } from "./model/ridge/result";
import { optimizeAllChannels, optimizeChannel, type SearchOptions, type SearchResult } from "./model/search/search";
import { fitBayesian } from "./model/bayes/fit";
import { saturationCandidates, withBayesDefaults, type EngineBayesOptions } from "./model/bayes/defaults";
import { fitBestSaturation } from "./model/validation/chooseFit";
import { bayesianResult, type BayesianResult } from "./model/bayes/result";
import type { BayesPosterior } from "./model/bayes/bayesPosterior";
import type { Analysis } from "./analysis/analysis";
import type { ModelSpecOptions, RidgeMmmOptions } from "./analysis/fits";

export type { ModelSpecOptions, RidgeMmmOptions };

/** `engine.planFlighting` options: the planner's, with weeks (default 13) and total (default current spend) optional, and which fit to plan with. */
export type FlightingRequest = Partial<Pick<FlightOptions, "weeks" | "total">> & Omit<FlightOptions, "weeks" | "total"> & { model?: "ridge" | "bayesian" | "geo" };

/** Columns the model builds itself (so they are not also used as controls). */
export const GENERATED = /^(week|month|quarter|year|trend|fourier_(sin|cos)_\d+)$/;

/** Source of the working table and its profile (the engine's WorkingTable, engineData.ts). */
export interface TableSource {
  data: Frame;
  /** The profile of the table as it is now. */
  currentProfile(): DataProfile;
  kpiCol?: string;
  dateCol?: string;
  geoCol?: string;
  /** Whether a table is loaded (a model loaded without data has none). */
  readonly loaded: boolean;
}

export class EngineModels {
  #cache?: { key: string; data: MmmData; frame: Frame };

  constructor(
    private readonly table: TableSource,
    private readonly analysis: Analysis,
  ) {}

  /** Model arrays for the current table and spec (cached while neither changes). */
  data(opts: ModelSpecOptions = {}): MmmData {
    const spec = this.spec(opts);
    const key = JSON.stringify(spec);
    const frame = this.table.data;
    if (this.#cache?.key === key && this.#cache.frame === frame) return this.#cache.data;
    const data = prepareMmmData(frame, spec);
    this.#cache = { key, data, frame };
    return data;
  }
  spec(opts: ModelSpecOptions): MmmSpec {
    const roles = this.table.currentProfile().roles;
    const kpi = opts.kpi ?? this.table.kpiCol ?? roles.kpi;
    const dateCol = this.table.dateCol ?? roles.date;
    if (!kpi) throw new MMMError("INVALID_ARGUMENT", "No KPI column is known.", "Pass kpi (e.g. 'revenue') or load the data with kpiCol.");
    if (!dateCol) throw new MMMError("INVALID_ARGUMENT", "No date column is known.", "Load the data with dateCol.");
    // The profile's R&F channels, unless the call names the spend as a plain channel.
    const rf = opts.rf ?? roles.rf.filter((r) => !opts.channels?.includes(r.spend));
    const rfCols = rf.flatMap((r) => [r.reach, r.frequency, r.spend]);
    // An R&F channel's spend is its own channel's: not also a spend channel (detected channels drop it).
    const channels = opts.channels ?? roles.channels.filter((c) => !rfCols.includes(c));
    const organic = opts.organic ?? roles.organic;
    const controls = opts.controls ?? roles.controls.filter((c) => !GENERATED.test(c) && c !== kpi && !channels.includes(c) && !organic.includes(c) && !rfCols.includes(c));
    return { kpi, channels, ...(organic.length ? { organic } : {}), ...(rf.length ? { rf } : {}), controls, dateCol, geoCol: this.table.geoCol ?? roles.geo, fourierOrder: opts.fourierOrder, trend: opts.trend };
  }

  /** Fit the ridge MMM with the searched media parameters (given ones win) and record it: it becomes the current model. */
  runRidge(opts: RidgeMmmOptions = {}): RidgeResult {
    const data = this.data(opts);
    const known = Object.fromEntries(Object.entries(this.analysis.media).filter(([k]) => data.channels.some((c) => c.name === k)));
    const model = fitRidge(data, { ...opts, media: { ...known, ...opts.media } });
    const result = withSearchFlags(ridgeResult(model), this.analysis.searchWarnings, opts.media);
    return this.analysis.recordRidge({ options: opts, result, model, spec: this.spec(opts) }).result;
  }

  optimizeChannel(channel: string, opts: SearchOptions & ModelSpecOptions = {}): SearchResult {
    const r = optimizeChannel(this.data(opts), channel, { ...opts, start: { ...this.analysis.media, ...opts.start } });
    this.analysis.recordChannelSearch(channel, r.params[channel]!);
    return r;
  }

  /**
   * The joint search starts from `opts.start` only, never from an earlier search's optimum: the
   * same call with the same seed on the same data gives the same parameters (a re-run reproduces).
   */
  optimizeAll(opts: SearchOptions & ModelSpecOptions = {}): SearchResult {
    const r = optimizeAllChannels(this.data(opts), opts);
    this.analysis.recordSearch(r);
    return r;
  }

  /** Weeks and channels a model on the current table would have. */
  shape(opts: ModelSpecOptions = {}): { weeks: number; channels: number } {
    const d = this.data(opts);
    return { weeks: d.n, channels: d.channels.length };
  }

  /** Spend over `weeks` weeks at the average weekly rate of the table, or without one of the current fit's data (a geo fit's summed over geos). */
  currentSpend(weeks: number, channels?: string[]): number {
    const fit = this.analysis.current;
    const d =
      !this.table.loaded && this.analysis.currentGeo
        ? nationalFromGeo(this.analysis.currentGeo.posterior.density.data)
        : this.table.loaded || !fit
          ? this.data(channels ? { channels } : {})
          : fit.kind === "ridge"
            ? fit.model.data
            : fit.posterior.density.data;
    const total = d.channels.filter((c) => !channels || channels.includes(c.name)).reduce((s, c) => s + c.total, 0);
    return (total / d.n) * weeks;
  }

  /** The last ridge fit's result; NO_MODEL without one. */
  lastRidge(): RidgeResult {
    const r = this.analysis.ridge?.result;
    if (!r) throw new MMMError("NO_MODEL", "No ridge model has been fitted yet.", "Run runRidgeMMM() (tool run_ols_mmm) first.");
    return r;
  }

  recommendations(opts: ModelSpecOptions = {}): AdstockRecommendation[] {
    return adstockRecommendations(this.data(opts));
  }

  roiSummary(): RidgeResult["channels"] {
    const r = this.analysis.ridge?.result;
    if (!r) throw new MMMError("NO_MODEL", "No model has been fitted yet.", "Run runRidgeMMM() (tool run_ols_mmm) first.");
    return [...r.channels].sort((a, b) => b.roas - a.roas);
  }

  curves(opts?: { points?: number; upTo?: number }): ResponseCurve[] {
    return responseCurves(linearFit(this.#ridgeModel()), opts);
  }

  decomposition(): DecompositionRow[] {
    return decompose(linearFit(this.#ridgeModel()));
  }

  /** Response curves of the current model's paid channels (the Bayesian one's are posterior means); organic media have no spend to move. */
  #currentResponses(): ChannelResponse[] {
    // The geo fit, when it is the latest: national curves at each channel's current geo split.
    const geo = this.analysis.currentGeo;
    if (geo) return geo.posterior.responses();
    const current = this.analysis.current;
    if (current?.kind === "bayesian") return current.posterior.responses();
    return paidResponses(linearFit(this.#ridgeModel()));
  }

  /** Channels of the current model without a spend curve: organic media (no spend); R&F channels have one through their reach curve (rfSpend.ts). */
  #withoutCurve(): { name: string; why: string }[] {
    const current = this.analysis.current;
    const data = current?.kind === "bayesian" ? current.posterior.density.data : this.analysis.ridge?.model.data;
    const why = (c: MmmData["channels"][number]) => (c.organic ? "is organic media: it has no spend" : "");
    return (data?.channels ?? []).filter((c) => why(c)).map((c) => ({ name: c.name, why: why(c) }));
  }

  #ridgeModel(): RidgeModel {
    const fit = this.analysis.ridge;
    if (!fit)
      throw new MMMError(
        "NO_MODEL",
        "No ridge model has been fitted yet.",
        this.analysis.bayesian ? "This view reads the ridge fit: run runRidgeMMM() (tool run_ols_mmm), or use engine.bayesian() for the Bayesian fit's decomposition and curves." : "Run runRidgeMMM() (tool run_ols_mmm) first.",
      );
    return fit.model;
  }

  /** Responses of the named channels of the current model (all fitted channels by default). */
  responses(channels?: string[]): ChannelResponse[] {
    const all = this.#currentResponses();
    if (!channels) return all;
    return channels.map((c) => {
      const r = all.find((x) => x.name === c);
      const none = r ? undefined : this.#withoutCurve().find((x) => x.name === c);
      if (none) throw new MMMError("INVALID_ARGUMENT", `'${c}' ${none.why}, so no budget or spend curve.`, `Leave it out; channels with a spend curve: ${all.map((x) => x.name).join(", ")}.`, { column: c });
      if (!r) throw new MMMError("INVALID_ARGUMENT", `Channel '${c}' has no fitted response.`, `Fitted channels: ${all.map((x) => x.name).join(", ")}. Refit with it, or leave it out.`, { column: c });
      return r;
    });
  }

  /**
   * Without explicit bounds every channel stays within ±50% of its current spend: beyond the
   * spend levels seen in the data a fitted curve is extrapolation, not evidence.
   */
  optimizeBudget(total: number, channels?: string[], constraints: GeoBudgetRequest = {}): BudgetPlan {
    if (constraints.byGeo) return geoBudgetPlan(this.analysis, total, channels, constraints);
    const { responses, options, flat } = this.#budgetInputs(channels, constraints);
    return this.#recordPlan(optimizeBudget(total, responses, options), flat, options.weeks);
  }

  /** The best plan that meets a ROAS / CPA / marginal-ROAS target, or the least spend reaching a KPI target (model/budget/target.ts); same default bounds as optimizeBudget. */
  optimizeForTarget(target: BudgetTarget, channels?: string[], constraints: TargetOptions = {}): TargetPlan {
    const { responses, options, flat } = this.#budgetInputs(channels, constraints);
    return this.#recordPlan(optimizeForTarget(responses, target, options), flat, options.weeks);
  }

  /** Responses and the optimiser's options with the engine's defaults (±50% bounds, flat channels at their lowest). */
  #budgetInputs<O extends BudgetOptions>(channels: string[] | undefined, constraints: O): { responses: ChannelResponse[]; options: O & { weeks: number }; flat: ChannelResponse[] } {
    const responses = this.responses(channels);
    const weeks = constraints.weeks ?? DEFAULT_WEEKS;
    const given = constraints.fixed ?? {};
    // A channel the fit gave no effect has nothing to optimise: it goes to its lowest allowed budget.
    const flat = responses.filter((r) => !(r.name in given) && r.response(Math.max(1, 2 * r.currentWeekly)) === 0);
    const bounds = constraints.bounds ?? Object.fromEntries(responses.filter((r) => !(r.name in given) && !flat.includes(r)).map((r) => [r.name, { pct: 0.5 }]));
    const lowest = (r: ChannelResponse) => {
      const b = constraints.bounds?.[r.name];
      return Array.isArray(b) ? b[0] : r.currentWeekly * weeks * (1 - (b && !Array.isArray(b) ? b.pct : 0.5));
    };
    const fixed = { ...given, ...Object.fromEntries(flat.map((r) => [r.name, lowest(r)])) };
    return { responses, flat, options: { ...constraints, weeks, bounds: Object.fromEntries(Object.entries(bounds).filter(([k]) => !(k in fixed))), fixed } };
  }

  #recordPlan<P extends BudgetPlan>(plan: P, flat: ChannelResponse[], weeks: number): P {
    for (const r of flat) plan.warnings.push(`Channel '${r.name}' has no fitted effect (coefficient 0): kept at its lowest allowed budget. Check the channel's data or refit with other parameters.`);
    // On a Bayesian fit the plan is optimal for the posterior-mean curves; the uplift's spread shows how sure that is.
    const current = this.analysis.currentGeo ?? this.analysis.current;
    if (current?.kind === "bayesian" || current?.kind === "geo") plan.upliftPosterior = current.posterior.uplift(plan.allocation, weeks);
    this.analysis.budget = plan;
    return plan;
  }

  /**
   * The weekly flighting plan of `opts.model`'s fit (default the current model; model/budget/flighting.ts).
   * Without weekly bounds a channel spends between 0 and twice its highest observed week (beyond
   * that the curve is extrapolation); without a total, the current weekly spend × weeks.
   */
  planFlighting(opts: FlightingRequest): FlightPlan {
    const model = this.#flightModel(opts.model);
    const weeks = opts.weeks ?? 13;
    const total = opts.total ?? weeks * model.channels.reduce((a, c) => a + c.currentWeekly, 0);
    const peak = Object.fromEntries(model.channels.map((c) => [c.name, [0, 2 * c.history.reduce((m, v) => Math.max(m, v), 0)] as [number, number]]));
    const given = opts.bounds ?? {};
    const bounds = "*" in given ? given : { ...peak, ...given };
    const plan = planFlighting(model, { ...opts, weeks, total, bounds });
    this.analysis.flighting = plan;
    return plan;
  }

  /** The flighting planner's view of the named fit, or of the model in use (the geo fit when it is the latest). */
  #flightModel(name: FlightingRequest["model"]): FlightModel {
    const geo = this.analysis.geoBayesian;
    if (name === "geo" || (name === undefined && this.analysis.currentGeo)) {
      if (!geo) throw new MMMError("NO_MODEL", "No geo model has been fitted yet.", "Run runGeoBayesianMMM() (tool run_bayesian_mmm with geo: true) first, or plan with model 'ridge' or 'bayesian'.");
      return geoFlightModel(geo.posterior);
    }
    const fit = this.analysis.fit(name as "ridge" | "bayesian" | undefined);
    return fit.kind === "ridge" ? ridgeFlightModel(fit.model) : bayesFlightModel(fit.posterior);
  }

  simulateScenario(budgets: Record<string, number>, opts: ScenarioOptions = {}): ScenarioResult {
    return simulateScenario(budgets, this.responses(), opts);
  }

  compareScenarios(scenarios: { name: string; budgets: Record<string, number> }[], opts: ScenarioOptions = {}): ScenarioComparison {
    return (this.analysis.scenarios = compareScenarios(scenarios, this.responses(), opts));
  }

  /** Fit the Bayesian MMM (NUTS), summarise the posterior and record it: it becomes the current model. */
  async runBayesian(given: EngineBayesOptions & ModelSpecOptions = {}): Promise<BayesianResult> {
    const data = this.data(given);
    // The default ROAS prior (bayes/defaults.ts), recorded as resolved: refits and validation reuse it.
    const opts = withBayesDefaults(data, given);
    if (opts.saturation === "auto") {
      // Logistic or the searched family, by LOO (validation/chooseFit.ts); the chosen fit is recorded with its saturation.
      const best = await fitBestSaturation(data, opts, saturationCandidates(data, this.analysis.media));
      const result = { ...bayesianResult(best.fit, best.options), saturationChoice: best.choice };
      return this.analysis.recordBayesian({ options: best.options, result, posterior: best.fit.posterior, spec: this.spec(best.options) }).result;
    }
    const fit = await fitBayesian(data, opts);
    const result = bayesianResult(fit, opts);
    return this.analysis.recordBayesian({ options: opts, result, posterior: fit.posterior, spec: this.spec(opts) }).result;
  }

  /** The last Bayesian fit, for bands, predictive checks and draws. */
  bayesian(): BayesPosterior {
    const b = this.analysis.bayesian;
    if (!b) throw new MMMError("NO_MODEL", "No Bayesian model has been fitted yet.", "Run runBayesianMMM() (tool run_bayesian_mmm) first.");
    return b.posterior;
  }

  /** Media parameters found by the searches so far. */
  get media(): Record<string, MediaParams> {
    return this.analysis.media;
  }
}

/** Channels fitted with the searched parameters carry the search's "not identified" flags. */
function withSearchFlags(r: RidgeResult, flags: ReadonlyMap<string, string>, given: RidgeOptions["media"]): RidgeResult {
  const flagged = r.identification.map((c) => (c.identified && flags.has(c.name) && !given?.[c.name] ? { ...c, identified: false, reason: flags.get(c.name)! } : c));
  const extra = flagged.filter((c, i) => c !== r.identification[i]).map((c) => notIdentified(c.name, c.reason!));
  return { ...r, identification: flagged, warnings: [...r.warnings, ...extra] };
}
