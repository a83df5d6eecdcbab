/**
 * Fitting the Bayesian MMM: NUTS chains on the log posterior (in parallel worker threads, see
 * chains.ts), seeded per chain, draws pooled into posterior summaries.
 */
import { cholesky } from "../../math/linalg";
import { createRng } from "../../math/random";
import { laplaceStart, type LaplaceStart } from "./adapt/laplace";
import type { MmmData } from "../mmmData";
import { BayesMmmDensity, type BayesModelOptions } from "./mmmDensity";
import { usesCustomTransforms } from "./model/layout";
import { BayesPosterior } from "./bayesPosterior";
import type { ChannelPosterior } from "./posterior";
import { runChains, type ChainStarts } from "./chains";
import type { LogDensity } from "./density";
import type { ChainProgress, ChainResult } from "./sampler";

/** The sampler's settings, for the national and the geo model alike. */
export interface SamplerOptions {
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

/** Sampler settings plus the model's options (saturation, likelihood, priors, ROAS priors, lift tests). */
export interface BayesOptions extends BayesModelOptions, SamplerOptions {}

export interface BayesFit {
  density: BayesMmmDensity;
  chains: ChainResult[];
  /** The draws with their outputs (bands, predictive check, export); natural parameters computed once. */
  posterior: BayesPosterior;
  channels: ChannelPosterior[];
  seconds: number;
  divergences: number;
}

/** The model part of the options: plain data, so worker threads can rebuild the density. */
export function modelOptions(o: BayesOptions): BayesModelOptions {
  return {
    lMax: o.lMax,
    adstock: o.adstock,
    saturation: o.saturation,
    transformPriors: o.transformPriors,
    likelihood: o.likelihood,
    nu: o.nu,
    priors: o.priors,
    roasPriors: o.roasPriors,
    liftTests: o.liftTests,
    contributionPriors: o.contributionPriors,
    baseline: o.baseline,
    hsgp: o.hsgp,
    integrateBaseline: o.integrateBaseline,
  };
}

/**
 * Where the chains start: around the posterior mode, each at its own seeded draw from the Laplace
 * approximation N(mode, 2·Σ) (over-dispersed, so R-hat can still see chains that disagree), with
 * the dense Σ as the initial inverse metric: at the mode it carries the scales (coefficients ~1e-4
 * on the scaled target) and the correlations (200 weeks × 8 channels: step size ≈ 0.45, 7–15
 * leapfrogs per iteration from the first iteration, where diag(Σ) needed 127–1023). It stays in
 * use until a first long window (iterations 25–174) has been learned, and each learned covariance
 * is shrunk toward the metric in use by 50 pseudo-draws: the 10–40 draws of Stan's early windows
 * cannot estimate a 34×34 covariance, and replacing Σ by such an estimate collapsed the step size.
 * If the mode cannot be found, Stan's way: uniform in (−1, 1), the identity metric, Stan's windows.
 */
export function startingPoints(density: LogDensity, chains: number, seed: number): ChainStarts {
  return startsAround(density, laplaceStart(density, new Float64Array(density.dim)), chains, seed);
}

/** The chains' starts from a Laplace approximation (mode and covariance) of `density`, as `startingPoints` (uniform starts without one). */
export function startsAround(density: LogDensity, laplace: Pick<LaplaceStart, "mode" | "covariance"> | undefined, chains: number, seed: number, spread = Math.SQRT2): ChainStarts {
  const d = density.dim;
  const factor = laplace && cholesky(laplace.covariance, d);
  const grad = new Float64Array(d);
  const inits = Array.from({ length: chains }, (_, k) => {
    const rng = createRng(seed + 1000 * (k + 1));
    if (!laplace || !factor) return Float64Array.from({ length: d }, () => rng.uniform() * 2 - 1);
    // A weakly identified direction has a wide Σ: a draw can land where the density is not finite
    // (a Hill curve at 1e-300 of its top); draw again, and after 20 tries start at the mode.
    for (let attempt = 0; attempt < 20; attempt++) {
      const z = Float64Array.from({ length: d }, () => spread * rng.normal(0, 1));
      const q = laplace.mode.map((m, i) => {
        let s = 0;
        for (let j = 0; j <= i; j++) s += factor[i * d + j]! * z[j]!;
        return m + s;
      });
      if (Number.isFinite(density.logpGrad(q, grad)) && grad.every(Number.isFinite)) return q;
    }
    return Float64Array.from(laplace.mode);
  });
  if (!factor) return { inits };
  // Started inside the typical set, a chain can learn the metric from iteration 25 (Stan waits 100).
  return { inits, initInverseMetric: laplace!.covariance, windows: { initBuffer: 25, baseWindow: 150, priorDraws: 50 } };
}

/** Run the chains and summarise the posterior. */
export async function fitBayesian(data: MmmData, opts: BayesOptions = {}): Promise<BayesFit> {
  const t0 = performance.now();
  const model = modelOptions(opts);
  const density = new BayesMmmDensity(data, model);
  const seed = opts.seed ?? 42;
  const n = opts.chains ?? 4;
  const { targetAccept, maxTreeDepth, onProgress, signal } = opts;
  // A transform registered at run time exists only in this thread's registry: sample in-process.
  const threads = usesCustomTransforms(density.layout) ? 1 : opts.threads;
  // The Laplace start runs while the workers boot.
  const prepare = () => startingPoints(density, n, seed);
  const chains = await runChains({ data, model }, { chains: n, warmup: opts.warmup ?? 1000, draws: opts.draws ?? 1000, seed, prepare, targetAccept, maxTreeDepth, threads, onProgress, signal });
  return bayesFitOf(density, chains, t0);
}

/** The fit from its sampled chains (`t0`: when the fit started, from performance.now()). */
export function bayesFitOf(density: BayesFit["density"], chains: BayesFit["chains"], t0: number): BayesFit {
  const posterior = new BayesPosterior(density, chains);
  return {
    density,
    chains,
    posterior,
    channels: posterior.channels(),
    seconds: (performance.now() - t0) / 1000,
    divergences: chains.reduce((a, c) => a + c.stats.divergent.reduce((s, v) => s + v, 0), 0),
  };
}
