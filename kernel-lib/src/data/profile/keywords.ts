/**
 * Name keywords for role detection. Names are split into lower-case tokens on separators and
 * camelCase, so `tv_S`, `TvSpend` and `tv-spend` all yield the tokens the rules look for.
 */

/** Lower-case tokens of a column name: "competitor_sales_B" → ["competitor", "sales", "b"]. */
export function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

type Rule = { words: readonly string[]; suffixes?: readonly string[] };

export const RULES = {
  date: { words: ["date", "week", "day", "ds", "dt", "time", "period", "month", "timestamp", "datetime"] },
  geo: { words: ["geo", "region", "dma", "market", "state", "country", "city", "territory", "area", "zip", "location", "province", "store"] },
  index: { words: ["index", "id", "unnamed", "row", "rownum"] },
  rate: { words: ["per", "rate", "ratio", "pct", "percent", "share", "avg", "average", "cpm", "cpc", "ctr", "price", "score", "temperature", "temp", "sentiment"] },
  control: {
    words: ["competitor", "competition", "price", "promo", "promotion", "holiday", "holidays", "event", "events", "weather", "temperature", "temp", "macro", "gdp", "unemployment", "cpi", "inflation", "season", "seasonality", "control", "organic", "newsletter", "email", "sentiment", "distribution", "stock", "trend", "covid", "discount", "rain"],
    suffixes: ["b", "control", "n"],
  },
  spend: { words: ["spend", "spends", "cost", "costs", "investment", "budget", "media", "expenditure", "spent"], suffixes: ["s"] },
  impressions: { words: ["impression", "impressions", "imps", "imp", "views", "reach", "grp", "grps", "trp", "trps", "clicks", "click", "frequency", "volume", "exposure", "exposures"], suffixes: ["i", "p"] },
  kpi: { words: ["revenue", "revenues", "sales", "conversions", "conversion", "orders", "kpi", "target", "units", "transactions", "signups", "leads", "installs", "gmv", "bookings", "profit", "acquisitions", "subscriptions", "y"] },
  channel: { words: ["channel", "channels", "medium", "media", "platform", "tactic", "vehicle", "source", "publisher", "network"] },
  population: { words: ["population", "pop", "households"] },
} as const satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;

/** The first keyword or suffix of `rule` found in the name's tokens, or undefined. */
export function matchRule(name: string, rule: RuleName): string | undefined {
  const t = tokens(name);
  const r: Rule = RULES[rule];
  const word = t.find((tok) => r.words.includes(tok));
  if (word) return `name contains '${word}'`;
  const last = t[t.length - 1];
  if (t.length > 1 && last && r.suffixes?.includes(last)) return `name ends in '_${last}'`;
  return undefined;
}
