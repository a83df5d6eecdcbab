/**
 * Exploratory look-ups for the analyst and the agent: column statistics, top values, seeded
 * samples, structured filter + aggregate, correlations and outliers. Results are small JSON.
 */
import { AGENT_CFG } from "../config";
import { MMMError, closestNames } from "../errors";
import { correlationMatrix } from "../math/stats";
import { isoDate } from "./dates";
import { dtypeName, pl, toLazy, type DataFrame, type Expr, type Frame } from "./polars";
import { columnQuality, isNumericDtype, type ColumnQuality } from "./profile/quality";

/** Throw a COLUMN_NOT_FOUND with "did you mean" when a column is missing. */
export function requireColumns(frame: Frame, columns: string[]): void {
  const have = frame.columns;
  for (const c of columns) {
    if (have.includes(c)) continue;
    const near = closestNames(c, have);
    throw new MMMError("COLUMN_NOT_FOUND", `Column '${c}' is not in the data.`, near.length ? `Did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : `Available: ${have.join(", ")}.`, { column: c });
  }
}

/** JSON-safe rows: dates as ISO strings, bigint as number. */
export function toJsonRows(df: DataFrame): Record<string, unknown>[] {
  return (df.toRecords() as Record<string, unknown>[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? isoDate(v) : typeof v === "bigint" ? Number(v) : v])));
}

export interface ColumnStats extends ColumnQuality {
  column: string;
  count: number;
  quantiles?: Record<string, number>;
  topValues?: { value: unknown; count: number }[];
}

/** Full statistics of one column (quantiles for numbers, top values for everything). */
export function getColumnStats(frame: Frame, column: string): ColumnStats {
  requireColumns(frame, [column]);
  const lf = toLazy(frame).select(column);
  const { rows, columns } = columnQuality(lf);
  const q = columns[column]!;
  const stats: ColumnStats = { column, count: rows - q.nulls, ...q };
  if (q.numeric) {
    const probs = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
    const rec = lf
      .select(
        ...probs.map((p) =>
          pl
            .col(column)
            .cast(pl.Float64)
            .quantile(p, "linear")
            .alias(`p${Math.round(p * 100)}`),
        ),
      )
      .collectSync()
      .toRecords()[0] as Record<string, number>;
    stats.quantiles = rec;
  }
  stats.topValues = getTopValues(frame, column, { n: 5 }).rows.map((r) => ({ value: r[column], count: Number(r["count"]) }));
  return stats;
}

export interface TopValuesOptions {
  n?: number;
  /** Group by this column and rank groups by the sum (or `agg`) of `column`. */
  groupBy?: string | string[];
  agg?: "sum" | "mean" | "count" | "max" | "min";
}

/** Most frequent values of a column, or the top groups by an aggregate of it. */
export function getTopValues(frame: Frame, column: string, opts: TopValuesOptions = {}): { column: string; rows: Record<string, unknown>[] } {
  const groups = opts.groupBy === undefined ? [] : Array.isArray(opts.groupBy) ? opts.groupBy : [opts.groupBy];
  requireColumns(frame, [column, ...groups]);
  const n = Math.min(opts.n ?? 10, AGENT_CFG.maxResultRows);
  const lf = toLazy(frame);
  if (groups.length === 0) {
    const df = lf.groupBy(column).agg(pl.len().alias("count")).sort("count", true).head(n).collectSync();
    return { column, rows: toJsonRows(df) };
  }
  const agg = opts.agg ?? "sum";
  const name = `${column}_${agg}`;
  const df = lf.groupBy(groups).agg(aggExpr(column, agg).alias(name)).sort(name, true).head(n).collectSync();
  return { column, rows: toJsonRows(df) };
}

function aggExpr(column: string, agg: string): Expr {
  const c = pl.col(column);
  switch (agg) {
    case "sum":
      return c.sum();
    case "mean":
      return c.mean();
    case "count":
      return c.count();
    case "max":
      return c.max();
    case "min":
      return c.min();
    case "median":
      return c.median();
    case "std":
      return c.std();
    case "nunique":
      return c.nUnique();
    default:
      throw new MMMError("INVALID_ARGUMENT", `Unknown aggregation '${agg}'.`, "Use one of sum, mean, count, max, min, median, std, nunique.");
  }
}

/** A seeded random sample of rows (the same seed gives the same rows). */
export function sampleRows(frame: Frame, n = 10, seed = AGENT_CFG.seed): Record<string, unknown>[] {
  const df = toLazy(frame).collectSync();
  const k = Math.min(n, df.height, AGENT_CFG.maxResultRows);
  return toJsonRows(df.sample({ n: k, seed }));
}

export type FilterOp = "==" | "!=" | ">" | ">=" | "<" | "<=" | "in" | "not_in" | "is_null" | "not_null" | "contains";

export interface Filter {
  column: string;
  op: FilterOp;
  value?: unknown;
}

export interface FilterAggregateOptions {
  filters?: Filter[];
  groupBy?: string[];
  /** column → aggregation (sum, mean, count, max, min, median, std, nunique). */
  aggs?: Record<string, string>;
  sortBy?: string;
  descending?: boolean;
  limit?: number;
}

/** Filter rows, then optionally group and aggregate: a structured, injection-free query. */
export function filterAggregate(frame: Frame, opts: FilterAggregateOptions): { rows: Record<string, unknown>[]; totalRows: number; truncated: boolean } {
  const filters = opts.filters ?? [];
  requireColumns(frame, [...filters.map((f) => f.column), ...(opts.groupBy ?? []), ...Object.keys(opts.aggs ?? {})]);
  let lf = toLazy(frame);
  for (const f of filters) lf = lf.filter(filterExpr(f));
  if (opts.groupBy?.length || opts.aggs) {
    const aggs = Object.entries(opts.aggs ?? {}).map(([c, a]) => aggExpr(c, a).alias(`${c}_${a}`));
    lf = opts.groupBy?.length ? lf.groupBy(opts.groupBy).agg(...(aggs.length ? aggs : [pl.len().alias("count")])) : lf.select(...aggs);
  }
  if (opts.sortBy) lf = lf.sort(opts.sortBy, opts.descending ?? false);
  const df = lf.collectSync();
  const limit = Math.min(opts.limit ?? 100, AGENT_CFG.maxResultRows);
  return { rows: toJsonRows(df.head(limit)), totalRows: df.height, truncated: df.height > limit };
}

function filterExpr(f: Filter): Expr {
  const c = pl.col(f.column);
  const v = f.value;
  switch (f.op) {
    case "==":
      return c.eq(pl.lit(v));
    case "!=":
      return c.neq(pl.lit(v));
    case ">":
      return c.gt(pl.lit(v));
    case ">=":
      return c.gtEq(pl.lit(v));
    case "<":
      return c.lt(pl.lit(v));
    case "<=":
      return c.ltEq(pl.lit(v));
    case "in":
      return c.isIn(asList(f));
    case "not_in":
      return c.isIn(asList(f)).not();
    case "is_null":
      return c.isNull();
    case "not_null":
      return c.isNotNull();
    case "contains":
      return c.cast(pl.Utf8).str.contains(String(v), true);
    default:
      throw new MMMError("INVALID_ARGUMENT", `Unknown filter operator '${String(f.op)}'.`, "Use ==, !=, >, >=, <, <=, in, not_in, is_null, not_null or contains.");
  }
}

function asList(f: Filter): unknown[] {
  if (!Array.isArray(f.value)) throw new MMMError("INVALID_ARGUMENT", `Filter '${f.column} ${f.op}' needs a list value.`, 'Pass value as an array, e.g. ["tv", "radio"].', { column: f.column });
  return f.value;
}

/** Correlation matrix of numeric columns (all numeric columns by default). */
export function getCorrelationMatrix(frame: Frame, columns?: string[], method: "pearson" | "spearman" = "pearson"): { columns: string[]; matrix: number[][]; method: string } {
  const lf = toLazy(frame);
  const schema = lf.head(0).collectSync();
  const cols = columns ?? schema.columns.filter((c) => isNumericDtype(dtypeName(schema.getColumn(c).dtype)));
  requireColumns(frame, cols);
  const df = lf
    .select(...cols.map((c) => pl.col(c).cast(pl.Float64)))
    .dropNulls()
    .collectSync();
  const m = correlationMatrix(
    cols.map((c) => df.getColumn(c).toTypedArray() as Float64Array),
    method,
  );
  return { columns: cols, matrix: m.map((row) => row.map((v) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : NaN))), method };
}

export interface OutlierReport {
  column: string;
  method: "iqr" | "zscore";
  threshold: number;
  lower: number;
  upper: number;
  count: number;
  rows: { row: number; value: number; date?: string }[];
}

/** Values outside Tukey fences (IQR × threshold, default 1.5) or beyond |z| > threshold (default 3). */
export function detectOutliers(frame: Frame, column: string, opts: { method?: "iqr" | "zscore"; threshold?: number; dateCol?: string; limit?: number } = {}): OutlierReport {
  requireColumns(frame, [column, ...(opts.dateCol ? [opts.dateCol] : [])]);
  const method = opts.method ?? "iqr";
  const threshold = opts.threshold ?? (method === "iqr" ? 1.5 : 3);
  const x = pl.col(column).cast(pl.Float64);
  const lf = toLazy(frame).withRowIndex("row");
  const s = lf.select(x.quantile(0.25, "linear").alias("q1"), x.quantile(0.75, "linear").alias("q3"), x.mean().alias("m"), x.std().alias("sd")).collectSync().toRecords()[0] as Record<string, number>;
  const [lower, upper] = method === "iqr" ? [s.q1! - threshold * (s.q3! - s.q1!), s.q3! + threshold * (s.q3! - s.q1!)] : [s.m! - threshold * s.sd!, s.m! + threshold * s.sd!];
  const hits = lf
    .filter(x.lt(pl.lit(lower)).or(x.gt(pl.lit(upper))))
    .select("row", column, ...(opts.dateCol ? [opts.dateCol] : []))
    .collectSync();
  const rows = toJsonRows(hits.head(opts.limit ?? 50)).map((r) => ({ row: Number(r["row"]), value: Number(r[column]), ...(opts.dateCol ? { date: String(r[opts.dateCol]) } : {}) }));
  return { column, method, threshold, lower, upper, count: hits.height, rows };
}
