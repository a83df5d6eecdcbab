/**
 * The data half of MMMEngine: the working table — loaded, profiled, cleaned, aggregated, given
 * time features, reset — and the KPI, date and geo columns. Every preparation step is recorded in
 * the engine's `Analysis`; a failing step throws an MMMError and leaves the table exactly as it was.
 */
import { MMMError } from "./errors";
import { aggregateWeekly, type AggregateOptions, type AggregatePlan } from "./data/aggregate";
import { cleanData, type CleanOptions, type CleanReport } from "./data/clean";
import { addTimeFeatures, type TimeFeatureOptions } from "./data/features";
import { parseDateColumn } from "./data/dates";
import { loadTable, type LoadOptions, type SourceSummary } from "./data/load";
import { isLazy, pl, type DataFrame, type Frame } from "./data/polars";
import { profileData, type DataProfile } from "./data/profile";
import type { DataSource } from "./data/sources";
import { checkRoleOptions, mergeRoleOptions, pickRoleOptions, type RoleOptions } from "./data/roleOptions";
import { validateKpi } from "./data/validate";
import type { Analysis, DataStep } from "./analysis/analysis";
import type { TableSource } from "./engineModels";

export interface EngineLoadOptions extends LoadOptions, RoleOptions {}

/** What `loadData` answers: the source, the table's shape and the date and KPI columns. */
export interface LoadSummary {
  source: SourceSummary;
  rows: number;
  columns: string[];
  dateCol?: string;
  kpiCol?: string;
}

/** A short status for tools: is data loaded, its shape, the steps applied. */
export interface TableStatus {
  loaded: boolean;
  rows?: number;
  columns?: number;
  source?: SourceSummary;
  kpiCol?: string;
  dateCol?: string;
  geoCol?: string;
  steps: DataStep[];
}

export class WorkingTable implements TableSource {
  #raw?: Frame;
  #data?: Frame;
  #source?: SourceSummary;
  #profile?: DataProfile;
  #detected: { kpi?: string; date?: string; geo?: string } = {};
  /** Columns add_time_features made: the model builds its own calendar terms, so they never become controls. */
  #generated: string[] = [];

  constructor(private readonly analysis: Analysis) {}

  get loaded(): boolean {
    return this.#data !== undefined;
  }

  get data(): Frame {
    if (!this.#data) throw new MMMError("NO_DATA_LOADED", "No data is loaded.", "Call loadData(source) first, e.g. loadData('data/weekly.csv').");
    return this.#data;
  }

  get raw(): Frame | undefined {
    return this.#raw;
  }

  get source(): SourceSummary | undefined {
    return this.#source;
  }

  get kpiCol(): string | undefined {
    return this.analysis.roles.kpiCol ?? this.#detected.kpi;
  }

  get dateCol(): string | undefined {
    return this.analysis.roles.dateCol ?? this.#detected.date;
  }

  get geoCol(): string | undefined {
    return this.analysis.roles.geoCol ?? this.#detected.geo;
  }

  get roleOptions(): RoleOptions {
    return { ...this.analysis.roles };
  }

  async load(source: DataSource, opts: EngineLoadOptions = {}): Promise<LoadSummary> {
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
    this.analysis.steps.length = 0;
    this.analysis.resetModels();
    this.#record("load", { source: summary });
    if (summary.weekly) this.#record("aggregate_weekly", { where: summary.weekly.where, plan: summary.weekly.plan, bytesTransferred: summary.weekly.bytesTransferred });
    return { source: summary, rows: profile.rows, columns: profile.columnNames, dateCol, kpiCol: opts.kpiCol ?? profile.roles.kpi };
  }

  /** Profile the working table afresh. */
  profile(opts: { minRowsForMmm?: number } = {}): DataProfile {
    this.#profile = profileData(this.data, { ...this.roleOptions, generated: this.#generated, ...opts });
    return this.#profile;
  }

  /** The profile of the working table as it is now (computed when a step made the last one stale). */
  currentProfile(): DataProfile {
    return this.#profile ?? this.profile();
  }

  setRoles(roles: RoleOptions): DataProfile["roles"] {
    const next = mergeRoleOptions(this.analysis.roles, roles);
    checkRoleOptions(this.data, next);
    if (roles.kpiCol) validateKpi(this.data, roles.kpiCol);
    this.analysis.roles = next;
    this.#profile = undefined;
    return this.currentProfile().roles;
  }

  clean(opts: CleanOptions = {}): CleanReport {
    const roles = this.currentProfile().roles;
    const { frame, report } = cleanData(this.data, { channels: roles.channels, kpi: this.kpiCol, sortBy: this.dateCol, ...opts });
    this.#replace(frame);
    this.#record("clean", { ...report });
    return report;
  }

  aggregateWeekly(opts: Partial<AggregateOptions> = {}): { plan: AggregatePlan; rows: number; columns: string[] } {
    const dateCol = opts.dateCol ?? this.dateCol;
    if (!dateCol) throw new MMMError("INVALID_ARGUMENT", "No date column is known.", "Pass dateCol, e.g. aggregateWeekly({ dateCol: 'date' }).");
    const roles = this.currentProfile().roles;
    const pivotCol = roles.channelColumn && (this.#profile?.granularity === "transactions" || roles.channels.length === 0) ? roles.channelColumn : undefined;
    const { frame, plan } = aggregateWeekly(this.data, { dateCol, geoCol: this.geoCol, pivotCol, ...opts });
    this.#replace(frame);
    this.#record("aggregate_weekly", { plan });
    return { plan, rows: frame.height, columns: frame.columns };
  }

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

  /** Undo every preparation step: the working table becomes the loaded table again. */
  reset(): void {
    if (!this.#raw) return;
    this.#data = this.#raw;
    this.#profile = undefined;
    this.#generated = [];
    this.analysis.steps.splice(1);
  }

  frame(): DataFrame {
    const d = this.data;
    return isLazy(d) ? d.collectSync() : d;
  }

  status(): TableStatus {
    if (!this.#data) return { loaded: false, steps: [] };
    const rows = isLazy(this.#data) ? Number(this.#data.select(pl.len().alias("n")).collectSync().getColumn("n").get(0)) : this.#data.height;
    return { loaded: true, rows, columns: this.#data.columns.length, source: this.#source, kpiCol: this.kpiCol, dateCol: this.dateCol, geoCol: this.geoCol, steps: [...this.analysis.steps] };
  }

  #replace(frame: Frame): void {
    this.#data = frame;
    this.#profile = undefined;
  }

  #record(step: DataStep["step"], detail: Record<string, unknown>): void {
    const d = this.#data!;
    const rows = isLazy(d) ? -1 : d.height;
    this.analysis.steps.push({ step, detail, rows, columns: d.columns.length });
  }
}
