/**
 * `cleanData`: duplicates, nulls and negative spend handled by explicit, reported policies —
 * the report says exactly what changed, so the analyst (and the agent) can explain it.
 */
import { MMMError } from "../errors";
import { dtypeName, pl, toLazy, type DataFrame, type Expr, type Frame } from "./polars";
import { isNumericDtype } from "./profile/quality";

export type NullPolicy = "drop" | "zero" | "ffill" | "mean" | "keep";
export type NegativeSpendPolicy = "zero" | "abs" | "drop" | "keep" | "error";

export interface CleanOptions {
  /** Spend columns: nulls become 0 by default, negatives follow `negativeSpend`. */
  channels?: string[];
  /** KPI column: rows with a null KPI are dropped by default. */
  kpi?: string;
  /** Policy for nulls per column (overrides the defaults), or one policy for every other column. */
  nulls?: NullPolicy | Record<string, NullPolicy>;
  /** Drop exact duplicate rows (default true). */
  dropDuplicates?: boolean;
  negativeSpend?: NegativeSpendPolicy;
  /** Drop columns that are entirely null (default true). */
  dropAllNullColumns?: boolean;
  /** Keep rows sorted by this column (e.g. the date) so forward fill follows time. */
  sortBy?: string | string[];
}

export interface CleanReport {
  rowsBefore: number;
  rowsAfter: number;
  duplicatesRemoved: number;
  nullsFilled: Record<string, { count: number; policy: NullPolicy }>;
  rowsDroppedForNulls: number;
  negativeSpend: Record<string, { count: number; policy: NegativeSpendPolicy }>;
  droppedColumns: string[];
}

/**
 * Clean a table and report what changed.
 * @example
 * const { frame, report } = cleanData(df, { channels: ["tv_S"], kpi: "revenue" });
 */
export function cleanData(input: Frame, opts: CleanOptions = {}): { frame: DataFrame; report: CleanReport } {
  let df = toLazy(input).collectSync();
  const rowsBefore = df.height;
  const report: CleanReport = { rowsBefore, rowsAfter: 0, duplicatesRemoved: 0, nullsFilled: {}, rowsDroppedForNulls: 0, negativeSpend: {}, droppedColumns: [] };
  for (const c of [...(opts.channels ?? []), ...(opts.kpi ? [opts.kpi] : [])]) {
    if (!df.columns.includes(c)) throw new MMMError("COLUMN_NOT_FOUND", `Column '${c}' is not in the data.`, `Available: ${df.columns.join(", ")}.`, { column: c });
  }
  if (opts.dropAllNullColumns ?? true) df = dropAllNull(df, report);
  if (opts.dropDuplicates ?? true) {
    const unique = df.unique({ maintainOrder: true });
    report.duplicatesRemoved = df.height - unique.height;
    df = unique;
  }
  if (opts.sortBy) df = df.sort(opts.sortBy);
  df = handleNegatives(df, opts, report);
  df = handleNulls(df, opts, report);
  report.rowsAfter = df.height;
  return { frame: df, report };
}

function dropAllNull(df: DataFrame, report: CleanReport): DataFrame {
  const empty = df.columns.filter((c) => df.getColumn(c).nullCount() === df.height);
  report.droppedColumns = empty;
  return empty.length ? df.drop(empty) : df;
}

function handleNegatives(df: DataFrame, opts: CleanOptions, report: CleanReport): DataFrame {
  const policy = opts.negativeSpend ?? "zero";
  for (const c of (opts.channels ?? []).filter((ch) => df.columns.includes(ch))) {
    const neg = df.filter(pl.col(c).lt(0));
    if (neg.height === 0) continue;
    report.negativeSpend[c] = { count: neg.height, policy };
    if (policy === "error") {
      const row = df.withRowIndex("__row").filter(pl.col(c).lt(0)).getColumn("__row").get(0);
      throw new MMMError("INVALID_ARGUMENT", `Spend column '${c}' has ${neg.height} negative value(s), first at row ${row}.`, "Choose negativeSpend: 'zero', 'abs' or 'drop', or fix the source.", { column: c, row: Number(row) });
    }
    if (policy === "keep") continue;
    if (policy === "drop") df = df.filter(pl.col(c).isNull().or(pl.col(c).gtEq(0)));
    else df = df.withColumns((policy === "zero" ? pl.when(pl.col(c).lt(0)).then(pl.lit(0)).otherwise(pl.col(c)) : pl.col(c).abs()).alias(c));
  }
  return df;
}

function policyFor(c: string, opts: CleanOptions, numeric: boolean): NullPolicy {
  if (opts.nulls && typeof opts.nulls === "object" && opts.nulls[c]) return opts.nulls[c]!;
  if (opts.channels?.includes(c)) return "zero";
  if (c === opts.kpi) return "drop";
  if (typeof opts.nulls === "string") return opts.nulls;
  return numeric ? "ffill" : "keep";
}

function handleNulls(df: DataFrame, opts: CleanOptions, report: CleanReport): DataFrame {
  const fills: Expr[] = [];
  const dropOn: string[] = [];
  for (const c of df.columns) {
    const count = df.getColumn(c).nullCount();
    if (count === 0) continue;
    const numeric = isNumericDtype(dtypeName(df.getColumn(c).dtype));
    const policy = policyFor(c, opts, numeric);
    if (policy === "keep") continue;
    if (policy === "drop") {
      dropOn.push(c);
      continue;
    }
    if (policy !== "ffill" && !numeric) throw new MMMError("INVALID_ARGUMENT", `Null policy '${policy}' needs a numeric column; '${c}' is text.`, "Use 'drop', 'ffill' or 'keep' for text columns.", { column: c });
    report.nullsFilled[c] = { count, policy };
    const col = pl.col(c);
    fills.push((policy === "zero" ? col.fillNull(0) : policy === "mean" ? col.fillNull(col.mean()) : col.forwardFill().backwardFill()).alias(c));
  }
  if (fills.length) df = df.withColumns(...fills);
  if (dropOn.length) {
    const before = df.height;
    df = df.dropNulls(dropOn);
    report.rowsDroppedForNulls = before - df.height;
  }
  return df;
}
