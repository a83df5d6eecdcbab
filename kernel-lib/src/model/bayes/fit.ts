/**
 * Fitting the Bayesian MMM: NUTS chains on the log posterior (in parallel worker threads, see
 * chains.ts), seeded per chain, draws pooled into posterior summaries.
 */
import { createRng } from "../../math/random";
import type { MmmData } from "../mmmData";
import { BayesMmmDensity, type BayesModelOptions } from "./mmmDensity";
import { channelPosteriors, type ChannelPosterior } from "./posterior";
import { runChains } from "./chains";
import type { ChainProgress, ChainResult } from "./sampler";

/** Sampler settings plus the model's options (saturation, likelihood, priors, ROAS priors, lift tests). */
export interface BayesOptions extends BayesModelOptions {
  chains?: number;
  warmup?: number;
  draws?: number;
  seed?: number;
  targetAccept?: number;
  maxTreeDepth?: number;
  /** Worker threads for the chains; default min(chains, cores). 1 samples in-process. */
  threads?: number;
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

/** The model part of the options: plain data, so worker threads can rebuild the density. */
export function modelOptions(o: BayesOptions): BayesModelOptions {
  return { lMax: o.lMax, saturation: o.saturation, likelihood: o.likelihood, nu: o.nu, priors: o.priors, roasPriors: o.roasPriors, liftTests: o.liftTests };
}

/** Run the chains and summarise the posterior. */
export async function fitBayesian(data: MmmData, opts: BayesOptions = {}): Promise<BayesFit> {
  const t0 = performance.now();
  const density = new BayesMmmDensity(data, modelOptions(opts));
  const seed = opts.seed ?? 42;
  const inits = Array.from({ length: opts.chains ?? 4 }, (_, k) => {
    // Random inits in (−1, 1) on the unconstrained scale (Stan uses (−2, 2); narrower keeps saturation away from flat extremes), one seeded stream per chain.
    const rng = createRng(seed + 1000 * (k + 1));
    return Float64Array.from({ length: density.dim }, () => rng.uniform() * 2 - 1);
  });
  const { targetAccept, maxTreeDepth, threads, onProgress, signal } = opts;
  const chains = await runChains(
    { data, model: modelOptions(opts) },
    { chains: inits.length, warmup: opts.warmup ?? 1000, draws: opts.draws ?? 1000, seed, inits, targetAccept, maxTreeDepth, threads, onProgress, signal },
  );
  const pooled = chains.flatMap((c) => c.draws);
  return {
    density,
    chains,
    channels: channelPosteriors(data, density, pooled),
    seconds: (performance.now() - t0) / 1000,
    divergences: chains.reduce((a, c) => a + c.stats.divergent.reduce((s, v) => s + v, 0), 0),
  };
}
