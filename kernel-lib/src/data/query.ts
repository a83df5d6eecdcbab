/**
 * `executeQuery`: read-only SQL over the loaded table, named `data`. The seed ran arbitrary pandas
 * code; a keyword filter over Polars SQL was next and leaked files (`"read_csv"(…)`, comments). Now
 * the query runs in DuckDB inside its own process: an in-memory database with file, network and
 * extension access off and its configuration locked, a memory limit and a capped address space,
 * a time limit, and caps on result rows and size. Only one SELECT statement runs.
 */
import { AGENT_CFG } from "../config";
import { MMMError } from "../errors";
import type { Frame } from "./polars";
import { frameToColumns } from "./queryColumns";
import { EngineFailure, queryProcessFor } from "./queryProcess";

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  totalRows: number;
  truncated: boolean;
}

/** Longest SQL text accepted (a query, not a data dump). */
const MAX_SQL_CHARS = 100_000;

function refused(reason: string): MMMError {
  return new MMMError("QUERY_REJECTED", `Query refused: ${reason}.`, "Queries run on a copy of the loaded table, named `data`, with no file, network or extension access: write one SELECT over `data`, e.g. SELECT * FROM data LIMIT 10.");
}

/** The engine's failure as an actionable MMMError. */
function toMMMError(f: EngineFailure, columns: readonly string[]): MMMError {
  if (f.kind === "rejected") return refused(f.message);
  if (f.kind === "failed") {
    return new MMMError("QUERY_FAILED", `Query failed: ${f.message}.`, `Check column names (quote names with spaces in "double quotes"); columns: ${columns.join(", ")}.`);
  }
  const q = AGENT_CFG.queryLimits;
  return new MMMError(
    "QUERY_LIMIT",
    `Query stopped: ${f.message}.`,
    `Filter and aggregate in SQL (WHERE, GROUP BY, LIMIT) so the work stays within ${q.timeoutMs / 1000} s, ${Math.round(q.memoryBytes / 1048576)} MB and ` +
      `${q.maxRows.toLocaleString("en-US")} result rows (AGENT_CFG.queryLimits); avoid cross joins and huge generated values.`,
  );
}

/**
 * Run a read-only SQL query (DuckDB dialect); the loaded table is `data`. At most `limit` rows
 * come back (and never more than `AGENT_CFG.maxResultRows`); `totalRows` counts them all.
 * Throws `QUERY_REJECTED` (not one SELECT, or it tried to reach files, network, extensions or
 * settings), `QUERY_FAILED` (an SQL error) or `QUERY_LIMIT` (time, memory or size).
 * @example
 * await executeQuery(df, "SELECT date, SUM(tv_spend) AS tv FROM data GROUP BY date ORDER BY date");
 */
export async function executeQuery(frame: Frame, sql: string, limit = AGENT_CFG.maxResultRows): Promise<QueryResult> {
  if (typeof sql !== "string" || sql.trim() === "") throw refused("the query is empty");
  if (sql.length > MAX_SQL_CHARS) throw refused(`the query is longer than ${MAX_SQL_CHARS.toLocaleString("en-US")} characters`);
  const q = AGENT_CFG.queryLimits;
  const cap = Math.max(0, Math.min(Math.floor(limit), AGENT_CFG.maxResultRows));
  const proc = queryProcessFor(frame, () => frameToColumns(frame, q.maxTableRows), { memoryLimitBytes: q.memoryBytes, threads: q.threads });
  try {
    const r = await proc.query(sql, { returnRows: cap, maxRows: q.maxRows, maxChars: q.maxChars }, q.timeoutMs);
    return { columns: r.columns, rows: r.rows, totalRows: r.totalRows, truncated: r.totalRows > cap };
  } catch (err) {
    if (err instanceof EngineFailure) throw toMMMError(err, frame.columns);
    throw err;
  }
}
