/**
 * `Analysis`: the one owner of an analysis's state — the data steps and roles, the media parameters
 * the searches found, each fit with its options, which fit is current, the budget plan and
 * scenarios made from it, the charts, the notes and the last export. The engine writes it; the
 * tools, the report, the notebook, the panel and the agent read it. Nobody keeps a copy, so a
 * refit made anywhere (engine call, tool, agent) is what everyone shows next.
 */
import { MMMError } from "../errors";
import type { RoleOptions } from "../data/roleOptions";
import type { MediaParams } from "../model/media";
import type { SearchResult } from "../model/search/search";
import type { BudgetPlan, FlightPlan, ScenarioComparison } from "../model/budget";
import { withFigureKey, type PlotlyFigure } from "./figure";
import type { Phase } from "../workflow";
import { plainOptions, type BayesianFit, type Fit, type GeoBayesianFit, type ModelKind, type RidgeFit } from "./fits";
import type { ValidationResult } from "../model/validation/holdout";
import type { ModelComparison } from "../model/validation/compareSpecs";
import type { RefreshReport } from "../model/refresh/types";

/** One step applied to the working table, for the analysis history. */
export interface DataStep {
  step: "load" | "clean" | "aggregate_weekly" | "add_time_features";
  detail: Record<string, unknown>;
  rows: number;
  columns: number;
}

/** An analysis note (add_analysis_note): a finding or decision, in the phase it was made. */
export interface AnalysisNote {
  at: string;
  phase: Phase;
  text: string;
  category?: string;
}

/** A chart of the analysis under its key; `revision` grows each time the key is replaced. */
export interface FigureEntry {
  key: string;
  figure: PlotlyFigure;
  revision: number;
}

/** Something computed from a fit: valid while that fit is the current one. */
interface FromFit<T> {
  value: T;
  /** The fit's seq; undefined when it does not depend on a fit. */
  fit?: number;
}

export class Analysis {
  /** Steps applied to the working table since the load. */
  readonly steps: DataStep[] = [];
  /** Roles the analyst set (at load or with setRoles); everything else is detected. */
  roles: RoleOptions = {};
  /** Notes of the analysis history, in order. */
  readonly notes: AnalysisNote[] = [];
  /** Files the last report export wrote. */
  exported?: { dir: string; files: string[] };
  #media: Record<string, MediaParams> = {};
  #search?: SearchResult;
  /** Channels the last joint search could not identify, with the reason. */
  #searchWarnings = new Map<string, string>();
  #fits: { ridge?: RidgeFit; bayesian?: BayesianFit } = {};
  #picked?: ModelKind;
  #seq = 0;
  #budget?: FromFit<BudgetPlan>;
  #scenarios?: FromFit<ScenarioComparison>;
  #flighting?: FromFit<FlightPlan>;
  #figures = new Map<string, FromFit<FigureEntry>>();
  /** Out-of-sample checks of a Bayesian fit (its seq), and the last comparison of specifications. */
  #validation?: { value: ValidationResult; fit: number };
  #comparison?: ModelComparison;
  /** The last refresh's report: valid while the fit it refitted is current. */
  #refresh?: FromFit<RefreshReport>;
  #revision = 0;
  #geo?: GeoBayesianFit;

  /** Forget fits, parameters, plans and charts (the data changed); notes stay: they are the history. */
  resetModels(): void {
    this.#media = {};
    this.#search = undefined;
    this.#searchWarnings.clear();
    this.#fits = {};
    this.#picked = undefined;
    this.#budget = this.#scenarios = undefined;
    this.#flighting = undefined;
    this.#figures.clear();
    this.#validation = this.#comparison = undefined;
    this.#refresh = undefined;
    this.#geo = undefined;
  }

  // ---- fits ----

  get ridge(): RidgeFit | undefined {
    return this.#fits.ridge;
  }

  get bayesian(): BayesianFit | undefined {
    return this.#fits.bayesian;
  }

  /** The model everything reads: the latest fit, unless `use` picked another since. */
  get current(): Fit | undefined {
    const picked = this.#picked && this.#fits[this.#picked];
    if (picked) return picked;
    const { ridge, bayesian } = this.#fits;
    return !ridge ? bayesian : !bayesian ? ridge : ridge.seq > bayesian.seq ? ridge : bayesian;
  }

  /**
   * The fit a view of one model reads (a forecast, say): `kind`'s, else the current model.
   * Throws NO_MODEL when there is none.
   */
  fit(kind?: ModelKind): Fit {
    const fit = kind ? this.#fits[kind] : this.current;
    if (!fit) throw new MMMError("NO_MODEL", kind ? `No ${kind} model has been fitted (or loaded).` : "No model has been fitted (or loaded) yet.", "Fit one (runRidgeMMM / runBayesianMMM), or load a saved one with MMMEngine.load(dir).");
    return fit;
  }

  /** Make `kind`'s fit the current model (until the next fit, which becomes current). */
  use(kind: ModelKind): Fit {
    const fit = this.#fits[kind];
    if (!fit) throw new MMMError("NO_MODEL", `No ${kind} model has been fitted yet.`, kind === "ridge" ? "Run runRidgeMMM() (tool run_ols_mmm) first." : "Run runBayesianMMM() (tool run_bayesian_mmm) first.");
    this.#picked = kind;
    return fit;
  }

  recordRidge(fit: Omit<RidgeFit, "kind" | "seq" | "at">): RidgeFit {
    const f: RidgeFit = { ...fit, kind: "ridge", options: plainOptions(fit.options), ...this.#stamp() };
    this.#fits.ridge = f;
    return f;
  }

  /** The last hierarchical geo fit (engine.runGeoBayesianMMM); the report's geo section reads it. */
  get geoBayesian(): GeoBayesianFit | undefined {
    return this.#geo;
  }

  /**
   * The geo fit when it is the model curves, scenarios and budgets read: it is the latest fit and no
   * national fit was picked (`use`) since.
   */
  get currentGeo(): GeoBayesianFit | undefined {
    const geo = this.#geo;
    return geo && !this.#picked && geo.seq > (this.current?.seq ?? 0) ? geo : undefined;
  }

  /** Record a geo fit: the latest fit, so the current model until the next fit or `use`. */
  recordGeoBayesian(fit: Omit<GeoBayesianFit, "kind" | "seq" | "at">): GeoBayesianFit {
    const f: GeoBayesianFit = { ...fit, kind: "geo", spec: plainOptions(fit.spec), options: plainOptions(fit.options), ...this.#stamp() };
    this.#geo = f;
    return f;
  }

  recordBayesian(fit: Omit<BayesianFit, "kind" | "seq" | "at">): BayesianFit {
    const f: BayesianFit = { ...fit, kind: "bayesian", options: plainOptions(fit.options), ...this.#stamp() };
    this.#fits.bayesian = f;
    return f;
  }

  /**
   * Put back the fits of a saved model (their order and times kept) and the media parameters they
   * were fitted with; `current` as it was when saved ("geo": the geo fit, the latest). Plans and charts start empty.
   */
  restoreFits(fits: { ridge?: RidgeFit; bayesian?: BayesianFit; geo?: GeoBayesianFit }, media: Record<string, MediaParams>, current?: ModelKind | "geo"): void {
    this.resetModels();
    this.#media = { ...media };
    const { geo, ...national } = fits;
    this.#fits = national;
    this.#geo = geo;
    this.#seq = Math.max(this.#seq, fits.ridge?.seq ?? 0, fits.bayesian?.seq ?? 0, geo?.seq ?? 0);
    this.#picked = current && current !== "geo" && national[current] ? current : undefined;
  }

  #stamp(): { seq: number; at: string } {
    // A new fit is the latest: it becomes current even after the analyst picked another.
    this.#picked = undefined;
    return { seq: ++this.#seq, at: new Date().toISOString() };
  }

  // ---- media parameters and searches ----

  get media(): Record<string, MediaParams> {
    return { ...this.#media };
  }

  get search(): SearchResult | undefined {
    return this.#search;
  }

  get searchWarnings(): ReadonlyMap<string, string> {
    return this.#searchWarnings;
  }

  /** A one-channel search: its parameters replace that channel's, and its earlier flag goes. */
  recordChannelSearch(channel: string, params: MediaParams): void {
    this.#media[channel] = params;
    this.#searchWarnings.delete(channel);
  }

  recordSearch(result: SearchResult): void {
    Object.assign(this.#media, result.params);
    this.#search = result;
    this.#searchWarnings = new Map((result.selection?.channels ?? []).filter((c) => !c.identified).map((c) => [c.name, c.reason!]));
  }

  // ---- out-of-sample checks and model comparison ----

  /** The out-of-sample checks of the Bayesian fit, while that fit is the Bayesian one (a refit makes them moot). */
  get validation(): ValidationResult | undefined {
    const v = this.#validation;
    return v && v.fit === this.#fits.bayesian?.seq ? v.value : undefined;
  }

  recordValidation(v: ValidationResult): void {
    this.#validation = { value: v, fit: this.#fits.bayesian?.seq ?? -1 };
  }

  /** The last comparison of Bayesian specifications (on this data; kept across fits). */
  get comparison(): ModelComparison | undefined {
    return this.#comparison;
  }

  set comparison(c: ModelComparison | undefined) {
    this.#comparison = c;
  }

  /** The last refresh (engine.refresh): before/after per channel and why, while its refitted fit is current. */
  get refresh(): RefreshReport | undefined {
    return this.#valid(this.#refresh);
  }

  set refresh(r: RefreshReport | undefined) {
    this.#refresh = r && { value: r, fit: this.#modelSeq };
  }

  // ---- what is computed from the current fit ----

  /** The budget plan, when it was made from the current model (a refit makes an older plan moot). */
  get budget(): BudgetPlan | undefined {
    return this.#valid(this.#budget);
  }

  set budget(plan: BudgetPlan | undefined) {
    this.#budget = plan && { value: plan, fit: this.#modelSeq };
  }

  /** The weekly flighting plan, when it was made from the current model. */
  get flighting(): FlightPlan | undefined {
    return this.#valid(this.#flighting);
  }

  set flighting(plan: FlightPlan | undefined) {
    this.#flighting = plan && { value: plan, fit: this.#modelSeq };
  }

  get scenarios(): ScenarioComparison | undefined {
    return this.#valid(this.#scenarios);
  }

  set scenarios(s: ScenarioComparison | undefined) {
    this.#scenarios = s && { value: s, fit: this.#modelSeq };
  }

  /**
   * Show `figure` under `key`, replacing the chart of that key (a re-run redraws, never appends).
   * `fromModel` charts belong to the current fit and disappear when another fit becomes current.
   */
  setFigure(key: string, figure: PlotlyFigure, opts: { fromModel?: boolean } = {}): FigureEntry {
    const entry = { key, figure: withFigureKey(figure, key), revision: ++this.#revision };
    this.#figures.set(key, { value: entry, fit: opts.fromModel === false ? undefined : this.#modelSeq });
    return entry;
  }

  /** The charts of the current model (and those that depend on no fit), by key. */
  figureEntries(): FigureEntry[] {
    return [...this.#figures.values()].filter((f) => f.fit === undefined || f.fit === this.#modelSeq).map((f) => f.value);
  }

  get figures(): Record<string, PlotlyFigure> {
    return Object.fromEntries(this.figureEntries().map((e) => [e.key, e.figure]));
  }

  addNotes(notes: readonly AnalysisNote[]): void {
    this.notes.push(...notes);
  }

  #valid<T>(x: FromFit<T> | undefined): T | undefined {
    return x && (x.fit === undefined || x.fit === this.#modelSeq) ? x.value : undefined;
  }

  /** The seq of the model in use: the geo fit's when it is current, else the current fit's. */
  get #modelSeq(): number | undefined {
    return this.currentGeo?.seq ?? this.current?.seq;
  }
}
