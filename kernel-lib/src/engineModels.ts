/**
 * The modelling half of MMMEngine: ridge fits, hyper-parameter search, ROI, curves, decomposition,
 * budget optimisation and scenarios. The engine supplies the working table and its profile; the
 * defaults (KPI, channels, controls) come from the profile's roles.
 */
import { MMMError } from "./errors";
import type { Frame } from "./data/polars";
import type { DataProfile } from "./data/profile";
import { compareScenarios, DEFAULT_WEEKS, optimizeBudget, simulateScenario, type BudgetOptions, type BudgetPlan, type ScenarioComparison, type ScenarioOptions, type ScenarioResult } from "./model/budget";
import type { DecompositionRow, ResponseCurve } from "./model/decomposition";
import type { MediaParams } from "./model/media";
import type { MmmData, MmmSpec } from "./model/mmmData";
import type { AdstockRecommendation } from "./model/recommendations";
import type { ChannelResponse } from "./model/response";
import type { RidgeOptions } from "./model/ridge/fit";
import type { RidgeResult } from "./model/ridge/result";
import type { SearchOptions, SearchResult } from "./model/search/search";
import { ModelSession } from "./model/session";
import { fitBayesian, type BayesOptions } from "./model/bayes/fit";
import { bayesianResult, type BayesianResult } from "./model/bayes/result";
import type { BayesPosterior } from "./model/bayes/bayesPosterior";

/** What a model call may override; everything else comes from the data profile. */
export interface ModelSpecOptions {
  kpi?: string;
  channels?: string[];
  controls?: string[];
  fourierOrder?: number;
  trend?: boolean;
}

export type RidgeMmmOptions = ModelSpecOptions & RidgeOptions;

/** Columns the model builds itself (so they are not also used as controls). */
const GENERATED = /^(week|month|quarter|year|trend|fourier_(sin|cos)_\d+)$/;

/** Source of the working table and its profile (the engine). */
export interface TableSource {
  data: Frame;
  profile(): DataProfile;
  kpiCol?: string;
  dateCol?: string;
  geoCol?: string;
}

export class EngineModels {
  readonly session = new ModelSession();
  #cache?: { key: string; data: MmmData; frame: Frame };

  constructor(private readonly table: TableSource) {}

  /** Model arrays for the current table and spec (cached while neither changes). */
  data(opts: ModelSpecOptions = {}): MmmData {
    const spec = this.spec(opts);
    const key = JSON.stringify(spec);
    const frame = this.table.data;
    if (this.#cache?.key === key && this.#cache.frame === frame) return this.#cache.data;
    const data = this.session.prepare(frame, spec);
    this.#cache = { key, data, frame };
    return data;
  }

  spec(opts: ModelSpecOptions): MmmSpec {
    const roles = this.table.profile().roles;
    const kpi = opts.kpi ?? this.table.kpiCol ?? roles.kpi;
    const dateCol = this.table.dateCol ?? roles.date;
    if (!kpi) throw new MMMError("INVALID_ARGUMENT", "No KPI column is known.", "Pass kpi (e.g. 'revenue') or load the data with kpiCol.");
    if (!dateCol) throw new MMMError("INVALID_ARGUMENT", "No date column is known.", "Load the data with dateCol.");
    const channels = opts.channels ?? roles.channels;
    const controls = opts.controls ?? roles.controls.filter((c) => !GENERATED.test(c) && c !== kpi && !channels.includes(c));
    return { kpi, channels, controls, dateCol, geoCol: this.table.geoCol ?? roles.geo, fourierOrder: opts.fourierOrder, trend: opts.trend };
  }

  runRidge(opts: RidgeMmmOptions = {}): RidgeResult {
    return this.session.fitRidge(this.data(opts), opts);
  }

  optimizeChannel(channel: string, opts: SearchOptions & ModelSpecOptions = {}): SearchResult {
    return this.session.searchChannel(this.data(opts), channel, opts);
  }

  optimizeAll(opts: SearchOptions & ModelSpecOptions = {}): SearchResult {
    return this.session.searchAll(this.data(opts), opts);
  }

  recommendations(opts: ModelSpecOptions = {}): AdstockRecommendation[] {
    return this.session.recommendations(this.data(opts));
  }

  roiSummary(): RidgeResult["channels"] {
    const r = this.session.lastResult;
    if (!r) throw new MMMError("NOT_AVAILABLE", "No model has been fitted yet.", "Run runRidgeMMM() (tool run_ols_mmm) first.");
    return [...r.channels].sort((a, b) => b.roas - a.roas);
  }

  curves(opts?: { points?: number; upTo?: number }): ResponseCurve[] {
    return this.session.curves(opts);
  }

  decomposition(): DecompositionRow[] {
    return this.session.decomposition();
  }

  /** Responses of the named channels (all fitted channels by default). */
  responses(channels?: string[]): ChannelResponse[] {
    const all = this.session.responses();
    if (!channels) return all;
    return channels.map((c) => {
      const r = all.find((x) => x.name === c);
      if (!r) throw new MMMError("INVALID_ARGUMENT", `Channel '${c}' has no fitted response.`, `Fitted channels: ${all.map((x) => x.name).join(", ")}. Refit with it, or leave it out.`, { column: c });
      return r;
    });
  }

  /**
   * Without explicit bounds every channel stays within ±50% of its current spend: beyond the
   * spend levels seen in the data a fitted curve is extrapolation, not evidence.
   */
  optimizeBudget(total: number, channels?: string[], constraints: BudgetOptions = {}): BudgetPlan {
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
    const plan = optimizeBudget(total, responses, { ...constraints, bounds: Object.fromEntries(Object.entries(bounds).filter(([k]) => !(k in fixed))), fixed });
    for (const r of flat) plan.warnings.push(`Channel '${r.name}' has no fitted effect (coefficient 0): kept at its lowest allowed budget. Check the channel's data or refit with other parameters.`);
    // On a Bayesian fit the plan is optimal for the posterior-mean curves; the uplift's spread shows how sure that is.
    if (this.session.latest === "bayesian") plan.upliftPosterior = this.session.bayesian!.uplift(plan.allocation, weeks);
    return plan;
  }

  simulateScenario(budgets: Record<string, number>, opts: ScenarioOptions = {}): ScenarioResult {
    return simulateScenario(budgets, this.responses(), opts);
  }

  compareScenarios(scenarios: { name: string; budgets: Record<string, number> }[], opts: ScenarioOptions = {}): ScenarioComparison {
    return compareScenarios(scenarios, this.responses(), opts);
  }

  /** Fit the Bayesian MMM (NUTS) and summarise the posterior. */
  async runBayesian(opts: BayesOptions & ModelSpecOptions = {}): Promise<BayesianResult> {
    const fit = await fitBayesian(this.data(opts), opts);
    this.session.setBayesian(fit.posterior);
    return bayesianResult(fit, opts);
  }

  /** The last Bayesian fit, for bands, predictive checks and draws. */
  bayesian(): BayesPosterior {
    const b = this.session.bayesian;
    if (!b) throw new MMMError("NOT_AVAILABLE", "No Bayesian model has been fitted yet.", "Run runBayesianMMM() (tool run_bayesian_mmm) first.");
    return b;
  }

  /** Media parameters found by the searches so far. */
  get media(): Record<string, MediaParams> {
    return this.session.media;
  }
}
