/**
 * The time axis: granularity (daily / weekly / monthly / irregular / transactions), gaps,
 * duplicate periods, and how many weeks of history the table covers.
 */
import { isoDate } from "../dates";
import { pl, toLazy, type Frame } from "../polars";

export type Granularity = "daily" | "weekly" | "monthly" | "irregular" | "transactions";

export interface Timeline {
  granularity: Granularity;
  start?: string;
  end?: string;
  /** Distinct dates. */
  periods: number;
  /** Weeks of history spanned (what the sufficiency verdict is measured in). */
  weeks: number;
  /** Median step between consecutive distinct dates, in days. */
  stepDays?: number;
  /** Missing periods at the detected granularity, with the first few gap starts. */
  gaps: { missing: number; examples: string[] };
  /** Dates (per geo when there is one) that occur on more than one row. */
  duplicateDates: { count: number; examples: { date: string; geo?: string; rows: number }[] };
  /** Weekly data whose dates fall on different weekdays. */
  mixedWeekdays: boolean;
  geos?: number;
}

/** Analyse the date column (already parsed to Date) and, if given, the geo column. */
export function analyseTimeline(frame: Frame, dateCol: string, geoCol?: string): Timeline {
  const lf = toLazy(frame).select(pl.col(dateCol).cast(pl.Int32).alias("d"), ...(geoCol ? [pl.col(geoCol).cast(pl.Utf8).alias("g")] : []));
  const keys = geoCol ? ["d", "g"] : ["d"];
  const counts = lf.filter(pl.col("d").isNotNull()).groupBy(keys).agg(pl.len().alias("n")).collectSync();
  const days = Array.from(new Set(counts.getColumn("d").toArray() as number[])).sort((a, b) => a - b);
  const n = counts.getColumn("n").toArray() as number[];
  const repeatedKeys = n.filter((k) => k > 1).length;
  const step = medianStep(days);
  // Most periods on several rows: transactions (a few repeats are duplicates to clean instead).
  const granularity: Granularity = repeatedKeys > n.length / 2 ? "transactions" : classify(step);
  const geos = geoCol ? new Set(counts.getColumn("g").toArray()).size : undefined;
  return {
    granularity,
    start: days.length ? isoDate(days[0]) : undefined,
    end: days.length ? isoDate(days[days.length - 1]) : undefined,
    periods: days.length,
    weeks: weeksCovered(days, granularity),
    stepDays: step,
    gaps: findGaps(days, granularity === "transactions" ? classify(step) : granularity),
    duplicateDates: granularity === "transactions" ? { count: 0, examples: [] } : duplicates(counts, Boolean(geoCol)),
    mixedWeekdays: step === 7 && new Set(days.map((d) => (((d + 3) % 7) + 7) % 7)).size > 1,
    geos,
  };
}

function medianStep(days: number[]): number | undefined {
  if (days.length < 2) return undefined;
  const diffs = days
    .slice(1)
    .map((d, i) => d - days[i]!)
    .sort((a, b) => a - b);
  return diffs[Math.floor(diffs.length / 2)];
}

function classify(step: number | undefined): Granularity {
  if (step === undefined) return "irregular";
  if (step === 1) return "daily";
  if (step === 7) return "weekly";
  if (step >= 28 && step <= 31) return "monthly";
  return "irregular";
}

function weeksCovered(days: number[], g: Granularity): number {
  if (days.length === 0) return 0;
  if (g === "weekly") return days.length;
  return Math.floor((days[days.length - 1]! - days[0]!) / 7) + 1;
}

function findGaps(days: number[], g: Granularity): { missing: number; examples: string[] } {
  const expected = g === "daily" ? 1 : g === "weekly" ? 7 : undefined;
  const examples: string[] = [];
  let missing = 0;
  for (let i = 1; i < days.length; i++) {
    const diff = days[i]! - days[i - 1]!;
    const lost = expected ? Math.round(diff / expected) - 1 : g === "monthly" && diff > 31 ? Math.round(diff / 30.4) - 1 : 0;
    if (lost > 0) {
      missing += lost;
      if (examples.length < 5) examples.push(`${isoDate(days[i - 1]! + (expected ?? 30))} (${lost} missing)`);
    }
  }
  return { missing, examples };
}

function duplicates(counts: ReturnType<ReturnType<typeof toLazy>["collectSync"]>, hasGeo: boolean): Timeline["duplicateDates"] {
  const dup = counts.filter(pl.col("n").gt(1)).sort("d");
  const examples = (dup.head(5).toRecords() as { d: number; g?: string; n: number }[]).map((r) => ({ date: isoDate(r.d), ...(hasGeo ? { geo: r.g } : {}), rows: Number(r.n) }));
  return { count: dup.height, examples };
}
