/**
 * `aggregateWeeklyRemote`: the transaction→weekly aggregation runs in the SQL warehouse, so only
 * the weekly rows cross the wire; the result has the same columns, order and dtypes as
 * `aggregateWeekly` on the same data locally.
 */
import { MMMError } from "../errors";
import { aggregateWeekly, sanitize, type AggregateOptions, type AggregatePlan } from "../data/aggregate";
import { dtypeName, pl, type DataFrame, type Series } from "../data/polars";
import { isUnityCatalogName } from "../data/sources";
import { polarsTypeOf } from "./arrow";
import type { TransferStats } from "./http";
import { checkIdentifier, quoteTable } from "./identifiers";
import { pivotLevelsSql, weeklyAggregationSql } from "./pushdownSql";
import { openSqlSession, type DatabricksSqlOptions, type SqlSession } from "./session";
import { sourceSql } from "./unityCatalog";

export interface RemoteAggregateOptions extends AggregateOptions {
  /** Connection options (ignored when `session` is given). */
  databricks?: DatabricksSqlOptions;
  /** An open session to reuse. */
  session?: SqlSession;
}

export interface RemoteAggregateResult {
  frame: DataFrame;
  plan: AggregatePlan;
  /** The aggregation statement and its parameters (channel values), for audit. */
  sql: string;
  parameters: { name: string; value: unknown }[];
  /** Bytes that crossed the wire for this call (schema, levels and the weekly rows). */
  transfer: TransferStats;
  warehouse: string;
}

/** `catalog.schema.table` → its quoted name; a SELECT → a parenthesised subquery. */
export function fromClause(source: string): string {
  return isUnityCatalogName(source) ? quoteTable(source) : `(${sourceSql({ query: source })}) AS src_query`;
}

/**
 * Aggregate a Unity Catalog table (or query) to weekly rows in the warehouse.
 * @example
 * const { frame, transfer } = await aggregateWeeklyRemote("main.sales.transactions", { dateCol: "date", geoCol: "region", pivotCol: "channel" });
 */
export async function aggregateWeeklyRemote(source: string, opts: RemoteAggregateOptions): Promise<RemoteAggregateResult> {
  const from = fromClause(source); // validates before any network traffic
  for (const c of [opts.dateCol, opts.geoCol, opts.pivotCol, opts.weekCol, ...(opts.sum ?? []), ...(opts.mean ?? []), ...(opts.pivotValues ?? [])]) if (c !== undefined) checkIdentifier(c);
  const session = opts.session ?? (await openSqlSession(opts.databricks));
  const before = { ...session.stats };
  const columns = await session.columns(`SELECT * FROM ${from}`);
  const dtypes = Object.fromEntries(columns.map((c) => [c.name, polarsTypeOf(c.typeName)]));
  checkColumns(opts, Object.keys(dtypes));
  const levels = opts.pivotCol ? await pivotLevels(session, from, opts.pivotCol) : [];
  const built = weeklyAggregationSql(from, dtypes, opts, levels);
  const raw = await session.query(built.sql, built.parameters);
  const frame = matchLocalTypes(raw, dtypes, opts, levels);
  const s = session.stats;
  return {
    frame,
    plan: { sum: built.plan.sum, mean: built.plan.mean, mode: built.plan.text, pivoted: levels.flatMap((l) => built.plan.pivotValues.map((v) => `${sanitize(l)}_${v}`)), weekStart: opts.weekStart ?? "monday" },
    sql: built.sql,
    parameters: built.parameters.map((p) => ({ name: p.name, value: p.value })),
    transfer: { requests: s.requests - before.requests, requestBytes: s.requestBytes - before.requestBytes, responseBytes: s.responseBytes - before.responseBytes },
    warehouse: session.warehouse.reason,
  };
}

async function pivotLevels(session: SqlSession, from: string, pivotCol: string): Promise<string[]> {
  const df = await session.query(pivotLevelsSql(from, pivotCol));
  const values = df.height ? (df.getColumn("level").toArray() as (string | null)[]) : [];
  // The same order as the local path, so the pivoted columns come out in the same order.
  return values.filter((v): v is string => v !== null).sort((a, b) => sanitize(a).localeCompare(sanitize(b)));
}

function checkColumns(opts: AggregateOptions, columns: string[]): void {
  for (const c of [opts.dateCol, opts.geoCol, opts.pivotCol, ...(opts.sum ?? []), ...(opts.mean ?? []), ...(opts.pivotValues ?? [])]) {
    if (c && !columns.includes(c)) throw new MMMError("COLUMN_NOT_FOUND", `Column '${c}' is not in the Databricks table.`, `Available: ${columns.join(", ")}.`, { column: c });
  }
}

/** A one-row series of a dtype (for a synthetic frame that shows the local output dtypes). */
function sample(name: string, dtype: string, level?: string): Series {
  if (level !== undefined) return pl.Series(name, [level]);
  if (dtype === "String") return pl.Series(name, ["x"]);
  if (dtype === "Date") return pl.Series(name, [19_000], pl.Int32).cast(pl.Date);
  if (dtype.startsWith("Datetime")) return pl.Series(name, [0], pl.Int64).cast(pl.Datetime("us"));
  if (dtype === "Bool") return pl.Series(name, [false]);
  const dt = (pl as unknown as Record<string, typeof pl.Float64>)[dtype];
  return dt ? pl.Series(name, [0]).cast(dt) : pl.Series(name, ["x"]);
}

/**
 * Cast the warehouse's result to the dtypes the local `aggregateWeekly` gives (polars keeps Int32
 * sums as Int32 and Float32 means as Float32, Spark widens both), by running the local aggregation
 * on a one-row frame of the same schema.
 */
function matchLocalTypes(remote: DataFrame, dtypes: Record<string, string>, opts: AggregateOptions, levels: string[]): DataFrame {
  const probeLevel = levels.length ? "probe" : undefined;
  const probe = pl.DataFrame(Object.entries(dtypes).map(([n, t]) => sample(n, t, n === opts.pivotCol ? probeLevel : undefined)));
  const local = aggregateWeekly(probe, opts).frame;
  // Remote pivot columns "<level>_<value>" take the dtype of the probe's "probe_<value>".
  const probeName = new Map(levels.flatMap((l) => local.columns.filter((c: string) => c.startsWith("probe_")).map((c: string) => [`${sanitize(l)}_${c.slice(6)}` as string, c] as [string, string])));
  const target = (col: string): unknown => {
    const name = local.columns.includes(col) ? col : probeName.get(col);
    return name ? local.getColumn(name).dtype : undefined;
  };
  const casts = remote.columns.flatMap((c) => {
    const t = target(c);
    return t && dtypeName(t) !== dtypeName(remote.getColumn(c).dtype) ? [pl.col(c).cast(t as typeof pl.Float64)] : [];
  });
  return casts.length ? remote.withColumns(...casts) : remote;
}
