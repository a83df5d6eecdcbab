/**
 * A Databricks SQL session: one client (credentials, transfer counts) and one chosen warehouse,
 * with `query` (SQL → polars frame) and `columns` (a statement's result schema without its rows).
 * Defaults for sessions opened implicitly (by `loadData("main.marketing.weekly")`) are set with
 * `configureDatabricksSql`.
 */
import type { DataFrame } from "../data/polars";
import { readArrowResult } from "./arrow";
import { createClient, type ClientOptions, type DatabricksClient, type TransferStats } from "./http";
import { executeStatement, type ResultColumn, type StatementOptions, type StatementParameter } from "./statements";
import { chooseWarehouse, type Warehouse } from "./warehouses";

export interface DatabricksSqlOptions extends ClientOptions, Partial<Omit<StatementOptions, "parameters" | "warehouseId">> {
  /** SQL warehouse id (default DATABRICKS_WAREHOUSE_ID, the profile's warehouse_id, or discovered). */
  warehouseId?: string;
  /** An existing client (shares its credentials and transfer counts). */
  client?: DatabricksClient;
}

export interface SqlSession {
  client: DatabricksClient;
  warehouse: Warehouse;
  /** Bytes that crossed the wire so far (requests + responses, all calls of this session). */
  stats: TransferStats;
  query(sql: string, parameters?: StatementParameter[]): Promise<DataFrame>;
  /** The result columns of `sql` (run with LIMIT 0: no rows cross the wire). */
  columns(sql: string, parameters?: StatementParameter[]): Promise<ResultColumn[]>;
}

let defaults: DatabricksSqlOptions = {};

/** Options used whenever agentic-mmm opens a Databricks SQL session itself (e.g. in loadData). */
export function configureDatabricksSql(opts: DatabricksSqlOptions): void {
  defaults = { ...opts };
}

/**
 * Open a session (credentials are resolved and the warehouse chosen now, not per query).
 * @example
 * const s = await openSqlSession();
 * const df = await s.query("SELECT * FROM `main`.`marketing`.`weekly` WHERE geo = :g", [{ name: "g", value: "UK" }]);
 */
export async function openSqlSession(opts: DatabricksSqlOptions = {}): Promise<SqlSession> {
  const o = { ...defaults, ...opts };
  const client = o.client ?? createClient(o);
  const warehouse = await chooseWarehouse(client, { id: o.warehouseId, profile: o.profile, signal: o.signal });
  const statementOpts = (parameters?: StatementParameter[]): StatementOptions => ({
    warehouseId: warehouse.id,
    parameters,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    pollIntervalMs: o.pollIntervalMs,
    waitTimeout: o.waitTimeout,
    prefetch: o.prefetch,
  });
  return {
    client,
    warehouse,
    stats: client.stats,
    query: async (sql, parameters) => readArrowResult(await executeStatement(client, sql, statementOpts(parameters))),
    columns: async (sql, parameters) => (await executeStatement(client, `SELECT * FROM (${sql}) AS q LIMIT 0`, statementOpts(parameters))).columns,
  };
}
