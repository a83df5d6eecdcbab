/**
 * What a report can say about an engine: the data (if loaded) and each fitted model (if any), read
 * from the engine's analysis (the one owner of fits) and normalised into one `ModelView` so the
 * sections and charts need not care which model produced the numbers. A stage that was not run is
 * `undefined`, never an error.
 */
import type { MMMEngine, DataStep } from "../engine";
import { MMMError } from "../errors";
import type { SourceSummary } from "../data/load";
import { pl, toLazy } from "../data/polars";
import type { SaturationChoice } from "../model/bayes/result";
import { safeLocation } from "./format";
import type { CurveInput } from "./charts/responseCurves";
import type { DecompositionInput } from "./charts/contributions";
import type { FitInput } from "./charts/fit";
import { roiPoints, type RoiInput, type RoiPoint } from "./charts/roi";

export interface DataSummary {
  source?: SourceSummary;
  rows: number;
  columns: number;
  granularity?: string;
  weeks?: number;
  start?: string;
  end?: string;
  kpi?: string;
  date?: string;
  geo?: string;
  channels: string[];
  controls: string[];
  /** Organic media (no spend). */
  organic?: string[];
  steps: DataStep[];
  minRowsForMmm: number;
}

/** One fitted model, whichever kind, with the inputs of its charts. */
export interface ModelView {
  kind: "ridge" | "bayesian";
  kpi?: string;
  weeks: number;
  start?: string;
  end?: string;
  metrics: { r2: number; mape: number; nrmse: number; decompRssd?: number; coverage94?: number; holdout?: { weeks: number; r2: number; mape: number; nrmse: number } };
  diagnostics?: { maxRhat: number; minEssBulk: number; minEssTail: number; divergences: number; chains: number; draws: number; seconds?: number };
  /** Channels as the result gives them (for the ROI chart) and as plain points (for tables). */
  channels: RoiInput;
  roi: RoiPoint[];
  controls?: string[];
  excluded: { name: string; reason: string }[];
  warnings: string[];
  curves?: CurveInput;
  decomposition?: DecompositionInput;
  fit?: FitInput;
  /** Bayesian: the posterior-mean fitted KPI (the predictive band's centre line). */
  fitted?: number[];
  /** Organic media: contribution and KPI per unit of activity (HDIs on a Bayesian fit). */
  organic?: OrganicPoint[];
  /** Bayesian with saturation "auto": the family PSIS-LOO chose and the ELPD table. */
  saturationChoice?: SaturationChoice;
}

/** One organic medium as the report tables show it. */
export interface OrganicPoint {
  name: string;
  activity: number;
  contribution: number;
  contributionHdi?: [number, number];
  perUnit: number;
  perUnitHdi?: [number, number];
}

/** Runs `read`, turning "that stage was not run" errors into `undefined`. */
function ifAvailable<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof MMMError && (err.code === "NOT_AVAILABLE" || err.code === "NO_MODEL" || err.code === "NO_DATA_LOADED")) return undefined;
    throw err;
  }
}

/** The loaded data and the steps applied to it; undefined when nothing is loaded. */
export function dataSummary(engine: MMMEngine, minRowsForMmm: number): DataSummary | undefined {
  const status = engine.status();
  if (!status.loaded) return undefined;
  const profile = engine.profile({ minRowsForMmm });
  const t = profile.timeline;
  const source = status.source && { ...status.source, location: safeLocation(status.source.location) };
  return {
    source,
    rows: status.rows ?? profile.rows,
    columns: status.columns ?? profile.columns,
    granularity: profile.granularity,
    weeks: t?.weeks,
    start: t?.start,
    end: t?.end,
    kpi: status.kpiCol ?? profile.roles.kpi,
    date: status.dateCol,
    geo: status.geoCol,
    channels: profile.roles.channels,
    controls: profile.roles.controls,
    ...(profile.roles.organic.length ? { organic: profile.roles.organic } : {}),
    steps: status.steps,
    minRowsForMmm,
  };
}

/** The ridge fit of the analysis: its result's numbers, and the decomposition and curves of that very fit. */
export function ridgeView(engine: MMMEngine): ModelView | undefined {
  const fit = engine.analysis.ridge;
  if (!fit) return undefined;
  const r = fit.result;
  const rows = engine.decomposition();
  return {
    kind: "ridge",
    kpi: r.kpi,
    weeks: r.weeks,
    start: r.start,
    end: r.end,
    metrics: r.metrics,
    channels: r.channels,
    roi: roiPoints(r.channels),
    ...(r.organic ? { organic: r.organic.map((o) => ({ name: o.name, activity: o.activity, contribution: o.contribution, perUnit: o.perUnit })) } : {}),
    controls: rows[0] ? Object.keys(rows[0].controls) : r.baseline.controls.map((c) => c.name),
    excluded: r.excluded,
    warnings: r.warnings,
    curves: engine.responseCurves(),
    decomposition: rows,
    fit: rows,
  };
}

/** The Bayesian fit of the analysis: posterior summaries, predictive check, bands and convergence. */
export function bayesView(engine: MMMEngine): ModelView | undefined {
  const fit = engine.analysis.bayesian;
  if (!fit) return undefined;
  const { posterior: post, result } = fit;
  const data = post.density.data;
  const ppc = post.predictive(result.sampler.seed);
  const decomposition = post.decomposition();
  const conv = result.diagnostics;
  return {
    kind: "bayesian",
    kpi: data.kpi,
    weeks: data.n,
    start: decomposition.dates[0],
    end: decomposition.dates[data.n - 1],
    metrics: { ...result.fit },
    diagnostics: { maxRhat: conv.maxRhat, minEssBulk: conv.minEssBulk, minEssTail: conv.minEssTail, divergences: conv.divergences, chains: post.chains.length, draws: post.chains[0]?.draws.length ?? 0, seconds: result.sampler.seconds },
    channels: result.channels,
    roi: roiPoints(result.channels),
    ...(result.organic ? { organic: result.organic.map((o) => ({ name: o.name, activity: o.activity, contribution: o.contribution.mean, contributionHdi: o.contribution.hdi94, perUnit: o.perUnit.mean, perUnitHdi: o.perUnit.hdi94 })) } : {}),
    controls: data.base.names.filter((_, b) => data.base.kind[b] === "control"),
    excluded: result.excluded,
    warnings: result.warnings,
    ...(result.saturationChoice ? { saturationChoice: result.saturationChoice } : {}),
    curves: post.responseCurves(),
    decomposition,
    fit: ppc,
    fitted: decomposition.fitted.mean,
  };
}

/**
 * Highest weekly spend seen per channel (geo rows summed per date, as the model does): beyond it a
 * fitted curve is extrapolation.
 */
export function observedWeeklyMax(engine: MMMEngine, channels: string[]): Record<string, number> {
  const frame = ifAvailable(() => engine.data);
  if (!frame) return {};
  const cols = channels.filter((c) => frame.columns.includes(c));
  if (cols.length === 0) return {};
  const date = engine.dateCol && frame.columns.includes(engine.dateCol) ? engine.dateCol : undefined;
  // Lazy all the way: on a remote table only the per-channel maxima are collected.
  const lazy = toLazy(frame);
  const weekly = date ? lazy.groupBy(date).agg(...cols.map((c) => pl.col(c).sum())) : lazy;
  const row =
    weekly
      .select(...cols.map((c) => pl.col(c).cast(pl.Float64).max()))
      .collectSync()
      .toRecords()[0] ?? {};
  return Object.fromEntries(cols.map((c) => [c, Number(row[c])]).filter(([, v]) => Number.isFinite(v)));
}
