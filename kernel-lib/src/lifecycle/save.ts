/**
 * Saving an analysis's fits to a model folder (format in format.ts). The folder is checked like an
 * analyst's export (no /proc, /sys, /dev, no symlinks, checked before anything is created) and a
 * folder holding anything but an earlier saved model is never written into; an earlier model is
 * replaced only with `overwrite: true`. Data files first, the manifest last (written to a temporary
 * name and renamed): a save that fails half-way leaves no manifest that points at missing files.
 * The manifest passes through the secret redaction; the Parquet files hold numbers only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMError } from "../errors";
import { redactDeep } from "../secrets";
import type { Analysis } from "../analysis/analysis";
import type { BayesianFit, GeoBayesianFit, RidgeFit } from "../analysis/fits";
import { analystExportDir, makeDirs } from "../util/exportPaths";
import { chainsToParquet } from "./drawsFile";
import { DRAWS_FILE, GEO_DATA_FILE, GEO_DRAWS_FILE, MANIFEST, MODEL_FORMAT, MODEL_FORMAT_VERSION, dataFile, toJson, type BayesianManifest, type FitManifestBase, type GeoManifest, type ModelManifest, type RidgeManifest } from "./format";
import { geoFingerprint, snapshotGeoData } from "./geoSnapshot";
import { fingerprint, sha256, snapshotData } from "./snapshot";
import type { MmmData } from "../model/mmmData";

export interface SaveOptions {
  /** Replace a model saved in the same folder before (never anything else). */
  overwrite?: boolean;
}

/** What `save` wrote. */
export interface SavedModel {
  dir: string;
  files: string[];
  fits: ("ridge" | "bayesian" | "geo")[];
  current?: "ridge" | "bayesian" | "geo";
  formatVersion: number;
}

function libraryVersion(): string {
  // src/lifecycle and dist/lifecycle both sit two levels under kernel-lib/package.json.
  try {
    return String((JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: string }).version ?? "unknown");
  } catch {
    return "unknown";
  }
}

/** An existing folder may be written only when empty, or holding a saved model and `overwrite` is set. */
function checkTarget(dir: string, overwrite: boolean): void {
  if (!fs.existsSync(dir)) return;
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return;
  const hint = `Save to a new or empty folder${entries.includes(MANIFEST) ? ", or pass { overwrite: true } to replace the model saved there" : ""}.`;
  if (!entries.includes(MANIFEST) || !overwrite) throw new MMMError("INVALID_ARGUMENT", `Cannot save the model to "${dir}": the folder is not empty${entries.includes(MANIFEST) ? " (it holds a saved model)" : ""}.`, hint, { file: dir });
  const text = fs.readFileSync(path.join(dir, MANIFEST), "utf8");
  if (!text.includes(MODEL_FORMAT)) throw new MMMError("INVALID_ARGUMENT", `Cannot save the model to "${dir}": its manifest.json is not an agentic-mmm model.`, "Save to a new or empty folder.", { file: dir });
}

/** Write `bytes` to `dir/name`, refusing to follow a symlink planted there. */
function writeFile(dir: string, name: string, bytes: Uint8Array | string): void {
  const file = path.join(dir, name);
  if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw new MMMError("INVALID_ARGUMENT", `Refusing to write through the symlink "${file}".`, "Saved models never follow symlinks: use a real folder.", { file });
  fs.writeFileSync(file, bytes);
}

/** The part of a fit's manifest every kind shares, and its modelled data's Parquet bytes. */
function fitBase(fit: RidgeFit | BayesianFit, data: MmmData, file: string): { base: FitManifestBase; bytes: Buffer } {
  const snap = snapshotData(data, file);
  return {
    bytes: snap.bytes,
    base: { seq: fit.seq, at: fit.at, spec: fit.spec, options: { ...fit.options }, fingerprint: fingerprint(data), data: snap.manifest, result: fit.result as unknown as Record<string, unknown> },
  };
}

function ridgeManifest(fit: RidgeFit, file: string): { manifest: RidgeManifest; bytes: Buffer } {
  const m = fit.model;
  const { base, bytes } = fitBase(fit, m.data, file);
  const { coef, intercept, lambda, df, rss, zeroed } = m.fit;
  return {
    bytes,
    manifest: {
      ...base,
      media: m.media,
      fit: { coef: Array.from(coef), intercept, lambda, df, rss, zeroed: [...zeroed] },
      metrics: m.metrics as unknown as Record<string, unknown>,
      penalty: m.penalty,
    },
  };
}

function bayesianManifest(fit: BayesianFit, file: string): { manifest: BayesianManifest; bytes: Buffer; draws: Buffer } {
  const { density, chains } = fit.posterior;
  const { base, bytes } = fitBase(fit, density.data, file);
  const drawn = chainsToParquet(chains, density.dim);
  return { bytes, draws: drawn.bytes, manifest: { ...base, draws: DRAWS_FILE, parameters: [...density.names], chains: drawn.chains } };
}

/** The geo fit's manifest entry, its panel's and its draws' Parquet bytes. */
function geoManifest(fit: GeoBayesianFit): { manifest: GeoManifest; bytes: Buffer; draws: Buffer } {
  const { density, chains } = fit.posterior;
  const snap = snapshotGeoData(density.data, GEO_DATA_FILE);
  const drawn = chainsToParquet(chains, density.dim);
  const manifest: GeoManifest = {
    seq: fit.seq,
    at: fit.at,
    spec: fit.spec,
    options: { ...fit.options },
    model: { ...density.options },
    fingerprint: geoFingerprint(density.data),
    data: snap.manifest,
    result: fit.result as unknown as Record<string, unknown>,
    draws: GEO_DRAWS_FILE,
    parameters: [...density.names],
    chains: drawn.chains,
  };
  return { manifest, bytes: snap.bytes, draws: drawn.bytes };
}

/**
 * Save the analysis's fits (ridge, Bayesian and/or geo) and which one is current to folder `dir`.
 * @example
 * saveModel(engine.analysis, "models/2026-q1"); // { dir, files: ["data-ridge.parquet", …, "manifest.json"], … }
 */
export function saveModel(analysis: Analysis, dir: string, opts: SaveOptions = {}): SavedModel {
  const { ridge, bayesian, geoBayesian: geo } = analysis;
  if (!ridge && !bayesian && !geo) throw new MMMError("NO_MODEL", "There is no fitted model to save.", "Fit one first: runRidgeMMM() or runBayesianMMM() (tools run_ols_mmm / run_bayesian_mmm).");
  const target = analystExportDir(dir);
  checkTarget(target, opts.overwrite ?? false);
  makeDirs(target);
  const files: ModelManifest["files"] = {};
  const put = (name: string, bytes: Buffer) => {
    writeFile(target, name, bytes);
    files[name] = { sha256: sha256(bytes), bytes: bytes.length };
  };
  const fits: ModelManifest["fits"] = {};
  if (ridge) {
    const r = ridgeManifest(ridge, dataFile("ridge"));
    put(r.manifest.data.file, r.bytes);
    fits.ridge = r.manifest;
  }
  if (bayesian) {
    const b = bayesianManifest(bayesian, dataFile("bayesian"));
    put(b.manifest.data.file, b.bytes);
    put(b.manifest.draws, b.draws);
    fits.bayesian = b.manifest;
  }
  if (geo) {
    const g = geoManifest(geo);
    put(g.manifest.data.file, g.bytes);
    put(g.manifest.draws, g.draws);
    fits.geo = g.manifest;
  }
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    library: { name: "agentic-mmm", version: libraryVersion() },
    savedAt: new Date().toISOString(),
    current: analysis.currentGeo ? "geo" : analysis.current?.kind,
    roles: { ...analysis.roles },
    media: analysis.media,
    steps: analysis.steps.map((s) => s.step),
    fits,
    files,
  };
  const tmp = `${MANIFEST}.tmp`;
  writeFile(target, tmp, toJson(redactDeep(manifest)));
  fs.renameSync(path.join(target, tmp), path.join(target, MANIFEST));
  return { dir: target, files: [...Object.keys(files), MANIFEST], fits: Object.keys(fits) as SavedModel["fits"], current: manifest.current, formatVersion: MODEL_FORMAT_VERSION };
}
