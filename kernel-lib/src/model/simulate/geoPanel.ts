/**
 * A geo panel with known per-geo truth, in the hierarchical geo model's family: G geos of different
 * sizes (log-normal, mean 1), each with its own baseline level, trend, seasonal amplitude and phase;
 * each channel's geometric adstock and logistic saturation shared by the geos (on spend scaled by
 * the geo's max, as the model scales it) and its effect βg drawn around the national β
 * (log-normal, spread `tau`). The KPI, spend and truth come as model arrays, so recovery tests need
 * no frame; `geoPanelRows` gives the long table for data-preparation tests.
 */
import { MMMError } from "../../errors";
import { createRng, type Rng } from "../../math/random";
import { timeRegressors, type GeoMmmData } from "../geo/geoData";
import { geometricAdstock, logisticSaturation } from "../transforms/math";

export interface GeoChannelTruth {
  name: string;
  alpha: number;
  lam: number;
  /** National β: KPI per week at full saturation, as a share of a size-1 geo's baseline level. */
  beta: number;
  /** Per geo β (same units). */
  geoBeta: Float64Array;
  /** Per geo total contribution (KPI units) and the national sum. */
  geoContribution: Float64Array;
  contribution: number;
  /** Per geo contribution / spend, and the national ROAS (sum of contributions / sum of spend). */
  geoRoas: Float64Array;
  roas: number;
  /** Weekly contribution per geo (KPI units). */
  weekly: Float64Array[];
}

export interface GeoPanelOptions {
  seed: number;
  geos?: number;
  weeks?: number;
  /** Noise sd relative to each geo's baseline level (default 0.03). */
  noise?: number;
  /** Spread of log βg around log β (default 0.3). */
  tau?: number;
  /** Channels (default three: a flighted TV-like channel, an always-on search and a social channel). */
  channels?: { name: string; alpha: number; lam: number; beta: number; spend: number; onProbability?: number }[];
}

export interface GeoPanel {
  data: GeoMmmData;
  sizes: Float64Array;
  truth: { channels: GeoChannelTruth[]; baseline: Float64Array[] };
}

const DEFAULT_CHANNELS: NonNullable<GeoPanelOptions["channels"]> = [
  { name: "tv", alpha: 0.6, lam: 1.5, beta: 0.25, spend: 40, onProbability: 0.7 },
  { name: "search", alpha: 0.2, lam: 2.5, beta: 0.15, spend: 20 },
  { name: "social", alpha: 0.4, lam: 1.2, beta: 0.2, spend: 25 },
];

/** Baseline level of a size-1 geo (KPI units per week). */
const LEVEL = 1000;
const START_DAY = Date.UTC(2023, 0, 2) / 86_400_000;

/**
 * A simulated geo panel with its truth; same options ⇒ identical arrays.
 * @example
 * const { data, truth } = simulateGeoPanel({ seed: 1, geos: 10, weeks: 104 });
 * truth.channels[0]!.contribution; // the national TV contribution the model should recover
 */
export function simulateGeoPanel(opts: GeoPanelOptions): GeoPanel {
  const G = opts.geos ?? 10;
  const n = opts.weeks ?? 104;
  if (!Number.isInteger(G) || G < 2 || !Number.isInteger(n) || n < 20) {
    throw new MMMError("INVALID_ARGUMENT", `A geo panel needs at least 2 geos and 20 weeks, got ${G} × ${n}.`, "Use e.g. geos: 10, weeks: 104.", { value: { geos: G, weeks: n } });
  }
  const rng = createRng(opts.seed);
  const specs = opts.channels ?? DEFAULT_CHANNELS;
  const rawSizes = Array.from({ length: G }, () => Math.exp(rng.normal(0, 0.6)));
  const sizes = Float64Array.from(rawSizes, (s) => (s * G) / rawSizes.reduce((a, b) => a + b, 0));
  const days = Int32Array.from({ length: n }, (_, t) => START_DAY + 7 * t);
  const baseline = Array.from(sizes, (s) => geoBaseline(rng.fork(), s, days));
  const y = baseline.map((b) => Float64Array.from(b));
  const tau = opts.tau ?? 0.3;
  const channels = specs.map((c) => {
    const spend = Array.from(sizes, (s) => spendSeries(rng.fork(), s * c.spend, n, c.onProbability ?? 1));
    const geoBeta = Float64Array.from(sizes, () => c.beta * Math.exp(rng.normal(0, tau)));
    const weekly = spend.map((x, g) => {
      const scale = Math.max(...x) || 1;
      const h = logisticSaturation(
        geometricAdstock(
          x.map((v) => v / scale),
          c.alpha,
          8,
          true,
        ),
        c.lam,
      );
      return h.map((v) => sizes[g]! * LEVEL * geoBeta[g]! * v);
    });
    weekly.forEach((w, g) => w.forEach((v, t) => (y[g]![t]! += v)));
    return { spec: c, spend, geoBeta, weekly };
  });
  const noise = opts.noise ?? 0.03;
  y.forEach((v, g) => v.forEach((_, t) => (v[t]! += rng.normal(0, noise * sizes[g]! * LEVEL))));
  const data = geoArrays(y, days, channels);
  const truth = channels.map(({ spec, spend, geoBeta, weekly }): GeoChannelTruth => {
    const geoContribution = Float64Array.from(weekly, (w) => w.reduce((a, b) => a + b, 0));
    const geoSpend = spend.map((x) => x.reduce((a, b) => a + b, 0));
    const contribution = geoContribution.reduce((a, b) => a + b, 0);
    const roas = contribution / geoSpend.reduce((a, b) => a + b, 0);
    return { name: spec.name, alpha: spec.alpha, lam: spec.lam, beta: spec.beta, geoBeta, geoContribution, contribution, geoRoas: geoContribution.map((v, g) => v / geoSpend[g]!), roas, weekly };
  });
  return { data, sizes, truth: { channels: truth, baseline } };
}

/** Level × (1 + trend·years + amplitude·yearly wave) with per-geo level, trend, amplitude and phase. */
function geoBaseline(rng: Rng, size: number, days: Int32Array): Float64Array {
  const level = size * LEVEL * Math.exp(rng.normal(0, 0.1));
  const trend = rng.normal(0.03, 0.03);
  const amp = 0.1 * Math.exp(rng.normal(0, 0.3));
  const phase = rng.normal(0, 0.5);
  return Float64Array.from(days, (d) => level * (1 + (trend * (d - days[0]!)) / 365.25 + amp * Math.sin((2 * Math.PI * d) / 365.25 + phase)));
}

/** Weekly spend: a level with a yearly cycle, log-normal noise and on/off flighting. */
function spendSeries(rng: Rng, level: number, n: number, on: number): Float64Array {
  const phase = rng.uniform() * 2 * Math.PI;
  let live = true;
  return Float64Array.from({ length: n }, (_, t) => {
    if (on < 1 && t % 4 === 0) live = rng.uniform() < on;
    const v = level * (1 + 0.4 * Math.sin((2 * Math.PI * t) / 52 + phase)) * Math.exp(rng.normal(0, 0.35));
    return live ? v : 0;
  });
}

function geoArrays(y: Float64Array[], days: Int32Array, channels: { spec: { name: string }; spend: Float64Array[] }[]): GeoMmmData {
  const G = y.length;
  return {
    geos: Array.from({ length: G }, (_, g) => `geo_${g + 1}`),
    n: days.length,
    days,
    kpi: "revenue",
    y,
    kpiScale: Float64Array.from(y, (v) => v.reduce((a, b) => a + b, 0) / v.length),
    scaling: "mean",
    channels: channels.map(({ spec, spend }) => ({
      name: spec.name,
      spend,
      scale: Float64Array.from(spend, (x) => Math.max(...x) || 1),
      total: Float64Array.from(spend, (x) => x.reduce((a, b) => a + b, 0)),
    })),
    controls: [],
    base: timeRegressors(days, 2, true),
    warnings: [],
    excluded: [],
  };
}

/** The panel as long rows (geo, date, revenue, `<channel>`, population = size × 100 000), for frame-based tests. */
export function geoPanelRows(panel: GeoPanel): Record<string, (string | number)[]> {
  const { data, sizes } = panel;
  const rows: Record<string, (string | number)[]> = { geo: [], date: [], revenue: [], population: [] };
  for (const c of data.channels) rows[c.name] = [];
  data.geos.forEach((g, gi) => {
    for (let t = 0; t < data.n; t++) {
      rows["geo"]!.push(g);
      rows["date"]!.push(new Date(data.days[t]! * 86_400_000).toISOString().slice(0, 10));
      rows["revenue"]!.push(data.y[gi]![t]!);
      rows["population"]!.push(sizes[gi]! * 100_000);
      for (const c of data.channels) rows[c.name]!.push(c.spend[gi]![t]!);
    }
  });
  return rows;
}
