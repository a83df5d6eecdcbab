/**
 * Fitting the Bayesian MMM: NUTS chains on the log posterior (sequential for now; worker threads
 * come with the parallel-chains step), seeded per chain, draws pooled into posterior summaries.
 */
import { createRng } from "../../math/random";
import type { MmmData } from "../mmmData";
import { BayesMmmDensity, type BayesPriors } from "./mmmDensity";
import { channelPosteriors, type ChannelPosterior } from "./posterior";
import { sampleChain, type ChainProgress, type ChainResult } from "./sampler";

export interface BayesOptions {
  chains?: number;
  warmup?: number;
  draws?: number;
  seed?: number;
  targetAccept?: number;
  priors?: Partial<BayesPriors>;
  onProgress?: (e: ChainProgress & { chain: number }) => void;
  signal?: AbortSignal;
}

export interface BayesFit {
  density: BayesMmmDensity;
  chains: ChainResult[];
  channels: ChannelPosterior[];
  seconds: number;
  divergences: number;
}

/** Run the chains and summarise the posterior. */
export async function fitBayesian(data: MmmData, opts: BayesOptions = {}): Promise<BayesFit> {
  const t0 = performance.now();
  const density = new BayesMmmDensity(data, { priors: opts.priors });
  const seed = opts.seed ?? 42;
  const chains = Array.from({ length: opts.chains ?? 4 }, (_, k) => {
    // Stan-style random inits in (−2, 2) on the unconstrained scale, one seeded stream per chain.
    const rng = createRng(seed + 1000 * (k + 1));
    const init = Float64Array.from({ length: density.dim }, () => rng.uniform() * 2 - 1);
    return sampleChain(density, {
      init,
      warmup: opts.warmup ?? 1000,
      draws: opts.draws ?? 1000,
      seed: seed + k,
      targetAccept: opts.targetAccept,
      signal: opts.signal,
      onProgress: opts.onProgress && ((e) => opts.onProgress!({ ...e, chain: k })),
    });
  });
  const pooled = chains.flatMap((c) => c.draws);
  return {
    density,
    chains,
    channels: channelPosteriors(data, density, pooled),
    seconds: (performance.now() - t0) / 1000,
    divergences: chains.reduce((a, c) => a + c.stats.divergent.reduce((s, v) => s + v, 0), 0),
  };
}
