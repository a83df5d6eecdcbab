/**
 * Profiling statistics computed in the warehouse: the same two passes as the local
 * `columnQuality` (counts, nulls, distinct values, moments, quartiles; then IQR and z outliers and
 * skewness), each one statement returning one row, so a billion-row table costs two small results.
 */
import type { ColumnQuality } from "../data/profile/quality";
import { isNumericDtype, round } from "../data/profile/quality";
import { polarsTypeOf } from "./arrow";
import type { TransferStats } from "./http";
import { quoteIdent } from "./identifiers";
import { fromClause } from "./pushdown";
import { openSqlSession, type DatabricksSqlOptions, type SqlSession } from "./session";
import type { StatementParameter } from "./statements";

/** First pass: one row with rows, nulls{i}, unique{i} and, for numeric columns, moments and quartiles. */
export function profileStatsSql(from: string, names: string[], numeric: boolean[]): string {
  const parts = ["count(*) AS rows"];
  names.forEach((n, i) => {
    const c = quoteIdent(n);
    parts.push(`count(*) - count(${c}) AS nulls${i}`, `count(DISTINCT ${c}) AS unique${i}`);
    if (!numeric[i]) return;
    const x = `CAST(${c} AS DOUBLE)`;
    parts.push(
      `avg(${x}) AS mean${i}`,
      `stddev(${x}) AS std${i}`,
      `min(${x}) AS min${i}`,
      `max(${x}) AS max${i}`,
      `sum(CASE WHEN ${x} = 0 THEN 1 ELSE 0 END) AS zeros${i}`,
      `sum(CASE WHEN ${x} < 0 THEN 1 ELSE 0 END) AS negatives${i}`,
      `percentile(${x}, 0.25) AS q1_${i}`,
      `percentile(${x}, 0.75) AS q3_${i}`,
    );
  });
  return `SELECT ${parts.join(", ")} FROM ${from}`;
}

/** Second pass: outlier counts and central moments; thresholds go in as DOUBLE parameters. */
export function profileMomentsSql(from: string, names: string[], first: Record<string, unknown>): { sql: string; parameters: StatementParameter[] } {
  const parts: string[] = [];
  const parameters: StatementParameter[] = [];
  names.forEach((n, i) => {
    const [m, sd, q1, q3] = [num(first[`mean${i}`]), num(first[`std${i}`]) ?? 0, num(first[`q1_${i}`]), num(first[`q3_${i}`])];
    if (m === undefined || q1 === undefined || q3 === undefined) return;
    const iqr = q3 - q1;
    for (const [k, v] of [
      ["lo", q1 - 1.5 * iqr],
      ["hi", q3 + 1.5 * iqr],
      ["m", m],
      ["z", 3 * sd],
      ["sd", sd],
    ] as const)
      parameters.push({ name: `${k}${i}`, value: v, type: "DOUBLE" });
    const x = `CAST(${quoteIdent(n)} AS DOUBLE)`;
    parts.push(
      `sum(CASE WHEN ${x} < :lo${i} OR ${x} > :hi${i} THEN 1 ELSE 0 END) AS outliersIqr${i}`,
      `sum(CASE WHEN abs(${x} - :m${i}) > :z${i} AND :sd${i} > 0 THEN 1 ELSE 0 END) AS outliersZ${i}`,
      `avg(power(${x} - :m${i}, 2)) AS m2_${i}`,
      `avg(power(${x} - :m${i}, 3)) AS m3_${i}`,
    );
  });
  return { sql: parts.length ? `SELECT ${parts.join(", ")} FROM ${from}` : "", parameters };
}

function num(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Column facts from the two result rows (the same fields and rounding as the local profile). */
export function assembleQuality(dtypes: string[], names: string[], a: Record<string, unknown>, b: Record<string, unknown>): { rows: number; columns: Record<string, ColumnQuality> } {
  const rows = Number(a["rows"]);
  const sig = (x: number | undefined) => (x === undefined ? undefined : Number(x.toPrecision(12)));
  const columns: Record<string, ColumnQuality> = {};
  names.forEach((n, i) => {
    const nulls = num(a[`nulls${i}`]) ?? 0;
    const unique = num(a[`unique${i}`]) ?? 0;
    const q: ColumnQuality = { dtype: dtypes[i]!, numeric: isNumericDtype(dtypes[i]!), nulls, nullPct: rows ? round((100 * nulls) / rows, 2) : 0, unique, allNull: nulls === rows, constant: unique <= 1 };
    if (q.numeric) {
      const [m2, m3] = [num(b[`m2_${i}`]), num(b[`m3_${i}`])];
      Object.assign(q, {
        mean: sig(num(a[`mean${i}`])),
        std: sig(num(a[`std${i}`])),
        min: num(a[`min${i}`]),
        max: num(a[`max${i}`]),
        zeros: num(a[`zeros${i}`]) ?? 0,
        negatives: num(a[`negatives${i}`]) ?? 0,
        skew: m2 && m3 !== undefined ? round(m3 / m2 ** 1.5, 3) : undefined,
        outliersIqr: num(b[`outliersIqr${i}`]) ?? 0,
        outliersZ: num(b[`outliersZ${i}`]) ?? 0,
      });
    }
    columns[n] = q;
  });
  return { rows, columns };
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
  const a = (await session.query(profileStatsSql(from, names, dtypes.map(isNumericDtype)))).toRecords()[0] as Record<string, unknown>;
  const second = profileMomentsSql(from, names, a);
  const b = second.sql ? ((await session.query(second.sql, second.parameters)).toRecords()[0] as Record<string, unknown>) : {};
  const s = session.stats;
  return { ...assembleQuality(dtypes, names, a, b), transfer: { requests: s.requests - before.requests, requestBytes: s.requestBytes - before.requestBytes, responseBytes: s.responseBytes - before.responseBytes } };
}
