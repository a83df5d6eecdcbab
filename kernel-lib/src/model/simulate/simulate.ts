/**
 * Simulated MMM data with known truth: the ground on which parameter recovery is proven.
 * The KPI is built additively, per row,
 * `kpi = intercept + trend + seasonality + events + Σ controls + confounder + Σ media + noise`,
 * where media = `beta × saturation(adstock(spend / max spend))` (PyMC-Marketing's scaling).
 */
import { createRng, type Rng } from "../../math/random";
import { pl, type DataFrame } from "../../data/polars";
import { resolveSimulateOptions } from "./options";
import { ar1, channelSpend, controlSeries, eventCalendar, flighting, fourierSeasonality, impressionsSeries, mediaResponse, reachFrequency, rfMediaResponse, trendSeries, weekDates } from "./series";
import type { ChannelTruth, ResolvedSimulateOptions, SimulateOptions, SimulationTruth } from "./types";

/** What every geo shares: the calendar, media flights, latent demand and events. */
interface Shared {
  dates: Date[];
  flights: Uint8Array[];
  demand: Float64Array | null;
  calendar: string[] | null;
}

/** One geo's rows, column by column. */
interface GeoBlock {
  spend: Float64Array[];
  impressions: Float64Array[];
  /** Per channel its reach and frequency (empty arrays for channels without R&F). */
  reach: Float64Array[];
  frequency: Float64Array[];
  media: Float64Array[];
  controlValues: Float64Array[];
  controlEffects: Float64Array[];
  trend: Float64Array;
  seasonality: Float64Array;
  events: Float64Array;
  baseline: Float64Array;
  confounder: Float64Array;
  noise: Float64Array;
  kpi: Float64Array;
}

function eventLift(events: ResolvedSimulateOptions["events"], label: string): number {
  if (!events) return 0;
  return label === "holiday" ? events.holidayLift : label === "promo" ? events.promoLift : 0;
}

function simulateGeo(o: ResolvedSimulateOptions, sh: Shared, size: number, rng: Rng): GeoBlock {
  const n = o.weeks;
  const level = o.baseline * size;
  // One stream per component, forked in a fixed order, so components do not shift each other.
  const [spendRng, impRng, controlRng, noiseRng] = [rng.fork(), rng.fork(), rng.fork(), rng.fork()];
  const conf = o.confounder;
  const spend = o.channels.map((ch, i) => {
    const shift = conf && conf.channel === ch.name && sh.demand ? sh.demand.map((z) => conf.spendEffect * z) : undefined;
    return channelSpend(spendRng, sh.dates, ch, size, sh.flights[i]!, shift);
  });
  const controlValues = o.controls.map((c) => controlSeries(controlRng, sh.dates, c, size));
  const trend = trendSeries(n, o.trend * level);
  const seasonality = fourierSeasonality(sh.dates, o.seasonality, level);
  const events = Float64Array.from({ length: n }, (_, t) => (sh.calendar ? eventLift(o.events, sh.calendar[t]!) * level : 0));
  const baseline = Float64Array.from({ length: n }, (_, t) => level + trend[t]! + seasonality[t]! + events[t]!);
  const block: GeoBlock = {
    spend,
    impressions: o.channels.map((ch, i) => (o.impressions.includes(ch.name) && !ch.organic ? impressionsSeries(impRng, spend[i]!, ch.cpm) : new Float64Array(0))),
    ...rfBlocks(o, spend),
    media: o.channels.map((ch, i) => mediaResponse(spend[i]!, ch, ch.beta * size)),
    controlValues,
    controlEffects: o.controls.map((c, j) => controlValues[j]!.map((v) => c.coef * (v - c.mean))),
    trend,
    seasonality,
    events,
    baseline,
    confounder: Float64Array.from({ length: n }, (_, t) => (conf && sh.demand ? conf.kpiEffect * level * sh.demand[t]! : 0)),
    noise: Float64Array.from({ length: n }, () => noiseRng.normal(0, o.noise * level)),
    kpi: new Float64Array(n),
  };
  o.channels.forEach((ch, i) => {
    if (ch.rf) block.media[i] = rfMediaResponse(block.reach[i]!, block.frequency[i]!, ch, ch.beta * size);
  });
  for (let t = 0; t < n; t++) {
    let y = baseline[t]! + block.confounder[t]! + block.noise[t]!;
    for (const e of block.controlEffects) y += e[t]!;
    for (const m of block.media) y += m[t]!;
    block.kpi[t] = y;
  }
  return block;
}

/** Reach and frequency of the R&F channels (the same population in every geo; the geo size scales spend). */
function rfBlocks(o: ResolvedSimulateOptions, spend: Float64Array[]): Pick<GeoBlock, "reach" | "frequency"> {
  const rf = o.channels.map((ch, i) => (ch.rf ? reachFrequency(spend[i]!, ch.cpm, ch.rf.population) : { reach: new Float64Array(0), frequency: new Float64Array(0) }));
  return { reach: rf.map((r) => r.reach), frequency: rf.map((r) => r.frequency) };
}

function concat(parts: Float64Array[]): number[] {
  const out: number[] = [];
  for (const p of parts) for (const v of p) out.push(v);
  return out;
}

function buildFrame(o: ResolvedSimulateOptions, sh: Shared, blocks: GeoBlock[]): DataFrame {
  const col = (name: string, pick: (b: GeoBlock) => Float64Array) => pl.Series(name, concat(blocks.map(pick)), pl.Float64);
  const columns = [
    pl.Series(
      "date",
      blocks.flatMap(() => sh.dates),
      pl.Date,
    ),
  ];
  if (o.geos.length)
    columns.push(
      pl.Series(
        "geo",
        o.geos.flatMap((g) => sh.dates.map(() => g)),
        pl.Utf8,
      ),
    );
  columns.push(col(o.kpi, (b) => b.kpi));
  o.channels.forEach((ch, i) => columns.push(col(channelColumn(ch), (b) => b.spend[i]!)));
  o.channels.forEach((ch, i) => {
    if (!ch.rf) return;
    columns.push(col(`${ch.name}_reach`, (b) => b.reach[i]!));
    columns.push(col(`${ch.name}_frequency`, (b) => b.frequency[i]!));
  });
  o.channels.forEach((ch, i) => {
    if (o.impressions.includes(ch.name) && !ch.organic) columns.push(col(`${ch.name}_impressions`, (b) => b.impressions[i]!));
  });
  o.controls.forEach((c, j) => columns.push(col(c.name, (b) => b.controlValues[j]!)));
  if (o.confounder?.observed && sh.demand) {
    const demand = sh.demand;
    columns.push(col(o.confounder.name, () => demand));
  }
  if (o.events && sh.calendar) {
    const calendar = sh.calendar;
    columns.push(
      pl.Series(
        o.events.column,
        blocks.flatMap(() => calendar),
        pl.Utf8,
      ),
    );
  }
  return pl.DataFrame(columns);
}

const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Paid channels are `<name>_spend`; organic media `<name>_activity`. */
const channelColumn = (ch: { name: string; organic?: true }): string => `${ch.name}_${ch.organic ? "activity" : "spend"}`;

function buildTruth(o: ResolvedSimulateOptions, sh: Shared, blocks: GeoBlock[]): SimulationTruth {
  const weekly = o.channels.map((_, i) => concat(blocks.map((b) => b.media[i]!)));
  const mediaTotal = total(weekly.filter((_, i) => !o.channels[i]!.organic).map(total));
  const channels: ChannelTruth[] = o.channels.map((ch, i) => {
    const spend = total(concat(blocks.map((b) => b.spend[i]!)));
    const contribution = total(weekly[i]!);
    return {
      name: ch.name,
      column: channelColumn(ch),
      spend,
      contribution,
      share: mediaTotal > 0 ? contribution / mediaTotal : 0,
      roas: spend > 0 ? contribution / spend : 0,
      adstock: ch.adstock,
      saturation: ch.saturation,
      beta: ch.beta,
      weekly: weekly[i]!,
      ...(ch.organic ? { organic: true as const } : {}),
      ...(ch.rf ? { rf: true as const } : {}),
    };
  });
  const controls = o.controls.map((c, j) => {
    const effects = concat(blocks.map((b) => b.controlEffects[j]!));
    return { name: c.name, coef: c.coef, reference: c.mean, contribution: total(effects), weekly: effects };
  });
  const conf = o.confounder;
  return {
    seed: o.seed,
    kpi: o.kpi,
    options: o,
    rows: o.weeks * blocks.length,
    weeks: o.weeks,
    geos: [...o.geos],
    channels,
    baseline: concat(blocks.map((b) => b.baseline)),
    trend: concat(blocks.map((b) => b.trend)),
    seasonality: concat(blocks.map((b) => b.seasonality)),
    events: concat(blocks.map((b) => b.events)),
    controls,
    confounder: conf && sh.demand ? { name: conf.name, channel: conf.channel, observed: conf.observed, latent: Array.from(sh.demand), weekly: concat(blocks.map((b) => b.confounder)) } : null,
    noise: concat(blocks.map((b) => b.noise)),
    noiseSd: o.noise * o.baseline,
  };
}

/**
 * Simulates weekly marketing-mix data with known truth: Monday-dated weeks (`date`, a polars Date),
 * optionally several geos in long format (`geo`, sorted by geo then date), `<channel>_spend`
 * columns (and `<channel>_impressions` when asked), controls, an optional `events` column, and the
 * KPI (`revenue` by default). Channels get adstock then saturation on spend scaled by its per-geo
 * max; geo sizes scale spend, baseline and betas. Same seed and options ⇒ identical frame.
 * `truth` holds every component per row; they sum exactly to the KPI.
 * @example
 * const { data, truth } = simulateMMM({ seed: 1 });
 * data.shape; // { height: 156, width: 8 }: date, revenue, 4 × *_spend, price_index, competitor_sales
 * truth.channels.map((c) => [c.name, c.roas.toFixed(2)]); // true ROAS per channel
 * simulateMMM({ seed: 2, geos: 3, confounder: { channel: "search" } }).data.height; // 468
 */
export function simulateMMM(opts: SimulateOptions = {}): { data: DataFrame; truth: SimulationTruth } {
  const o = resolveSimulateOptions(opts);
  const root = createRng(o.seed);
  // Fork every stream whether used or not, so switching a component on leaves the others unchanged.
  const flightRngs = o.channels.map(() => root.fork());
  const demandRng = root.fork();
  const eventRng = root.fork();
  const sizes = o.geoSizes;
  const geoRngs = sizes.map(() => root.fork());
  const dates = weekDates(o.start, o.weeks);
  const shared: Shared = {
    dates,
    flights: o.channels.map((ch, i) => flighting(flightRngs[i]!, o.weeks, ch.spend.onProbability, ch.spend.flightWeeks)),
    demand: o.confounder ? ar1(demandRng, o.weeks, o.confounder.rho) : null,
    calendar: o.events ? eventCalendar(eventRng, dates, o.events.promoProbability) : null,
  };
  const blocks = sizes.map((size, g) => simulateGeo(o, shared, size, geoRngs[g]!));
  return { data: buildFrame(o, shared, blocks), truth: buildTruth(o, shared, blocks) };
}
