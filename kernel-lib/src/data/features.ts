/**
 * `addTimeFeatures`: calendar columns, a trend, Fourier seasonality, event dummies and one-hot
 * encodings of text columns — the regressors a baseline needs. Fourier terms use the calendar
 * (days since a fixed origin / 365.25), so gaps and geos do not shift the phase.
 */
import { MMMError } from "../errors";
import { sanitize } from "./aggregate";
import { dtypeName, pl, toLazy, type DataFrame, type Frame, type Series } from "./polars";

export interface EventSpec {
  /** Column name of the dummy (sanitised). */
  name: string;
  /** ISO dates ("YYYY-MM-DD"); a weekly row is flagged when its week contains one. */
  dates: string[];
}

export interface TimeFeatureOptions {
  dateCol: string;
  /** Calendar columns to add (default all four). */
  calendar?: ("week" | "month" | "quarter" | "year")[];
  /** Add `trend` = weeks since the first date (default true). */
  trend?: boolean;
  /** Number of yearly Fourier sin/cos pairs (default 2; 0 for none). */
  fourierOrder?: number;
  /** Seasonal period in days (default 365.25). */
  periodDays?: number;
  events?: EventSpec[];
  /** Text columns to one-hot encode ("auto": every low-cardinality text column except the geo). */
  oneHot?: string[] | "auto";
  /** Column excluded from auto one-hot (usually the geo). */
  geoCol?: string;
  /** Days each row covers, for event matching (default 7: weekly rows). */
  rowDays?: number;
}

/**
 * Add time features; returns the frame and the names of the added columns.
 * @example
 * const { frame, added } = addTimeFeatures(weekly, { dateCol: "date", fourierOrder: 3 });
 */
export function addTimeFeatures(input: Frame, opts: TimeFeatureOptions): { frame: DataFrame; added: string[] } {
  let df = toLazy(input).collectSync();
  if (!df.columns.includes(opts.dateCol)) throw new MMMError("COLUMN_NOT_FOUND", `Date column '${opts.dateCol}' is not in the data.`, `Available: ${df.columns.join(", ")}.`, { column: opts.dateCol });
  if (dtypeName(df.getColumn(opts.dateCol).dtype) !== "Date") throw new MMMError("BAD_DATES", `Column '${opts.dateCol}' is not parsed as dates.`, "Load with dateCol set (loadData parses it), or parse it first.", { column: opts.dateCol });
  const days = Int32Array.from(df.getColumn(opts.dateCol).cast(pl.Int32).toArray() as number[]);
  const added: string[] = [];
  const add = (cols: Series[]) => {
    // Never overwrite the analyst's columns: a date column named "week" must stay the date.
    const named = cols.map((c) => (df.columns.includes(c.name) ? c.rename(freeName(df.columns, c.name)) : c));
    df = df.withColumns(...named);
    added.push(...named.map((c) => c.name));
  };
  add(calendarColumns(df, opts));
  if (opts.trend ?? true) add([trendColumn(days)]);
  add(fourierColumns(days, opts.fourierOrder ?? 2, opts.periodDays ?? 365.25));
  add((opts.events ?? []).map((e) => eventColumn(days, e, opts.rowDays ?? 7)));
  const encoded = oneHotColumns(df, opts);
  add(encoded.columns);
  if (encoded.sources.length) df = df.drop(encoded.sources);
  return { frame: df, added };
}

/** `name_1`, `name_2`, … : the first not already taken. */
function freeName(taken: string[], name: string): string {
  let i = 1;
  while (taken.includes(`${name}_${i}`)) i++;
  return `${name}_${i}`;
}

function calendarColumns(df: DataFrame, opts: TimeFeatureOptions): Series[] {
  const d = pl.col(opts.dateCol);
  const parts = df.select(d.dt.week().cast(pl.Int32).alias("week"), d.dt.month().cast(pl.Int32).alias("month"), d.dt.year().cast(pl.Int32).alias("year"));
  const month = parts.getColumn("month").toArray() as number[];
  const quarter = pl.Series(
    "quarter",
    Int32Array.from(month, (m) => Math.floor((m - 1) / 3) + 1),
    pl.Int32,
  );
  const all: Record<string, Series> = { week: parts.getColumn("week"), month: parts.getColumn("month"), quarter, year: parts.getColumn("year") };
  return (opts.calendar ?? ["week", "month", "quarter", "year"]).map((k) => all[k]!);
}

function trendColumn(days: Int32Array): Series {
  const first = days.reduce((a, b) => Math.min(a, b), Infinity);
  return pl.Series(
    "trend",
    Float64Array.from(days, (d) => (d - first) / 7),
    pl.Float64,
  );
}

/** sin/cos pairs of order 1..K; phase from days since 1970-01-01 so every geo shares it. */
export function fourierColumns(days: Int32Array, order: number, periodDays: number): Series[] {
  const cols: Series[] = [];
  for (let k = 1; k <= order; k++) {
    const w = (2 * Math.PI * k) / periodDays;
    cols.push(
      pl.Series(
        `fourier_sin_${k}`,
        Float64Array.from(days, (d) => Math.sin(w * d)),
        pl.Float64,
      ),
    );
    cols.push(
      pl.Series(
        `fourier_cos_${k}`,
        Float64Array.from(days, (d) => Math.cos(w * d)),
        pl.Float64,
      ),
    );
  }
  return cols;
}

function eventColumn(days: Int32Array, e: EventSpec, rowDays: number): Series {
  const eventDays = e.dates.map((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    if (Number.isNaN(t)) throw new MMMError("BAD_DATES", `Event '${e.name}' has an unreadable date '${s}'.`, "Use ISO dates such as '2024-12-25'.", { value: s });
    return Math.floor(t / 86_400_000);
  });
  return pl.Series(
    `event_${sanitize(e.name)}`,
    Int32Array.from(days, (d) => (eventDays.some((ed) => ed >= d && ed < d + rowDays) ? 1 : 0)),
    pl.Int32,
  );
}

const NULL_LIKE = new Set(["", "na", "n/a", "none", "null", "nan", "no", "0", "false"]);

/** One 0/1 column per level; the null-like (or else most frequent) level is the reference and gets none. */
function oneHotColumns(df: DataFrame, opts: TimeFeatureOptions): { columns: Series[]; sources: string[] } {
  const text = df.columns.filter((c) => c !== opts.dateCol && c !== opts.geoCol && dtypeName(df.getColumn(c).dtype) === "String");
  const wanted = opts.oneHot === "auto" || opts.oneHot === undefined ? text.filter((c) => df.getColumn(c).nUnique() <= 50) : opts.oneHot;
  const columns: Series[] = [];
  for (const c of wanted) {
    if (!df.columns.includes(c)) throw new MMMError("COLUMN_NOT_FOUND", `Column '${c}' (to one-hot encode) is not in the data.`, `Text columns available: ${text.join(", ") || "none"}.`, { column: c });
    const values = df.getColumn(c).cast(pl.Utf8).toArray() as (string | null)[];
    for (const d of dummies(c, values)) columns.push(pl.Series(d.name, Int32Array.from(d.values), pl.Int32));
  }
  return { columns, sources: wanted };
}

/**
 * 0/1 dummies of a text column, one per level except the reference (the null-like level such as
 * "na", else the most frequent), named `<column>_<level>`.
 * @example dummies("events", ["na", "promo", "na"]); // [{ name: "events_promo", values: [0, 1, 0] }]
 */
export function dummies(column: string, values: (string | null)[]): { name: string; values: Float64Array }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v ?? "", (counts.get(v ?? "") ?? 0) + 1);
  const levels = [...counts.keys()].sort();
  const reference = levels.find((l) => NULL_LIKE.has(l.trim().toLowerCase())) ?? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return levels.filter((l) => l !== reference).map((level) => ({ name: `${column}_${sanitize(level)}`, values: Float64Array.from(values, (v) => ((v ?? "") === level ? 1 : 0)) }));
}
