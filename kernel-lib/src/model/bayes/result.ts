/**
 * The JSON result of a Bayesian MMM (SPEC §2): the ridge result's numbers as
 * { mean, sd, hdi94 }, plus sampler facts. Convergence diagnostics (R-hat, ESS) join here.
 */
import { isoDate } from "../../data/dates";
import type { BayesFit, BayesOptions } from "./fit";
import type { ChannelPosterior } from "./posterior";

export interface BayesianResult {
  kind: "bayesian";
  kpi: string;
  weeks: number;
  start: string;
  end: string;
  channels: ChannelPosterior[];
  sampler: { chains: number; warmup: number; draws: number; seed: number; seconds: number; divergences: number; stepSizes: number[] };
  warnings: string[];
}

export function bayesianResult(fit: BayesFit, opts: BayesOptions): BayesianResult {
  const data = fit.density.data;
  const draws = fit.chains[0]?.draws.length ?? 0;
  const total = draws * fit.chains.length;
  const warnings = [...data.warnings];
  if (fit.divergences > 0) {
    warnings.push(`${fit.divergences} divergent transition(s) in ${total} draws (${((100 * fit.divergences) / total).toFixed(1)}%): the posterior may be biased where the sampler diverged; raise targetAccept to 0.9–0.95 or simplify the model.`);
  }
  return {
    kind: "bayesian",
    kpi: data.kpi,
    weeks: data.n,
    start: isoDate(data.days[0]),
    end: isoDate(data.days[data.n - 1]),
    channels: fit.channels,
    sampler: { chains: fit.chains.length, warmup: opts.warmup ?? 1000, draws, seed: opts.seed ?? 42, seconds: fit.seconds, divergences: fit.divergences, stepSizes: fit.chains.map((c) => c.stats.stepSize) },
    warnings,
  };
}
