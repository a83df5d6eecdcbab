/**
 * A saved model into an engine: the folder is read and checked first (nothing changes on a bad
 * folder), then the dataset — when one is given — is loaded with the model's KPI and date columns
 * and checked against every fit's data fingerprint, then the fits, media parameters, roles and the
 * current model are put back into the engine's analysis.
 */
import type { Analysis } from "../analysis/analysis";
import type { LoadOptions } from "../data/load";
import type { Frame } from "../data/polars";
import type { RoleOptions } from "../data/roleOptions";
import type { DataSource } from "../data/sources";
import { prepareGeoMmmData } from "../model/geo/geoData";
import { prepareMmmData } from "../model/mmmData";
import { checkGeoData, checkModelData, loadModel } from "./load";

/** Options of `MMMEngine.load`: the dataset to check the model against (and to keep working on), and how to load it. */
export interface ModelLoadOptions extends LoadOptions, RoleOptions {
  data?: DataSource;
}

/** What a saved model is restored into: an analysis and the loader of its working table (an `MMMEngine`). */
export interface ModelTarget {
  readonly analysis: Analysis;
  readonly data: Frame;
  loadData(source: DataSource, opts: LoadOptions & RoleOptions): Promise<unknown>;
}

/** Restore the model saved in `dir` into a fresh `engine`. */
export async function restoreEngineModel(engine: ModelTarget, dir: string, opts: ModelLoadOptions = {}): Promise<void> {
  const model = loadModel(dir);
  const { data, ...loadOpts } = opts;
  if (data !== undefined) {
    const spec = (model.manifest.fits.bayesian ?? model.manifest.fits.ridge ?? model.manifest.fits.geo)?.spec;
    const given = Object.fromEntries(Object.entries(loadOpts).filter(([, v]) => v !== undefined));
    await engine.loadData(data, { kpiCol: spec?.kpi, dateCol: spec?.dateCol, geoCol: spec?.geoCol, ...given });
    checkModelData(model, dir, (s) => prepareMmmData(engine.data, s));
    checkGeoData(model, dir, (s) => prepareGeoMmmData(engine.data, s));
  }
  engine.analysis.restoreFits({ ridge: model.ridge, bayesian: model.bayesian, geo: model.geo }, model.manifest.media, model.current);
  engine.analysis.roles = { ...model.manifest.roles, ...engine.analysis.roles };
}
