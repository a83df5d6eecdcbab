/**
 * The arrays the hierarchical geo model fits: a balanced geo × week panel of the KPI and of each
 * channel's spend (G arrays of T weeks), each geo's KPI scale (its mean, or its population times
 * the national KPI per head) and each geo's spend scale per channel (its max, or its population
 * times the largest spend per head across geos, as Meridian scales media by population), numeric
 * controls per geo, and the time-only baseline regressors every geo shares (trend, Fourier terms).
 */
import { MMMError } from "../../errors";
import { requireColumns } from "../../data/explore";
import { dtypeName, pl, toLazy, type DataFrame, type Frame } from "../../data/polars";
import { isNumericDtype } from "../../data/profile/quality";
import type { MmmData } from "../mmmData";

/** How a geo's KPI and spend are put on a common scale. */
export type GeoScaling = "mean" | "population";

export interface GeoMmmSpec {
  kpi: string;
  channels: string[];
  /** Numeric controls (one value per geo and week; text columns are left out with a warning). */
  controls?: string[];
  dateCol: string;
  geoCol: string;
  /** A numeric column constant within each geo (e.g. "population"), or values by geo name; needed for scaling "population". */
  population?: string | Record<string, number>;
  /** Default "population" when a population is given, else "mean". */
  scaling?: GeoScaling;
  /** Yearly Fourier pairs in each geo's baseline (default 2). */
  fourierOrder?: number;
  /** Linear trend in each geo's baseline (default true). */
  trend?: boolean;
}

export interface GeoChannel {
  name: string;
  /** Spend per geo (G arrays of T weeks). */
  spend: Float64Array[];
  /** Per geo: media enters the model as spend / scale. */
  scale: Float64Array;
  /** Per geo: total spend over the weeks. */
  total: Float64Array;
}

export interface GeoMmmData {
  geos: string[];
  /** Weeks per geo. */
  n: number;
  /** Week starts as epoch days (shared by every geo). */
  days: Int32Array;
  kpi: string;
  /** KPI per geo (G arrays of T weeks), in KPI units. */
  y: Float64Array[];
  /** Per geo: the model's target is y / kpiScale. */
  kpiScale: Float64Array;
  scaling: GeoScaling;
  population?: Float64Array;
  channels: GeoChannel[];
  /** Numeric controls per geo (G arrays of T weeks each); missing weeks hold the geo's mean. */
  controls: { name: string; values: Float64Array[] }[];
  /** Time-only baseline regressors shared by the geos (trend, Fourier); each geo has its own coefficients. */
  base: MmmData["base"];
  warnings: string[];
  excluded: { name: string; reason: string }[];
}

const bad = (message: string, hint: string, value?: unknown): never => {
  throw new MMMError("INVALID_ARGUMENT", message, hint, value === undefined ? undefined : { value });
};

/**
 * Geo × week arrays from a long frame (one row per geo and week; several rows of a geo-week are
 * summed). Every geo must cover the same weeks.
 * @example
 * const geo = prepareGeoMmmData(frame, { kpi: "revenue", channels: ["tv", "search"], dateCol: "date", geoCol: "geo" });
 * geo.y.length; // number of geos
 */
export function prepareGeoMmmData(frame: Frame, spec: GeoMmmSpec): GeoMmmData {
  const popCol = typeof spec.population === "string" ? [spec.population] : [];
  requireColumns(frame, [spec.kpi, spec.dateCol, spec.geoCol, ...spec.channels, ...(spec.controls ?? []), ...popCol]);
  const warnings: string[] = [];
  const controlNames = numericControls(frame, spec.controls ?? [], warnings);
  if (spec.channels.length === 0) bad("No media channels were given.", "Pass the spend columns, e.g. channels: ['tv_spend', 'search_spend'].");
  for (const c of [spec.kpi, ...spec.channels, ...popCol]) {
    const dt = dtypeName(toLazy(frame).select(c).head(0).collectSync().getColumn(c).dtype);
    if (!isNumericDtype(dt)) throw new MMMError("NOT_NUMERIC", `Column '${c}' is not numeric (${dt}).`, "Choose numeric KPI, spend and population columns.", { column: c });
  }
  const dateType = dtypeName(toLazy(frame).select(spec.dateCol).head(0).collectSync().getColumn(spec.dateCol).dtype);
  const date = dateType === "String" ? pl.col(spec.dateCol).str.strptime(pl.Date, "%Y-%m-%d") : pl.col(spec.dateCol).cast(pl.Date);
  const df = toLazy(frame)
    .withColumns(date.cast(pl.Int32).alias("__day"), pl.col(spec.geoCol).cast(pl.Utf8).alias("__geo"))
    .groupBy(["__geo", "__day"])
    .agg(...[spec.kpi, ...spec.channels].map((c) => pl.col(c).cast(pl.Float64).sum().alias(c)), ...controlNames.map((c) => pl.col(c).cast(pl.Float64).mean().alias(c)), ...popCol.map((c) => pl.col(c).cast(pl.Float64).first().alias(c)))
    .sort(["__geo", "__day"])
    .collectSync();
  const { geos, days, rows } = panelIndex(df);
  const G = geos.length;
  const n = days.length;
  if (n < 20) bad(`The geo panel has ${n} weeks.`, "Give at least 20 weeks (two years are best for seasonality).", n);
  const column = (c: string) => splitByGeo(df.getColumn(c).toArray() as (number | null)[], rows, G, n);
  const y = column(spec.kpi);
  y.forEach((v, g) => {
    if (v.some((x) => !Number.isFinite(x))) throw new MMMError("NOT_NUMERIC", `KPI '${spec.kpi}' has missing weeks in geo '${geos[g]}'.`, "Drop or fill those rows first.", { column: spec.kpi });
  });
  const flat = geos.filter((_, g) => y[g]!.every((v) => v === y[g]![0]));
  if (flat.length) {
    warnings.push(
      `KPI '${spec.kpi}' is constant in geo(s) ${flat.slice(0, 3).join(", ")}${flat.length > 3 ? ` and ${flat.length - 3} more` : ""}: they say nothing about media (and with noise "perGeo" their σ collapses to 0); check their data or drop them.`,
    );
  }
  const population = populationOf(spec, df, rows, geos);
  const scaling = spec.scaling ?? (population ? "population" : "mean");
  if (scaling === "population" && !population) bad('scaling "population" needs a population.', 'Give population: "population" (a column) or values by geo.');
  const excluded: GeoMmmData["excluded"] = [];
  const channels = spec.channels.flatMap((name) => {
    const spend = column(name).map((v) => v.map((x) => (Number.isFinite(x) ? Math.max(0, x) : 0)));
    const flat = spend.flatMap((v) => [...v]);
    const max = Math.max(...flat);
    if (!(max > 0) || max === Math.min(...flat)) {
      excluded.push({ name, reason: max > 0 ? "the same spend in every geo-week" : "zero spend in every geo-week" });
      warnings.push(`Channel '${name}' left out of the geo model: ${excluded.at(-1)!.reason}.`);
      return [];
    }
    return [geoChannel(name, spend, scaling, population, warnings, geos)];
  });
  if (channels.length === 0) bad("No channel has varying spend.", "Check the spend columns: every channel is all zero or constant.");
  const kpiScale = kpiScales(y, scaling, population);
  const base = timeRegressors(days, spec.fourierOrder ?? 2, spec.trend ?? true);
  const controls = controlNames.map((name) => ({ name, values: column(name).map(fillMean) }));
  return { geos, n, days, kpi: spec.kpi, y, kpiScale, scaling, population, channels, controls, base, warnings, excluded };
}

/** Geo names, the shared calendar and each row's (geo, week) position; refuses an unbalanced panel. */
function panelIndex(df: DataFrame): { geos: string[]; days: Int32Array; rows: [number, number][] } {
  const geoOf = df.getColumn("__geo").toArray() as string[];
  const dayOf = df.getColumn("__day").toArray() as number[];
  const geos = [...new Set(geoOf)];
  if (geos.length < 2) bad(`The geo column has ${geos.length} geo(s).`, "Use the national model (runBayesianMMM) for a single geo.", geos.length);
  const days = Int32Array.from(new Set(dayOf)).sort();
  const counts = geos.map((g) => geoOf.filter((x) => x === g).length);
  const short = geos.filter((_, i) => counts[i] !== days.length);
  if (short.length) bad(`Geos ${short.slice(0, 3).join(", ")} do not cover all ${days.length} weeks.`, "Fill the missing geo-weeks (zero spend, the KPI) or drop those geos: the geo model needs a balanced panel.", short);
  const gi = new Map(geos.map((g, i) => [g, i]));
  const ti = new Map([...days].map((d, i) => [d, i]));
  return { geos, days, rows: geoOf.map((g, r) => [gi.get(g)!, ti.get(dayOf[r]!)!]) };
}

function numericControls(frame: Frame, controls: string[], warnings: string[]): string[] {
  if (!controls.length) return [];
  const schema = toLazy(frame)
    .select(...controls)
    .head(0)
    .collectSync();
  return controls.filter((c) => {
    const ok = isNumericDtype(dtypeName(schema.getColumn(c).dtype));
    if (!ok) warnings.push(`Control '${c}' is not numeric: the geo model leaves it out.`);
    return ok;
  });
}

/** Missing weeks of a control take the geo's mean (0 when the geo has none). */
function fillMean(v: Float64Array): Float64Array {
  const ok = v.filter((x) => Number.isFinite(x));
  const mean = ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : 0;
  return v.map((x) => (Number.isFinite(x) ? x : mean));
}

function splitByGeo(values: (number | null)[], rows: [number, number][], G: number, n: number): Float64Array[] {
  const out = Array.from({ length: G }, () => new Float64Array(n).fill(NaN));
  rows.forEach(([g, t], r) => (out[g]![t] = values[r] ?? NaN));
  return out;
}

function populationOf(spec: GeoMmmSpec, df: DataFrame, rows: [number, number][], geos: string[]): Float64Array | undefined {
  const p = spec.population;
  if (p === undefined) return undefined;
  const pop = new Float64Array(geos.length).fill(NaN);
  if (typeof p === "string") {
    const v = df.getColumn(p).toArray() as (number | null)[];
    rows.forEach(([g], r) => {
      if (Number.isNaN(pop[g]!)) pop[g] = v[r] ?? NaN;
    });
  } else geos.forEach((g, i) => (pop[i] = p[g] ?? NaN));
  const badGeo = geos.find((_, i) => !(pop[i]! > 0));
  if (badGeo !== undefined) bad(`Geo '${badGeo}' has no positive population.`, "Give every geo a population > 0.", badGeo);
  return pop;
}

function geoChannel(name: string, spend: Float64Array[], scaling: GeoScaling, pop: Float64Array | undefined, warnings: string[], geos: string[]): GeoChannel {
  const total = Float64Array.from(spend, (v) => v.reduce((a, b) => a + b, 0));
  let scale: Float64Array;
  if (scaling === "population" && pop) {
    const perHead = Math.max(...spend.map((v, g) => Math.max(...v) / pop[g]!));
    scale = Float64Array.from(pop, (p) => p * perHead);
  } else scale = Float64Array.from(spend, (v) => Math.max(...v) || 1);
  const silent = geos.filter((_, g) => total[g] === 0);
  if (silent.length) warnings.push(`Channel '${name}' has no spend in ${silent.length} geo(s) (${silent.slice(0, 3).join(", ")}): their effect there is the prior's.`);
  return { name, spend, scale, total };
}

function kpiScales(y: Float64Array[], scaling: GeoScaling, pop: Float64Array | undefined): Float64Array {
  const means = y.map((v) => v.reduce((a, b) => a + b, 0) / v.length);
  if (scaling === "population" && pop) {
    const perHead = means.reduce((a, b) => a + b, 0) / pop.reduce((a, b) => a + b, 0);
    return Float64Array.from(pop, (p) => p * perHead);
  }
  const s = Float64Array.from(means, (m) => Math.abs(m));
  if (s.some((v) => !(v > 0))) bad("A geo's KPI averages zero.", "Drop geos without KPI, or use population scaling.");
  return s;
}

/** The panel summed over geos: the national model's input (for comparisons and national fits). */
export function nationalFromGeo(geo: GeoMmmData): MmmData {
  const sum = (arrs: Float64Array[]) => {
    const out = new Float64Array(geo.n);
    for (const a of arrs) for (let t = 0; t < geo.n; t++) out[t]! += a[t]!;
    return out;
  };
  const channels = geo.channels.map((c) => {
    const spend = sum(c.spend);
    return { name: c.name, spend, scale: Math.max(...spend), total: spend.reduce((a, b) => a + b, 0) };
  });
  return { n: geo.n, days: geo.days, y: sum(geo.y), kpi: geo.kpi, channels, base: geo.base, warnings: [...geo.warnings], excluded: [...geo.excluded] };
}

/** Trend (years since the first week) and yearly Fourier pairs: the columns mmmData's national baseline uses. */
export function timeRegressors(days: Int32Array, fourierOrder: number, trend: boolean): MmmData["base"] {
  const base: MmmData["base"] = { names: [], cols: [], kind: [] };
  if (trend) {
    base.names.push("trend");
    base.cols.push(Float64Array.from(days, (d) => (d - days[0]!) / 365.25));
    base.kind.push("trend");
  }
  for (let k = 1; k <= fourierOrder; k++) {
    const w = (2 * Math.PI * k) / 365.25;
    base.names.push(`fourier_sin_${k}`, `fourier_cos_${k}`);
    base.cols.push(
      Float64Array.from(days, (d) => Math.sin(w * d)),
      Float64Array.from(days, (d) => Math.cos(w * d)),
    );
    base.kind.push("season", "season");
  }
  return base;
}
