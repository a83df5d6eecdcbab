/**
 * Date handling for MMM tables: recognising date columns by content, parsing them with the one
 * format that fits every value, and week arithmetic on polars Date (Int32 days since 1970-01-01).
 */
import { MMMError } from "../errors";
import { dtypeName, pl, type DataFrame, type Expr, type Series } from "./polars";

/** Formats tried in order; the first that parses every non-null sample value wins. */
export const DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%SZ", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d"] as const;

const SAMPLE = 500;
const DATE_SHAPE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{8})([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$/;

/** Parse a string series with one format; time-of-day formats go through Datetime then to Date. */
function parseWith(series: Series, fmt: string): Series {
  const hasTime = fmt.includes("%H");
  const expr = hasTime ? pl.col("s").str.strptime(pl.Datetime("ms"), fmt).cast(pl.Date) : pl.col("s").str.strptime(pl.Date, fmt);
  return pl.DataFrame({ s: series }).select(expr.alias("s")).getColumn("s");
}

/**
 * Values that failed to parse, counting implausible years as failures: polars parses leniently,
 * so "%Y/%m/%d" would read "03/01/2022" as the year 3.
 */
function failures(sample: Series, fmt: string): number {
  const parsed = parseWith(sample, fmt);
  const years = pl.DataFrame({ d: parsed }).select(pl.col("d").dt.year().alias("y")).getColumn("y").toArray() as (number | null)[];
  return years.filter((y) => y === null || y < 1900 || y > 2200).length;
}

/** The first format in DATE_FORMATS that parses every non-null value of the sample, or undefined. */
export function detectDateFormat(series: Series): string | undefined {
  if (dtypeName(series.dtype) !== "String") return undefined;
  const nonNull = series.dropNulls().unique();
  if (nonNull.length === 0) return undefined;
  const sample = nonNull.head(SAMPLE);
  // Cheap shape check first: most text columns (events, geos) are rejected without any parsing.
  if (!(sample.toArray() as string[]).every((v) => DATE_SHAPE.test(v.trim()))) return undefined;
  return DATE_FORMATS.find((fmt) => failures(sample, fmt) === 0);
}

/**
 * Convert `column` to polars Date. Strings are parsed with the single format that fits all values;
 * any value that does not parse is reported by row and value (never silently turned into null).
 */
export function parseDateColumn(frame: DataFrame, column: string, format?: string): { frame: DataFrame; format: string } {
  const series = frame.getColumn(column);
  const dtype = dtypeName(series.dtype);
  if (dtype === "Date") return { frame, format: "date" };
  if (dtype.startsWith("Datetime")) {
    return { frame: frame.withColumns(pl.col(column).cast(pl.Date)), format: "datetime" };
  }
  if (dtype !== "String") {
    throw new MMMError("BAD_DATES", `Column '${column}' has type ${dtype}, not dates.`, "Pass dateCol with the column that holds dates (e.g. '2024-01-01'), or convert it first.", { column });
  }
  const fmt = format ?? bestFormat(series);
  const parsed = parseWith(series, fmt);
  const bad = firstUnparsed(series, parsed);
  if (bad) {
    throw new MMMError(
      "BAD_DATES",
      `Column '${column}': ${bad.count} value(s) could not be read as dates with format '${fmt}'; first at row ${bad.row}: '${bad.value}'.`,
      "Fix or remove those rows, or pass dateFormat (a strftime pattern such as '%d/%m/%Y').",
      { column, row: bad.row, value: bad.value },
    );
  }
  return { frame: frame.withColumns(parsed.alias(column)), format: fmt };
}

/** The format parsing the most values (so the error names the real culprits). */
function bestFormat(series: Series): string {
  const sample = series.dropNulls().head(SAMPLE * 4);
  let best: string = DATE_FORMATS[0];
  let bestNulls = Infinity;
  for (const fmt of DATE_FORMATS) {
    const nulls = failures(sample, fmt);
    if (nulls < bestNulls) [best, bestNulls] = [fmt, nulls];
    if (nulls === 0) break;
  }
  return best;
}

function firstUnparsed(raw: Series, parsed: Series): { row: number; value: string; count: number } | undefined {
  const mask = pl
    .DataFrame({ r: raw, p: parsed })
    .withRowIndex("row")
    .filter(pl.col("r").isNotNull().and(pl.col("p").isNull()));
  if (mask.height === 0) return undefined;
  return { row: Number(mask.getColumn("row").get(0)), value: String(mask.getColumn("r").get(0)), count: mask.height };
}

/** Days since 1970-01-01 of a Date expression. */
export function epochDays(expr: Expr): Expr {
  return expr.cast(pl.Int32);
}

/**
 * Start of the week containing each date, as a Date expression. Integer arithmetic on epoch days
 * (1970-01-01 was a Thursday) so it is exact and works for any week start.
 */
export function weekStartExpr(date: Expr, weekStart: "monday" | "sunday" = "monday"): Expr {
  const shift = weekStart === "monday" ? 3 : 4;
  const days = epochDays(date);
  return days.minus(days.plus(shift).modulo(7)).cast(pl.Date);
}

/** A JS Date (UTC midnight) or epoch-day number as "YYYY-MM-DD". */
export function isoDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number") return new Date(value * 86_400_000).toISOString().slice(0, 10);
  return String(value);
}
