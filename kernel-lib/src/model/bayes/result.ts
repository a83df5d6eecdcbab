/**
 * The JSON result of a Bayesian MMM (SPEC §2): the ridge result's numbers as { mean, sd, hdi94 },
 * the posterior predictive fit, sampler facts and warnings with advice.
 */
import { modelPeriod } from "../mmmData";
import { diagnosticWarnings } from "./diagnostics";
import type { BayesFit, BayesOptions } from "./fit";
import { liftFit, type LiftFit } from "./outputs/liftFit";
import type { ChannelPosterior, OrganicPosterior } from "./posterior";

/** The HSGP baseline of a fit: basis functions, its priors (ℓ's 90% range in weeks, η's 95% bound) and posterior means. */
export interface HsgpSummary {
  m: number;
  lengthscalePrior: [number, number];
  etaUpper: number;
  lengthscale: number;
  eta: number;
}

/** What a `saturation: "auto"` fit chose by PSIS-LOO, why, and the ELPD table (best first). */
export interface SaturationChoice {
  choice: string;
  reason: string;
  table: { name: string; elpd: number; elpdDiff: number; dse: number; divergences: number }[];
}

export interface BayesianResult {
  kind: "bayesian";
  kpi: string;
  weeks: number;
  start: string;
  end: string;
  /**
   * Model choices: adstock and saturation per channel, likelihood, ROAS-parameterised channels, lift
   * tests used, the baseline ("linear" or "hsgp"; with "hsgp" its basis size, priors and posterior
   * length-scale in weeks and η), the Student-t's ν (fixed, or its posterior mean when sampled).
   */
  model: { likelihood: string; adstock: Record<string, string>; saturation: Record<string, string>; roasPriors: string[]; liftTests: number; baseline: string; hsgp?: HsgpSummary; nu?: number };
  /** Each lift test against the model: measured, model lift { mean, sd, hdi94 } and z = (model − measured)/σ (absent without tests). */
  liftFit?: LiftFit[];
  /** Paid channels (spend, ROAS). */
  channels: ChannelPosterior[];
  /** Organic media: contribution and contribution per unit of activity (no ROAS); absent without any. */
  organic?: OrganicPosterior[];
  /** Posterior predictive check: fit of the posterior mean and coverage of the 94% predictive band. */
  fit: { r2: number; mape: number; nrmse: number; coverage94: number };
  sampler: { chains: number; warmup: number; draws: number; seed: number; seconds: number; divergences: number; stepSizes: number[] };
  /** Convergence: worst R-hat and ESS over the natural parameters, divergences, tree-depth hits, E-BFMI per chain. */
  diagnostics: { maxRhat: number; minEssBulk: number; minEssTail: number; divergences: number; treeDepthHits: number; ebfmi: number[] };
  excluded: { name: string; reason: string }[];
  warnings: string[];
  /** With saturation "auto": the family PSIS-LOO chose, why, and the ELPD table (engine fits only). */
  saturationChoice?: SaturationChoice;
}

/** Stops the analysis when the sampler could not move at all (the diagnostics' warnings cover the rest). */
function failureWarning(divergences: number, total: number): string[] {
  if (total === 0 || divergences < total) return [];
  return [
    `Every draw diverged (${divergences} of ${total}): the sampler could not explore this posterior, so these numbers are not usable. Check the data (scale, outliers, a channel with almost no spend), use likelihood "studentT", tighter priors, or targetAccept 0.95.`,
  ];
}

export function bayesianResult(fit: BayesFit, opts: BayesOptions): BayesianResult {
  const posterior = fit.posterior;
  const data = fit.density.data;
  const draws = fit.chains[0]?.draws.length ?? 0;
  const total = draws * fit.chains.length;
  const ppc = posterior.predictive(opts.seed ?? 42);
  const conv = posterior.convergence(opts.maxTreeDepth ?? 10);
  const warnings = [...data.warnings, ...failureWarning(fit.divergences, total), ...diagnosticWarnings(conv)];
  if (ppc.coverage94 < 0.8)
    warnings.push(
      `Only ${(100 * ppc.coverage94).toFixed(0)}% of weeks fall inside the 94% posterior predictive band: the model misses structure in the KPI (events, a missing control, a trend break). Inspect engine.bayesian().predictive().`,
    );
  const lay = fit.density.layout;
  const lifts = liftFit(fit.density, posterior.draws, opts.liftTests ?? []);
  warnings.push(...lifts.warnings);
  const nus = posterior.params.map((p) => p.nu ?? Number.NaN);
  const organic = posterior.organic();
  return {
    kind: "bayesian",
    ...modelPeriod(data),
    model: {
      likelihood: opts.likelihood ?? "normal",
      adstock: Object.fromEntries(lay.channels.map((c) => [c.name, c.adstock.kind])),
      saturation: Object.fromEntries(lay.channels.map((c) => [c.name, c.curve.kind])),
      roasPriors: lay.channels.filter((c) => c.roas).map((c) => c.name),
      liftTests: opts.liftTests?.length ?? 0,
      baseline: opts.baseline ?? "linear",
      ...(fit.density.gp ? { hsgp: hsgpSummary(fit) } : {}),
      ...(opts.likelihood === "studentT" ? { nu: nus.reduce((a, v) => a + v, 0) / Math.max(1, nus.length) } : {}),
    },
    ...(lifts.tests.length ? { liftFit: lifts.tests } : {}),
    channels: fit.channels,
    ...(organic.length ? { organic } : {}),
    fit: { r2: ppc.r2, mape: ppc.mape, nrmse: ppc.nrmse, coverage94: ppc.coverage94 },
    sampler: { chains: fit.chains.length, warmup: opts.warmup ?? 1000, draws, seed: opts.seed ?? 42, seconds: fit.seconds, divergences: fit.divergences, stepSizes: fit.chains.map((c) => c.stats.stepSize) },
    diagnostics: { maxRhat: conv.maxRhat, minEssBulk: conv.minEssBulk, minEssTail: conv.minEssTail, divergences: conv.divergences, treeDepthHits: conv.treeDepthHits, ebfmi: conv.ebfmi },
    excluded: data.excluded,
    warnings,
  };
}

function hsgpSummary(fit: BayesFit): HsgpSummary {
  const gp = fit.density.gp!;
  const draws = fit.posterior.params;
  const mean = (f: (p: (typeof draws)[number]) => number) => draws.reduce((a, p) => a + f(p), 0) / Math.max(1, draws.length);
  return {
    m: gp.m,
    lengthscalePrior: [gp.lsPrior.lower, gp.lsPrior.upper],
    etaUpper: Math.log(20) / gp.etaRate,
    lengthscale: mean((p) => p.gp!.ls),
    eta: mean((p) => p.gp!.eta),
  };
}
