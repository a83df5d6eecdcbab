/**
 * The loaded polars frame as columns for the query engine process: typed arrays where there are
 * no nulls (cheap to send), plain arrays otherwise; dates as day numbers, datetimes as
 * microseconds, anything unusual as text.
 */
import { MMMError } from "../errors";
import { dtypeName, isLazy, pl, type DataFrame, type Frame, type Series } from "./polars";
import type { ColumnType, TableColumn } from "./queryProtocol";

const INTEGER = /^U?Int(8|16)$|^Int32$/;
const BIGINT = /^UInt(32|64)$|^Int64$/;

function values(s: Series, cast: unknown, typed: boolean): TableColumn["values"] {
  const c = s.cast(cast as never);
  return typed && s.nullCount() === 0 ? (c.toTypedArray() as Float64Array | Int32Array) : (c.toArray() as (number | null)[]);
}

/** One polars column as an engine column. */
function toColumn(s: Series): TableColumn {
  const dt = dtypeName(s.dtype);
  const col = (type: ColumnType, v: TableColumn["values"]): TableColumn => ({ name: s.name, type, values: v });
  if (/^Float(32|64)$/.test(dt)) return col("DOUBLE", values(s, pl.Float64, true));
  if (INTEGER.test(dt)) return col("INTEGER", values(s, pl.Int32, true));
  if (BIGINT.test(dt)) return col("BIGINT", values(s, pl.Float64, true));
  if (dt === "Bool" || dt === "Boolean") return col("BOOLEAN", s.toArray() as (boolean | null)[]);
  if (dt === "Date") return col("DATE", values(s, pl.Int32, true));
  if (dt.startsWith("Datetime")) return col("TIMESTAMP", values(s.cast(pl.Datetime("us")).cast(pl.Int64), pl.Float64, true));
  return col("VARCHAR", s.cast(pl.Utf8).toArray() as (string | null)[]);
}

/**
 * The frame's columns; a lazy frame is collected up to `maxRows` rows (a larger one is refused:
 * the engine holds the table in memory).
 */
export function frameToColumns(frame: Frame, maxRows: number): TableColumn[] {
  const df: DataFrame = isLazy(frame) ? frame.head(maxRows + 1).collectSync() : frame;
  if (df.height > maxRows) {
    throw new MMMError(
      "QUERY_LIMIT",
      `Query refused: the table has more than ${maxRows.toLocaleString("en-US")} rows, more than the query engine holds.`,
      "Aggregate first (aggregate_weekly / filter_aggregate), or raise AGENT_CFG.queryLimits.maxTableRows.",
    );
  }
  return df.getColumns().map(toColumn);
}
