/**
 * The saved-model format, version 2 (version 1 stored the Bayesian intercept where version 2 stores the
 * level, the mean fitted KPI: the sampler's parameterisation changed, so version 1 draws cannot be read): a folder holding
 * - `manifest.json` — format name and version, library version, which fit is current, the roles and
 *   searched media parameters, and per fit its spec (columns and terms), options, data fingerprint,
 *   the fitted numbers (ridge coefficients; Bayesian chain facts) and its result (the summaries),
 *   plus the SHA-256 and size of every other file;
 * - `data-<kind>.parquet` — the modelled weekly arrays of that fit (KPI, spend per channel, baseline
 *   regressors): curves, decompositions, plans and forecasts are recomputed from them, so a
 *   reloaded model needs no dataset;
 * - `draws.parquet` — the Bayesian fit's unconstrained draws (chain, draw, one column per parameter)
 *   with the per-draw sampler statistics: the exact state the posterior outputs are computed from;
 * - with a hierarchical geo fit, `data-geo.parquet` (its geo × week panel, geoSnapshot.ts) and
 *   `draws-geo.parquet` (its draws, same layout); its manifest entry is `fits.geo`, and `current`
 *   is "geo" when the geo fit was the model in use. A folder without a geo fit reads as before.
 * Numbers in the manifest are JSON numbers (exact for finite doubles); NaN and ±Infinity are written
 * as `{ "$num": "NaN" }` so they survive. The manifest is written last: it commits the save.
 */
import { MMMError } from "../errors";
import type { MmmSpec } from "../model/mmmData";
import type { MediaParams } from "../model/media";
import type { RoleOptions } from "../data/roleOptions";
import type { ModelKind } from "../analysis/fits";
import type { GeoMmmSpec } from "../model/geo/geoData";
import type { GeoDataManifest } from "./geoSnapshot";

export const MODEL_FORMAT = "agentic-mmm/model";
export const MODEL_FORMAT_VERSION = 2;
export const MANIFEST = "manifest.json";
export const DRAWS_FILE = "draws.parquet";
export const GEO_DATA_FILE = "data-geo.parquet";
export const GEO_DRAWS_FILE = "draws-geo.parquet";
export const dataFile = (kind: ModelKind) => `data-${kind}.parquet`;

/** The modelled arrays' shape and the numbers not in the data file (names, scales, kinds, warnings). */
export interface DataManifest {
  file: string;
  kpi: string;
  n: number;
  /** `organic`: organic media; `rf`: a reach & frequency channel (its reach_i and frequency_i columns are in the file). */
  channels: { name: string; scale: number; total: number; organic?: true; rf?: true }[];
  base: { name: string; kind: "control" | "trend" | "season" }[];
  warnings: string[];
  excluded: { name: string; reason: string }[];
}

/** What every saved fit records: when, its spec and options, its data (and fingerprint) and result. */
export interface FitManifestBase {
  seq: number;
  at: string;
  spec?: MmmSpec;
  options: Record<string, unknown>;
  /** "sha256:<hex>" of the modelled columns (see fingerprint.ts). */
  fingerprint: string;
  data: DataManifest;
  /** The fit's result (summaries), exactly as it was. */
  result: Record<string, unknown>;
}

export interface RidgeManifest extends FitManifestBase {
  media: MediaParams[];
  fit: { coef: number[]; intercept: number; lambda: number; df: number; rss: number; zeroed: number[] };
  metrics: Record<string, unknown>;
  penalty: "gcv" | "tscv" | "fixed";
}

export interface BayesianManifest extends FitManifestBase {
  draws: string;
  /** Unconstrained parameter names, in column order of the draws file. */
  parameters: string[];
  chains: { draws: number; stepSize: number; inverseMetric: number[] }[];
}

/** The hierarchical geo fit: its panel, options, result and unconstrained draws. */
export interface GeoManifest {
  seq: number;
  at: string;
  spec: GeoMmmSpec;
  options: Record<string, unknown>;
  /** The density's model options as fitted (options plus what the fit chose, e.g. centring weights): the load rebuilds it from these. */
  model: Record<string, unknown>;
  /** "sha256:<hex>" of the geo panel (geoSnapshot.ts). */
  fingerprint: string;
  data: GeoDataManifest;
  result: Record<string, unknown>;
  draws: string;
  /** Unconstrained parameter names of the geo density, in column order of its draws file. */
  parameters: string[];
  chains: { draws: number; stepSize: number; inverseMetric: number[] }[];
}

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  library: { name: string; version: string };
  savedAt: string;
  current?: ModelKind | "geo";
  roles: RoleOptions;
  media: Record<string, MediaParams>;
  /** Preparation steps applied to the data before the fits (a dataset given at load must have had them too). */
  steps: string[];
  fits: { ridge?: RidgeManifest; bayesian?: BayesianManifest; geo?: GeoManifest };
  files: Record<string, { sha256: string; bytes: number }>;
}

/** JSON with NaN and ±Infinity kept (as `{ "$num": "NaN" }`). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? { $num: String(v) } : v instanceof Float64Array || v instanceof Int32Array ? Array.from(v) : v), 1);
}

/** Parse what `toJson` wrote. */
export function fromJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $num?: unknown }).$num === "string" ? Number((v as { $num: string }).$num) : v));
}

function corrupt(file: string, what: string): never {
  throw new MMMError("CORRUPT_FILE", `The saved model at "${file}" is damaged: ${what}.`, "Save the model again from the session that fitted it (engine.save / nb.save), or refit.", { file });
}

/**
 * The manifest read and checked: JSON, format name, version, and the fields every load needs.
 * @throws MMMError CORRUPT_FILE for bad JSON or missing fields, UNSUPPORTED_FORMAT for another format version.
 */
export function parseManifest(text: string, file: string): ModelManifest {
  let m: Partial<ModelManifest>;
  try {
    m = fromJson(text) as Partial<ModelManifest>;
  } catch (err) {
    corrupt(file, `manifest.json is not valid JSON (${(err as Error).message})`);
  }
  if (!m || typeof m !== "object" || m.format !== MODEL_FORMAT) corrupt(file, `manifest.json is not an agentic-mmm model manifest (format "${String((m as { format?: unknown } | null)?.format)}")`);
  if (m.formatVersion !== MODEL_FORMAT_VERSION) {
    const v = m.formatVersion;
    const hint =
      typeof v === "number" && v < MODEL_FORMAT_VERSION
        ? "It was saved by an older agentic-mmm: refit the model on its data with this version and save it again."
        : "It was saved by a newer agentic-mmm: load it with that version (or newer).";
    throw new MMMError("UNSUPPORTED_FORMAT", `The saved model at "${file}" has format version ${String(v)}; this agentic-mmm reads version ${MODEL_FORMAT_VERSION}.`, hint, { file, value: v });
  }
  if (!m.fits || typeof m.fits !== "object" || (!m.fits.ridge && !m.fits.bayesian && !m.fits.geo)) corrupt(file, "manifest.json lists no fit");
  if (!m.files || typeof m.files !== "object") corrupt(file, "manifest.json lists no files");
  for (const fit of [m.fits.ridge, m.fits.bayesian]) {
    if (fit && (!fit.data || !Array.isArray(fit.data.channels) || typeof fit.fingerprint !== "string" || !fit.result)) corrupt(file, "a fit in manifest.json misses its data, fingerprint or result");
  }
  const geo = m.fits.geo;
  if (
    geo &&
    (!geo.data ||
      !Array.isArray(geo.data.geos) ||
      !Array.isArray(geo.data.channels) ||
      typeof geo.fingerprint !== "string" ||
      !geo.result ||
      !geo.spec ||
      !geo.model ||
      !Array.isArray(geo.parameters) ||
      !Array.isArray(geo.chains) ||
      typeof geo.draws !== "string")
  ) {
    corrupt(file, "the geo fit in manifest.json misses its data, spec, model options, fingerprint, result or draws");
  }
  return m as ModelManifest;
}
