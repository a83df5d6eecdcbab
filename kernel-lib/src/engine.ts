/**
 * `MMMEngine`: the agent-free core an analyst (or a tool) drives directly — load, profile, clean,
 * aggregate, add features, explore, fit, plan. Every method returns plain JSON-serialisable data; a
 * failing call throws an MMMError and leaves the loaded data exactly as it was. What the analysis
 * has reached (steps, roles, fits, the current model, plans, charts, notes) lives in one place,
 * `engine.analysis`, which every reader (tools, report, notebook, agent) reads.
 */
import { AGENT_CFG } from "./config";
import { MMMError } from "./errors";
import { aggregateWeekly, type AggregateOptions, type AggregatePlan } from "./data/aggregate";
import { cleanData, type CleanOptions, type CleanReport } from "./data/clean";
import { detectOutliers, filterAggregate, getColumnStats, getCorrelationMatrix, getTopValues, sampleRows, type FilterAggregateOptions, type TopValuesOptions } from "./data/explore";
import { addTimeFeatures, type TimeFeatureOptions } from "./data/features";
import { parseDateColumn } from "./data/dates";
import { loadTable, type LoadOptions, type SourceSummary } from "./data/load";
import { isLazy, pl, type DataFrame, type Frame } from "./data/polars";
import { profileData, type DataProfile } from "./data/profile";
import { executeQuery } from "./data/query";
import type { DataSource } from "./data/sources";
import { checkRoleOptions, mergeRoleOptions, pickRoleOptions, type RoleOptions } from "./data/roleOptions";
import { validateKpi } from "./data/validate";
import { EngineModels, type ModelSpecOptions, type RidgeMmmOptions } from "./engineModels";
import { Analysis, type DataStep } from "./analysis/analysis";
import type { Fit, ModelKind } from "./analysis/fits";
import type { BudgetOptions } from "./model/budget";
import type { SearchOptions } from "./model/search/search";
import type { BayesOptions } from "./model/bayes/fit";
import type { BayesianResult } from "./model/bayes/result";
import type { RidgeResult } from "./model/ridge/result";
import { saveModel, type SaveOptions, type SavedModel } from "./lifecycle/save";
import { restoreEngineModel, type ModelLoadOptions } from "./lifecycle/engineModel";
import { forecastFit, predictRows, type Forecast, type ForecastInput } from "./model/forecast";

export interface EngineLoadOptions extends LoadOptions, RoleOptions {}

export type { DataStep };

export class MMMEngine {
  #raw?: Frame;
  #data?: Frame;
  #source?: SourceSummary;
  #profile?: DataProfile;
  #detected: { kpi?: string; date?: string; geo?: string } = {};
  /** Columns add_time_features made: the model builds its own calendar terms, so they never become controls. */
  #generated: string[] = [];
  /** The analysis state: the one copy every reader uses. */
  readonly analysis = new Analysis();
  readonly #models: EngineModels;

  constructor() {
    // An alias, not arrow functions: the getters below are live views over this engine's state
    const engine = this;
    this.#models = new EngineModels(
      {
        get data() {
          return engine.data;
        },
        profile: () => engine.#currentProfile(),
        get kpiCol() {
          return engine.kpiCol;
        },
        get dateCol() {
          return engine.dateCol;
        },
        get geoCol() {
          return engine.geoCol;
        },
      },
      this.analysis,
    );
  }

  /** Steps applied to the working table since the load (the analysis keeps them). */
  get steps(): DataStep[] {
    return this.analysis.steps;
  }

  /** The working table (after cleaning / aggregation / features). */
  get data(): Frame {
    if (!this.#data) throw new MMMError("NO_DATA_LOADED", "No data is loaded.", "Call loadData(source) first, e.g. loadData('data/weekly.csv').");
    return this.#data;
  }

  /** The table exactly as loaded (never modified). */
  get raw(): Frame | undefined {
    return this.#raw;
  }

  get source(): SourceSummary | undefined {
    return this.#source;
  }

  /** The KPI, date and geo columns: given at load, else detected by the load's profile (they survive preparation steps). */
  get kpiCol(): string | undefined {
    return this.analysis.roles.kpiCol ?? this.#detected.kpi;
  }

  get dateCol(): string | undefined {
    return this.analysis.roles.dateCol ?? this.#detected.date;
  }

  get geoCol(): string | undefined {
    return this.analysis.roles.geoCol ?? this.#detected.geo;
  }

  /**
   * Load a table; on any error the previously loaded data stays in place.
   * @example
   * const engine = new MMMEngine();
   * await engine.loadData("data/weekly.csv", { kpiCol: "revenue" });
   */
  async loadData(source: DataSource, opts: EngineLoadOptions = {}): Promise<{ source: SourceSummary; rows: number; columns: string[]; dateCol?: string; kpiCol?: string }> {
    // A load-time weekly aggregation groups by the geo column too (in the warehouse for remote sources).
    const weekly = opts.weekly && { geoCol: opts.geoCol, ...opts.weekly };
    const { frame, source: summary } = await loadTable(source, { ...opts, weekly });
    checkRoleOptions(frame, opts);
    if (opts.kpiCol) validateKpi(frame, opts.kpiCol);
    const profile = profileData(frame, opts);
    const dateCol = opts.dateCol ?? profile.roles.date;
    const parsed = dateCol && !isLazy(frame) ? parseDateColumn(frame, dateCol, opts.dateFormat).frame : frame;
    // Commit only after every check passed: a failed load never loses the previous table.
    [this.#raw, this.#data, this.#source, this.#profile] = [parsed, parsed, summary, profile];
    this.analysis.roles = pickRoleOptions(opts);
    this.#detected = { kpi: profile.roles.kpi, date: profile.roles.date, geo: profile.roles.geo };
    this.#generated = [];
    this.steps.length = 0;
    this.analysis.resetModels();
    this.#record("load", { source: summary });
    if (summary.weekly) this.#record("aggregate_weekly", { where: summary.weekly.where, plan: summary.weekly.plan, bytesTransferred: summary.weekly.bytesTransferred });
    return { source: summary, rows: profile.rows, columns: profile.columnNames, dateCol, kpiCol: opts.kpiCol ?? profile.roles.kpi };
  }

  /** Profile the working table (roles, quality, time axis, sufficiency). */
  profile(opts: { minRowsForMmm?: number } = {}): DataProfile {
    this.#profile = profileData(this.data, { ...this.roleOptions, generated: this.#generated, ...opts });
    return this.#profile;
  }

  /** The roles the analyst set (at load or with setRoles); everything else is detected. */
  get roleOptions(): RoleOptions {
    return { ...this.analysis.roles };
  }

  /**
   * Set column roles: the KPI, date and geo columns, and the exact channels and controls. A role
   * left out keeps its value; the next profile, fit and plan use them. Checked first, so a wrong
   * name changes nothing.
   * @example
   * engine.setRoles({ channels: ["tv", "search", "social"], controls: ["price"] });
   */
  setRoles(roles: RoleOptions): DataProfile["roles"] {
    const next = mergeRoleOptions(this.analysis.roles, roles);
    checkRoleOptions(this.data, next);
    if (roles.kpiCol) validateKpi(this.data, roles.kpiCol);
    this.analysis.roles = next;
    this.#profile = undefined;
    return this.#currentProfile().roles;
  }

  getColumnStats(column: string) {
    return getColumnStats(this.data, column);
  }

  getTopValues(column: string, opts?: TopValuesOptions) {
    return getTopValues(this.data, column, opts);
  }

  sampleRows(n?: number, seed?: number) {
    return sampleRows(this.data, n, seed ?? AGENT_CFG.seed);
  }

  filterAggregate(opts: FilterAggregateOptions) {
    return filterAggregate(this.data, opts);
  }

  getCorrelationMatrix(columns?: string[], method?: "pearson" | "spearman") {
    return getCorrelationMatrix(this.data, columns, method);
  }

  detectOutliers(column: string, opts?: { method?: "iqr" | "zscore"; threshold?: number }) {
    return detectOutliers(this.data, column, { dateCol: this.dateCol, ...opts });
  }

  /** Read-only SQL (DuckDB in its own process, no file or network access); the working table is `data`. */
  executeQuery(sql: string, limit?: number) {
    return executeQuery(this.data, sql, limit);
  }

  /** Clean the working table (defaults: spend nulls → 0, rows without KPI dropped, duplicates removed). */
  clean(opts: CleanOptions = {}): CleanReport {
    const roles = this.#roles();
    const { frame, report } = cleanData(this.data, { channels: roles.channels, kpi: this.kpiCol, sortBy: this.dateCol, ...opts });
    this.#data = frame;
    this.#profile = undefined;
    this.#record("clean", { ...report });
    return report;
  }

  /** Aggregate the working table to weekly rows (per geo when there is one). */
  aggregateWeekly(opts: Partial<AggregateOptions> = {}): { plan: AggregatePlan; rows: number; columns: string[] } {
    const dateCol = opts.dateCol ?? this.dateCol;
    if (!dateCol) throw new MMMError("INVALID_ARGUMENT", "No date column is known.", "Pass dateCol, e.g. aggregateWeekly({ dateCol: 'date' }).");
    const roles = this.#roles();
    const pivotCol = roles.channelColumn && (this.#profile?.granularity === "transactions" || roles.channels.length === 0) ? roles.channelColumn : undefined;
    const { frame, plan } = aggregateWeekly(this.data, { dateCol, geoCol: this.geoCol, pivotCol, ...opts });
    this.#data = frame;
    this.#profile = undefined;
    this.#record("aggregate_weekly", { plan });
    return { plan, rows: frame.height, columns: frame.columns };
  }

  /** Add calendar, trend, Fourier, event and one-hot columns. */
  addTimeFeatures(opts: Partial<TimeFeatureOptions> = {}): { added: string[] } {
    const dateCol = opts.dateCol ?? this.dateCol;
    if (!dateCol) throw new MMMError("INVALID_ARGUMENT", "No date column is known.", "Pass dateCol.");
    const { frame, added } = addTimeFeatures(this.data, { geoCol: this.geoCol, ...opts, dateCol });
    this.#data = frame;
    // Event dummies are real drivers; calendar, trend, Fourier and one-hot copies duplicate what the model builds.
    this.#generated.push(...added.filter((c) => !c.startsWith("event_")));
    this.#profile = undefined;
    this.#record("add_time_features", { added });
    return { added };
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
   */
  async runBayesianMMM(opts: BayesOptions & ModelSpecOptions = {}): Promise<BayesianResult> {
    return this.#models.runBayesian({ ...AGENT_CFG.sampler, ...opts });
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

  /** Weekly decomposition of the last fit: baseline, controls and channels sum to the fitted KPI. */
  decomposition() {
    return this.#models.decomposition();
  }

  /** Allocate `total` (over `weeks`, default 52) across channels to maximise the expected KPI. */
  optimizeBudget(total: number, channels?: string[], constraints: BudgetOptions = {}) {
    return this.#models.optimizeBudget(total, channels, constraints);
  }

  simulateScenario(budgets: Record<string, number>, opts: { weeks?: number } = {}) {
    return this.#models.simulateScenario(budgets, opts);
  }

  compareScenarios(scenarios: { name: string; budgets: Record<string, number> }[], opts: { weeks?: number } = {}) {
    return this.#models.compareScenarios(scenarios, opts);
  }

  /** The last ridge fit (throws a clear error when there is none). */
  lastRidge(): RidgeResult {
    const r = this.analysis.ridge?.result;
    if (!r) throw new MMMError("NO_MODEL", "No ridge model has been fitted yet.", "Run runRidgeMMM() (tool run_ols_mmm) first.");
    return r;
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

  /** Weeks and channels a model on the current table would have (for run-time predictions). */
  modelShape(opts: ModelSpecOptions = {}): { weeks: number; channels: number } {
    const d = this.#models.data(opts);
    return { weeks: d.n, channels: d.channels.length };
  }

  /** Spend over `weeks` weeks at the data's average weekly rate (the default budget to reallocate); a loaded model without data uses its fit's weeks. */
  currentSpend(weeks = 52, channels?: string[]): number {
    const fit = this.analysis.current;
    const d = this.#data || !fit ? this.#models.data(channels ? { channels } : {}) : fit.kind === "ridge" ? fit.model.data : fit.posterior.density.data;
    const total = d.channels.filter((c) => !channels || channels.includes(c.name)).reduce((s, c) => s + c.total, 0);
    return (total / d.n) * weeks;
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
   * Forecast the weeks after the data under planned spend (carry-over of the last weeks included):
   * expected KPI with a 94% band per week (posterior predictive, or a residual band for ridge).
   * @example engine.forecast({ spend: { tv: Array(13).fill(20_000), search: 8_000 }, weeks: 13 });
   */
  forecast(input: ForecastInput = {}, opts: { model?: "ridge" | "bayesian" } = {}): Forecast {
    return forecastFit(this.analysis.fit(opts.model), input);
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
    if (!this.#raw) return;
    this.#data = this.#raw;
    this.#profile = undefined;
    this.#generated = [];
    this.steps.splice(1);
  }

  /** The working table collected into memory. */
  frame(): DataFrame {
    const d = this.data;
    return isLazy(d) ? d.collectSync() : d;
  }

  /** A short status for tools: is data loaded, its shape, the steps applied. */
  status(): { loaded: boolean; rows?: number; columns?: number; source?: SourceSummary; kpiCol?: string; dateCol?: string; geoCol?: string; steps: DataStep[] } {
    if (!this.#data) return { loaded: false, steps: [] };
    const rows = isLazy(this.#data) ? Number(this.#data.select(pl.len().alias("n")).collectSync().getColumn("n").get(0)) : this.#data.height;
    return { loaded: true, rows, columns: this.#data.columns.length, source: this.#source, kpiCol: this.kpiCol, dateCol: this.dateCol, geoCol: this.geoCol, steps: [...this.steps] };
  }

  #currentProfile(): DataProfile {
    return this.#profile ?? this.profile();
  }

  #roles() {
    return this.#currentProfile().roles;
  }

  #record(step: DataStep["step"], detail: Record<string, unknown>): void {
    const d = this.#data!;
    const rows = isLazy(d) ? -1 : d.height;
    this.steps.push({ step, detail, rows, columns: d.columns.length });
  }
}
