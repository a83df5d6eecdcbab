/**
 * A fit's modelled arrays (`MmmData`) to and from a Parquet file, and their fingerprint. Columns
 * are positional (`days`, `kpi`, `spend_0…`, `base_0…`) with the real names in the manifest, so
 * any column name round-trips. Float64 columns are stored as doubles: every value comes back
 * bit for bit, hence identical curves, decompositions and plans after a reload.
 */
import { createHash } from "node:crypto";
import type { Series } from "nodejs-polars";
import { pl } from "../data/polars";
import type { MmmData } from "../model/mmmData";
import type { DataManifest } from "./format";

/** The arrays as a Parquet file (bytes) and what the manifest keeps of them. */
export function snapshotData(data: MmmData, file: string): { bytes: Buffer; manifest: DataManifest } {
  const cols: Series[] = [pl.Series("days", Array.from(data.days), pl.Int32), pl.Series("kpi", data.y, pl.Float64)];
  data.channels.forEach((c, i) => cols.push(pl.Series(`spend_${i}`, c.spend, pl.Float64)));
  data.channels.forEach((c, i) => c.rf && cols.push(pl.Series(`reach_${i}`, c.rf.reach, pl.Float64), pl.Series(`frequency_${i}`, c.rf.frequency, pl.Float64)));
  data.base.cols.forEach((b, i) => cols.push(pl.Series(`base_${i}`, b, pl.Float64)));
  const bytes = pl.DataFrame(cols).writeParquet();
  return {
    bytes,
    manifest: {
      file,
      kpi: data.kpi,
      n: data.n,
      channels: data.channels.map((c) => ({ name: c.name, scale: c.scale, total: c.total, ...(c.organic ? { organic: true as const } : {}), ...(c.rf ? { rf: true as const } : {}) })),
      base: data.base.names.map((name, i) => ({ name, kind: data.base.kind[i]! })),
      warnings: [...data.warnings],
      excluded: data.excluded.map((e) => ({ ...e })),
    },
  };
}

const f64 = (v: unknown) => Float64Array.from(v as number[]);

/** The arrays back from the Parquet bytes and the manifest's names (the caller has checked the file's hash). */
export function restoreData(bytes: Buffer, m: DataManifest): MmmData {
  const df = pl.readParquet(bytes);
  const need = ["days", "kpi", ...m.channels.flatMap((c, i) => [`spend_${i}`, ...(c.rf ? [`reach_${i}`, `frequency_${i}`] : [])]), ...m.base.map((_, i) => `base_${i}`)];
  const missing = need.filter((c) => !df.columns.includes(c));
  if (missing.length || df.height !== m.n) throw new Error(`the data file has ${df.height} rows and lacks ${missing.join(", ") || "nothing"} (expected ${m.n} rows)`);
  return {
    n: m.n,
    days: Int32Array.from(df.getColumn("days").toArray() as number[]),
    y: f64(df.getColumn("kpi").toArray()),
    kpi: m.kpi,
    channels: m.channels.map((c, i) => ({
      name: c.name,
      spend: f64(df.getColumn(`spend_${i}`).toArray()),
      scale: c.scale,
      total: c.total,
      ...(c.organic ? { organic: true as const } : {}),
      ...(c.rf ? { rf: { reach: f64(df.getColumn(`reach_${i}`).toArray()), frequency: f64(df.getColumn(`frequency_${i}`).toArray()) } } : {}),
    })),
    base: { names: m.base.map((b) => b.name), cols: m.base.map((_, i) => f64(df.getColumn(`base_${i}`).toArray())), kind: m.base.map((b) => b.kind) },
    warnings: [...m.warnings],
    excluded: m.excluded.map((e) => ({ ...e })),
  };
}

/**
 * SHA-256 of the modelled columns — names, week dates, KPI, spend, baseline regressors — as raw
 * little-endian bytes: equal exactly when the model would see the same numbers.
 * @example fingerprint(engine.lastRidge ? … : …); // "sha256:9f2c…"
 */
export function fingerprint(data: MmmData): string {
  const h = createHash("sha256");
  const add = (name: string, v: Float64Array | Int32Array) => {
    h.update(`${name}\0${v.length}\0`);
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  };
  add("days", data.days);
  add(`kpi:${data.kpi}`, data.y);
  data.channels.forEach((c) => add(`spend:${c.name}`, c.spend));
  // Organic and R&F channels only (other fingerprints unchanged): their role and reach and frequency are modelled numbers too.
  data.channels.forEach((c) => c.organic && h.update(`organic:${c.name}\0`));
  data.channels.forEach((c) => {
    if (c.rf) {
      add(`reach:${c.name}`, c.rf.reach);
      add(`frequency:${c.name}`, c.rf.frequency);
    }
  });
  data.base.names.forEach((b, i) => add(`base:${data.base.kind[i]}:${b}`, data.base.cols[i]!));
  return `sha256:${h.digest("hex")}`;
}

/** SHA-256 of a file's bytes (the manifest checks every file with it). */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
