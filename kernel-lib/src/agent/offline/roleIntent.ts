/**
 * Roles stated in plain words ("search, social and email are my channels; price is a control")
 * read against the table's real column names — never a guess at a name that is not there.
 */
import type { RoleOptions } from "../../data/roleOptions";

/** The request states column roles. */
export const ROLE_REQUEST = /\b(?:are|is|as)\s+(?:my|the|our)?\s*(?:paid[- ]media\s+)?(?:channels?|media|controls?|kpi|target|date(?: column)?)\b|\b(?:channels?|controls?|kpi)\s*(?:are|is|=|:)\s*\S/i;

type RoleKey = "channels" | "controls" | "kpiCol" | "dateCol";

const ROLE_WORDS: [RoleKey, RegExp][] = [
  ["channels", /\bchannels?\b|\bmedia\b/i],
  ["controls", /\bcontrols?\b/i],
  ["kpiCol", /\bkpi\b|\btarget\b/i],
  ["dateCol", /\bdate\b/i],
];

/** Column names mentioned in `text`, longest first so "tv" never matches inside "tv_spend". */
export function columnsIn(text: string, columns: string[]): string[] {
  let rest = text.toLowerCase();
  const found: { col: string; at: number }[] = [];
  for (const col of [...columns].sort((a, b) => b.length - a.length)) {
    const re = new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRegExp(col.toLowerCase())}(?=$|[^\\p{L}\\p{N}_])`, "u");
    const m = re.exec(rest);
    if (!m) continue;
    const at = m.index + m[1]!.length;
    found.push({ col, at });
    rest = rest.slice(0, at) + " ".repeat(col.length) + rest.slice(at + col.length);
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.col);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Roles read clause by clause: each clause names its role word and the columns it covers. */
export function rolesFromText(text: string, columns: string[]): RoleOptions {
  const out: RoleOptions = {};
  for (const clause of text.split(/[;.\n]+/)) {
    const key = ROLE_WORDS.find(([, re]) => re.test(clause))?.[0];
    if (!key) continue;
    const cols = columnsIn(clause, columns);
    if (cols.length === 0) continue;
    if (key === "channels" || key === "controls") out[key] = [...(out[key] ?? []), ...cols];
    else out[key] = cols[0];
  }
  return out;
}
