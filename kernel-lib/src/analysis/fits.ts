/**
 * What the analysis keeps of each fit: the result an analyst reads, the fitted object the views
 * (curves, decomposition, budget) are computed from, and the options it was fitted with — so a
 * report can say which fit it shows and a refit with other options is told apart from the last one.
 */
import type { RidgeModel, RidgeOptions } from "../model/ridge/fit";
import type { RidgeResult } from "../model/ridge/result";
import type { BayesOptions } from "../model/bayes/fit";
import type { BayesianResult } from "../model/bayes/result";
import type { BayesPosterior } from "../model/bayes/bayesPosterior";
import type { MmmSpec } from "../model/mmmData";
import type { RfSpec } from "../model/rfData";
import type { GeoBayesianResult } from "../model/bayes/geo/geoResult";
import type { GeoPosterior } from "../model/bayes/geo/geoPosterior";
import type { GeoMmmSpec } from "../model/geo/geoData";

export type ModelKind = "ridge" | "bayesian";

/** What a model call may override; everything else comes from the data profile. */
export interface ModelSpecOptions {
  kpi?: string;
  channels?: string[];
  controls?: string[];
  /** Organic media columns (no spend): carry-over and saturation like media, no ROAS, no budget. */
  organic?: string[];
  /** Reach & frequency channels: reach, frequency and spend columns each (the Bayesian model uses reach × Hill(frequency); the ridge model its spend). */
  rf?: RfSpec[];
  fourierOrder?: number;
  trend?: boolean;
}

export type RidgeMmmOptions = ModelSpecOptions & RidgeOptions;

/** Bayesian fit options without the run's callbacks (progress, abort): what the fit was. */
export type BayesianFitOptions = Omit<BayesOptions & ModelSpecOptions, "onProgress" | "signal">;

interface FitBase {
  /** Order of fitting in this analysis (1, 2, …): the highest is the latest fit. */
  seq: number;
  /** When it was fitted (ISO time). */
  at: string;
  /** The columns and terms the model was built from (a saved model re-checks a dataset against them). */
  spec?: MmmSpec;
}

export interface RidgeFit extends FitBase {
  kind: "ridge";
  options: RidgeMmmOptions;
  result: RidgeResult;
  model: RidgeModel;
}

export interface BayesianFit extends FitBase {
  kind: "bayesian";
  options: BayesianFitOptions;
  result: BayesianResult;
  posterior: BayesPosterior;
}

export type Fit = RidgeFit | BayesianFit;

/**
 * The hierarchical geo fit: kept beside the national fits (not a `Fit`: the national views —
 * decomposition, forecasts, flighting — read those). When it is the latest fit, curves, scenarios
 * and budgets read its posterior (`Analysis.currentGeo`).
 */
export interface GeoBayesianFit {
  kind: "geo";
  seq: number;
  at: string;
  spec: GeoMmmSpec;
  options: object;
  result: GeoBayesianResult;
  posterior: GeoPosterior;
}

/** The options as plain data: callbacks and abort signals say how a run went, not what was fitted. */
export function plainOptions<T extends object>(opts: T): T {
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined && typeof v !== "function" && !(v instanceof AbortSignal))) as T;
}
