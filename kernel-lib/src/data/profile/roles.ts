/**
 * Role detection: which column is the date, the KPI, paid-media spend, impressions/clicks,
 * controls, the geo. Name keywords decide first; content decides where names are silent
 * (dates that parse, text that repeats per date like a geo, negative values that cannot be spend).
 */
import { detectDateFormat } from "../dates";
import { pl, toLazy, type Frame } from "../polars";
import { matchRule, type RuleName } from "./keywords";
import type { ColumnQuality } from "./quality";

export interface Roles {
  date?: string;
  kpi?: string;
  /** KPI candidates, best first. */
  kpiCandidates: string[];
  channels: string[];
  impressions: string[];
  controls: string[];
  /** Text controls that need one-hot encoding before modelling (e.g. `events`). */
  categorical: string[];
  geo?: string;
  /** Long format: the text column naming each row's channel (aggregate_weekly pivots on it). */
  channelColumn?: string;
  /** Columns left out of the model (row indices, ids, rates, population), with reasons. */
  ignored: string[];
  /** Why each column got its role ("name ends in '_S'", "content: takes negative values", ...). */
  reasons: Record<string, string>;
}

export interface RoleHints {
  kpiCol?: string;
  dateCol?: string;
  geoCol?: string;
}

type Facts = Record<string, ColumnQuality>;

/** Detect the role of every column. */
export function detectRoles(frame: Frame, facts: Facts, rows: number, hints: RoleHints = {}): Roles {
  const roles: Roles = { kpiCandidates: [], channels: [], impressions: [], controls: [], categorical: [], ignored: [], reasons: {} };
  const names = Object.keys(facts);
  const text = names.filter((n) => facts[n]!.dtype === "String");
  roles.date = hints.dateCol ?? pickDate(frame, names, facts, roles);
  if (roles.date) roles.reasons[roles.date] ??= "given as dateCol";
  const dateRepeats = roles.date ? facts[roles.date]!.unique < rows : false;
  roles.geo = hints.geoCol ?? pickGeo(frame, text.filter((n) => n !== roles.date), facts, rows, roles.date && dateRepeats ? roles.date : undefined, roles);
  if (roles.geo) roles.reasons[roles.geo] ??= "given as geoCol";
  for (const n of names) {
    if (n === roles.date || n === roles.geo) continue;
    if (facts[n]!.numeric) assignNumeric(n, facts[n]!, rows, roles);
    else assignText(n, facts[n]!, rows, roles);
  }
  rankKpi(roles, facts, hints.kpiCol);
  return roles;
}

function pickDate(frame: Frame, names: string[], facts: Facts, roles: Roles): string | undefined {
  const temporal = names.filter((n) => facts[n]!.dtype === "Date" || facts[n]!.dtype.startsWith("Datetime"));
  const byName = (ns: string[]) => ns.find((n) => matchRule(n, "date"));
  let pick = byName(temporal) ?? temporal[0];
  if (pick) roles.reasons[pick] = `content: ${facts[pick]!.dtype} values`;
  if (!pick) {
    const strings = names.filter((n) => facts[n]!.dtype === "String");
    const sample = toLazy(frame).select(...strings).head(500).collectSync();
    const parseable = strings.filter((n) => detectDateFormat(sample.getColumn(n)) !== undefined);
    pick = byName(parseable) ?? parseable[0];
    if (pick) roles.reasons[pick] = `content: text that parses as dates${matchRule(pick, "date") ? `; ${matchRule(pick, "date")}` : ""}`;
  }
  return pick;
}

function pickGeo(frame: Frame, text: string[], facts: Facts, rows: number, repeatedDate: string | undefined, roles: Roles): string | undefined {
  const byName = text.find((n) => matchRule(n, "geo") && facts[n]!.unique >= 2);
  if (byName) {
    roles.reasons[byName] = `${matchRule(byName, "geo")}; ${facts[byName]!.unique} distinct values`;
    return byName;
  }
  if (!repeatedDate) return undefined;
  // A geo panel has exactly one row per (date, geo); a long-format channel column does not.
  const candidates = text.filter((n) => facts[n]!.unique >= 2 && facts[n]!.unique <= rows / 8 && facts[n]!.nulls === 0 && !matchRule(n, "control") && !matchRule(n, "channel"));
  const byContent = candidates.find((n) => toLazy(frame).select(repeatedDate, n).unique().select(pl.len().alias("n")).collectSync().getColumn("n").get(0) === rows);
  if (byContent) roles.reasons[byContent] = `content: one row per (date, ${byContent}) across ${facts[byContent]!.unique} values`;
  return byContent;
}

const NUMERIC_ORDER = ["population", "control", "rate", "impressions", "spend", "kpi"] as const satisfies readonly RuleName[];

function assignNumeric(n: string, q: ColumnQuality, rows: number, roles: Roles): void {
  if (isRowIndex(n, q, rows)) return ignore(roles, n, "content: a row number (0..n-1 or 1..n)");
  if (q.allNull) return ignore(roles, n, "content: every value is null");
  for (const rule of NUMERIC_ORDER) {
    const why = matchRule(n, rule);
    if (!why) continue;
    if (rule === "population") return ignore(roles, n, `${why}: a scale variable, not a driver`);
    if (rule === "rate" && !matchRule(n, "control")) return ignore(roles, n, `${why}: a rate, not a volume`);
    if (rule === "spend" && (q.negatives ?? 0) > 0) return push(roles, "controls", n, `${why}, but it has negative values, so treated as a control`);
    return push(roles, ROLE_LIST[rule], n, why);
  }
  byContent(n, q, roles);
}

const ROLE_LIST = { control: "controls", rate: "controls", impressions: "impressions", spend: "channels", kpi: "kpiCandidates" } as const;

/** Names are silent: decide from the values. */
function byContent(n: string, q: ColumnQuality, roles: Roles): void {
  if ((q.negatives ?? 0) > 0) return push(roles, "controls", n, "content: takes negative values, so it is not spend or a KPI");
  if (q.constant) return ignore(roles, n, "content: constant");
  push(roles, "controls", n, "content: numeric with no spend/KPI keyword in its name (treated as a control; set roles explicitly if it is media)");
}

function assignText(n: string, q: ColumnQuality, rows: number, roles: Roles): void {
  if (q.allNull) return ignore(roles, n, "content: every value is null");
  if (q.unique > Math.max(50, rows / 2)) return ignore(roles, n, `content: ${q.unique} distinct text values (an id or free text)`);
  if (q.constant) return ignore(roles, n, "content: a single text value");
  if (matchRule(n, "channel")) roles.channelColumn ??= n;
  roles.categorical.push(n);
  push(roles, "controls", n, `${matchRule(n, "control") ?? "content: low-cardinality text"}; ${q.unique} levels, one-hot encode before modelling`);
}

function isRowIndex(n: string, q: ColumnQuality, rows: number): boolean {
  const named = n.trim() === "" || matchRule(n, "index") !== undefined;
  const sequence = q.unique === rows && q.nulls === 0 && (q.min === 0 || q.min === 1) && q.max === q.min! + rows - 1;
  return sequence && (named || !!q.dtype.match(/^U?Int/));
}

function push(roles: Roles, list: "channels" | "impressions" | "controls" | "kpiCandidates", n: string, why: string): void {
  roles[list].push(n);
  roles.reasons[n] = why;
}

function ignore(roles: Roles, n: string, why: string): void {
  roles.ignored.push(n);
  roles.reasons[n] = why;
}

/** KPI: the given column, else name-matched candidates ordered by keyword strength. */
function rankKpi(roles: Roles, facts: Facts, kpiCol?: string): void {
  const strength = (n: string) => ["revenue", "sales", "conversions", "orders", "kpi"].findIndex((w) => n.toLowerCase().includes(w));
  roles.kpiCandidates.sort((a, b) => (strength(a) < 0 ? 99 : strength(a)) - (strength(b) < 0 ? 99 : strength(b)));
  if (kpiCol) {
    roles.kpi = kpiCol;
    roles.reasons[kpiCol] = "given as kpiCol";
    for (const list of ["channels", "impressions", "controls", "kpiCandidates", "ignored"] as const) roles[list] = roles[list].filter((c) => c !== kpiCol);
    roles.kpiCandidates.unshift(kpiCol);
    return;
  }
  roles.kpi = roles.kpiCandidates.find((n) => !facts[n]!.allNull);
}
