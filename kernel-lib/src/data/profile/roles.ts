/**
 * Role detection: which column is the date, the KPI, paid-media spend, impressions/clicks,
 * controls, the geo. Roles the analyst gave win; then name keywords; content decides where names
 * are silent (dates that parse, text that repeats per date like a geo, negative values that cannot
 * be spend). Every column gets a reason and a confidence, and doubtful cases are surfaced (channel
 * candidates, negative spend) for the agent to ask about instead of guessing.
 */
import { MMMError } from "../../errors";
import { detectDateFormat, parseDateColumn } from "../dates";
import { firstNonNumber } from "../numberText";
import { currencyUnit } from "./keywords";
import { pl, toLazy, type Frame } from "../polars";
import { matchRule, RULES } from "./keywords";
import { numericRole, type Confidence } from "./numericRole";
import type { ColumnQuality } from "./quality";
import type { RfSpec } from "../rfColumns";
import { applyRfRoles } from "./rfRoles";

export type { Confidence };

export interface Roles {
  date?: string;
  kpi?: string;
  /** KPI candidates, best first. */
  kpiCandidates: string[];
  channels: string[];
  impressions: string[];
  controls: string[];
  /** Organic (non-paid) media the analyst declared: activity with carry-over and saturation, no spend. */
  organic: string[];
  /** Reach & frequency channels (given, or `<stem>_reach` + `_frequency` + `_spend` by name; rfRoles.ts); their spend is not in `channels`. */
  rf: RfSpec[];
  /** Reach or frequency columns left out of `rf`, and what they lack. */
  rfNotes: string[];
  /** Text controls that need one-hot encoding before modelling (e.g. `events`). */
  categorical: string[];
  geo?: string;
  /** Long format: the text column naming each row's channel (aggregate_weekly pivots on it). */
  channelColumn?: string;
  /** Columns left out of the model (row indices, ids, rates, population), with reasons. */
  ignored: string[];
  /** Why each column got its role ("name ends in '_S'", "content: takes negative values", ...). */
  reasons: Record<string, string>;
  /** How sure the role is: given or named by a spend/KPI rule = high, channel word = medium, content only = low. */
  confidence: Record<string, Confidence>;
  /** Columns that look like media by their values but are not named like it (kept as controls until confirmed). */
  channelCandidates: string[];
  /** Channels with negative values (refunds, typos): kept as channels, flagged for a decision. */
  negativeSpend: { column: string; count: number; min: number; firstRow: number }[];
  /** Roles the analyst set (channels, controls, organic, kpiCol, dateCol, geoCol). */
  given: string[];
  /** Columns whose name says date / KPI / spend but whose values do not fit, each naming the row and value. */
  problems: RoleProblem[];
}

/** A column that should hold a role but cannot: which role, where, and the message an analyst reads. */
export interface RoleProblem {
  role: "date" | "kpi" | "channel";
  column: string;
  row?: number;
  value?: string;
  message: string;
}

export interface RoleHints {
  kpiCol?: string;
  dateCol?: string;
  geoCol?: string;
  /** The paid-media channels, exactly: every other spend-like column is left out. */
  channels?: string[];
  /** The controls, exactly: every other candidate control is left out. */
  controls?: string[];
  /** Organic media (emails sent, organic social impressions, PR): modelled like media, with no spend. */
  organic?: string[];
  /** Reach & frequency channels, exactly (`[]`: none); by default proposed from the column names. */
  rf?: RfSpec[];
  /** Columns the analysis generated (calendar, trend, Fourier): never taken as drivers. */
  generated?: string[];
}

type Facts = Record<string, ColumnQuality>;

/** Detect the role of every column. */
export function detectRoles(frame: Frame, facts: Facts, rows: number, hints: RoleHints = {}): Roles {
  const roles: Roles = {
    kpiCandidates: [],
    channels: [],
    impressions: [],
    controls: [],
    organic: [],
    rf: [],
    rfNotes: [],
    categorical: [],
    ignored: [],
    reasons: {},
    confidence: {},
    channelCandidates: [],
    negativeSpend: [],
    given: [],
    problems: [],
  };
  const names = Object.keys(facts);
  const text = names.filter((n) => facts[n]!.dtype === "String");
  roles.date = hints.dateCol ?? pickDate(frame, names, facts, roles);
  if (roles.date) given(roles, roles.date, hints.dateCol, "given as dateCol");
  const dateRepeats = roles.date ? facts[roles.date]!.unique < rows : false;
  roles.geo =
    hints.geoCol ??
    pickGeo(
      frame,
      text.filter((n) => n !== roles.date),
      facts,
      rows,
      roles.date && dateRepeats ? roles.date : undefined,
      roles,
    );
  if (roles.geo) given(roles, roles.geo, hints.geoCol, "given as geoCol");
  const generated = new Set(hints.generated ?? []);
  for (const n of names) {
    if (n === roles.date || n === roles.geo) continue;
    if (generated.has(n)) ignore(roles, n, "added by add_time_features: the model builds its own trend and seasonality", "high");
    else if (facts[n]!.numeric) assignNumeric(n, facts[n]!, rows, roles);
    else assignText(n, facts[n]!, rows, roles, frame);
  }
  rankKpi(roles, facts, hints.kpiCol);
  applyGiven(roles, hints);
  applyRfRoles(roles, names, hints.rf, hints.channels);
  flagNegativeSpend(frame, roles, facts);
  return roles;
}

function given(roles: Roles, col: string, hint: string | undefined, why: string): void {
  if (hint !== col) return;
  roles.reasons[col] = why;
  roles.confidence[col] = "high";
  roles.given.push(col);
}

function pickDate(frame: Frame, names: string[], facts: Facts, roles: Roles): string | undefined {
  const temporal = names.filter((n) => facts[n]!.dtype === "Date" || facts[n]!.dtype.startsWith("Datetime"));
  const byName = (ns: string[]) => ns.find((n) => matchRule(n, "date"));
  let pick = byName(temporal) ?? temporal[0];
  if (pick) roles.reasons[pick] = `content: ${facts[pick]!.dtype} values`;
  if (!pick) {
    const strings = names.filter((n) => facts[n]!.dtype === "String");
    const sample = toLazy(frame)
      .select(...strings)
      .head(500)
      .collectSync();
    const parseable = strings.filter((n) => detectDateFormat(sample.getColumn(n)) !== undefined);
    pick = byName(parseable) ?? parseable[0];
    if (pick) roles.reasons[pick] = `content: text that parses as dates${matchRule(pick, "date") ? `; ${matchRule(pick, "date")}` : ""}`;
    if (!pick) roles.problems.push(...strings.filter((n) => matchRule(n, "date")).flatMap((n) => dateProblem(frame, n)));
  }
  return pick;
}

/** Why a column named like a date is not one: the first value that does not parse, by row. */
function dateProblem(frame: Frame, n: string): RoleProblem[] {
  const col = toLazy(frame).select(n).collectSync();
  try {
    parseDateColumn(col, n);
    return [];
  } catch (err) {
    if (!(err instanceof MMMError) || err.location.row === undefined) return [];
    return [{ role: "date", column: n, row: err.location.row, value: String(err.location.value ?? ""), message: `No usable date column: ${err.message}` }];
  }
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

function assignNumeric(n: string, q: ColumnQuality, rows: number, roles: Roles): void {
  const r = numericRole(n, q, rows);
  if (r.role === "ignored") {
    ignore(roles, n, r.why, r.confidence);
    return;
  }
  push(roles, r.role, n, r.why, r.confidence);
  if (r.role === "controls" && "candidate" in r && r.candidate) roles.channelCandidates.push(n);
}

function assignText(n: string, q: ColumnQuality, rows: number, roles: Roles, frame: Frame): void {
  if (q.allNull) {
    ignore(roles, n, "content: every value is null");
    return;
  }
  const role = matchRule(n, "kpi") ? "kpi" : matchRule(n, "spend") || currencyUnit(n) ? "channel" : undefined;
  const expected = role === "kpi" ? "the KPI" : "a spend channel";
  const bad = role ? firstNonNumber(toLazy(frame).select(n).collectSync().getColumn(n).toArray() as (string | null)[]) : undefined;
  if (role && bad) {
    const message = `Column '${n}' looks like ${expected} by its name but is text: ${bad.count} value(s) are not numbers, first at row ${bad.row}: '${bad.value}'. Fix or remove those values (or clear them to empty), then load again.`;
    roles.problems.push({ role, column: n, row: bad.row, value: bad.value, message });
    ignore(roles, n, `text, although its name says ${expected}: row ${bad.row} has '${bad.value}'`);
    return;
  }
  if (q.unique > Math.max(50, rows / 2)) {
    ignore(roles, n, `content: ${q.unique} distinct text values (an id or free text)`);
    return;
  }
  if (q.constant) {
    ignore(roles, n, "content: a single text value");
    return;
  }
  if (matchRule(n, "channel")) roles.channelColumn ??= n;
  roles.categorical.push(n);
  push(roles, "controls", n, `${matchRule(n, "control") ?? "content: low-cardinality text"}; ${q.unique} levels, one-hot encode before modelling`, matchRule(n, "control") ? "high" : "low");
}

type RoleList = "channels" | "impressions" | "controls" | "organic" | "kpiCandidates" | "ignored";

function push(roles: Roles, list: RoleList, n: string, why: string, confidence: Confidence = "high"): void {
  roles[list].push(n);
  roles.reasons[n] = why;
  roles.confidence[n] = confidence;
}

function ignore(roles: Roles, n: string, why: string, confidence: Confidence = "high"): void {
  push(roles, "ignored", n, why, confidence);
}

/** KPI: the given column, else name-matched candidates ordered by keyword strength. */
function rankKpi(roles: Roles, facts: Facts, kpiCol?: string): void {
  const words: readonly string[] = RULES.kpi.words;
  const strength = (n: string) => words.findIndex((w) => w.length > 1 && n.toLowerCase().includes(w));
  roles.kpiCandidates.sort((a, b) => (strength(a) < 0 ? 99 : strength(a)) - (strength(b) < 0 ? 99 : strength(b)));
  if (kpiCol) {
    roles.kpi = kpiCol;
    for (const list of ["channels", "impressions", "controls", "kpiCandidates", "ignored", "channelCandidates"] as const) roles[list] = roles[list].filter((c) => c !== kpiCol);
    roles.kpiCandidates.unshift(kpiCol);
    given(roles, kpiCol, kpiCol, "given as kpiCol");
    return;
  }
  roles.kpi = roles.kpiCandidates.find((n) => !facts[n]!.allNull);
}

const LISTS = ["channels", "impressions", "controls", "kpiCandidates", "ignored", "channelCandidates", "categorical"] as const;

/**
 * The analyst's channels and controls are exact: each given column leaves every other list, and
 * a detected channel or control they did not list is left out (with the reason saying so).
 */
function applyGiven(roles: Roles, hints: RoleHints): void {
  const { channels, controls, organic } = hints;
  if (!channels && !controls && !organic) return;
  const chosen = new Set([...(channels ?? []), ...(controls ?? []), ...(organic ?? [])]);
  for (const list of LISTS) roles[list] = roles[list].filter((c) => !chosen.has(c));
  const drop = (list: "channels" | "controls", why: string) => {
    for (const c of roles[list]) ignore(roles, c, why, "high");
    roles[list] = [];
  };
  if (channels) drop("channels", "not among the given channels");
  if (controls) drop("controls", "not among the given controls");
  if (channels) roles.categorical = roles.categorical.filter((c) => !roles.ignored.includes(c));
  if (controls) roles.categorical = roles.categorical.filter((c) => controls.includes(c));
  for (const c of channels ?? []) push(roles, "channels", c, "given as a channel");
  for (const c of controls ?? []) push(roles, "controls", c, "given as a control");
  for (const c of organic ?? []) push(roles, "organic", c, "given as organic media (no spend)");
  roles.given.push(...chosen);
  if (channels) roles.channelCandidates = [];
}

/** Spend cannot be negative: say where, so the agent can ask (set to 0, drop the rows, or treat as a control). */
function flagNegativeSpend(frame: Frame, roles: Roles, facts: Facts): void {
  for (const c of roles.channels) {
    const q = facts[c];
    if (!q?.numeric || !(q.negatives ?? 0)) continue;
    const first = toLazy(frame).select(pl.col(c).lt(0).argMax().alias("row")).collectSync().getColumn("row").get(0) as number;
    roles.negativeSpend.push({ column: c, count: q.negatives!, min: q.min!, firstRow: Number(first) });
  }
}
