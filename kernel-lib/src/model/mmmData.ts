/**
 * The arrays a model fits: one national weekly series of the KPI, each channel's spend, and the
 * baseline regressors (controls, trend, Fourier seasonality). Built once from a polars frame and
 * checked for the degenerate inputs that would make a fit meaningless.
 */
import { isoDate } from "../data/dates";
import { MMMError } from "../errors";
import { aggregateWeekly } from "../data/aggregate";
import { dummies } from "../data/features";
import { requireColumns } from "../data/explore";
import { dtypeName, pl, toLazy, type DataFrame, type Frame } from "../data/polars";
import { isNumericDtype } from "../data/profile/quality";
import { pearson } from "../math/stats";
import { checkRfSpecs, impressionsForAggregation, nationalFrequency, readRfSeries, rfChannels, type RfSpec } from "./rfData";

export interface MmmSpec {
  kpi: string;
  channels: string[];
  controls?: string[];
  /** Organic media (non-paid activity: emails sent, organic impressions): adstock and saturation like media, no spend, no ROAS, no budget. */
  organic?: string[];
  /** Reach & frequency channels (Meridian's `<Channel>_reach`, `_frequency`), each with its spend for ROAS; the Bayesian model uses reach × Hill(frequency). */
  rf?: RfSpec[];
  dateCol: string;
  /** A geo panel is summed to national weeks (ridge is a national model). */
  geoCol?: string;
  /** Yearly Fourier pairs in the baseline (default 2). */
  fourierOrder?: number;
  /** Linear trend in the baseline (default true). */
  trend?: boolean;
}

export interface MmmChannel {
  name: string;
  /** Weekly spend; for an organic channel its activity (the column's own unit). */
  spend: Float64Array;
  /** The channel's max weekly spend: media enters the model as spend / scale. */
  scale: number;
  total: number;
  /** Organic media: no spend, so no ROAS, no budget and no spend checks; reported as contribution and contribution per unit of activity. */
  organic?: true;
  /** A reach & frequency channel: weekly reach (people) and frequency (exposures per reached person); `spend` is its spend. */
  rf?: { reach: Float64Array; frequency: Float64Array };
}

/** Paid channels have spend: ROAS, curves for the budget, spend checks. */
export const isPaid = (ch: Pick<MmmChannel, "organic">): boolean => !ch.organic;

/** A steady-state spend curve exists (budget, scenarios, uplift): paid media, R&F channels through their reach curve; not organic media. */
export const hasSpendCurve = (ch: Pick<MmmChannel, "organic" | "rf">): boolean => !ch.organic;

export interface MmmData {
  n: number;
  /** Week starts as epoch days. */
  days: Int32Array;
  y: Float64Array;
  kpi: string;
  channels: MmmChannel[];
  /** Baseline regressors: controls (one-hot for text), trend, Fourier terms. */
  base: { names: string[]; cols: Float64Array[]; kind: ("control" | "trend" | "season")[] };
  warnings: string[];
  /** Channels left out (all zero, constant), with the reason. */
  excluded: { name: string; reason: string }[];
}

/** Build model arrays from a weekly frame (geo panels are summed to national weeks). */
export function prepareMmmData(frame: Frame, spec: MmmSpec): MmmData {
  const controls = spec.controls ?? [];
  const organic = spec.organic ?? [];
  const rf = spec.rf ?? [];
  const rfCols = checkRfSpecs(rf, spec.channels);
  requireColumns(frame, [spec.kpi, spec.dateCol, ...spec.channels, ...organic, ...rfCols, ...controls, ...(spec.geoCol ? [spec.geoCol] : [])]);
  if (spec.channels.length + rf.length === 0) throw new MMMError("INVALID_ARGUMENT", "No media channels were given.", "Pass the spend columns, e.g. channels: ['tv_spend', 'search_spend'].");
  checkOrganicRoles(spec, controls);
  let df = toLazy(frame)
    .select(spec.dateCol, spec.kpi, ...spec.channels, ...organic, ...rfCols, ...controls, ...(spec.geoCol ? [spec.geoCol] : []))
    .collectSync();
  // Row-level checks (negative reach, frequency < 1) name the table's own rows: before any aggregation.
  for (const r of rf) readRfSeries(df, { name: r.spend, ...r });
  if (spec.geoCol) {
    const numericControls = controls.filter((c) => isNumericDtype(dtypeName(df.getColumn(c).dtype)));
    df = aggregateWeekly(impressionsForAggregation(df, rf), { dateCol: spec.dateCol, sum: [spec.kpi, ...spec.channels, ...organic, ...rfCols], mean: numericControls }).frame;
    df = nationalFrequency(df, rf);
  }
  df = df.sort(spec.dateCol);
  const warnings: string[] = [];
  const y = kpiArray(df, spec.kpi, spec.dateCol);
  const days = Int32Array.from(df.getColumn(spec.dateCol).cast(pl.Date).cast(pl.Int32).toArray() as number[]);
  const { channels, excluded } = spec.channels.length ? channelArrays(df, spec.channels, warnings) : { channels: [], excluded: [] };
  channels.push(...rfChannels(df, rf, warnings));
  const org = channelArrays(df, organic, warnings, true);
  channels.push(...org.channels);
  excluded.push(...org.excluded);
  const base = baseRegressors(df, days, controls, spec, warnings);
  const p = channels.length + base.cols.length;
  if (p >= df.height - 1) {
    throw new MMMError("INVALID_ARGUMENT", `The model has ${p} regressors for ${df.height} weeks.`, "Use fewer channels or controls, a lower fourierOrder, or more history (at least a few weeks per regressor).");
  }
  collinearityWarnings(channels, warnings);
  return { n: df.height, days, y, kpi: spec.kpi, channels, base, warnings, excluded };
}

function kpiArray(df: DataFrame, kpi: string, dateCol: string): Float64Array {
  const s = df.getColumn(kpi);
  if (!isNumericDtype(dtypeName(s.dtype))) throw new MMMError("NOT_NUMERIC", `KPI column '${kpi}' is not numeric (${dtypeName(s.dtype)}).`, "Choose a numeric KPI column.", { column: kpi });
  const values = s.cast(pl.Float64).toArray() as (number | null)[];
  const bad = values.map((v, i) => (v === null || !Number.isFinite(v) ? i : -1)).filter((i) => i >= 0);
  if (bad.length) {
    const dates = df.getColumn(dateCol).toArray() as unknown[];
    const shown = bad.slice(0, 3).map((i) => `row ${i} (${dates[i] instanceof Date ? (dates[i] as Date).toISOString().slice(0, 10) : String(dates[i])})`);
    throw new MMMError("NOT_NUMERIC", `KPI column '${kpi}' has ${bad.length} missing or non-finite value(s): ${shown.join(", ")}.`, "Drop or fill those weeks first (clean_data drops rows without a KPI).", { column: kpi, row: bad[0] });
  }
  return Float64Array.from(values as number[]);
}

/** Paid channels (or, with `organic`, organic media: activity instead of spend, which may be all gone). */
function channelArrays(df: DataFrame, names: string[], warnings: string[], organic = false): { channels: MmmChannel[]; excluded: MmmData["excluded"] } {
  const channels: MmmChannel[] = [];
  const excluded: MmmData["excluded"] = [];
  const [what, unit] = organic ? ["Organic media", "activity"] : ["Channel", "spend"];
  for (const name of names) {
    const raw = df.getColumn(name).cast(pl.Float64).toArray() as (number | null)[];
    if (organic) checkActivity(name, raw);
    const nulls = raw.filter((v) => v === null).length;
    if (nulls) warnings.push(`${what} '${name}': ${nulls} missing week(s) treated as zero ${unit}.`);
    const spend = Float64Array.from(raw, (v) => (v === null || !Number.isFinite(v) ? 0 : Math.max(0, v)));
    const max = spend.reduce((a, b) => Math.max(a, b), 0);
    const min = spend.reduce((a, b) => Math.min(a, b), Infinity);
    const reason = max === 0 ? `zero ${unit} in every week` : max === min ? `the same ${unit} every week (its effect cannot be told apart from the baseline)` : undefined;
    if (reason) {
      excluded.push({ name, reason });
      warnings.push(`${what} '${name}' left out of the model: ${reason}.`);
      continue;
    }
    channels.push({ name, spend, scale: max, total: spend.reduce((a, b) => a + b, 0), ...(organic ? { organic: true as const } : {}) });
  }
  if (channels.length === 0 && !organic) throw new MMMError("INVALID_ARGUMENT", "No channel has varying spend.", "Check the spend columns: every channel is all zero or constant.");
  return { channels, excluded };
}

/** An organic column is media or a control, not both; it is activity, so it cannot go negative. */
function checkOrganicRoles(spec: MmmSpec, controls: string[]): void {
  for (const c of spec.organic ?? []) {
    const other = spec.channels.includes(c) ? "channels" : controls.includes(c) ? "controls" : undefined;
    if (other) throw new MMMError("INVALID_ARGUMENT", `Column '${c}' is given as organic media and among the ${other}.`, "Give each column one role: organic for non-paid activity, channels for paid spend.", { column: c });
  }
}

function checkActivity(name: string, raw: (number | null)[]): void {
  const row = raw.findIndex((v) => v !== null && v < 0);
  if (row >= 0)
    throw new MMMError(
      "INVALID_ARGUMENT",
      `Organic media '${name}' has a negative value (${raw[row]}) at row ${row}: activity (sends, impressions, posts) cannot be negative.`,
      "Fix or drop those rows (clean_data), or model the column as a control.",
      { column: name, row },
    );
}

function baseRegressors(df: DataFrame, days: Int32Array, controls: string[], spec: MmmSpec, warnings: string[]): MmmData["base"] {
  const base: MmmData["base"] = { names: [], cols: [], kind: [] };
  const add = (name: string, col: Float64Array, kind: "control" | "trend" | "season") => {
    base.names.push(name);
    base.cols.push(col);
    base.kind.push(kind);
  };
  for (const c of controls) {
    const s = df.getColumn(c);
    if (dtypeName(s.dtype) === "String") {
      for (const d of dummies(c, s.toArray() as (string | null)[])) add(d.name, d.values, "control");
      continue;
    }
    const v = s.cast(pl.Float64).toArray() as (number | null)[];
    const mean = v.reduce<number>((a, b) => a + (b ?? 0), 0) / Math.max(1, v.filter((x) => x !== null).length);
    if (v.some((x) => x === null)) warnings.push(`Control '${c}': missing weeks filled with its mean.`);
    add(
      c,
      Float64Array.from(v, (x) => x ?? mean),
      "control",
    );
  }
  if (spec.trend ?? true)
    add(
      "trend",
      Float64Array.from(days, (d) => (d - days[0]!) / 365.25),
      "trend",
    );
  for (let k = 1; k <= (spec.fourierOrder ?? 2); k++) {
    const w = (2 * Math.PI * k) / 365.25;
    add(
      `fourier_sin_${k}`,
      Float64Array.from(days, (d) => Math.sin(w * d)),
      "season",
    );
    add(
      `fourier_cos_${k}`,
      Float64Array.from(days, (d) => Math.cos(w * d)),
      "season",
    );
  }
  return base;
}

function collinearityWarnings(channels: MmmChannel[], warnings: string[]): void {
  for (let i = 0; i < channels.length; i++) {
    for (let j = i + 1; j < channels.length; j++) {
      const r = pearson(channels[i]!.spend, channels[j]!.spend);
      if (r > 0.999) warnings.push(`Channels '${channels[i]!.name}' and '${channels[j]!.name}' move together exactly (r = ${r.toFixed(4)}): the model cannot split their effect; merge them or add a prior.`);
      else if (r > 0.95) warnings.push(`Channels '${channels[i]!.name}' and '${channels[j]!.name}' are highly correlated (r = ${r.toFixed(3)}): their split is uncertain.`);
    }
  }
}

/** The KPI and modelled period every model result reports: weeks and first/last week start (ISO). */
export function modelPeriod(data: MmmData): { kpi: string; weeks: number; start: string; end: string } {
  return { kpi: data.kpi, weeks: data.n, start: isoDate(data.days[0]), end: isoDate(data.days[data.n - 1]) };
}
