/**
 * Checks on the columns a model needs, with errors that name the column, the row and the fix.
 */
import { MMMError } from "../errors";
import { requireColumns } from "./explore";
import { dtypeName, isLazy, pl, type Frame } from "./polars";
import { isNumericDtype } from "./profile/quality";

/** The KPI must exist, be numeric (or text that is all numbers) and not be entirely null. */
export function validateKpi(frame: Frame, kpiCol: string): void {
  requireColumns(frame, [kpiCol]);
  const df = isLazy(frame) ? frame.select(kpiCol).head(100_000).collectSync() : frame.select(kpiCol);
  const s = df.getColumn(kpiCol);
  const dtype = dtypeName(s.dtype);
  if (s.nullCount() === s.length) {
    throw new MMMError("ALL_NULL", `KPI column '${kpiCol}' is entirely empty (all ${s.length} values are null).`, "Choose another KPI column (kpiCol) or fix the export.", { column: kpiCol });
  }
  if (isNumericDtype(dtype)) return;
  const asNum = df.select(pl.col(kpiCol).cast(pl.Float64, false).alias("x"), pl.col(kpiCol).alias("raw")).withRowIndex("row");
  const bad = asNum.filter(pl.col("x").isNull().and(pl.col("raw").isNotNull()));
  if (bad.height === 0) return;
  const row = Number(bad.getColumn("row").get(0));
  const value = String(bad.getColumn("raw").get(0));
  throw new MMMError(
    "NOT_NUMERIC",
    `KPI column '${kpiCol}' is not numeric (${dtype}): ${bad.height} value(s) are not numbers, first at row ${row}: '${value}'.`,
    "Choose a numeric KPI (kpiCol), or clean the column (remove currency symbols, thousands separators, text).",
    { column: kpiCol, row, value },
  );
}
