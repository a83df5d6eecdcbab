/**
 * Profiling statistics computed in the warehouse: the same two SQL passes as the local
 * `columnQuality` (data/profile/qualitySql.ts), in Databricks SQL.
 */
import type { ColumnQuality } from "../data/profile/quality";
import { isNumericDtype } from "../data/profile/quality";
import { assembleQuality, firstPassSql, secondPassSql, type QualityDialect } from "../data/profile/qualitySql";
import { polarsTypeOf } from "./arrow";
import type { TransferStats } from "./http";
import { quoteIdent } from "./identifiers";
import { fromClause } from "./pushdown";
import { openSqlSession, type DatabricksSqlOptions, type SqlSession } from "./session";
import type { StatementParameter } from "./statements";

/** Databricks SQL: quoted identifiers, `percentile`, thresholds as DOUBLE parameters (collected in `parameters`). */
function warehouseDialect(parameters: StatementParameter[]): QualityDialect {
  return {
    column: (n) => quoteIdent(n),
    quantile: "percentile",
    value: (key, v) => {
      parameters.push({ name: key, value: v, type: "DOUBLE" });
      return `:${key}`;
    },
  };
}

/**
 * Per-column quality facts of a Unity Catalog table (or query), computed in the warehouse.
 * @example const { rows, columns } = await profileRemote("main.sales.transactions");
 */
export async function profileRemote(source: string, opts: { databricks?: DatabricksSqlOptions; session?: SqlSession } = {}): Promise<{ rows: number; columns: Record<string, ColumnQuality>; transfer: TransferStats }> {
  const from = fromClause(source);
  const session = opts.session ?? (await openSqlSession(opts.databricks));
  const before = { ...session.stats };
  const cols = await session.columns(`SELECT * FROM ${from}`);
  const names = cols.map((c) => c.name);
  const dtypes = cols.map((c) => polarsTypeOf(c.typeName));
  const numeric = dtypes.map(isNumericDtype);
  const a = (await session.query(firstPassSql(from, names, numeric, warehouseDialect([])))).toRecords()[0] as Record<string, unknown>;
  const parameters: StatementParameter[] = [];
  const second = secondPassSql(from, names, a, warehouseDialect(parameters));
  const b = second ? ((await session.query(second, parameters)).toRecords()[0] as Record<string, unknown>) : {};
  const s = session.stats;
  return { ...assembleQuality(dtypes, numeric, names, a, b), transfer: { requests: s.requests - before.requests, requestBytes: s.requestBytes - before.requestBytes, responseBytes: s.responseBytes - before.responseBytes } };
}
