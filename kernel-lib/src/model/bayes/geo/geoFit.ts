/**
 * Fitting the hierarchical geo model: NUTS chains (the national model's sampler and worker pool,
 * unchanged: a worker rebuilds whichever density its spec names) from Laplace-approximation
 * starts, seeded per chain: the same seed gives the same draws on any number of threads.
 */
import { startsAround, type SamplerOptions } from "../fit";
import { rankNormalizedSplitRhat } from "../diagnostics";
import { runChains } from "../chains";
import type { ChainResult } from "../sampler";
import { isBuiltinTransform } from "../../transforms/registry";
import { laplaceStart } from "../adapt/laplace";
import { centringAtMode, laplaceToCentred } from "./geoCentring";
import { GeoMmmDensity, type GeoParams } from "./geoDensity";
import type { GeoModelOptions } from "./geoLayout";
import { geoChannelPosteriors, type GeoChannelPosterior } from "./geoOutputs";
import type { GeoMmmData } from "../../geo/geoData";

/** Sampler settings plus the geo model's options. */
export interface GeoBayesOptions extends GeoModelOptions, SamplerOptions {}

/** The model part of the options: plain data, so worker threads can rebuild the density. */
function modelOptions(o: GeoBayesOptions): GeoModelOptions {
  const { lMax, adstock, saturation, transformPriors, likelihood, nu, priors, centred, centring, integrateBaseline, timeEffects, noise, effects, roasPriors } = o;
  return { lMax, adstock, saturation, transformPriors, likelihood, nu, priors, centred, centring, integrateBaseline, timeEffects, noise, effects, roasPriors };
}

export interface GeoBayesFit {
  density: GeoMmmDensity;
  chains: ChainResult[];
  /** Natural parameters of every draw (chains pooled in order). */
  params: GeoParams[];
  channels: GeoChannelPosterior[];
  /** Largest rank-normalised split R-hat over the parameters. */
  maxRhat: number;
  divergences: number;
  seconds: number;
}

/**
 * The model with partial centring weights from the non-centred posterior's mode (geoCentring.ts)
 * and that posterior's Laplace approximation in the new coordinates, unless the caller chose
 * `centred` or `centring` (then the mode finder runs on the model as given).
 */
function centredModel(data: GeoMmmData, model: GeoModelOptions): { model: GeoModelOptions; density: GeoMmmDensity; laplace?: { mode: Float64Array; covariance: Float64Array } } {
  const pilot = new GeoMmmDensity(data, model);
  const resolved = pilot.options;
  const laplace = laplaceStart(pilot, new Float64Array(pilot.dim));
  // Normal geo effects are integrated out: nothing to centre.
  if (pilot.layout.normalEffects || model.centred !== undefined || model.centring !== undefined || !laplace) return { model: resolved, density: pilot, laplace };
  const centred = { ...resolved, centring: centringAtMode(pilot, laplace.mode) };
  const density = new GeoMmmDensity(data, centred);
  return { model: centred, density, laplace: laplaceToCentred(pilot, laplace, density) };
}

/**
 * Run the chains on the geo posterior and summarise per geo and nationally.
 * @example
 * const fit = await fitGeoBayesian(simulateGeoPanel({ seed: 1 }).data, { chains: 2, warmup: 300, draws: 300 });
 * fit.channels[0]!.roas.hdi94; // national ROAS interval of the first channel
 */
export async function fitGeoBayesian(data: GeoMmmData, opts: GeoBayesOptions = {}): Promise<GeoBayesFit> {
  const t0 = performance.now();
  const { model, density, laplace } = centredModel(data, modelOptions(opts));
  const seed = opts.seed ?? 42;
  const n = opts.chains ?? 4;
  const { targetAccept, maxTreeDepth, onProgress, signal } = opts;
  // A transform registered at run time exists only in this thread's registry: sample in-process.
  const custom = density.layout.channels.some((c) => !isBuiltinTransform("saturation", c.curve.kind) || !isBuiltinTransform("adstock", c.adstock.transform.lookupName));
  const threads = custom ? 1 : opts.threads;
  const prepare = () => {
    // Starts from N(mode, Σ), not the national fit's over-dispersed 2Σ: a start two sds down a weak
    // channel's log τ sits in the partially centred funnel's neck, and a chain stuck there (96
    // divergences, R-hat 1.18 on a simulated panel) is what the over-dispersion would be there to show.
    const points = startsAround(density, laplace, n, seed, 1);
    // Hundreds of parameters: a warm-up window's 150 draws cannot estimate a dense d × d covariance,
    // so each window's estimate is shrunk toward the metric in use by d pseudo-draws.
    return points.windows ? { ...points, windows: { ...points.windows, priorDraws: Math.max(points.windows.priorDraws ?? 0, density.dim) } } : points;
  };
  const chains = await runChains({ geo: data, model }, { chains: n, warmup: opts.warmup ?? 1000, draws: opts.draws ?? 1000, seed, prepare, targetAccept, maxTreeDepth, threads, onProgress, signal });
  const params = chains.flatMap((c) => c.draws.map((q) => density.constrain(q)));
  const maxRhat = Math.max(...density.names.map((_, i) => rankNormalizedSplitRhat(chains.map((c) => Float64Array.from(c.draws, (q) => q[i]!)))));
  return {
    density,
    chains,
    params,
    channels: geoChannelPosteriors(density, params),
    maxRhat,
    divergences: chains.reduce((a, c) => a + c.stats.divergent.reduce((s, v) => s + v, 0), 0),
    seconds: (performance.now() - t0) / 1000,
  };
}
