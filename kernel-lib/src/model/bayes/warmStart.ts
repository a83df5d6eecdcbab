/**
 * A Bayesian refit started from a saved posterior (a refresh, issue #16 item 5): the same model on
 * more weeks has the same parameters, and its posterior is near the saved one. So each chain starts
 * at one of the saved draws (spread over the saved chains and their last draws: over-dispersed as
 * far as the saved posterior is) and every chain starts with the saved chains' adapted inverse
 * metric (their mean), which the warm-up only refines: it is counted as 100 pseudo-draws when a
 * window closes and the first window opens at iteration 25. That replaces the Laplace search and
 * lets a short warm-up (default 300 instead of 1000) converge. When the saved posterior does not
 * fit the new model (other parameter names, e.g. an HSGP basis that grew with the span, or a start
 * where the new log density is not finite), the cold start of fitBayesian is used and said so.
 */
import type { MmmData } from "../mmmData";
import type { BayesPosterior } from "./bayesPosterior";
import { runChains, type ChainStarts } from "./chains";
import { evaluateLogDensity } from "./density";
import { bayesFitOf, fitBayesian, modelOptions, type BayesFit, type BayesOptions } from "./fit";
import { BayesMmmDensity } from "./mmmDensity";
import { usesCustomTransforms } from "./model/layout";

/** Warm-up iterations of a warm-started refit unless given. */
export const WARM_WARMUP = 300;

/** Warm-up windows of a warm start: learn from iteration 25, keep the saved metric as 100 pseudo-draws. */
const WARM_WINDOWS = { initBuffer: 25, baseWindow: 100, termBuffer: 50, priorDraws: 100 };

/**
 * Starts for `chains` chains on `density` from the saved posterior, or a reason why there are none.
 * @example warmStarts(saved, new BayesMmmDensity(moreWeeks, saved.density.options), 4).starts?.inits.length; // 4
 */
export function warmStarts(saved: BayesPosterior, density: BayesMmmDensity, chains: number): { starts?: ChainStarts; reason?: string } {
  const names = saved.density.names;
  if (names.join("\n") !== density.names.join("\n")) return { reason: `the refreshed model has other parameters (${density.dim} vs ${names.length} saved${density.gp ? ": the HSGP basis follows the span" : ""})` };
  const d = density.dim;
  const grad = new Float64Array(d);
  const inits: Float64Array[] = [];
  for (let k = 0; k < chains; k++) {
    const chain = saved.chains[k % saved.chains.length]!;
    const back = Math.floor(k / saved.chains.length) * 17 + 1;
    const q = chain.draws[Math.max(0, chain.draws.length - back)];
    if (!q) return { reason: "the saved posterior has no draws" };
    if (!(evaluateLogDensity(density, Float64Array.from(q), grad) > -Infinity)) return { reason: "a saved draw is outside the refreshed model's support" };
    inits.push(Float64Array.from(q));
  }
  const metric = new Float64Array(d * d);
  for (const c of saved.chains) c.inverseMetric.forEach((v, i) => (metric[i] = metric[i]! + v / saved.chains.length));
  return { starts: { inits, initInverseMetric: metric, windows: WARM_WINDOWS } };
}

/** A fit and how it was started. */
export interface WarmFit extends BayesFit {
  warmStart: boolean;
  warmup: number;
  /** Why a cold start was used instead, when it was. */
  note?: string;
}

/**
 * Fit `data` with `opts` (the saved fit's options), warm-started from `saved`: warm-up `opts.warmup`
 * (default WARM_WARMUP); a cold fit (the saved options' warm-up) when the saved posterior cannot start it.
 * @example const fit = await fitBayesianWarm(moreWeeks, savedFit.options, savedFit.posterior);
 */
export async function fitBayesianWarm(data: MmmData, opts: BayesOptions, saved: BayesPosterior, warmup = WARM_WARMUP): Promise<WarmFit> {
  const t0 = performance.now();
  const model = modelOptions(opts);
  const density = new BayesMmmDensity(data, model);
  const n = opts.chains ?? 4;
  const { starts, reason } = warmStarts(saved, density, n);
  if (!starts) {
    const cold = await fitBayesian(data, opts);
    return { ...cold, warmStart: false, warmup: opts.warmup ?? 1000, note: `Cold start: ${reason}.` };
  }
  const seed = opts.seed ?? 42;
  const threads = usesCustomTransforms(density.layout) ? 1 : opts.threads;
  const { targetAccept, maxTreeDepth, onProgress, signal } = opts;
  const chains = await runChains({ data, model }, { chains: n, warmup, draws: opts.draws ?? 1000, seed, prepare: () => starts, targetAccept, maxTreeDepth, threads, onProgress, signal });
  return { ...bayesFitOf(density, chains, t0), warmStart: true, warmup };
}
