/**
 * New rows as a forecast input: a table (polars frame or records) with the model's spend and
 * control columns, optionally its date column and the KPI (then the forecast reports accuracy).
 * Rows are weeks after the modelled ones, in date order when there is a date column.
 */
import { MMMError } from "../../errors";
import { isoDate } from "../../data/dates";
import { isLazy, pl, type Frame } from "../../data/polars";
import type { MmmData } from "../mmmData";
import type { ForecastInput } from "./schedule";

function numbers(df: import("nodejs-polars").DataFrame, col: string): number[] {
  return (df.getColumn(col).cast(pl.Float64).toArray() as (number | null)[]).map((v) => v ?? NaN);
}

/**
 * The forecast input of these rows: spend of every fitted channel (required), controls present
 * (others held at their mean), dates and KPI when the columns exist.
 * @throws MMMError COLUMN_NOT_FOUND when a fitted channel's column is missing.
 */
export function inputFromRows(rows: Frame | Record<string, unknown>[], data: MmmData, dateCol?: string): ForecastInput {
  const frame = Array.isArray(rows) ? pl.DataFrame(rows) : rows;
  let df = isLazy(frame) ? frame.collectSync() : frame;
  if (dateCol && df.columns.includes(dateCol)) df = df.sort(dateCol);
  const missing = data.channels.map((c) => c.name).filter((c) => !df.columns.includes(c));
  if (missing.length) throw new MMMError("COLUMN_NOT_FOUND", `The new rows have no column for channel(s) ${missing.join(", ")}.`, "Give each fitted channel's planned spend (0 for none).", { column: missing[0] });
  const spend = Object.fromEntries(data.channels.map((c) => [c.name, numbers(df, c.name).map((v) => (Number.isFinite(v) ? v : 0))]));
  const controlNames = data.base.names.filter((n, b) => data.base.kind[b] === "control" && df.columns.includes(n));
  const controls = Object.fromEntries(controlNames.map((n) => [n, numbers(df, n)]));
  const dates = dateCol && df.columns.includes(dateCol) ? (df.getColumn(dateCol).cast(pl.Date).toArray() as unknown[]).map((d) => isoDate(d)) : undefined;
  const kpi = df.columns.includes(data.kpi) ? numbers(df, data.kpi) : undefined;
  const actual = kpi?.every(Number.isFinite) ? kpi : undefined;
  return { spend, controls, dates, weeks: df.height, actual };
}
