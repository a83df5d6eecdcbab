/**
 * An "unseen data" corpus: analysts' files as they arrive — each a different naming convention or
 * layout (plain channel words, units in headers, spaces and capitals, German and French headers,
 * daily rows, a geo column, a refund, a constant channel, an email channel, 50 channels) — built
 * by the simulator, so every channel's true ROAS is known. Nothing here is tuned to our detector:
 * the names are what real exports use.
 */
import { pl, simulateMMM, type ChannelSpec } from "../../kernel-lib/src";
import type { DataFrame } from "../../kernel-lib/src/data/polars";

export interface CorpusCase {
  name: string;
  /** What makes this file different. */
  convention: string;
  frame: DataFrame;
  kpi: string;
  date: string;
  /** True ROAS by the channel's column name in this file. */
  truth: Record<string, number>;
  /** Each channel's signal: sd of its true weekly contribution over the noise sd (how well the data can pin it). */
  signal: Record<string, number>;
  /** Well posed: enough varying, uncorrelated spend for every ROAS to be recoverable. */
  wellPosed: boolean;
  /** Columns that must be asked about (no way to know from the file alone). */
  mustAsk?: boolean;
}

const DECAYS = [0.5, 0.3, 0.6, 0.2, 0.45, 0.35];

function channelSpecs(n: number, seed: number, opts: { equalSpend?: boolean } = {}): ChannelSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `c${i}`,
    spend: { mean: opts.equalSpend ? 20_000 : 12_000 + 6_000 * ((i + seed) % 3), variability: 0.45, onProbability: 0.8, flightWeeks: 4 },
    adstock: { type: "geometric", params: { alpha: DECAYS[i % DECAYS.length]!, lMax: 8, normalize: true } },
    saturation: { type: "logistic", params: { lam: 1.2 + 0.6 * (i % 3) } },
    beta: 80_000 + 60_000 * ((i * 2 + seed) % 3),
  }));
}

/** Simulate, then give the columns this file's names (order kept: date, KPI, channels, controls). */
function build(
  name: string,
  convention: string,
  seed: number,
  names: { date: string; kpi: string; channels: string[]; price?: string; competitor?: string },
  opts: { weeks?: number; geos?: number; equalSpend?: boolean; wellPosed?: boolean; mustAsk?: boolean } = {},
): CorpusCase {
  const channels = channelSpecs(names.channels.length, seed, opts);
  const sim = simulateMMM({ seed, weeks: opts.weeks ?? 156, channels, noise: 0.03, geos: opts.geos });
  const rename: Record<string, string> = { date: names.date, revenue: names.kpi };
  sim.truth.channels.forEach((c, i) => (rename[c.column] = names.channels[i]!));
  // Both controls drive the simulated KPI, so every file carries them (an analyst's export would).
  rename["price_index"] = names.price ?? "price_index";
  rename["competitor_sales"] = names.competitor ?? "competitor_sales";
  const keep = Object.keys(rename).concat(opts.geos ? ["geo"] : []);
  const frame = sim.data.select(...keep).rename(rename);
  const truth = Object.fromEntries(sim.truth.channels.map((c, i) => [names.channels[i]!, c.roas]));
  const signal = Object.fromEntries(sim.truth.channels.map((c, i) => [names.channels[i]!, sd(c.weekly) / sim.truth.noiseSd]));
  return { name, convention, frame, kpi: names.kpi, date: names.date, truth, signal, wellPosed: opts.wellPosed ?? true, mustAsk: opts.mustAsk };
}

function sd(x: number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length);
}

/** Weekly rows spread over seven daily rows (KPI and spend divided evenly). */
function toDaily(c: CorpusCase): CorpusCase {
  const days = c.frame.getColumn(c.date).toArray() as unknown as Date[];
  const rows = c.frame.toRecords() as Record<string, unknown>[];
  const out: Record<string, unknown>[] = [];
  rows.forEach((r, i) => {
    for (let d = 0; d < 7; d++) {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) row[k] = k === c.date ? new Date(days[i]!.getTime() + d * 86_400_000).toISOString().slice(0, 10) : typeof v === "number" && (k === c.kpi || k in c.truth) ? v / 7 : v;
      out.push(row);
    }
  });
  return { ...c, frame: pl.DataFrame(out), convention: `${c.convention}; daily rows` };
}

/**
 * Long format, as ad platforms export it: one row per (week, channel) with that channel's spend,
 * the week's KPI and controls split evenly over its rows (so they sum back per week).
 */
function toLong(c: CorpusCase, channelNames: Record<string, string>): CorpusCase {
  const rows = c.frame.toRecords() as Record<string, unknown>[];
  const channels = Object.keys(c.truth);
  const others = c.frame.columns.filter((k) => k !== c.date && !channels.includes(k));
  const out = rows.flatMap((r) =>
    channels.map((ch) => ({ [c.date]: r[c.date], channel: channelNames[ch], spend: r[ch], ...Object.fromEntries(others.map((k) => [k, typeof r[k] === "number" && k === c.kpi ? (r[k] as number) / channels.length : r[k]])) })),
  );
  const truth = Object.fromEntries(channels.map((ch) => [`${channelNames[ch]!.toLowerCase()}_spend`, c.truth[ch]!]));
  const signal = Object.fromEntries(channels.map((ch) => [`${channelNames[ch]!.toLowerCase()}_spend`, c.signal[ch]!]));
  return { ...c, frame: pl.DataFrame(out), truth, signal, convention: "long format: one row per week and channel (channel, spend), pivoted by the analysis" };
}

/** A spend column with one refund (negative value) in row 50. */
function withRefund(c: CorpusCase, column: string): CorpusCase {
  const values = (c.frame.getColumn(column).toArray() as number[]).slice();
  values[50] = -70.91;
  return { ...c, frame: c.frame.withColumns(pl.Series(column, values, pl.Float64)) };
}

/** One extra channel with the same spend every week (no information about its effect). */
function withConstant(c: CorpusCase, column: string): CorpusCase {
  return { ...c, frame: c.frame.withColumns(pl.Series(column, new Array(c.frame.height).fill(5000), pl.Float64)) };
}

export function unseenCorpus(): CorpusCase[] {
  return [
    build("plain_words", "channels named search, social, email (no 'spend'); KPI 'sales'; date 'week'", 11, { date: "week", kpi: "sales", channels: ["search", "social", "email"], price: "price" }),
    build("currency_units", "units in headers: 'TV ($)', 'Radio ($)', 'Revenue ($)'", 12, { date: "Date", kpi: "Revenue ($)", channels: ["TV ($)", "Radio ($)", "Paid Search ($)"], price: "Avg Price" }),
    build("spaces_capitals", "spaces and capitals: 'Facebook Ads', 'Google Search', 'YouTube'", 13, {
      date: "Week Start",
      kpi: "Total Sales",
      channels: ["Facebook Ads", "Google Search", "YouTube"],
      price: "Avg Selling Price",
      competitor: "Competitor Sales",
    }),
    build("german", "German headers: Datum, Umsatz, Kosten TV, Kosten Radio, Preis", 14, { date: "Datum", kpi: "Umsatz", channels: ["Kosten TV", "Kosten Radio", "Kosten Online"], price: "Preis", competitor: "Wettbewerber Umsatz" }),
    build("french", "French headers: semaine, chiffre d'affaires, dépenses télé/radio/affichage", 15, {
      date: "semaine",
      kpi: "chiffre d'affaires",
      channels: ["dépenses télé", "dépenses radio", "dépenses affichage"],
      price: "prix moyen",
      competitor: "ventes concurrents",
    }),
    toDaily(build("daily", "camelCase spend columns", 16, { date: "day", kpi: "totalRevenue", channels: ["tvSpend", "searchSpend", "socialSpend"], price: "avgPrice", competitor: "competitorSales" })),
    toLong(build("long", "", 25, { date: "week", kpi: "revenue", channels: ["a", "b", "c"] }), { a: "TV", b: "Search", c: "Social" }),
    build("geo", "a region column: 3 geos × 156 weeks", 17, { date: "week_start", kpi: "conversions", channels: ["tv_cost", "search_cost", "display_cost"] }, { geos: 3 }),
    withRefund(build("refund", "tv_spend has one refund of -70.91 in row 50", 18, { date: "date", kpi: "revenue", channels: ["tv_spend", "search_spend", "social_spend"] }), "tv_spend"),
    withConstant(build("constant_channel", "a sponsorship with the same spend every week", 19, { date: "date", kpi: "revenue", channels: ["tv_spend", "radio_spend", "online_spend"] }), "sponsorship_spend"),
    build("email_spend", "'email_spend' (email is also a control word) and 'crm_cost'", 20, { date: "date", kpi: "orders", channels: ["email_spend", "crm_cost", "affiliate_spend"] }),
    build("prefix", "prefixes: spend_tv, spend_podcast, spend_ooh", 21, { date: "ds", kpi: "y", channels: ["spend_tv", "spend_podcast", "spend_ooh"] }),
    build("anonymous", "anonymous columns x1, x2, x3 (the analyst must say which are media)", 22, { date: "date", kpi: "kpi", channels: ["x1", "x2", "x3"], price: "z1", competitor: "z2" }, { mustAsk: true }),
    build("wide_50", "50 spend channels (ch01_spend … ch50_spend), 3 years", 23, { date: "date", kpi: "revenue", channels: Array.from({ length: 50 }, (_, i) => `ch${String(i + 1).padStart(2, "0")}_spend`) }, { wellPosed: false }),
    build("equal_share", "three channels with equal spend share and different true ROAS", 24, { date: "date", kpi: "revenue", channels: ["tv_spend", "search_spend", "social_spend"] }, { equalSpend: true }),
  ];
}
