/**
 * Reach & frequency columns (Meridian's `<Channel>_reach` and `<Channel>_frequency`; paired by
 * name in data/rfColumns.ts): read and checked — reach is a count of people (≥ 0), frequency the average exposures per
 * reached person (≥ 1 wherever someone was reached). Reach × frequency is the channel's impressions.
 */
import { MMMError } from "../errors";
import { requireColumns } from "../data/explore";
import { pl, toLazy, type DataFrame, type Frame } from "../data/polars";
import type { MmmChannel } from "./mmmData";
import type { RfColumns, RfSpec } from "../data/rfColumns";

export { pairRfColumns, type RfColumns, type RfSpec } from "../data/rfColumns";

export interface RfSeries {
  name: string;
  reach: Float64Array;
  frequency: Float64Array;
  spend?: Float64Array;
}

/** Reads and checks one R&F channel's weekly columns (missing weeks: nobody reached). */
export function readRfSeries(frame: Frame, cols: RfColumns): RfSeries {
  requireColumns(frame, [cols.reach, cols.frequency, ...(cols.spend ? [cols.spend] : [])]);
  const df = toLazy(frame)
    .select(...[cols.reach, cols.frequency, ...(cols.spend ? [cols.spend] : [])].map((c) => pl.col(c).cast(pl.Float64)))
    .collectSync();
  const values = (c: string) => Float64Array.from(df.getColumn(c).toArray() as (number | null)[], (v) => (v === null || !Number.isFinite(v) ? 0 : v));
  const reach = values(cols.reach);
  const frequency = values(cols.frequency);
  const neg = reach.findIndex((v) => v < 0);
  if (neg >= 0)
    throw new MMMError("INVALID_ARGUMENT", `Reach column '${cols.reach}' is negative (${reach[neg]}) at row ${neg}: reach counts people.`, "Fix or drop those rows (clean_data), or set them to 0.", { column: cols.reach, row: neg });
  const low = frequency.findIndex((f, t) => reach[t]! > 0 && f < 1);
  if (low >= 0)
    throw new MMMError(
      "INVALID_ARGUMENT",
      `Frequency column '${cols.frequency}' is ${frequency[low]} at row ${low}, below 1: frequency is the average exposures per reached person.`,
      "Check that it is not a share or a rate (divide impressions by reach), or fix those rows.",
      { column: cols.frequency, row: low },
    );
  return { name: cols.name, reach, frequency, ...(cols.spend ? { spend: values(cols.spend) } : {}) };
}

/** Each spec's columns are named and distinct from the channels'; returns every column they use. */
export function checkRfSpecs(specs: readonly RfSpec[], channels: readonly string[]): string[] {
  for (const r of specs) {
    if (typeof r?.reach !== "string" || typeof r?.frequency !== "string" || typeof r?.spend !== "string") {
      const col = r?.reach ?? r?.frequency ?? r?.spend;
      throw new MMMError(
        "INVALID_ARGUMENT",
        `A reach & frequency channel needs its reach, frequency and spend columns${col ? ` ('${col}' is given without ${typeof r?.reach !== "string" ? "its reach" : typeof r?.frequency !== "string" ? "its frequency" : "its spend"})` : ""}.`,
        'Give e.g. rf: [{ reach: "Channel3_reach", frequency: "Channel3_frequency", spend: "Channel3_spend" }].',
        { column: col, value: r },
      );
    }
    if (channels.includes(r.spend))
      throw new MMMError("INVALID_ARGUMENT", `Column '${r.spend}' is the spend of a reach & frequency channel and also among the channels.`, "Leave it out of channels: the R&F channel reports its ROAS on that spend.", { column: r.spend });
  }
  return specs.flatMap((r) => [r.reach, r.frequency, r.spend]);
}

/**
 * Geo rows to national weeks: reach adds up over geos (different people), frequency is
 * impressions over reach (a reach-weighted mean). Call before summing `[reach, frequency]`, then `nationalFrequency`.
 */
export function impressionsForAggregation(df: DataFrame, specs: readonly RfSpec[]): DataFrame {
  return specs.length ? df.withColumns(...specs.map((r) => pl.col(r.reach).mul(pl.col(r.frequency)).alias(r.frequency))) : df;
}

export function nationalFrequency(df: DataFrame, specs: readonly RfSpec[]): DataFrame {
  return specs.length
    ? df.withColumns(
        ...specs.map((r) =>
          pl
            .when(pl.col(r.reach).gt(0))
            .then(pl.col(r.frequency).div(pl.col(r.reach)))
            .otherwise(pl.lit(0))
            .alias(r.frequency),
        ),
      )
    : df;
}

/** The model's R&F channels: spend (ROAS, scale) and the reach and frequency series, checked. */
export function rfChannels(df: DataFrame, specs: readonly RfSpec[], warnings: string[]): MmmChannel[] {
  return specs.map((r) => {
    const s = readRfSeries(df, { name: r.spend, ...r });
    const spend = s.spend!.map((v) => Math.max(0, v));
    const total = spend.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new MMMError("INVALID_ARGUMENT", `Reach & frequency channel '${r.spend}' has no spend.`, "Its ROAS needs its spend: check the spend column, or leave the channel out.", { column: r.spend });
    if (!s.reach.some((v) => v > 0)) warnings.push(`Reach & frequency channel '${r.spend}': nobody reached in any week.`);
    return { name: r.spend, spend, scale: spend.reduce((a, b) => Math.max(a, b), 0), total, rf: { reach: s.reach, frequency: s.frequency } };
  });
}
