/**
 * Loading a saved model folder back into fits the analysis can use. Everything is checked before
 * anything is returned: the manifest (JSON, format, version), every file against its size and
 * SHA-256 (a truncated or edited Parquet file is named), the Parquet contents, the Bayesian
 * parameter names against the model rebuilt from the options, and — when a dataset is given —
 * the data fingerprint of every fit. Each failure is an MMMError saying what is wrong and what to
 * do. The fits are rebuilt from the saved numbers, not refitted: summaries are the saved ones and
 * curves, decompositions, plans and forecasts are recomputed from identical arrays.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMError } from "../errors";
import type { BayesianFit, GeoBayesianFit, ModelKind, RidgeFit } from "../analysis/fits";
import type { RidgeMmmOptions } from "../analysis/fits";
import { BayesPosterior } from "../model/bayes/bayesPosterior";
import { modelOptions, type BayesOptions } from "../model/bayes/fit";
import { BayesMmmDensity } from "../model/bayes/mmmDensity";
import type { BayesianResult } from "../model/bayes/result";
import type { MmmData, MmmSpec } from "../model/mmmData";
import { buildDesign, mediaColumns } from "../model/ridge/design";
import { predict, type RidgeModel } from "../model/ridge/fit";
import type { RidgeResult } from "../model/ridge/result";
import { GeoMmmDensity } from "../model/bayes/geo/geoDensity";
import type { GeoModelOptions } from "../model/bayes/geo/geoLayout";
import { GeoPosterior } from "../model/bayes/geo/geoPosterior";
import type { GeoBayesianResult } from "../model/bayes/geo/geoResult";
import type { GeoMmmData, GeoMmmSpec } from "../model/geo/geoData";
import { chainsFromParquet } from "./drawsFile";
import { MANIFEST, parseManifest, type BayesianManifest, type GeoManifest, type ModelManifest, type RidgeManifest } from "./format";
import { geoFingerprint, restoreGeoData } from "./geoSnapshot";
import { fingerprint, restoreData, sha256 } from "./snapshot";

export interface LoadModelOptions {
  /** The model arrays of a dataset for a fit's spec: when given, each fit's data fingerprint must match. */
  prepare?: (spec: MmmSpec) => MmmData;
}

export interface LoadedModel {
  manifest: ModelManifest;
  ridge?: RidgeFit;
  bayesian?: BayesianFit;
  geo?: GeoBayesianFit;
  current?: ModelKind | "geo";
}

function damaged(dir: string, what: string, file = dir): never {
  throw new MMMError("CORRUPT_FILE", `The saved model at "${dir}" is damaged: ${what}.`, "Save the model again from the session that fitted it (engine.save / nb.save), or refit.", { file });
}

/** A listed file's bytes, checked against the manifest's size and SHA-256. */
function readChecked(dir: string, m: ModelManifest, name: string): Buffer {
  const entry = m.files[name];
  if (!entry || path.basename(name) !== name) damaged(dir, `manifest.json does not list "${name}"`);
  const file = path.join(dir, name);
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!st) damaged(dir, `"${name}" is missing`, file);
  if (st.isSymbolicLink() || !st.isFile()) damaged(dir, `"${name}" is not a regular file (saved models never follow symlinks)`, file);
  const bytes = fs.readFileSync(file);
  if (bytes.length !== entry.bytes) damaged(dir, `"${name}" has ${bytes.length} bytes, the manifest says ${entry.bytes} (truncated or replaced)`, file);
  if (sha256(bytes) !== entry.sha256) damaged(dir, `"${name}" does not match its SHA-256 in the manifest (modified after saving)`, file);
  return bytes;
}

function parsed<T>(dir: string, name: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof MMMError) throw err;
    return damaged(dir, `"${name}" cannot be read (${(err as Error).message})`, path.join(dir, name));
  }
}

function dataOf(dir: string, m: ModelManifest, fit: RidgeManifest | BayesianManifest): MmmData {
  const bytes = readChecked(dir, m, fit.data.file);
  const data = parsed(dir, fit.data.file, () => restoreData(bytes, fit.data));
  if (fingerprint(data) !== fit.fingerprint) damaged(dir, `the data in "${fit.data.file}" does not match the fingerprint it was saved with`);
  return data;
}

function ridgeFit(dir: string, m: ModelManifest, r: RidgeManifest): RidgeFit {
  const data = dataOf(dir, m, r);
  const features = mediaColumns(data, r.media);
  const fit = { ...r.fit, coef: Float64Array.from(r.fit.coef) };
  const design = buildDesign(data, features);
  const model: RidgeModel = { data, media: r.media, features, fit, fitted: predict(design.problem.x, fit, data.n, design.problem.p), metrics: r.metrics as RidgeModel["metrics"], penalty: r.penalty };
  return { kind: "ridge", seq: r.seq, at: r.at, spec: r.spec, options: r.options as RidgeMmmOptions, result: r.result as unknown as RidgeResult, model };
}

function bayesianFit(dir: string, m: ModelManifest, b: BayesianManifest): BayesianFit {
  const data = dataOf(dir, m, b);
  const model = modelOptions(b.options as BayesOptions);
  // Saved before the baseline could be integrated out: its draws hold the level and the coefficients.
  if (model.integrateBaseline === undefined && b.parameters[0] === "level") model.integrateBaseline = false;
  const density = new BayesMmmDensity(data, model);
  if (density.names.join("\n") !== b.parameters.join("\n")) {
    damaged(dir, `the Bayesian model rebuilt from its options has parameters [${density.names.slice(0, 4).join(", ")}, …], the draws were saved for [${b.parameters.slice(0, 4).join(", ")}, …]`);
  }
  const bytes = readChecked(dir, m, b.draws);
  const chains = parsed(dir, b.draws, () => chainsFromParquet(bytes, b));
  return { kind: "bayesian", seq: b.seq, at: b.at, spec: b.spec, options: b.options as BayesianFit["options"], result: b.result as unknown as BayesianResult, posterior: new BayesPosterior(density, chains) };
}

/**
 * The geo fit: its panel (checked against its fingerprint), the density rebuilt from its options
 * (whose parameters must be the saved draws' — a geo model of another version has others) and its draws.
 */
function geoFit(dir: string, m: ModelManifest, g: GeoManifest): GeoBayesianFit {
  const bytes = readChecked(dir, m, g.data.file);
  const data = parsed(dir, g.data.file, () => restoreGeoData(bytes, g.data));
  if (geoFingerprint(data) !== g.fingerprint) damaged(dir, `the geo panel in "${g.data.file}" does not match the fingerprint it was saved with`);
  // Saved before the effects option existed: the geo effects were log-normal.
  const model = { effects: "logNormal", ...(g.model as GeoModelOptions) } as GeoModelOptions;
  const density = parsed(dir, g.data.file, () => new GeoMmmDensity(data, model));
  if (density.names.join("\n") !== g.parameters.join("\n")) {
    throw new MMMError(
      "UNSUPPORTED_FORMAT",
      `The geo fit saved at "${dir}" has parameters [${g.parameters.slice(0, 3).join(", ")}, …]; this agentic-mmm's geo model has [${density.names.slice(0, 3).join(", ")}, …] (${density.dim} vs ${g.parameters.length}).`,
      "It was saved by another version of the geo model: refit it (runGeoBayesianMMM / run_bayesian_mmm with geo: true) and save again.",
      { file: dir },
    );
  }
  const draws = readChecked(dir, m, g.draws);
  const chains = parsed(dir, g.draws, () => chainsFromParquet(draws, g));
  return { kind: "geo", seq: g.seq, at: g.at, spec: g.spec, options: g.options, result: g.result as unknown as GeoBayesianResult, posterior: new GeoPosterior(density, chains) };
}

/**
 * The geo fit's panel fingerprint against a dataset's.
 * @throws MMMError DATA_MISMATCH when the dataset lacks the geo model's columns or holds other numbers.
 */
export function checkGeoData(model: LoadedModel, dir: string, prepare: (spec: GeoMmmSpec) => GeoMmmData): void {
  const geo = model.geo;
  if (!geo) return;
  const hint = "Load the geo panel the model was fitted on (same geo column and preparation), or load the model without data (MMMEngine.load(dir)).";
  let actual: string;
  try {
    actual = geoFingerprint(prepare(geo.spec));
  } catch (err) {
    throw new MMMError("DATA_MISMATCH", `The dataset does not fit the saved geo model at "${dir}": ${(err as Error).message}`, hint, { file: dir });
  }
  if (actual !== model.manifest.fits.geo!.fingerprint)
    throw new MMMError("DATA_MISMATCH", `The dataset is not the one the saved geo model at "${dir}" was fitted on (its geo panel of ${[geo.spec.kpi, ...geo.spec.channels].join(", ")} hashes differently).`, hint, { file: dir });
}

/**
 * Every fit's data fingerprint against a dataset's (same spec, same preparation).
 * @throws MMMError DATA_MISMATCH when the dataset lacks the model's columns or holds other numbers.
 */
export function checkModelData(model: LoadedModel, dir: string, prepare: NonNullable<LoadModelOptions["prepare"]>): void {
  const saved = model.manifest;
  const fits = [model.ridge, model.bayesian].filter((f): f is RidgeFit | BayesianFit => f !== undefined);
  for (const fit of fits) {
    const spec = fit.spec;
    if (!spec) continue;
    const expected = saved.fits[fit.kind]!.fingerprint;
    const steps = saved.steps.filter((s) => s !== "load");
    const hint = `Load the data the model was fitted on${steps.length ? ` with the same preparation (${steps.join(", ")})` : ""}, or load the model without data (initMMM({ model }) / MMMEngine.load(dir)).`;
    let actual: string;
    try {
      actual = fingerprint(prepare(spec));
    } catch (err) {
      throw new MMMError("DATA_MISMATCH", `The dataset does not fit the saved ${fit.kind} model at "${dir}": ${(err as Error).message}`, hint, { file: dir });
    }
    if (actual !== expected)
      throw new MMMError("DATA_MISMATCH", `The dataset is not the one the saved ${fit.kind} model at "${dir}" was fitted on (its modelled columns ${[spec.kpi, ...spec.channels].join(", ")} hash differently).`, hint, { file: dir });
  }
}

/**
 * Read and check the model saved in `dir`.
 * @throws MMMError FILE_NOT_FOUND (no model there), UNSUPPORTED_FORMAT (another format version),
 * CORRUPT_FILE (bad manifest, a file truncated or modified), DATA_MISMATCH (a different dataset).
 * @example loadModel("models/2026-q1").bayesian?.posterior.responseCurves();
 */
export function loadModel(dir: string, opts: LoadModelOptions = {}): LoadedModel {
  const root = path.resolve(dir);
  const manifestFile = path.join(root, MANIFEST);
  const st = fs.lstatSync(manifestFile, { throwIfNoEntry: false });
  if (!st) throw new MMMError("FILE_NOT_FOUND", `No saved model at "${root}" (no ${MANIFEST}).`, "Give the folder engine.save(path) / nb.save(path) wrote.", { file: root });
  if (!st.isFile()) damaged(root, `${MANIFEST} is not a regular file`);
  const manifest = parseManifest(fs.readFileSync(manifestFile, "utf8"), root);
  const ridge = manifest.fits.ridge && ridgeFit(root, manifest, manifest.fits.ridge);
  const bayesian = manifest.fits.bayesian && bayesianFit(root, manifest, manifest.fits.bayesian);
  const geo = manifest.fits.geo && geoFit(root, manifest, manifest.fits.geo);
  const current = manifest.current && manifest.fits[manifest.current] ? manifest.current : undefined;
  const model = { manifest, ridge, bayesian, geo, current };
  if (opts.prepare) checkModelData(model, root, opts.prepare);
  return model;
}
