/**
 * The saved model's weekly arrays extended by a new table (issue #16 item 5): the new table must
 * hold the model's columns (KPI, date, every modelled channel and control, and the geo column when
 * the model summed geos); its weeks are read as the model's were (geos summed, controls averaged,
 * missing spend as zero; R&F channels' reach and frequency as the fit read them), weeks after the saved end are appended and saved weeks it holds again
 * are replaced — the new values win. Trend and Fourier terms are recomputed from the dates (the
 * trend keeps the first saved week as its origin), channel scales and totals from the whole span.
 */
import { isoDate } from "../../data/dates";
import { aggregateWeekly, sanitize } from "../../data/aggregate";
import { dtypeName, pl, toLazy, type DataFrame, type Frame } from "../../data/polars";
import { isNumericDtype } from "../../data/profile/quality";
import { MMMError } from "../../errors";
import type { MmmData, MmmSpec } from "../mmmData";
import { impressionsForAggregation, nationalFrequency, readRfSeries, type RfSpec } from "../rfData";

export interface CombinedData {
  data: MmmData;
  /** Index of the first week after the saved end in `data` (= weeks kept from the saved data + replaced ones before it). */
  savedWeeks: number;
  added: string[];
  replaced: string[];
  warnings: string[];
}

const DAY_WEEK = 7;

function mismatch(message: string, hint: string, column?: string): never {
  throw new MMMError("DATA_MISMATCH", message, hint, column ? { column } : undefined);
}

/** The new table's weeks as the model reads them: sorted, geos summed, one row per week. */
function newWeeks(frame: Frame, spec: MmmSpec, old: MmmData): DataFrame {
  const controls = spec.controls ?? [];
  const rf = rfSpecs(spec, old);
  const rfCols = rf.flatMap((r) => [r.reach, r.frequency]);
  const need = [spec.kpi, spec.dateCol, ...old.channels.map((c) => c.name), ...rfCols, ...controls, ...(spec.geoCol ? [spec.geoCol] : [])];
  const missing = need.filter((c) => !frame.columns.includes(c));
  if (missing.length) mismatch(`The new table lacks the saved model's column(s) ${missing.map((c) => `'${c}'`).join(", ")}.`, `Give a table with the columns the model was fitted on: ${need.join(", ")} (same names and roles).`, missing[0]);
  let df = toLazy(frame)
    .select(...need)
    .collectSync();
  if (df.height === 0) mismatch("The new table has no rows.", "Give the weeks to add (rows after the saved model's last week).");
  if (spec.geoCol) {
    const numeric = controls.filter((c) => isNumericDtype(dtypeName(df.getColumn(c).dtype)));
    // R&F as the fit read it: reach summed over geos, frequency = impressions / reach.
    df = aggregateWeekly(impressionsForAggregation(df, rf), { dateCol: spec.dateCol, sum: [spec.kpi, ...old.channels.map((c) => c.name), ...rfCols], mean: numeric }).frame;
    df = nationalFrequency(df, rf);
  }
  return df.sort(spec.dateCol);
}

/** The spec's R&F entry of every R&F channel of the saved data. */
function rfSpecs(spec: MmmSpec, old: MmmData): RfSpec[] {
  return old.channels.flatMap((c) => {
    if (!c.rf) return [];
    const r = spec.rf?.find((x) => x.spend === c.name);
    if (!r) mismatch(`The saved model's spec does not name the reach and frequency columns of '${c.name}'.`, "Refit on the full table instead (runBayesianMMM with rf).", c.name);
    return [r];
  });
}

function numbers(df: DataFrame, col: string): (number | null)[] {
  const s = df.getColumn(col);
  if (!isNumericDtype(dtypeName(s.dtype))) mismatch(`Column '${col}' is ${dtypeName(s.dtype)} in the new table; the saved model read it as numbers.`, "Give the column with the same type as in the fitted data.", col);
  return s.cast(pl.Float64).toArray() as (number | null)[];
}

/** Each saved control column (numeric, or one-hot levels of a text control) over the new weeks. */
function controlColumns(df: DataFrame, spec: MmmSpec, old: MmmData, warnings: string[]): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const c of spec.controls ?? []) {
    const s = df.getColumn(c);
    if (dtypeName(s.dtype) === "String") {
      if (old.base.names.includes(c)) mismatch(`Control '${c}' is text in the new table; the saved model read it as numbers.`, "Give the column with the same type as in the fitted data.", c);
      const values = s.toArray() as (string | null)[];
      const saved = old.base.names.filter((n, i) => old.base.kind[i] === "control" && n.startsWith(`${c}_`));
      for (const name of saved)
        out.set(
          name,
          Float64Array.from(values, (v) => (`${c}_${sanitize(v ?? "")}` === name ? 1 : 0)),
        );
      const unknown = [...new Set(values.filter((v) => v !== null && !saved.includes(`${c}_${sanitize(v)}`)))];
      if (unknown.length) warnings.push(`Control '${c}': level(s) ${unknown.slice(0, 3).join(", ")} of the new weeks count as the saved reference level (the saved model has no coefficient for them).`);
      continue;
    }
    const i = old.base.names.indexOf(c);
    if (i < 0) mismatch(`Control '${c}' is numeric in the new table but was not a numeric control of the saved model.`, "Give the control with the type it had in the fitted data.", c);
    const savedCol = old.base.cols[i]!;
    const mean = savedCol.reduce((a, v) => a + v, 0) / savedCol.length;
    const v = numbers(df, c);
    if (v.some((x) => x === null)) warnings.push(`Control '${c}': missing new weeks filled with its saved mean.`);
    out.set(
      c,
      Float64Array.from(v, (x) => x ?? mean),
    );
  }
  return out;
}

/** The rows of one week: its date, KPI, spend per channel (reach and frequency for R&F channels, else 0) and control values. */
interface Week {
  day: number;
  y: number;
  spend: number[];
  reach: number[];
  frequency: number[];
  controls: Map<string, number>;
}

function readNewWeeks(frame: Frame, spec: MmmSpec, old: MmmData, warnings: string[]): Week[] {
  const df = newWeeks(frame, spec, old);
  const days = df.getColumn(spec.dateCol).cast(pl.Date).cast(pl.Int32).toArray() as (number | null)[];
  if (days.some((d) => d === null)) mismatch(`The new table has rows without a date in '${spec.dateCol}'.`, "Drop or fix those rows first.", spec.dateCol);
  if (new Set(days).size !== days.length)
    mismatch(`The new table has several rows for one week in '${spec.dateCol}'${spec.geoCol ? "" : " (a geo panel? the saved model was national)"}.`, "Give one row per week, as the fitted data had.", spec.dateCol);
  const y = numbers(df, spec.kpi);
  const bad = y.findIndex((v) => v === null || !Number.isFinite(v));
  if (bad >= 0) throw new MMMError("NOT_NUMERIC", `KPI column '${spec.kpi}' has a missing value in the new week ${isoDate(days[bad]!)}.`, "Drop or fill that week first.", { column: spec.kpi, row: bad });
  const spends = old.channels.map((c) => numbers(df, c.name));
  const rf = rfSpecs(spec, old);
  // Checked as at the fit (negative reach, frequency below 1 name the row).
  const series = old.channels.map((c) => (c.rf ? readRfSeries(df, { name: c.name, ...rf.find((r) => r.spend === c.name)! }) : undefined));
  const controls = controlColumns(df, spec, old, warnings);
  return days.map((day, t) => ({
    day: day!,
    y: y[t]!,
    spend: spends.map((s) => Math.max(0, s[t] ?? 0)),
    reach: series.map((r) => r?.reach[t] ?? 0),
    frequency: series.map((r) => r?.frequency[t] ?? 0),
    controls: new Map([...controls].map(([k, v]) => [k, v[t]!])),
  }));
}

/** New weeks on the saved weekly grid: inside the saved span (replacing a week) or right after it, no gap. */
function checkGrid(weeks: Week[], old: MmmData): void {
  const first = old.days[0]!;
  const last = old.days[old.n - 1]!;
  const saved = new Set(old.days);
  for (const w of weeks) {
    if (w.day < first) mismatch(`The new table has week ${isoDate(w.day)}, before the saved model's first week ${isoDate(first)}.`, "Give only revised saved weeks and the weeks after the saved end.");
    if (w.day <= last && !saved.has(w.day))
      mismatch(`The new table's week ${isoDate(w.day)} is not one of the saved model's weeks (its weeks start on ${isoDate(first)}'s weekday).`, "Aggregate the new data to the same weekly grid (week starts) as the fitted data.");
    if (w.day > last && (w.day - last) % DAY_WEEK !== 0)
      mismatch(`The new table's week ${isoDate(w.day)} is not on the saved weekly grid (7-day steps from ${isoDate(last)}).`, "Aggregate the new data to the same week starts as the fitted data.");
  }
  const after = weeks.filter((w) => w.day > last).map((w) => w.day);
  after.forEach((d, i) => {
    const prev = i === 0 ? last : after[i - 1]!;
    if (d - prev !== DAY_WEEK) mismatch(`The new weeks leave a gap: nothing between ${isoDate(prev)} and ${isoDate(d)}.`, "Give every week after the saved end (the adstock needs consecutive weeks).");
  });
}

/**
 * The saved arrays extended by the new table's weeks.
 * @throws MMMError DATA_MISMATCH (a missing column, another type, dates off the weekly grid or a gap), NOT_NUMERIC (a missing KPI)
 * @example combineWeeks(savedFit.posterior.density.data, newFrame, savedFit.spec!).data.n; // 156
 */
export function combineWeeks(old: MmmData, frame: Frame, spec: MmmSpec): CombinedData {
  const warnings: string[] = [];
  const weeks = readNewWeeks(frame, spec, old, warnings);
  checkGrid(weeks, old);
  const byDay = new Map(weeks.map((w) => [w.day, w]));
  const last = old.days[old.n - 1]!;
  const replaced = weeks.filter((w) => w.day <= last).map((w) => isoDate(w.day));
  const added = weeks.filter((w) => w.day > last);
  const n = old.n + added.length;
  const days = Int32Array.from([...old.days, ...added.map((w) => w.day)]);
  const pick = (t: number, saved: () => number, fresh: (w: Week) => number) => {
    const w = byDay.get(days[t]!);
    return w ? fresh(w) : saved();
  };
  const y = Float64Array.from({ length: n }, (_, t) =>
    pick(
      t,
      () => old.y[t]!,
      (w) => w.y,
    ),
  );
  const channels = old.channels.map((c, i) => {
    const spend = Float64Array.from({ length: n }, (_, t) =>
      pick(
        t,
        () => c.spend[t]!,
        (w) => w.spend[i]!,
      ),
    );
    const series = (saved: Float64Array, fresh: (w: Week) => number) => Float64Array.from({ length: n }, (_, t) => pick(t, () => saved[t]!, fresh));
    const rf = c.rf && { reach: series(c.rf.reach, (w) => w.reach[i]!), frequency: series(c.rf.frequency, (w) => w.frequency[i]!) };
    // The organic flag stays (an organic medium's "spend" is its activity); R&F channels extend reach and frequency.
    return { ...c, spend, scale: spend.reduce((a, b) => Math.max(a, b), 0), total: spend.reduce((a, b) => a + b, 0), ...(rf ? { rf } : {}) };
  });
  const cols = old.base.names.map((name, b) => {
    const kind = old.base.kind[b]!;
    if (kind === "trend") return Float64Array.from(days, (d) => (d - days[0]!) / 365.25);
    if (kind === "season") {
      const k = Number(name.slice(name.lastIndexOf("_") + 1));
      const f = name.startsWith("fourier_sin") ? Math.sin : Math.cos;
      return Float64Array.from(days, (d) => f(((2 * Math.PI * k) / 365.25) * d));
    }
    return Float64Array.from({ length: n }, (_, t) =>
      pick(
        t,
        () => old.base.cols[b]![t]!,
        (w) => w.controls.get(name) ?? 0,
      ),
    );
  });
  if (replaced.length) warnings.push(`${replaced.length} saved week(s) (${replaced[0]} to ${replaced[replaced.length - 1]}) are in the new table too: the new values replace the saved ones.`);
  const data: MmmData = { ...old, n, days, y, channels, base: { names: [...old.base.names], kind: [...old.base.kind], cols }, warnings: [...old.warnings], excluded: old.excluded.map((e) => ({ ...e })) };
  return { data, savedWeeks: old.n, added: added.map((w) => isoDate(w.day)), replaced, warnings };
}
