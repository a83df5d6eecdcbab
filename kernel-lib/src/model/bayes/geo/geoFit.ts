/**
 * Fitting the hierarchical geo model: NUTS chains (the national model's sampler, unchanged: it
 * takes any log density) from Laplace-approximation starts, seeded per chain, in this thread (the
 * worker pool rebuilds the national density only; geo chains in workers are a later slice).
 */
import { startingPoints } from "../fit";
import { rankNormalizedSplitRhat } from "../diagnostics";
import { sampleChain, type ChainProgress, type ChainResult } from "../sampler";
import { GeoMmmDensity, type GeoParams } from "./geoDensity";
import type { GeoModelOptions } from "./geoLayout";
import { geoChannelPosteriors, type GeoChannelPosterior } from "./geoOutputs";
import type { GeoMmmData } from "../../geo/geoData";

export interface GeoBayesOptions extends GeoModelOptions {
  chains?: number;
  warmup?: number;
  draws?: number;
  seed?: number;
  targetAccept?: number;
  maxTreeDepth?: number;
  onProgress?: (e: ChainProgress & { chain: number }) => void;
  signal?: AbortSignal;
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
 * Run the chains on the geo posterior and summarise per geo and nationally.
 * @example
 * const fit = await fitGeoBayesian(simulateGeoPanel({ seed: 1 }).data, { chains: 2, warmup: 300, draws: 300 });
 * fit.channels[0]!.roas.hdi94; // national ROAS interval of the first channel
 */
export async function fitGeoBayesian(data: GeoMmmData, opts: GeoBayesOptions = {}): Promise<GeoBayesFit> {
  const t0 = performance.now();
  const density = new GeoMmmDensity(data, opts);
  const seed = opts.seed ?? 42;
  const n = opts.chains ?? 4;
  const starts = startingPoints(density, n, seed);
  const chains = Array.from({ length: n }, (_, k) =>
    sampleChain(density, {
      init: starts.inits[k]!,
      initInverseMetric: starts.initInverseMetric,
      windows: starts.windows,
      warmup: opts.warmup ?? 1000,
      draws: opts.draws ?? 1000,
      seed: seed + k,
      targetAccept: opts.targetAccept,
      maxTreeDepth: opts.maxTreeDepth,
      onProgress: opts.onProgress && ((e) => opts.onProgress!({ ...e, chain: k })),
      signal: opts.signal,
    }),
  );
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
