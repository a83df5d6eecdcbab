/**
 * The role of one numeric column, with a confidence and a reason an analyst can check. Name rules
 * decide first (spend words, `_S` suffixes, currency units, then channel words like "tv" or
 * "Facebook Ads"); where the name is silent the values decide, and a column that only *looks* like
 * media (never negative, flighted in bursts) is proposed as a channel candidate, never silently
 * taken as one.
 */
import { channelWord, currencyUnit, matchRule, type RuleName } from "./keywords";
import type { ColumnQuality } from "./quality";

export type Confidence = "high" | "medium" | "low";

export type NumericRole = { role: "channels" | "impressions" | "controls" | "kpiCandidates"; confidence: Confidence; why: string; candidate?: boolean } | { role: "ignored"; confidence: Confidence; why: string };

const ORDER = ["population", "control", "rate", "impressions", "spend", "kpi"] as const satisfies readonly RuleName[];
const LIST = { control: "controls", rate: "controls", impressions: "impressions", spend: "channels", kpi: "kpiCandidates" } as const;

/** The role of numeric column `n` from its name, then its values. */
export function numericRole(n: string, q: ColumnQuality, rows: number): NumericRole {
  if (isRowIndex(n, q, rows)) return { role: "ignored", confidence: "high", why: "content: a row number (0..n-1 or 1..n)" };
  if (q.allNull) return { role: "ignored", confidence: "high", why: "content: every value is null" };
  for (const rule of ORDER) {
    const why = matchRule(n, rule);
    if (!why) continue;
    if (rule === "population") return { role: "ignored", confidence: "high", why: `${why}: a scale variable, not a driver` };
    if (rule === "rate" && !matchRule(n, "control")) return { role: "ignored", confidence: "high", why: `${why}: a rate, not a volume` };
    return { role: LIST[rule], confidence: "high", why };
  }
  const money = currencyUnit(n);
  if (money) return { role: "channels", confidence: "high", why: `${money}: money spent` };
  const word = channelWord(n);
  if (word) return { role: "channels", confidence: "medium", why: `name contains the channel word '${word}' (no spend/impressions word: taken as spend)` };
  return byContent(q, rows);
}

/** Names are silent: decide from the values. */
function byContent(q: ColumnQuality, rows: number): NumericRole {
  if ((q.negatives ?? 0) > 0) return { role: "controls", confidence: "medium", why: "content: takes negative values, so it is not spend or a KPI" };
  if (q.constant) return { role: "ignored", confidence: "high", why: "content: constant" };
  if (looksFlighted(q, rows))
    return { role: "controls", confidence: "low", candidate: true, why: "content: never negative and flighted in bursts like media spend, but no spend or channel word in its name (kept as a control until you say it is a channel)" };
  return { role: "controls", confidence: "low", why: "content: numeric with no spend/KPI keyword in its name (treated as a control; set roles explicitly if it is media)" };
}

/** Media spend is never negative and switches on and off, or swings widely around its mean. */
function looksFlighted(q: ColumnQuality, rows: number): boolean {
  const mean = q.mean ?? 0;
  if (mean <= 0 || (q.min ?? -1) < 0) return false;
  const zeroShare = (q.zeros ?? 0) / Math.max(1, rows - q.nulls);
  const cv = (q.std ?? 0) / mean;
  return zeroShare >= 0.05 || cv >= 0.5;
}

function isRowIndex(n: string, q: ColumnQuality, rows: number): boolean {
  const named = n.trim() === "" || matchRule(n, "index") !== undefined;
  const sequence = q.unique === rows && q.nulls === 0 && (q.min === 0 || q.min === 1) && q.max === q.min! + rows - 1;
  return sequence && (named || !!q.dtype.match(/^U?Int/));
}
