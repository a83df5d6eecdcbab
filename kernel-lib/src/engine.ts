/**
 * `MMMEngine`: the agent-free core an analyst (or a tool) drives directly — load, profile, clean,
 * aggregate, add features, explore, fit, plan. Every method returns plain JSON-serialisable data; a
 * failing call throws an MMMError and leaves the loaded data exactly as it was. What the analysis
 * has reached (steps, roles, fits, the current model, plans, charts, notes) lives in one place,
 * `engine.analysis`, which every reader (tools, report, notebook, agent) reads.
 */
import { AGENT_CFG } from "./config";
import type { AggregateOptions, AggregatePlan } from "./data/aggregate";
import type { CleanOptions, CleanReport } from "./data/clean";
import type { TimeFeatureOptions } from "./data/features";
import type { SourceSummary } from "./data/load";
import type { DataFrame, Frame } from "./data/polars";
import type { DataProfile } from "./data/profile";
import type { DataSource } from "./data/sources";
import type { RoleOptions } from "./data/roleOptions";
import { WorkingTable, type EngineLoadOptions, type LoadSummary, type TableStatus } from "./engineData";
import { EngineExplore } from "./engineExplore";
import { EngineModels, type FlightingRequest, type ModelSpecOptions, type RidgeMmmOptions } from "./engineModels";
import { geoDecompositionOf, geoForecastOf, geoShape, runGeoBayesian, type GeoBayesianRequest } from "./engineGeo";
import type { GeoBayesianResult } from "./model/bayes/geo/geoResult";
import { Analysis, type DataStep } from "./analysis/analysis";
import type { Fit, ModelKind } from "./analysis/fits";
import type { BudgetOptions, BudgetTarget, TargetOptions } from "./model/budget";
import type { SearchOptions } from "./model/search/search";
import type { EngineBayesOptions } from "./model/bayes/defaults";
import type { BayesianResult } from "./model/bayes/result";
import type { RidgeResult } from "./model/ridge/result";
import { saveModel, type SaveOptions, type SavedModel } from "./lifecycle/save";
import { restoreEngineModel, type ModelLoadOptions } from "./lifecycle/engineModel";
import { refreshEngineModel, type EngineRefreshOptions } from "./lifecycle/engineRefresh";
import type { RefreshReport } from "./model/refresh/types";
import { forecastFit, predictRows, type Forecast, type ForecastInput } from "./model/forecast";
import type { ValidationOptions, ValidationResult } from "./model/validation/holdout";
import type { Candidate, ModelComparison } from "./model/validation/compareSpecs";
import { compareModelSpecs, validateCurrentBayesian } from "./engineValidation";

export type { DataStep, EngineLoadOptions };

/** The typed public API; reading the working table (stats, samples, SQL) is EngineExplore's (engineExplore.ts). */
export class MMMEngine extends EngineExplore {
  /** The analysis state: the one copy every reader uses. */
  readonly analysis = new Analysis();
  /** The working table and its preparation (engineData.ts). */
  readonly #table = new WorkingTable(this.analysis);
  /** Fits, searches and plans over the working table (engineModels.ts). */
  readonly #models = new EngineModels(this.#table, this.analysis);

  /** Steps applied to the working table since the load (the analysis keeps them). */
  get steps(): DataStep[] {
    return this.analysis.steps;
  }

  /** The working table (after cleaning / aggregation / features). */
  override get data(): Frame {
    return this.#table.data;
  }

  /** The table exactly as loaded (never modified). */
  get raw(): Frame | undefined {
    return this.#table.raw;
  }

  get source(): SourceSummary | undefined {
    return this.#table.source;
  }

  /** The KPI, date and geo columns: given at load, else detected by the load's profile (they survive preparation steps). */
  get kpiCol(): string | undefined {
    return this.#table.kpiCol;
  }

  override get dateCol(): string | undefined {
    return this.#table.dateCol;
  }

  get geoCol(): string | undefined {
    return this.#table.geoCol;
  }

  /**
   * Load a table; on any error the previously loaded data stays in place.
   * @example
   * const engine = new MMMEngine();
   * await engine.loadData("data/weekly.csv", { kpiCol: "revenue" });
   */
  async loadData(source: DataSource, opts: EngineLoadOptions = {}): Promise<LoadSummary> {
    return this.#table.load(source, opts);
  }

  /** Profile the working table (roles, quality, time axis, sufficiency). */
  profile(opts: { minRowsForMmm?: number } = {}): DataProfile {
    return this.#table.profile(opts);
  }

  /** The roles the analyst set (at load or with setRoles); everything else is detected. */
  get roleOptions(): RoleOptions {
    return this.#table.roleOptions;
  }

  /**
   * Set column roles: the KPI, date and geo columns, and the exact channels and controls. A role
   * left out keeps its value; the next profile, fit and plan use them. Checked first, so a wrong
   * name changes nothing.
   * @example
   * engine.setRoles({ channels: ["tv", "search", "social"], controls: ["price"] });
   */
  setRoles(roles: RoleOptions): DataProfile["roles"] {
    return this.#table.setRoles(roles);
  }

  /** Clean the working table (defaults: spend nulls → 0, rows without KPI dropped, duplicates removed). */
  clean(opts: CleanOptions = {}): CleanReport {
    return this.#table.clean(opts);
  }

  /** Aggregate the working table to weekly rows (per geo when there is one). */
  aggregateWeekly(opts: Partial<AggregateOptions> = {}): { plan: AggregatePlan; rows: number; columns: string[] } {
    return this.#table.aggregateWeekly(opts);
  }

  /** Add calendar, trend, Fourier, event and one-hot columns. */
  addTimeFeatures(opts: Partial<TimeFeatureOptions> = {}): { added: string[] } {
    return this.#table.addTimeFeatures(opts);
  }

  // ---- modelling (see engineModels.ts) ----

  /** Fit the ridge MMM (tool run_ols_mmm); media parameters from earlier searches are used. */
  runRidgeMMM(opts: RidgeMmmOptions = {}) {
    return this.#models.runRidge(opts);
  }

  /** Search one channel's decay, half-saturation and slope (others held fixed). */
  optimizeAdstockParameters(channel: string, kpi?: string, opts: SearchOptions & ModelSpecOptions = {}) {
    return this.#models.optimizeChannel(channel, { ...opts, kpi: kpi ?? opts.kpi });
  }

  /** Search every channel's parameters jointly (seeded differential evolution). */
  optimizeAllAdstockParameters(opts: SearchOptions & ModelSpecOptions = {}) {
    return this.#models.optimizeAll(opts);
  }

  /** Suggested adstock/saturation per channel and flags for unusable channels. */
  getAdstockRecommendations(opts: ModelSpecOptions = {}) {
    return this.#models.recommendations(opts);
  }

  /**
   * Fit the Bayesian MMM with our NUTS sampler (tool run_bayesian_mmm): posterior contribution,
   * ROAS and marginal ROAS per channel with 94% HDIs. Seeded: the same seed gives the same draws.
   * Unless given, each paid channel has a ROAS prior from paid media's share of the KPI (`mediaShare`,
   * default 40% ± 20%; false: β ~ HalfNormal); `saturation: "auto"` fits logistic and the adstock
   * search's family and keeps the one PSIS-LOO prefers (`result.saturationChoice`). See model/bayes/defaults.ts.
   */
  async runBayesianMMM(opts: EngineBayesOptions & ModelSpecOptions = {}): Promise<BayesianResult> {
    return this.#models.runBayesian({ ...AGENT_CFG.sampler, ...opts });
  }

  /**
   * Fit the hierarchical geo model on a geo panel (the table's geo column, one row per geo and
   * week): per-geo baselines, channel effects partially pooled across geos, shared adstock and
   * saturation. Per channel the national contribution and ROAS (sum over geos per draw) and each
   * geo's, with 94% HDIs; recorded as `analysis.geoBayesian` for the report. Seeded.
   * @example
   * const r = await engine.runGeoBayesianMMM({ chains: 2, warmup: 300, draws: 300 });
   * r.channels[0]!.geos[0]!.roas.hdi94; // the first geo's ROAS interval
   */
  async runGeoBayesianMMM(opts: GeoBayesianRequest = {}): Promise<GeoBayesianResult> {
    return runGeoBayesian(this.#table, this.analysis, { ...AGENT_CFG.sampler, ...opts });
  }

  /**
   * The last Bayesian fit: `decomposition()` and `responseCurves()` with 94% bands,
   * `predictive(seed)`, `channels()`, `exportDraws()`, `writeDraws("draws.parquet" | "draws.json")`.
   */
  bayesian() {
    return this.#models.bayesian();
  }

  /** Channels of the last fit ranked by ROAS. */
  roiSummary() {
    return this.#models.roiSummary();
  }

  /** Steady-state response curves of the last fit (weekly spend → weekly incremental KPI). */
  responseCurves(opts?: { points?: number; upTo?: number }) {
    return this.#models.curves(opts);
  }

  /** Weekly decomposition of the ridge fit: baseline, controls and channels sum to the fitted KPI (the geo fit's: `geoDecomposition()`). */
  decomposition() {
    return this.#models.decomposition();
  }

  /**
   * Weekly decomposition of the geo fit per geo and nationally (sum over geos per draw): posterior
   * means of baseline, shared week effects, controls and each channel, the residual closing each
   * week to the observed KPI, and 94% bands of the national channel contributions. Seeded.
   * @example
   * await engine.runGeoBayesianMMM({ chains: 2, warmup: 300, draws: 300 });
   * engine.geoDecomposition().national.channels.tv; // weekly national TV contribution
   */
  geoDecomposition() {
    return geoDecompositionOf(this.analysis);
  }

  /** Allocate `total` (over `weeks`, default 52) across channels — or, `byGeo`, across the geo fit's geo × channel cells — to maximise the expected KPI. */
  optimizeBudget(total: number, channels?: string[], constraints: BudgetOptions & { byGeo?: boolean } = {}) {
    return this.#models.optimizeBudget(total, channels, constraints);
  }

  /**
   * The best plan that meets an efficiency target — ROAS (incremental KPI / spend) ≥ roas, CPA ≤ cpa,
   * marginal ROAS ≥ mroas — or the least spend whose best plan reaches `response` (expected
   * incremental KPI over the horizon). Totals are searched within the bounds (default ±50% of current).
   * @example engine.optimizeForTarget({ roas: 2.5 }, undefined, { weeks: 13 }).target; // { kind: "roas", value: 2.5, achieved: 2.5, … }
   */
  optimizeForTarget(target: BudgetTarget, channels?: string[], constraints: TargetOptions = {}) {
    return this.#models.optimizeForTarget(target, channels, constraints);
  }

  /**
   * A weekly flighting plan over `weeks` (default 13): spend per channel per week maximising the
   * expected media contribution, with carry-over from the observed weeks, weekly bounds and ramp limits.
   * @example engine.planFlighting({ weeks: 13, total: 650_000, ramp: { "*": { pct: 0.3 } } }).spend;
   */
  planFlighting(opts: FlightingRequest = {}) {
    return this.#models.planFlighting(opts);
  }

  simulateScenario(budgets: Record<string, number>, opts: { weeks?: number } = {}) {
    return this.#models.simulateScenario(budgets, opts);
  }

  compareScenarios(scenarios: { name: string; budgets: Record<string, number> }[], opts: { weeks?: number } = {}) {
    return this.#models.compareScenarios(scenarios, opts);
  }

  /** The last ridge fit (throws a clear error when there is none). */
  lastRidge(): RidgeResult {
    return this.#models.lastRidge();
  }

  /**
   * The current model — the latest fit unless `useModel` picked another — which the report, ROI,
   * curves, charts, the budget optimiser and scenarios read.
   */
  get currentModel(): ModelKind | undefined {
    return this.analysis.current?.kind;
  }

  /** Same as `currentModel` (its older name). */
  get latestModel(): ModelKind | undefined {
    return this.currentModel;
  }

  /**
   * Make an earlier fit the current model (until the next fit).
   * @example
   * engine.runRidgeMMM(); await engine.runBayesianMMM();
   * engine.useModel("ridge"); // the report, ROI and budget now read the ridge fit
   */
  useModel(kind: ModelKind): Fit {
    return this.analysis.use(kind);
  }

  /** Weeks, channels and geos of the geo model on the current table (INVALID_ARGUMENT without a geo column). */
  geoModelShape(opts: GeoBayesianRequest = {}): { weeks: number; channels: number; geos: number } {
    return geoShape(this.#table, opts);
  }

  /** Weeks and channels a model on the current table would have (for run-time predictions). */
  modelShape(opts: ModelSpecOptions = {}): { weeks: number; channels: number } {
    return this.#models.shape(opts);
  }

  /** Spend over `weeks` weeks at the data's average weekly rate (the default budget to reallocate); a loaded model without data uses its fit's weeks. */
  currentSpend(weeks = 52, channels?: string[]): number {
    return this.#models.currentSpend(weeks, channels);
  }

  // ---- the model's life after the fit: save, load, forecast ----

  /**
   * Save the fits (ridge and/or Bayesian), the current model, roles and media parameters to folder
   * `dir`: manifest.json + Parquet data and draws (see README "Save and load"). Reloaded, it gives the
   * same summaries, curves and plans.
   * @example engine.save("models/q1"); const again = await MMMEngine.load("models/q1");
   */
  save(dir: string, opts: SaveOptions = {}): SavedModel {
    return saveModel(this.analysis, dir, opts);
  }

  /**
   * An engine holding the model saved in `dir`. With `data`, that dataset is loaded too and must be
   * the one the model was fitted on (MMMError DATA_MISMATCH otherwise).
   * @example const engine = await MMMEngine.load("models/q1", { data: "data/weekly.csv" });
   */
  static async load(dir: string, opts: ModelLoadOptions = {}): Promise<MMMEngine> {
    const engine = new MMMEngine();
    await restoreEngineModel(engine, dir, opts);
    return engine;
  }

  /**
   * Refresh the fits (a loaded or fitted model) with new weeks (tool run_bayesian_mmm's `refresh`):
   * new weeks appended (they win on overlap; DATA_MISMATCH without the model's columns), ridge refitted
   * with its saved media parameters, the Bayesian fit warm-started; per channel ROAS and contribution
   * before and after, and why they moved (drift or more data: lifecycle/engineRefresh.ts). Kept in the analysis.
   * @example
   * const engine = await MMMEngine.load("models/q1");
   * const r = await engine.refresh("data/new_weeks.csv");
   * r.fits[0].channels.map((c) => [c.name, c.roas.before.mean, c.roas.after.mean, c.why]);
   */
  async refresh(newData: DataSource, opts: EngineRefreshOptions = {}): Promise<RefreshReport> {
    return refreshEngineModel(this, newData, opts);
  }

  /**
   * Forecast the weeks after the data under planned spend (carry-over of the last weeks included):
   * expected KPI with a 94% band per week (posterior predictive, or a residual band for ridge).
   * The geo fit, when it is the model in use (or with `model: "geo"`), forecasts the nation: each channel's plan
   * split over the geos at their observed shares (model/forecast/geoForecast.ts).
   * @example engine.forecast({ spend: { tv: Array(13).fill(20_000), search: 8_000 }, weeks: 13 });
   */
  forecast(input: ForecastInput = {}, opts: { model?: "ridge" | "bayesian" | "geo" } = {}): Forecast {
    if (opts.model === "geo" || (opts.model === undefined && this.analysis.currentGeo)) return geoForecastOf(this.analysis, input);
    return forecastFit(this.analysis.fit(opts.model), input);
  }

  /**
   * Out-of-sample checks of the Bayesian fit (tool model_diagnostics with outOfSample): refit on the weeks before
   * each origin with the fit's options (cheaper sampler: 2 × (300 + 300) by default), forecast the
   * next `holdoutWeeks` with their true spend, and score MAPE and 94% coverage against in-sample.
   * `folds` > 1 is rolling-origin CV. Warns when out-of-sample MAPE is far worse. Kept in the analysis.
   * @example
   * const v = await engine.validateBayesian({ holdoutWeeks: 13, folds: 3 });
   * v.outOfSample.mape; v.inSample.mape; v.warnings;
   */
  validateBayesian(opts: ValidationOptions = {}): Promise<ValidationResult> {
    return validateCurrentBayesian(this.analysis, opts);
  }

  /**
   * Compare Bayesian specifications by PSIS-LOO (tool compare_models): each candidate's options over
   * the Bayesian fit's (or the defaults), on the same weeks and seed; best ELPD first with the SE of
   * each difference, and the one to choose with its reason. Kept in the analysis.
   * @example
   * const c = await engine.compareModels([{ name: "geometric", options: { adstock: "geometric" } }, { name: "delayed", options: { adstock: "delayed" } }]);
   * c.choice; c.reason; c.table;
   */
  compareModels(candidates: Candidate[], opts: ModelSpecOptions & { chains?: number; warmup?: number; draws?: number; seed?: number } = {}): Promise<ModelComparison> {
    return compareModelSpecs(this.analysis, () => this.#models.data(opts), candidates, opts);
  }

  /** Forecast new rows (a frame or records with the model's spend and control columns, weeks after the data). */
  predict(rows: Frame | Record<string, unknown>[], opts: { model?: "ridge" | "bayesian"; seed?: number } = {}): Forecast {
    return predictRows(this.analysis.fit(opts.model), rows, { seed: opts.seed, dateCol: this.dateCol });
  }

  /** Media parameters found by searches so far (used by the next fit). */
  get mediaParams() {
    return this.#models.media;
  }

  /** Undo every preparation step: the working table becomes the loaded table again. */
  reset(): void {
    this.#table.reset();
  }

  /** The working table collected into memory. */
  frame(): DataFrame {
    return this.#table.frame();
  }

  /** A short status for tools: is data loaded, its shape, the steps applied. */
  status(): TableStatus {
    return this.#table.status();
  }
}
