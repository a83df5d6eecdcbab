/**
 * The profile's column statistics as two SQL passes, written once for both engines: polars SQL on
 * the local table (data/profile/quality.ts) and a Databricks SQL warehouse
 * (databricks/profileRemote.ts). Pass one: counts, nulls, distinct values, moments, quartiles; pass
 * two: IQR and z-score outliers and central moments, whose thresholds come from pass one. Each
 * pass returns one row, so a billion-row table costs two small results.
 */
import type { ColumnQuality } from "./quality";

/** What differs between the engines: how a column is named, the quantile function, how a threshold is passed. */
export interface QualityDialect {
  column(name: string, i: number): string;
  quantile: "quantile_cont" | "percentile";
  /** A threshold in the SQL text: a literal, or a placeholder whose value the dialect records. */
  value(key: string, v: number): string;
}

/** First pass: one row with rows, nulls{i}, unique{i} and, for numeric columns, moments and quartiles. */
export function firstPassSql(from: string, names: readonly string[], numeric: readonly boolean[], d: QualityDialect): string {
  const parts = ["count(*) AS rows"];
  names.forEach((n, i) => {
    const c = d.column(n, i);
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
      `${d.quantile}(${x}, 0.25) AS q1_${i}`,
      `${d.quantile}(${x}, 0.75) AS q3_${i}`,
    );
  });
  return `SELECT ${parts.join(", ")} FROM ${from}`;
}

/** Second pass ("" when no column is numeric): outlier counts and central moments around pass one's figures. */
export function secondPassSql(from: string, names: readonly string[], first: Record<string, unknown>, d: QualityDialect): string {
  const parts: string[] = [];
  names.forEach((n, i) => {
    const [m, sd, q1, q3] = [num(first[`mean${i}`]), num(first[`std${i}`]) ?? 0, num(first[`q1_${i}`]), num(first[`q3_${i}`])];
    if (m === undefined || q1 === undefined || q3 === undefined) return;
    const iqr = q3 - q1;
    const [lo, hi, mean, z, s] = [d.value(`lo${i}`, q1 - 1.5 * iqr), d.value(`hi${i}`, q3 + 1.5 * iqr), d.value(`m${i}`, m), d.value(`z${i}`, 3 * sd), d.value(`sd${i}`, sd)];
    const x = `CAST(${d.column(n, i)} AS DOUBLE)`;
    parts.push(
      `sum(CASE WHEN ${x} < ${lo} OR ${x} > ${hi} THEN 1 ELSE 0 END) AS outliersIqr${i}`,
      `sum(CASE WHEN abs(${x} - ${mean}) > ${z} AND ${s} > 0 THEN 1 ELSE 0 END) AS outliersZ${i}`,
      `avg(power(${x} - ${mean}, 2)) AS m2_${i}`,
      `avg(power(${x} - ${mean}, 3)) AS m3_${i}`,
    );
  });
  return parts.length ? `SELECT ${parts.join(", ")} FROM ${from}` : "";
}

export function num(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** 12 significant digits: parallel sums differ in the last bits between runs and lazy/eager paths. */
const sig = (x: number | undefined) => (x === undefined ? undefined : Number(x.toPrecision(12)));

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Column facts from the two result rows (`numeric[i]`: column i is a number). */
export function assembleQuality(dtypes: readonly string[], numeric: readonly boolean[], names: readonly string[], a: Record<string, unknown>, b: Record<string, unknown>): { rows: number; columns: Record<string, ColumnQuality> } {
  const rows = Number(a.rows);
  const columns: Record<string, ColumnQuality> = {};
  names.forEach((n, i) => {
    const nulls = num(a[`nulls${i}`]) ?? 0;
    const unique = num(a[`unique${i}`]) ?? 0;
    const q: ColumnQuality = { dtype: dtypes[i]!, numeric: numeric[i]!, nulls, nullPct: rows ? round((100 * nulls) / rows, 2) : 0, unique, allNull: nulls === rows, constant: unique <= 1 };
    if (q.numeric) {
      const [m2, m3] = [num(b[`m2_${i}`]), num(b[`m3_${i}`])];
      Object.assign(q, {
        mean: sig(num(a[`mean${i}`])),
        std: sig(num(a[`std${i}`])),
        min: num(a[`min${i}`]),
        max: num(a[`max${i}`]),
        zeros: num(a[`zeros${i}`]) ?? 0,
        negatives: num(a[`negatives${i}`]) ?? 0,
        // Population (biased) skewness, as polars' skew() and pandas' skew(bias=True).
        skew: m2 && m3 !== undefined ? round(m3 / m2 ** 1.5, 3) : undefined,
        outliersIqr: num(b[`outliersIqr${i}`]) ?? 0,
        outliersZ: num(b[`outliersZ${i}`]) ?? 0,
      });
    }
    columns[n] = q;
  });
  return { rows, columns };
}
