/**
 * The geo fit's panel (`GeoMmmData`) to and from a Parquet file, and its fingerprint. One row per
 * geo-week, geo-major (geo 0's weeks first); columns are positional (`days`, `kpi`, `spend_0…`,
 * `control_0…`, `base_0…`; the week and baseline columns repeat per geo) with names, scales and
 * populations in the manifest. Float64 columns are stored as doubles: every value comes back bit
 * for bit.
 */
import { createHash } from "node:crypto";
import type { Series } from "nodejs-polars";
import { pl } from "../data/polars";
import type { GeoMmmData, GeoScaling } from "../model/geo/geoData";

/** What the manifest keeps of a geo panel (the per-geo arrays are short: one number a geo). */
export interface GeoDataManifest {
  file: string;
  kpi: string;
  n: number;
  geos: string[];
  scaling: GeoScaling;
  kpiScale: number[];
  population?: number[];
  channels: { name: string; scale: number[]; total: number[] }[];
  controls: string[];
  base: { name: string; kind: "control" | "trend" | "season" }[];
  warnings: string[];
  excluded: { name: string; reason: string }[];
}

const flat = (arrs: readonly Float64Array[]) => {
  const out = new Float64Array(arrs.reduce((a, v) => a + v.length, 0));
  let at = 0;
  for (const v of arrs) {
    out.set(v, at);
    at += v.length;
  }
  return out;
};

/** The panel as Parquet bytes and its manifest entry. */
export function snapshotGeoData(data: GeoMmmData, file: string): { bytes: Buffer; manifest: GeoDataManifest } {
  const G = data.geos.length;
  const repeat = (v: Float64Array | Int32Array) => flat(Array.from({ length: G }, () => Float64Array.from(v)));
  const cols: Series[] = [pl.Series("days", Array.from(repeat(data.days)), pl.Int32), pl.Series("kpi", flat(data.y), pl.Float64)];
  data.channels.forEach((c, i) => cols.push(pl.Series(`spend_${i}`, flat(c.spend), pl.Float64)));
  data.controls.forEach((c, i) => cols.push(pl.Series(`control_${i}`, flat(c.values), pl.Float64)));
  data.base.cols.forEach((b, i) => cols.push(pl.Series(`base_${i}`, repeat(b), pl.Float64)));
  return {
    bytes: pl.DataFrame(cols).writeParquet(),
    manifest: {
      file,
      kpi: data.kpi,
      n: data.n,
      geos: [...data.geos],
      scaling: data.scaling,
      kpiScale: Array.from(data.kpiScale),
      ...(data.population ? { population: Array.from(data.population) } : {}),
      channels: data.channels.map((c) => ({ name: c.name, scale: Array.from(c.scale), total: Array.from(c.total) })),
      controls: data.controls.map((c) => c.name),
      base: data.base.names.map((name, i) => ({ name, kind: data.base.kind[i]! })),
      warnings: [...data.warnings],
      excluded: data.excluded.map((e) => ({ ...e })),
    },
  };
}

/** The panel back from the Parquet bytes and the manifest (the caller has checked the file's hash). */
export function restoreGeoData(bytes: Buffer, m: GeoDataManifest): GeoMmmData {
  const df = pl.readParquet(bytes);
  const G = m.geos.length;
  const need = ["days", "kpi", ...m.channels.map((_, i) => `spend_${i}`), ...m.controls.map((_, i) => `control_${i}`), ...m.base.map((_, i) => `base_${i}`)];
  const missing = need.filter((c) => !df.columns.includes(c));
  if (missing.length || df.height !== G * m.n || m.kpiScale.length !== G) throw new Error(`the geo data file has ${df.height} rows and lacks ${missing.join(", ") || "nothing"} (expected ${G} geos × ${m.n} weeks)`);
  const col = (name: string) => Float64Array.from(df.getColumn(name).toArray() as number[]);
  const byGeo = (v: Float64Array) => Array.from({ length: G }, (_, g) => v.slice(g * m.n, (g + 1) * m.n));
  const f64 = (v: readonly number[]) => Float64Array.from(v);
  return {
    geos: [...m.geos],
    n: m.n,
    days: Int32Array.from(col("days").subarray(0, m.n)),
    kpi: m.kpi,
    y: byGeo(col("kpi")),
    kpiScale: f64(m.kpiScale),
    scaling: m.scaling,
    ...(m.population ? { population: f64(m.population) } : {}),
    channels: m.channels.map((c, i) => ({ name: c.name, spend: byGeo(col(`spend_${i}`)), scale: f64(c.scale), total: f64(c.total) })),
    controls: m.controls.map((name, i) => ({ name, values: byGeo(col(`control_${i}`)) })),
    base: { names: m.base.map((b) => b.name), cols: m.base.map((_, i) => col(`base_${i}`).slice(0, m.n)), kind: m.base.map((b) => b.kind) },
    warnings: [...m.warnings],
    excluded: m.excluded.map((e) => ({ ...e })),
  };
}

/**
 * SHA-256 of what the geo model sees — geo names, weeks, each geo's KPI and scale, spend and
 * spend scales, controls, baseline regressors — as raw bytes: equal exactly when the fit would be.
 */
export function geoFingerprint(data: GeoMmmData): string {
  const h = createHash("sha256");
  const add = (name: string, v: Float64Array | Int32Array) => {
    h.update(`${name}\0${v.length}\0`);
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  };
  h.update(`geos\0${JSON.stringify(data.geos)}\0scaling:${data.scaling}\0`);
  add("days", data.days);
  data.y.forEach((v, g) => add(`kpi:${data.kpi}:${g}`, v));
  add("kpiScale", data.kpiScale);
  for (const c of data.channels) {
    c.spend.forEach((v, g) => add(`spend:${c.name}:${g}`, v));
    add(`scale:${c.name}`, c.scale);
  }
  for (const c of data.controls) c.values.forEach((v, g) => add(`control:${c.name}:${g}`, v));
  data.base.names.forEach((b, i) => add(`base:${data.base.kind[i]}:${b}`, data.base.cols[i]!));
  return `sha256:${h.digest("hex")}`;
}
