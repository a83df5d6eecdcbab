/**
 * `executeQuery`: Polars SQL over the loaded table, read-only. The seed ran arbitrary pandas code;
 * here only one SELECT (or WITH … SELECT) runs, on a fresh SQL context holding the table as
 * `data`, with file-reading table functions refused — so a query cannot change or escape the data.
 */
import { AGENT_CFG } from "../config";
import { MMMError, errorMessage } from "../errors";
import { toJsonRows } from "./explore";
import { pl, toLazy, type Frame } from "./polars";

const FORBIDDEN = /\b(read_csv|read_parquet|read_json|read_ndjson|read_ipc|scan_\w+|copy|create|drop|insert|update|delete|alter|truncate|attach|pragma|install|load)\b/i;

/** Remove string literals and quoted identifiers so keyword checks only see SQL. */
function stripQuoted(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
}

/** Why a query is refused, or undefined when it is a single read-only SELECT. */
export function rejectReason(sql: string): string | undefined {
  const bare = stripQuoted(sql).replace(/--.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "").trim().replace(/;\s*$/, "");
  if (bare === "") return "the query is empty";
  if (bare.includes(";")) return "only one statement may run (found ';')";
  if (!/^(select|with)\b/i.test(bare)) return "only SELECT (or WITH ... SELECT) queries may run";
  const bad = bare.match(FORBIDDEN);
  if (bad) return `'${bad[0]}' is not allowed: queries can only read the loaded table`;
  return undefined;
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  totalRows: number;
  truncated: boolean;
}

/**
 * Run a read-only SQL query; the loaded table is `data`.
 * @example
 * executeQuery(df, "SELECT date, SUM(tv_spend) AS tv FROM data GROUP BY date ORDER BY date");
 */
export function executeQuery(frame: Frame, sql: string, limit = AGENT_CFG.maxResultRows): QueryResult {
  const reason = rejectReason(sql);
  if (reason) throw new MMMError("QUERY_REJECTED", `Query refused: ${reason}.`, "Write a single SELECT over the table `data`, e.g. SELECT * FROM data LIMIT 10.");
  const ctx = pl.SQLContext({ data: toLazy(frame) });
  let df;
  try {
    df = ctx.execute(sql.trim().replace(/;\s*$/, ""), { eager: true });
  } catch (err) {
    throw new MMMError("QUERY_FAILED", `Query failed: ${errorMessage(err).split("\n")[0]}.`, `Check column names (quote names with spaces in "double quotes"); columns: ${frame.columns.join(", ")}.`);
  }
  const cap = Math.min(limit, AGENT_CFG.maxResultRows);
  return { columns: df.columns, rows: toJsonRows(df.head(cap)), totalRows: df.height, truncated: df.height > cap };
}
