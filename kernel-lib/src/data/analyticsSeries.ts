/**
 * Columns of the working table as one series per period, for the time-series analytics (ADF,
 * Granger, decomposition) and their charts: sorted by date, summed per date (over geos when the
 * table is a panel, over transactions when days repeat), rows with a missing value in any requested column dropped (and counted).
 */
import { MMMError } from "../errors";
import { requireColumns } from "./explore";
import { dtypeName, type Frame, pl, toLazy } from "./polars";
import { isNumericDtype } from "./profile/quality";

export interface AnalyticsSeries {
  /** The period labels (ISO dates when there is a date column, else row numbers). */
  index: string[];
  columns: Record<string, Float64Array>;
  /** Rows dropped for a missing value. */
  dropped: number;
  /** Geos summed into each period (1 when the table has no geo column). */
  geos: number;
}

/** The numeric columns among `columns` of `frame` (text and date columns left out). */
export function numericColumns(frame: Frame, columns: readonly string[]): string[] {
  const schema = toLazy(frame).head(0).collectSync();
  return columns.filter((c) => schema.columns.includes(c) && isNumericDtype(dtypeName(schema.getColumn(c).dtype)));
}

/** The numeric `columns`, one row per date (summed over `geo`), in date order. */
export function analyticsSeries(frame: Frame, columns: readonly string[], opts: { date?: string; geo?: string } = {}): AnalyticsSeries {
  if (columns.length === 0) throw new MMMError("INVALID_ARGUMENT", "No columns to analyse.", "Name the columns, or set the KPI and channels first (set_column_roles).");
  const cols = [...new Set(columns)];
  requireColumns(frame, [...cols, ...(opts.date ? [opts.date] : []), ...(opts.geo ? [opts.geo] : [])]);
  let lf = toLazy(frame);
  const schema = lf.head(0).collectSync();
  const text = cols.filter((c) => !isNumericDtype(dtypeName(schema.getColumn(c).dtype)));
  if (text.length)
    throw new MMMError("NOT_NUMERIC", `Column${text.length > 1 ? "s" : ""} ${text.map((c) => `'${c}'`).join(", ")} ${text.length > 1 ? "are" : "is"} not numeric.`, "Pass numeric columns (spend, KPI, numeric controls).", {
      column: text[0],
    });
  const values = cols.map((c) => pl.col(c).cast(pl.Float64));
  const total = lf.select(pl.len().alias("n")).collectSync().getColumn("n").get(0) as number;
  lf = lf.select(...(opts.date ? [pl.col(opts.date)] : []), ...(opts.geo ? [pl.col(opts.geo)] : []), ...values).dropNulls();
  const kept = lf.select(pl.len().alias("n")).collectSync().getColumn("n").get(0) as number;
  let geos = 1;
  if (opts.date) {
    if (opts.geo) geos = lf.select(pl.col(opts.geo).nUnique().alias("g")).collectSync().getColumn("g").get(0) as number;
    // Geos, or transactions on the same day, become one value per period.
    lf = lf.groupBy(opts.date).agg(...cols.map((c) => pl.col(c).sum()));
  }
  const df = (opts.date ? lf.sort(opts.date) : lf).collectSync();
  const index = opts.date
    ? df
        .getColumn(opts.date)
        .cast(pl.Utf8)
        .toArray()
        .map((v) => String(v).slice(0, 10))
    : Array.from({ length: df.height }, (_, i) => String(i));
  const out = Object.fromEntries(cols.map((c) => [c, Float64Array.from(df.getColumn(c).toArray() as number[])]));
  return { index, columns: out, dropped: total - kept, geos };
}
