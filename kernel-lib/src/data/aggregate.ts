/**
 * `aggregateWeekly`: any granularity (transactions, daily, irregular weekly) → one row per week
 * (per geo when there is one). Volumes are summed, rates and indices averaged, and long-format
 * tables (one row per date × channel) are pivoted to one spend column per channel — all in one
 * lazy polars query, so a 10-million-row file is never materialised.
 */
import { MMMError } from "../errors";
import { weekStartExpr } from "./dates";
import { dtypeName, pl, toLazy, type DataFrame, type Expr, type Frame, type LazyFrame } from "./polars";
import { matchRule } from "./profile/keywords";
import { isNumericDtype } from "./profile/quality";

export interface AggregateOptions {
  dateCol: string;
  geoCol?: string;
  /** Numeric columns to sum (default: every numeric column not treated as a rate). */
  sum?: string[];
  /** Numeric columns to average (default: names that read as rates, prices, indices, scores). */
  mean?: string[];
  /** Long format: the column naming the channel of each row; its values become column prefixes. */
  pivotCol?: string;
  /** With pivotCol: the columns to spread per channel (default: spend-like numeric columns). */
  pivotValues?: string[];
  weekStart?: "monday" | "sunday";
  /** Name of the output week column (default: the date column's name). */
  weekCol?: string;
}

export interface AggregatePlan {
  sum: string[];
  mean: string[];
  /** Text columns: the week's most common value. */
  mode: string[];
  pivoted: string[];
  weekStart: "monday" | "sunday";
}

/**
 * Aggregate to weekly rows. Returns the weekly frame and what was done to each column.
 * @example
 * const { frame } = aggregateWeekly(daily, { dateCol: "date", pivotCol: "channel" });
 */
export function aggregateWeekly(input: Frame, opts: AggregateOptions): { frame: DataFrame; plan: AggregatePlan } {
  const lf = toLazy(input);
  const dtypes = Object.fromEntries(Object.entries(lf.head(0).collectSync().schema as Record<string, unknown>).map(([k, v]) => [k, dtypeName(v)]));
  checkColumns(opts, Object.keys(dtypes));
  const week = opts.weekCol ?? opts.dateCol;
  const keys = [week, ...(opts.geoCol ? [opts.geoCol] : [])];
  const cols = planColumns(dtypes, opts);
  let source = withWeek(lf, opts, dtypes[opts.dateCol]!);
  let levels: string[] = [];
  if (opts.pivotCol) {
    // Long format: one hash aggregation to (week, geo, channel) first, so the per-channel spread
    // runs on weeks × channels rows instead of the raw transactions.
    source = preAggregate(source, [...keys, opts.pivotCol], cols);
    levels = pivotLevels(source, opts.pivotCol);
  }
  const exprs = aggregationExprs(cols, levels, opts);
  const frame = source
    .groupBy(keys)
    .agg(...exprs)
    .sort(keys)
    .collectSync();
  return { frame, plan: { sum: cols.sum, mean: cols.mean, mode: cols.text, pivoted: pivotNames(levels, cols.pivotValues), weekStart: opts.weekStart ?? "monday" } };
}

interface ColumnPlan {
  sum: string[];
  mean: string[];
  text: string[];
  pivotValues: string[];
}

/** Which columns are summed, averaged, spread per channel, or summarised by their mode. */
export function planColumns(dtypes: Record<string, string>, opts: AggregateOptions): ColumnPlan {
  const skip = new Set([opts.dateCol, opts.geoCol, opts.pivotCol].filter(Boolean) as string[]);
  const numeric = Object.keys(dtypes).filter((c) => !skip.has(c) && isNumericDtype(dtypes[c]!));
  const text = Object.keys(dtypes).filter((c) => !skip.has(c) && dtypes[c] === "String");
  const pivotValues = opts.pivotCol ? (opts.pivotValues ?? numeric.filter((c) => matchRule(c, "spend") || matchRule(c, "impressions"))) : [];
  const mean = opts.mean ?? numeric.filter((c) => !pivotValues.includes(c) && !opts.sum?.includes(c) && matchRule(c, "rate"));
  const sum = opts.sum ?? numeric.filter((c) => !pivotValues.includes(c) && !mean.includes(c));
  return { sum, mean, text, pivotValues };
}

const COUNT = "\u0000n";

/** Sums per key; means carried as sum + count so the second stage stays exact. */
function preAggregate(lf: LazyFrame, keys: string[], cols: ColumnPlan): LazyFrame {
  const exprs: Expr[] = [
    ...[...cols.sum, ...cols.pivotValues, ...cols.mean].map((c) => pl.col(c).sum().alias(c)),
    ...cols.mean.map((c) =>
      pl
        .col(c)
        .count()
        .alias(c + COUNT),
    ),
    ...cols.text.map((c) => pl.col(c).mode().first().alias(c)),
  ];
  return lf
    .groupBy(keys)
    .agg(...exprs)
    .collectSync()
    .lazy();
}

function pivotLevels(lf: LazyFrame, pivotCol: string): string[] {
  const values = lf.select(pl.col(pivotCol).cast(pl.Utf8)).unique().collectSync().getColumn(pivotCol).toArray() as (string | null)[];
  return values.filter((v): v is string => v !== null).sort((a, b) => sanitize(a).localeCompare(sanitize(b)));
}

function pivotNames(levels: string[], values: string[]): string[] {
  return levels.flatMap((level) => values.map((v) => `${sanitize(level)}_${v}`));
}

/** The aggregation expressions of the final group-by (exported so the benchmark runs the same query). */
export function aggregationExprs(cols: ColumnPlan, levels: string[], opts: AggregateOptions): Expr[] {
  const meanOf = (c: string) =>
    opts.pivotCol
      ? pl
          .col(c)
          .sum()
          .div(pl.col(c + COUNT).sum())
      : pl.col(c).mean();
  const exprs: Expr[] = [...cols.sum.map((c) => pl.col(c).sum().alias(c)), ...cols.mean.map((c) => meanOf(c).alias(c))];
  exprs.push(...cols.text.map((c) => pl.col(c).mode().first().alias(c)));
  for (const level of levels) {
    for (const v of cols.pivotValues)
      exprs.push(
        pl
          .col(v)
          .filter(pl.col(opts.pivotCol!).cast(pl.Utf8).eq(pl.lit(level)))
          .sum()
          .alias(`${sanitize(level)}_${v}`),
      );
  }
  return exprs;
}

/** Add the week-start column (named weekCol or replacing the date column). */
export function withWeek(lf: LazyFrame, opts: AggregateOptions, dateDtype: string): LazyFrame {
  let date = pl.col(opts.dateCol);
  if (dateDtype === "String") date = date.str.strptime(pl.Date, "%Y-%m-%d");
  else if (dateDtype.startsWith("Datetime")) date = date.cast(pl.Date);
  else if (dateDtype !== "Date") throw new MMMError("BAD_DATES", `Date column '${opts.dateCol}' has type ${dateDtype}.`, "Parse it to dates first (loadData with dateCol does this).", { column: opts.dateCol });
  return lf.withColumns(weekStartExpr(date, opts.weekStart).alias(opts.weekCol ?? opts.dateCol));
}

function checkColumns(opts: AggregateOptions, columns: string[]): void {
  for (const c of [opts.dateCol, opts.geoCol, opts.pivotCol, ...(opts.sum ?? []), ...(opts.mean ?? []), ...(opts.pivotValues ?? [])]) {
    if (c && !columns.includes(c)) throw new MMMError("COLUMN_NOT_FOUND", `Column '${c}' is not in the data.`, `Available: ${columns.join(", ")}.`, { column: c });
  }
}

/** A channel value as a column-name prefix: "Paid Search" → "paid_search". */
export function sanitize(level: string): string {
  return (
    level
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "") || "blank"
  );
}
