/**
 * What an analyst reads of a geo fit: per channel the national contribution and ROAS (sum over
 * geos per draw) and each geo's, the pooling spread τ, the shared transform parameters, and how
 * the sampler went. Plain data: it is what `Analysis` keeps and the report reads.
 */
import { isoDate } from "../../../data/dates";
import type { GeoScaling } from "../../geo/geoData";
import type { GeoBayesFit } from "./geoFit";
import type { GeoChannelPosterior } from "./geoOutputs";

export interface GeoBayesianResult {
  kpi: string;
  weeks: number;
  start: string;
  end: string;
  geos: string[];
  scaling: GeoScaling;
  channels: GeoChannelPosterior[];
  sampler: { chains: number; warmup: number; draws: number; seconds: number; maxRhat: number; divergences: number };
  warnings: string[];
}

/** The result of a fit with its sampler settings. */
export function geoBayesianResult(fit: GeoBayesFit, run: { warmup: number; draws: number }): GeoBayesianResult {
  const d = fit.density.data;
  const warnings = [...d.warnings];
  if (fit.maxRhat > 1.05) warnings.push(`Max R-hat ${fit.maxRhat.toFixed(3)} > 1.05: the chains disagree; run longer (more warm-up and draws).`);
  if (fit.divergences > 0) warnings.push(`${fit.divergences} divergent transitions: the intervals may be biased; raise targetAccept (e.g. 0.95).`);
  return {
    kpi: d.kpi,
    weeks: d.n,
    start: isoDate(d.days[0]),
    end: isoDate(d.days[d.n - 1]),
    geos: [...d.geos],
    scaling: d.scaling,
    channels: fit.channels,
    sampler: { chains: fit.chains.length, warmup: run.warmup, draws: run.draws, seconds: fit.seconds, maxRhat: fit.maxRhat, divergences: fit.divergences },
    warnings,
  };
}
