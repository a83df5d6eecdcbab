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
  if (fit.density.layout.normalEffects) warnings.push(...negativeGeoEffects(fit.channels));
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

/**
 * Normal geo effects can be negative in a geo (the price of integrating them out): say where a channel's
 * geo ROAS is negative with its whole 94% HDI below zero, or in mean for over a quarter of its geos.
 */
export function negativeGeoEffects(channels: readonly GeoChannelPosterior[]): string[] {
  return channels.flatMap((c) => {
    const spent = c.geos.filter((g) => g.spend > 0);
    const below = spent.filter((g) => g.roas.hdi94[1] < 0).map((g) => g.geo);
    const negative = spent.filter((g) => g.roas.mean < 0).length;
    if (below.length === 0 && negative <= spent.length / 4) return [];
    const where = below.length ? `; its whole 94% HDI is below zero in ${below.slice(0, 5).join(", ")}${below.length > 5 ? ` and ${below.length - 5} more` : ""}` : "";
    return [
      `${c.name}: a negative ROAS in ${negative} of ${spent.length} geos${where}. The default normal geo effects allow a geo below zero when its weeks point there (often small geos, or a geo-specific trend the channel follows); check those geos' data, or refit with effects: "logNormal" (run_bayesian_mmm: geoEffects "logNormal") to keep every geo positive (slower to sample).`,
    ];
  });
}
