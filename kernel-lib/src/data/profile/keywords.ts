/**
 * Name keywords for role detection. Names are split into lower-case tokens on separators and
 * camelCase, accents removed, so `tv_S`, `TvSpend`, `TV Spend ($)` and `Dépenses TV` all yield
 * the tokens the rules look for. English words first; German, French and Spanish where analysts'
 * exports commonly use them.
 */

/** Lower-case, accent-free tokens of a column name: "competitor_sales_B" → ["competitor", "sales", "b"]. */
export function tokens(name: string): string[] {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

/** Tokens plus the unsplit lower-case words, so brand names in camelCase ("YouTube", "TikTok", "LinkedIn") match too. */
function allTokens(name: string): string[] {
  const whole = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set([...tokens(name), ...whole])];
}

/** A currency unit in the header ("TV ($)", "search_eur", "Kosten in €"): money, so spend unless a KPI word says otherwise. */
export function currencyUnit(name: string): string | undefined {
  const sym = /[$€£¥₹]/.exec(name)?.[0];
  if (sym) return `header has the currency unit '${sym}'`;
  const word = tokens(name).find((t) => CURRENCY_WORDS.includes(t));
  return word ? `header has the currency unit '${word}'` : undefined;
}

const CURRENCY_WORDS = ["usd", "eur", "gbp", "chf", "jpy", "cad", "aud", "sek", "nok", "dkk", "inr", "brl", "mxn", "dollar", "dollars", "euro", "euros"];

/**
 * Words that name a marketing channel or platform. A numeric column named only by one of these
 * ("tv", "Facebook Ads", "search") is paid media unless it carries an impressions/KPI/control word.
 */
export const CHANNEL_WORDS: readonly string[] = [
  "tv",
  "ctv",
  "ott",
  "television",
  "fernsehen",
  "tele",
  "radio",
  "audio",
  "podcast",
  "podcasts",
  "spotify",
  "ooh",
  "dooh",
  "outdoor",
  "billboard",
  "billboards",
  "print",
  "press",
  "newspaper",
  "magazine",
  "magazines",
  "cinema",
  "kino",
  "search",
  "sem",
  "ppc",
  "sea",
  "google",
  "bing",
  "adwords",
  "social",
  "facebook",
  "fb",
  "meta",
  "instagram",
  "insta",
  "tiktok",
  "snapchat",
  "snap",
  "pinterest",
  "linkedin",
  "twitter",
  "reddit",
  "youtube",
  "yt",
  "display",
  "programmatic",
  "banner",
  "banners",
  "video",
  "olv",
  "native",
  "email",
  "mail",
  "crm",
  "sms",
  "push",
  "affiliate",
  "affiliates",
  "influencer",
  "influencers",
  "partnership",
  "sponsorship",
  "amazon",
  "retail",
  "shopping",
  "dm",
  "mailing",
  "catalog",
  "catalogue",
  "ads",
  "ad",
  "advertising",
  "marketing",
  "paid",
  "werbung",
  "publicite",
  "publicidad",
];

/** The first channel word in the name's tokens (one-letter tokens never count). */
export function channelWord(name: string): string | undefined {
  return allTokens(name).find((t) => CHANNEL_WORDS.includes(t));
}

type Rule = { words: readonly string[]; suffixes?: readonly string[] };

export const RULES = {
  date: { words: ["date", "week", "day", "ds", "dt", "time", "period", "month", "timestamp", "datetime", "datum", "woche", "kw", "tag", "semaine", "jour", "mois", "fecha", "semana", "dia"] },
  geo: { words: ["geo", "region", "dma", "market", "state", "country", "city", "territory", "area", "zip", "location", "province", "store", "land", "pays", "ville", "pais"] },
  index: { words: ["index", "id", "unnamed", "row", "rownum"] },
  rate: { words: ["per", "rate", "ratio", "pct", "percent", "share", "avg", "average", "cpm", "cpc", "ctr", "price", "score", "temperature", "temp", "sentiment"] },
  control: {
    words: [
      "competitor",
      "competition",
      "competitors",
      "price",
      "promo",
      "promotion",
      "holiday",
      "holidays",
      "event",
      "events",
      "weather",
      "temperature",
      "temp",
      "macro",
      "gdp",
      "unemployment",
      "cpi",
      "inflation",
      "season",
      "seasonality",
      "control",
      "organic",
      "newsletter",
      "sentiment",
      "distribution",
      "stock",
      "trend",
      "covid",
      "discount",
      "rain",
      "preis",
      "wetter",
      "feiertag",
      "wettbewerb",
      "wettbewerber",
      "konkurrenz",
      "aktion",
      "rabatt",
      "prix",
      "meteo",
      "concurrent",
      "concurrents",
      "concurrence",
      "remise",
      "precio",
      "competencia",
      "competidor",
      "competidores",
      "descuento",
      "clima",
    ],
    suffixes: ["b", "control", "n"],
  },
  spend: {
    words: ["spend", "spends", "spending", "cost", "costs", "investment", "invest", "budget", "media", "expenditure", "spent", "kosten", "ausgaben", "spesen", "depenses", "depense", "cout", "couts", "gasto", "gastos", "inversion", "coste"],
    suffixes: ["s"],
  },
  impressions: { words: ["impression", "impressions", "imps", "imp", "views", "reach", "grp", "grps", "trp", "trps", "clicks", "click", "frequency", "volume", "exposure", "exposures"], suffixes: ["i", "p"] },
  kpi: {
    words: [
      "revenue",
      "revenues",
      "sales",
      "conversions",
      "conversion",
      "orders",
      "kpi",
      "target",
      "units",
      "transactions",
      "signups",
      "leads",
      "installs",
      "gmv",
      "bookings",
      "profit",
      "acquisitions",
      "subscriptions",
      "y",
      "umsatz",
      "erlos",
      "erlose",
      "verkaufe",
      "absatz",
      "ventes",
      "chiffre",
      "revenu",
      "revenus",
      "ventas",
      "ingresos",
    ],
  },
  channel: { words: ["channel", "channels", "medium", "media", "platform", "tactic", "vehicle", "source", "publisher", "network"] },
  population: { words: ["population", "pop", "households"] },
} as const satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;

/** The first keyword or suffix of `rule` found in the name's tokens, or undefined. */
export function matchRule(name: string, rule: RuleName): string | undefined {
  const t = tokens(name);
  const r: Rule = RULES[rule];
  const word = allTokens(name).find((tok) => r.words.includes(tok));
  if (word) return `name contains '${word}'`;
  const last = t[t.length - 1];
  if (t.length > 1 && last && r.suffixes?.includes(last)) return `name ends in '_${last}'`;
  return undefined;
}
