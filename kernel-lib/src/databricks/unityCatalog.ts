/**
 * The remote loader for `loadTable` / `engine.loadData`: a Unity Catalog name
 * (`main.marketing.weekly`) or a read-only SQL query runs on a SQL warehouse and arrives as a
 * polars frame. Registered for both source kinds by `registerDatabricksLoaders`.
 */
import { MMMError } from "../errors";
import { registerRemoteLoader, weeklyDateCol, type LoadedTable, type RemoteLoader } from "../data/load";
import { aggregateWeeklyRemote } from "./pushdown";
import { quoteTable } from "./identifiers";
import { warehouseSqlRejectReason, withoutTrailingSemicolon } from "./sqlGuard";
import { openSqlSession, type DatabricksSqlOptions } from "./session";

/**
 * The SQL that reads a table or runs a query. A query must be exactly one read-only SELECT / WITH
 * without comments (see `sqlGuard`); it is refused here, before anything is sent.
 */
export function sourceSql(target: { table?: string; query?: string }): string {
  if (target.table !== undefined) return `SELECT * FROM ${quoteTable(target.table)}`;
  const query = target.query ?? "";
  const reason = warehouseSqlRejectReason(query);
  if (reason) {
    throw new MMMError(
      "QUERY_REJECTED",
      `Databricks query refused: ${reason}.`,
      "Pass one SELECT (or WITH ... SELECT) statement without comments, e.g. SELECT * FROM main.marketing.weekly WHERE geo = 'UK' (back-quote odd column names: `my col`).",
    );
  }
  return withoutTrailingSemicolon(query);
}

/**
 * Read a Unity Catalog table or a SQL query result into a frame.
 * @example
 * const { frame } = await readDatabricks({ table: "main.marketing.weekly" }, { warehouseId: "abc123" });
 */
export async function readDatabricks(target: { table?: string; query?: string }, opts: DatabricksSqlOptions = {}): Promise<LoadedTable> {
  const sql = sourceSql(target); // validate before any network traffic
  const session = await openSqlSession(opts);
  const frame = await session.query(sql);
  return {
    frame,
    source: {
      kind: target.table !== undefined ? "unity-catalog" : "sql",
      format: "arrow",
      location: target.table ?? "SQL query",
      bytes: session.stats.responseBytes,
      lazy: false,
      warehouse: session.warehouse.reason,
    },
  };
}

/**
 * The loader `loadTable` calls (options come from `configureDatabricksSql` and the environment).
 * With `weekly`, the warehouse aggregates to weeks (pushdown) and only the weekly rows come back.
 */
export const databricksLoader: RemoteLoader = async (target, opts) => {
  if (!opts.weekly) return readDatabricks(target);
  const r = await aggregateWeeklyRemote(target.table ?? sourceSql(target), { ...opts.weekly, dateCol: weeklyDateCol(opts) });
  const bytes = r.transfer.requestBytes + r.transfer.responseBytes;
  return {
    frame: r.frame,
    source: {
      kind: target.table !== undefined ? "unity-catalog" : "sql",
      format: "arrow",
      location: target.table ?? "SQL query",
      bytes: r.transfer.responseBytes,
      lazy: false,
      warehouse: r.warehouse,
      weekly: { where: "warehouse", plan: r.plan, sql: r.sql, bytesTransferred: bytes },
    },
  };
};

/** Route `catalog.schema.table` names and SQL sources of `loadTable` to Databricks. */
export function registerDatabricksLoaders(): void {
  registerRemoteLoader("unity-catalog", databricksLoader);
  registerRemoteLoader("sql", databricksLoader);
}
