/**
 * The report's redaction before it is written anywhere: the markdown, every caveat, every chart
 * (Plotly JSON: names, titles, hover text) and every table — column names and each string cell.
 * Frames with nothing to mask are kept as they are (same object, bit-identical Parquet).
 */
import { pl, type DataFrame } from "../data/polars";
import { redactDeep, redactor } from "../secrets";
import type { AnalysisReport } from "./report";

/** `df` with secrets masked in its column names and string cells. */
export function redactFrame(df: DataFrame): DataFrame {
  const mask = redactor();
  let out = df;
  for (const name of df.columns) {
    const col = df.getColumn(name);
    const newName = mask(name);
    const isText = col.dtype.equals(pl.String) || col.dtype.equals(pl.Categorical);
    if (isText) {
      const values = col.cast(pl.String).toArray() as (string | null)[];
      const masked = values.map((v) => (v === null || v === undefined ? v : mask(String(v))));
      if (newName !== name || masked.some((v, i) => v !== values[i])) out = out.withColumn(pl.Series(name, masked, pl.String)).rename({ [name]: newName });
    } else if (newName !== name) {
      out = out.rename({ [name]: newName });
    }
  }
  return out;
}

/** A copy of the report safe to write: markdown, sections, caveats, charts and tables masked. */
export function redactReport(report: AnalysisReport): AnalysisReport {
  const mask = redactor();
  const tables: Record<string, DataFrame> = {};
  for (const [name, df] of Object.entries(report.tables)) tables[mask(name)] = redactFrame(df);
  const charts = redactDeep(report.charts);
  const sections = redactDeep(report.sections);
  return { ...report, title: mask(report.title), markdown: mask(report.markdown), sections, caveats: report.caveats.map(mask), tables, charts };
}
