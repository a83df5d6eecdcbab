/**
 * What-if questions read from plain words: the kind (a scenario on some channels, a change of the
 * total budget, a KPI target, a ranking, an explanation), the channels named — matched against the
 * model's real channel columns ("TV" → tv_spend, "search" → paid_search_spend) — and the amounts.
 * Text only: the numbers come from the tools.
 */
import { columnsIn } from "./roleIntent";

export type WhatIfKind = "scenario" | "budget" | "target" | "efficiency" | "flighting" | "rank" | "explain";

const NUMBER = String.raw`[$€£]?\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m|mm|mn|bn|b|million|thousand|billion)?(?![\p{L}\d])`;
const PERCENT = String.raw`(\d+(?:\.\d+)?)\s?(?:%|percent|per cent|pct)`;

const SCENARIO_VERBS =
  "cut|cuts|cutting|reduce|reducing|decrease|decreasing|lower|lowering|drop|dropping|slash|slashing|trim|trimming|raise|raising|increase|increasing|boost|boosting|grow|growing|add|adding|double|doubling|halve|halving|triple|move|moving|shift|shifting|reallocate|transfer|stop|stopping|pause|pausing|turn off|switch off|kill|remove|spend|put|invest";

const KINDS: [WhatIfKind, RegExp][] = [
  ["explain", /^\s*why\b|\bwhy (is|are|does|do|did|has|have)\b|\bhow (sure|certain|confident|reliable|uncertain|precise|trustworthy)\b|\b(uncertainty|confidence|credible interval|hdi) (of|about|on|for|around)\b|\bexplain\b/i],
  [
    "rank",
    /\b(which|what)\s+(channels?|media|medium)\b.{0,60}\b(best|worst|highest|lowest|most|least|top|bottom|strongest|weakest|better|worse)\b|\brank(ing|ed)?\b|\b(best|worst|top|bottom|strongest|weakest)\s+(performing\s+)?(channels?|media)\b|\bnext (dollar|euro|pound|unit)\b|\bmost efficient\b|\bleast efficient\b|\bwhere should\b.{0,40}\b(go|spend|put)\b/i,
  ],
  ["efficiency", /\b(roas|roi|mroas|cpa|cost per (acquisition|conversion))\b[^.?!]{0,30}\b(above|below|under|over|at least|at most|of|target|>=?|<=?)\s*[$€£]?\s?\d|\btarget (roas|roi|cpa)\b/i],
  ["flighting", /\b(weekly|week[- ]by[- ]week|flighting|phas(e|ing)|schedule)\b.{0,40}\b(plan|spend|budget|schedule)\b|\bplan\b.{0,30}\bnext \d+ weeks\b|\b(plan|flight)\b.{0,20}\b(the )?(coming|next) (weeks|quarter)\b/i],
  ["target", /\bwhat (does|would|will) it take\b|\bhow much (more )?(do|would|should|must) (i|we) (need to )?(spend|invest)\b|\b(reach|hit|achieve|get to|deliver)\b.{0,40}\b(more|target|revenue|sales|conversions|kpi|%)|\btarget of\b/i],
  [
    "budget",
    /\b(total|overall|whole|entire|media|marketing)\s+budget\b|\bbudget (of|to|at|is|was)\s*[$€£]?\s?\d|\b(optimi[sz]e|allocate|plan)\b.{0,20}\bbudget of\b|\b(cut|reduce|increase|raise|lower|decrease|double|halve|grow|shrink|drop)\s+(the |our |my )?budget\b|\bbudget (drops|falls|goes (up|down)|is cut|rises|increases|decreases|shrinks|grows|doubles|halves)\b|\bspend\s+[$€£]?\s?\d[\d,.]*\s?(k|m|million)?\s+in total\b/i,
  ],
  ["scenario", new RegExp(String.raw`\bwhat (if|happens if|would happen if)\b|\bif (i|we)\b.{0,20}\b(${SCENARIO_VERBS})\b|^\s*(${SCENARIO_VERBS})\b.{0,60}(\b(by|to|from|of)\b\s*[$€£]?\s?\d|\d\s?(%|k\b|m\b))`, "iu")],
];

/** The what-if kind of a request, or undefined when it is not one. */
export function whatIfKind(text: string): WhatIfKind | undefined {
  return KINDS.find(([, re]) => re.test(text))?.[0];
}

/** The request is a what-if question (the intent rule). */
export const isWhatIf = (text: string): boolean => whatIfKind(text) !== undefined;

/** "3,000,000" → 3e6, "1.2M" → 1.2e6, "500k" → 5e5. */
export function parseAmount(digits: string, unit: string | undefined): number {
  const n = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits) ? Number(digits.replace(/,/g, "")) : Number(digits.replace(/,/g, "."));
  const u = (unit ?? "").toLowerCase();
  const mult = u === "k" || u === "thousand" ? 1e3 : u === "m" || u === "mm" || u === "mn" || u === "million" ? 1e6 : u === "b" || u === "bn" || u === "billion" ? 1e9 : 1;
  return n * mult;
}

/** The first money amount in `text` that is not a percentage or a week count, with its position. */
function amountIn(text: string): { value: number; at: number } | undefined {
  for (const m of text.matchAll(new RegExp(NUMBER, "giu"))) {
    const at = m.index ?? 0;
    const after = text.slice(at + m[0].length);
    if (/^\s?(%|percent|per cent|pct|weeks?\b|months?\b|days?\b|years?\b|x\b|times\b)/i.test(after)) continue;
    const v = parseAmount(m[1]!, m[2]);
    if (Number.isFinite(v)) return { value: v, at };
  }
  return undefined;
}

const percentIn = (text: string): number | undefined => {
  const m = new RegExp(PERCENT, "i").exec(text);
  return m ? Number(m[1]) / 100 : undefined;
};

/** The horizon in weeks: "over 26 weeks", "next quarter", "for 6 months", "next year". */
export function horizonIn(text: string): number | undefined {
  const w = /\b(?:over|for|in|during|across|next|the next)\s+(?:the\s+)?(?:next\s+)?(\d+)\s*weeks?\b/i.exec(text);
  if (w) return Number(w[1]);
  const mo = /\b(?:over|for|in|during|across|next|the next)\s+(?:the\s+)?(?:next\s+)?(\d+)\s*months?\b/i.exec(text);
  if (mo) return Math.round((Number(mo[1]) * 52) / 12);
  if (/\bnext quarter\b|\bover a quarter\b|\bfor a quarter\b/i.test(text)) return 13;
  if (/\bhalf[- ]year\b|\bnext six months\b/i.test(text)) return 26;
  if (/\bnext year\b|\bover a year\b|\bannual(ly)?\b|\bper year\b/i.test(text)) return 52;
  return undefined;
}

// ---- channels -------------------------------------------------------------------------------

/** Words in column names that say nothing about which channel it is. */
const GENERIC = new Set(["spend", "spending", "spends", "cost", "costs", "budget", "media", "paid", "ads", "ad", "advertising", "eur", "usd", "gbp", "amount", "investment", "invest", "total", "channel", "s", "i", "p", "x"]);

/** Other names analysts use for common channel words. */
const SYNONYMS: Record<string, string[]> = {
  tv: ["television", "telly", "linear tv", "tv ads"],
  ooh: ["out of home", "out-of-home", "outdoor", "billboards", "billboard"],
  search: ["sem", "ppc", "google ads", "search ads"],
  social: ["facebook", "meta", "instagram", "tiktok", "social media"],
  video: ["youtube", "olv"],
  display: ["banners", "banner", "programmatic"],
  radio: ["audio"],
  email: ["e-mail", "crm", "newsletter"],
  print: ["newspaper", "newspapers", "magazines", "press"],
};

const tokensOf = (col: string): string[] => {
  const t = col
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((x) => x && !GENERIC.has(x));
  return t.length ? t : [col.toLowerCase()];
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where `word` (or its plural / possessive) first occurs in `text` as a whole word, −1 if not. */
function wordAt(text: string, word: string): number {
  const m = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(word)}(?:s|es|'s|’s)?(?=$|[^\\p{L}\\p{N}])`, "iu").exec(text);
  return m ? m.index + m[1]!.length : -1;
}

/**
 * The channels `text` names, in the order it names them: exact column names first, then each
 * column's distinctive words and their synonyms ("TV" → tv_spend). A word two channels share
 * ("online" in online_video and online_display) names both, unless another word picks one.
 */
export function channelsIn(text: string, channels: readonly string[]): string[] {
  const exact = columnsIn(text, [...channels]);
  let rest = text.toLowerCase();
  for (const col of exact) rest = rest.replace(new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRe(col.toLowerCase())}(?=$|[^\\p{L}\\p{N}_])`, "u"), (m, pre: string) => pre + " ".repeat(m.length - pre.length));
  const owners = new Map<string, string[]>();
  for (const ch of channels) for (const t of tokensOf(ch)) owners.set(t, [...(owners.get(t) ?? []), ch]);
  const hits: { ch: string; at: number; strong: boolean; tokens: string[] }[] = [];
  for (const ch of channels) {
    if (exact.includes(ch)) continue;
    const tokens = tokensOf(ch);
    let at = -1;
    let strong = false;
    const matched: string[] = [];
    for (const t of tokens) {
      const positions = [t, ...(SYNONYMS[t] ?? [])].map((w) => wordAt(rest, w)).filter((p) => p >= 0);
      if (!positions.length) continue;
      const p = Math.min(...positions);
      matched.push(t);
      at = at < 0 ? p : Math.min(at, p);
      if ((owners.get(t) ?? []).length === 1) strong = true;
    }
    if (at >= 0 && (strong || matched.length === tokens.length)) hits.push({ ch, at, strong, tokens: matched });
  }
  // A shared word claimed by a channel that another word picked out does not name the others.
  const claimed = new Set(hits.filter((h) => h.strong).flatMap((h) => h.tokens));
  const kept = hits.filter((h) => h.strong || !h.tokens.every((t) => claimed.has(t)));
  const at = (ch: string) => {
    const i = text.toLowerCase().search(new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRe(ch.toLowerCase())}`, "u"));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...exact.map((ch) => ({ ch, at: at(ch) })), ...kept].sort((a, b) => a.at - b.at).map((h) => h.ch);
}

const ALL_CHANNELS = /\b(all|every|each)\s+(the\s+)?(channels?|media)\b|\beverything\b|\bacross the board\b|\ball (of )?(our |my )?(spend|media)\b/i;

// ---- scenarios ------------------------------------------------------------------------------

/** How a scenario changes spend: by a factor, by an amount, to an amount, or moves an amount between channels. */
export type ScenarioChange =
  | { kind: "scale"; channels: string[]; factor: number }
  | { kind: "add"; channels: string[]; amount: number }
  | { kind: "set"; channels: string[]; to: number }
  | { kind: "move"; from: string[]; to: string[]; amount?: number; share?: number };

const CUT = /\b(cut|cuts|cutting|reduce|reducing|decrease|decreasing|lower|lowering|drop|drops|dropping|slash|slashing|trim|trimming|less|fewer|down|shrink|shrinks|falls?)\b/i;
const RAISE = /\b(raise|raising|increase|increasing|boost|boosting|grow|growing|add|adding|more|up|extra|additional|rises?|invest)\b/i;
const STOP = /\b(stop|stopping|pause|pausing|turn(ing)? off|switch(ing)? off|kill|remove|eliminate|drop(ping)? \w+ (entirely|completely|altogether)|zero out|no (more )?spend)\b|\bto (0|zero|nothing)\b/i;

/** The spend change a scenario question states, with the channels it names (undefined: not understood). */
export function readScenario(text: string, channels: readonly string[]): ScenarioChange | undefined {
  const named = ALL_CHANNELS.test(text) ? [...channels] : channelsIn(text, channels);
  const move = /\b(move|moving|shift|shifting|reallocate|reallocating|transfer|transferring|put|take)\b([\s\S]*?)\b(to|into|towards|onto|on)\b([\s\S]*)$/i.exec(text);
  if (move) {
    const left = move[2]!;
    const right = move[4]!;
    const to = channelsIn(right, channels);
    const fromPart = /\bfrom\b([\s\S]*)$/i.exec(left)?.[1] ?? left;
    const from = channelsIn(fromPart, channels).filter((c) => !to.includes(c));
    const share = percentIn(left);
    const amount = share === undefined ? amountIn(left)?.value : undefined;
    if (from.length && to.length && (share !== undefined || amount !== undefined)) return { kind: "move", from, to, amount, share };
  }
  if (!named.length) return undefined;
  if (STOP.test(text)) return { kind: "set", channels: named, to: 0 };
  if (/\bdoubl(e|es|ing)\b/i.test(text)) return { kind: "scale", channels: named, factor: 2 };
  if (/\btripl(e|es|ing)\b/i.test(text)) return { kind: "scale", channels: named, factor: 3 };
  if (/\bhalv(e|es|ing)\b|\bby half\b|\bin half\b/i.test(text)) return { kind: "scale", channels: named, factor: 0.5 };
  const sign = CUT.test(text) ? -1 : RAISE.test(text) ? 1 : 0;
  const pct = percentIn(text);
  const toAmount = /\bto\s+([$€£]?\s?\d[\d,]*(?:\.\d+)?\s?(?:k|m|mm|mn|bn|million|thousand|billion)?)(?![\p{L}\d%])/iu.exec(text);
  if (toAmount && !/%/.test(toAmount[1]!)) {
    const a = amountIn(toAmount[1]!);
    if (a) return { kind: "set", channels: named, to: a.value };
  }
  if (pct !== undefined && sign !== 0) return { kind: "scale", channels: named, factor: Math.max(0, 1 + sign * pct) };
  const amount = amountIn(text.replace(new RegExp(PERCENT, "gi"), " "));
  if (amount && sign !== 0) return { kind: "add", channels: named, amount: sign * amount.value };
  return undefined;
}

/** The horizon budgets of a scenario, from current horizon spend per channel. */
export function scenarioBudgets(change: ScenarioChange, current: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const cur = (ch: string) => current[ch] ?? 0;
  if (change.kind === "scale") for (const ch of change.channels) out[ch] = cur(ch) * change.factor;
  else if (change.kind === "add") for (const ch of change.channels) out[ch] = Math.max(0, cur(ch) + change.amount / change.channels.length);
  else if (change.kind === "set") for (const ch of change.channels) out[ch] = change.to / change.channels.length;
  else {
    const available = change.from.reduce((s, ch) => s + cur(ch), 0);
    const moved = Math.min(available, change.share !== undefined ? change.share * available : (change.amount ?? 0));
    for (const ch of change.from) out[ch] = cur(ch) - (available > 0 ? (moved * cur(ch)) / available : 0);
    for (const ch of change.to) out[ch] = cur(ch) + moved / change.to.length;
  }
  return out;
}

// ---- budget, target, ranking, explanation --------------------------------------------------

/** A new total budget: absolute, or relative to current spend. */
export type BudgetChange = { total: number } | { factor: number } | { delta: number };

export function readBudget(text: string): BudgetChange | undefined {
  const abs = new RegExp(String.raw`\bbudget\s+(?:of|to|at|is|was|=)\s*${NUMBER}|\bspend\s+${NUMBER}\s+in total\b|\btotal (?:of|to)\s+${NUMBER}`, "iu").exec(text);
  if (abs) {
    const digits = abs[1] ?? abs[3] ?? abs[5];
    const unit = abs[2] ?? abs[4] ?? abs[6];
    if (digits) return { total: parseAmount(digits, unit) };
  }
  if (/\bdoubl(e|es|ing)\b/i.test(text)) return { factor: 2 };
  if (/\bhalv(e|es|ing)\b|\bby half\b|\bin half\b/i.test(text)) return { factor: 0.5 };
  const sign = CUT.test(text) ? -1 : RAISE.test(text) ? 1 : 0;
  if (!sign) return undefined;
  const pct = percentIn(text);
  if (pct !== undefined) return { factor: Math.max(0, 1 + sign * pct) };
  const a = amountIn(text);
  return a ? { delta: sign * a.value } : undefined;
}

/** A KPI target: a relative increase, an absolute increase, or a level over the horizon. */
export type Target = { pct: number } | { delta: number } | { level: number };

export function readTarget(text: string): Target | undefined {
  const pct = percentIn(text);
  if (pct !== undefined) return { pct };
  const a = amountIn(text);
  if (!a) return undefined;
  const after = text.slice(a.at).toLowerCase();
  const more = /^\S+\s*(more|extra|additional|on top)\b/.test(after) || /\b(extra|additional|more)\s+[$€£]?\s?\d/i.test(text);
  // "reach 30M revenue" is a level; "add 1M revenue", "grow revenue by 500k", "1M more" are increases.
  return !more && /\b(reach|hit|get to|achieve|deliver|total of|level of)\b/i.test(text) ? { level: a.value } : { delta: a.value };
}

export type RankMetric = "roas" | "mroas" | "contribution";

export function readRank(text: string): { metric: RankMetric; worst: boolean } {
  const metric: RankMetric = /\bmarginal\b|\bmroas\b|\bnext (dollar|euro|pound|unit)\b|\bwhere should\b|\bincremental (dollar|euro|unit)\b/i.test(text)
    ? "mroas"
    : /\bcontribut|\bdrives? (the )?most\b|\bmost (revenue|sales|conversions|kpi)\b|\bbiggest\b|\blargest\b/i.test(text)
      ? "contribution"
      : "roas";
  const worst = /\b(worst|lowest|least|bottom|weakest|worse|cut first|cut)\b/i.test(text) && !/\brank/i.test(text);
  return { metric, worst };
}

export function readExplain(text: string): "uncertainty" | "why" {
  return /\bhow (sure|certain|confident|reliable|uncertain|precise|trustworthy)\b|\buncertain|\bconfidence\b|\bcredible\b|\bhdi\b|\binterval\b/i.test(text) ? "uncertainty" : "why";
}
