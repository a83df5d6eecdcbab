/**
 * Runs the Databricks SQL that agentic-mmm generates on Polars SQL, to check its semantics
 * locally: the few Databricks-only spellings are rewritten (date_trunc('WEEK') as epoch-day
 * arithmetic, percentile → quantile_cont, try_divide → /, named parameters → literals) and the
 * quoted table name becomes the registered frame `t`. `mode()` has no Polars SQL equivalent, so
 * SQL with text columns cannot be checked this way.
 */
import { pl, type DataFrame } from "../../kernel-lib/src/data/polars";

export function toPolarsSql(sql: string, table: string, parameters: { name: string; value: string | null; type?: string }[] = []): string {
  let out = sql.split(table).join("t");
  // Monday week start: epoch day 0 (1970-01-01) was a Thursday.
  out = out.replace(/CAST\(date_trunc\('WEEK', ([^()]+)\) AS DATE\)/g, "CAST(CAST($1 AS INT) - (CAST($1 AS INT) + 3) % 7 AS DATE)");
  out = out.replace(/\bpercentile\(/g, "quantile_cont(").replace(/\btry_divide\(([^,]+), /g, "($1 / ");
  for (const p of [...parameters].sort((a, b) => b.name.length - a.name.length)) {
    const lit = p.value === null ? "NULL" : p.type === "STRING" ? `'${p.value.replace(/'/g, "''")}'` : String(p.value);
    out = out.split(`:${p.name}`).join(lit);
  }
  return out;
}

/** Execute generated Databricks SQL over `frame` with Polars SQL. */
export function runOnPolars(frame: DataFrame, sql: string, table: string, parameters: { name: string; value: string | null; type?: string }[] = []): DataFrame {
  return pl.SQLContext({ t: frame.lazy() }).execute(toPolarsSql(sql, table, parameters)).collectSync();
}
