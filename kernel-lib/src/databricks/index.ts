/**
 * The Databricks SQL layer. Importing this module registers the Unity Catalog / SQL loader, so
 * `loadTable("main.marketing.weekly")` and `engine.loadData(...)` read from a SQL warehouse.
 */
import { registerDatabricksLoaders } from "./unityCatalog";

registerDatabricksLoaders();

export { configureDatabricksSql, openSqlSession, type DatabricksSqlOptions, type SqlSession } from "./session";
export { readDatabricks, registerDatabricksLoaders } from "./unityCatalog";
export { aggregateWeeklyRemote, type RemoteAggregateOptions, type RemoteAggregateResult } from "./pushdown";
export { weeklyAggregationSql } from "./pushdownSql";
export { profileRemote } from "./profileRemote";
export { executeStatement, cancelStatement, type StatementOptions, type StatementParameter, type StatementResult } from "./statements";
export { createClient as createDatabricksClient, type DatabricksClient, type TransferStats } from "./http";
export { chooseWarehouse, type Warehouse } from "./warehouses";
export { quoteIdent, quoteTable, parseTableName } from "./identifiers";
