/**
 * Runs the Databricks SQL that agentic-mmm generates on Polars SQL, to check its semantics
 * locally. The few Databricks-only functions are rewritten innermost-first, each by its documented
 * meaning (date_trunc('WEEK', d) = the Monday on or before d; date_add/date_sub in days;
 * percentile = linear-interpolated quantile; try_divide = division), named parameters become
 * literals and the quoted table name becomes the registered frame `t`. `mode()` has no Polars SQL
 * equivalent, so SQL with text columns cannot be checked this way.
 */
import { pl, type DataFrame } from "../../kernel-lib/src/data/polars";

const days = (a: string) => `CAST(${a} AS INT)`;
const REWRITE: Record<string, (args: string[]) => string | undefined> = {
  // Epoch day 0 (1970-01-01) was a Thursday: (days + 3) % 7 is the distance from Monday.
  date_trunc: ([unit, a]) => (unit === "'WEEK'" ? `CAST(${days(a!)} - (${days(a!)} + 3) % 7 AS DATE)` : undefined),
  date_add: ([a, n]) => `CAST(${days(a!)} + ${n} AS DATE)`,
  date_sub: ([a, n]) => `CAST(${days(a!)} - ${n} AS DATE)`,
  percentile: ([a, q]) => `quantile_cont(${a}, ${q})`,
  try_divide: ([a, b]) => `(${a} / ${b})`,
};

/** Rewrite innermost calls first; rewritten or untouched groups are parked as placeholders. */
function rewriteFunctions(sql: string): string {
  const parked: string[] = [];
  let out = sql;
  for (;;) {
    const m = /(\b[A-Za-z_]\w*)?\(([^()]*)\)/.exec(out);
    if (!m) break;
    const [whole, name, inner] = m;
    const args = inner!.split(/,\s*/);
    const fn = name ? REWRITE[name.toLowerCase()] : undefined;
    parked.push(fn?.(args) ?? whole);
    out = `${out.slice(0, m.index)}\u0001${parked.length - 1}\u0002${out.slice(m.index + whole.length)}`;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: \u0001/\u0002 are the placeholder delimiters set above
  const unpark = (s: string): string => s.replace(/\u0001(\d+)\u0002/g, (_, i) => unpark(parked[Number(i)]!));
  return unpark(out);
}

export function toPolarsSql(sql: string, table: string, parameters: { name: string; value: string | null; type?: string }[] = []): string {
  let out = sql.split(table).join("t");
  for (const p of [...parameters].sort((a, b) => b.name.length - a.name.length)) {
    const lit = p.value === null ? "NULL" : p.type === "STRING" ? `'${p.value.replace(/'/g, "''")}'` : String(p.value);
    out = out.split(`:${p.name}`).join(lit);
  }
  return rewriteFunctions(out);
}

/** Execute generated Databricks SQL over `frame` with Polars SQL. */
export function runOnPolars(frame: DataFrame, sql: string, table: string, parameters: { name: string; value: string | null; type?: string }[] = []): DataFrame {
  return pl
    .SQLContext({ t: frame.lazy() })
    .execute(toPolarsSql(sql, table, parameters))
    .collectSync();
}
