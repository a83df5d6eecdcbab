/**
 * SQL text for the transaction→weekly aggregation, built to give exactly what `aggregateWeekly`
 * gives locally: week start Monday (or Sunday), one row per week (× geo), volumes summed (0 when a
 * group has no values, as polars), rates averaged, text columns by their mode, and long tables
 * pivoted in the same two stages (week × geo × channel first). Every identifier is validated and
 * back-quoted; channel values are statement parameters, never SQL text.
 */
import { MMMError } from "../errors";
import { planColumns, sanitize, type AggregateOptions } from "../data/aggregate";
import { quoteIdent } from "./identifiers";
import type { StatementParameter } from "./statements";

export const WEEK = "`__mmm_week`";
const COUNT_SUFFIX = "__mmm_n";

export interface WeeklySql {
  sql: string;
  parameters: StatementParameter[];
  plan: ReturnType<typeof planColumns>;
}

/** The date column as a DATE (strings in ISO form, timestamps truncated), as `withWeek` does. */
export function dateSql(column: string, dtype: string): string {
  const q = quoteIdent(column);
  if (dtype === "Date") return q;
  if (dtype === "String") return `to_date(${q}, 'yyyy-MM-dd')`;
  if (dtype.startsWith("Datetime")) return `CAST(${q} AS DATE)`;
  throw new MMMError("BAD_DATES", `Date column '${column}' has type ${dtype}.`, "Use a DATE, TIMESTAMP or 'yyyy-MM-dd' string column as the date.", { column });
}

/** The week start of a DATE expression (date_trunc('WEEK') is Monday-based in Databricks SQL). */
export function weekSql(date: string, weekStart: "monday" | "sunday" = "monday"): string {
  if (weekStart === "monday") return `CAST(date_trunc('WEEK', ${date}) AS DATE)`;
  return `date_sub(CAST(date_trunc('WEEK', date_add(${date}, 1)) AS DATE), 1)`;
}

/**
 * The aggregation statement over `from` (a quoted table name or a parenthesised subquery).
 * `levels` are the pivot column's distinct values (sorted as the local path sorts them).
 */
export function weeklyAggregationSql(from: string, dtypes: Record<string, string>, opts: AggregateOptions, levels: string[] = []): WeeklySql {
  const plan = planColumns(dtypes, opts);
  const q = quoteIdent;
  const geo = opts.geoCol ? [q(opts.geoCol)] : [];
  const outWeek = q(opts.weekCol ?? opts.dateCol);
  const keys = [WEEK, ...geo];
  const src = `src AS (SELECT *, ${weekSql(dateSql(opts.dateCol, dtypes[opts.dateCol]!), opts.weekStart)} AS ${WEEK} FROM ${from})`;
  const order = `ORDER BY ${keys.map((k) => `${k} NULLS FIRST`).join(", ")}`;
  const head = `SELECT ${WEEK} AS ${outWeek}${geo.map((g) => `, ${g}`).join("")}`;
  if (!opts.pivotCol) {
    const aggs = [...plan.sum.map((c) => `coalesce(sum(${q(c)}), 0) AS ${q(c)}`), ...plan.mean.map((c) => `avg(${q(c)}) AS ${q(c)}`), ...plan.text.map((c) => `mode(${q(c)}) AS ${q(c)}`)];
    return { sql: `WITH ${src}\n${head}${aggs.map((a) => `, ${a}`).join("")}\nFROM src\nGROUP BY ${keys.join(", ")}\n${order}`, parameters: [], plan };
  }
  const p = q(opts.pivotCol);
  const pre = [...[...plan.sum, ...plan.pivotValues, ...plan.mean].map((c) => `sum(${q(c)}) AS ${q(c)}`), ...plan.mean.map((c) => `count(${q(c)}) AS ${q(c + COUNT_SUFFIX)}`), ...plan.text.map((c) => `mode(${q(c)}) AS ${q(c)}`)];
  const preSql = `pre AS (SELECT ${[...keys, p, ...pre].join(", ")} FROM src GROUP BY ${[...keys, p].join(", ")})`;
  const parameters: StatementParameter[] = levels.map((value, i) => ({ name: `level${i}`, value, type: "STRING" }));
  const aggs = [
    ...plan.sum.map((c) => `coalesce(sum(${q(c)}), 0) AS ${q(c)}`),
    // try_divide: a week whose rate is all null gives NULL rather than an ANSI division error.
    ...plan.mean.map((c) => `try_divide(sum(${q(c)}), sum(${q(c + COUNT_SUFFIX)})) AS ${q(c)}`),
    ...plan.text.map((c) => `mode(${q(c)}) AS ${q(c)}`),
    ...levels.flatMap((level, i) => plan.pivotValues.map((v) => `coalesce(sum(CASE WHEN CAST(${p} AS STRING) = :level${i} THEN ${q(v)} END), 0) AS ${q(`${sanitize(level)}_${v}`)}`)),
  ];
  const sql = `WITH ${src},\n${preSql}\n${head}${aggs.map((a) => `, ${a}`).join("")}\nFROM pre\nGROUP BY ${keys.join(", ")}\n${order}`;
  return { sql, parameters, plan };
}

/** The distinct channel values of the pivot column (few rows: the levels, not the data). */
export function pivotLevelsSql(from: string, pivotCol: string): string {
  const p = quoteIdent(pivotCol);
  return `SELECT DISTINCT CAST(${p} AS STRING) AS level FROM ${from} WHERE ${p} IS NOT NULL`;
}
