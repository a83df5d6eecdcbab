/**
 * Per-parameter convergence table and the run-level facts (worst R-hat / ESS, divergences,
 * tree-depth hits, E-BFMI) that `diagnosticWarnings` turns into advice.
 */
import { MMMError } from "../../../errors";
import { ebfmi } from "./ebfmi";
import { essBulk, essTail } from "./ess";
import { mcseMean, mcseSd } from "./mcse";
import { mean } from "../../../math/stats";
import { pooled, variance } from "./normalize";
import { rankNormalizedSplitRhat } from "./rhat";

/** One row of the convergence table (columns as arviz's `summary`, without the HDI). */
export interface ParameterDiagnostics {
  name: string;
  mean: number;
  sd: number;
  mcseMean: number;
  mcseSd: number;
  essBulk: number;
  essTail: number;
  /** Rank-normalised split R-hat. */
  rhat: number;
}

/** The sampler statistics the summary reads (a `ChainStats` from the sampler fits). */
export interface SamplerChainStats {
  divergent: Uint8Array;
  treeDepth: Int32Array;
  energy: Float64Array;
}

/** Run-level convergence facts; NaN R-hat / ESS rows are left out of the max / min. */
export interface ConvergenceSummary {
  /** Largest R-hat over parameters (NaN when none is defined). */
  maxRhat: number;
  minEssBulk: number;
  minEssTail: number;
  /** Post-warmup divergent transitions, all chains. */
  divergences: number;
  /** Post-warmup transitions whose tree reached `maxTreeDepth`, all chains. */
  treeDepthHits: number;
  /** Post-warmup transitions, all chains. */
  transitions: number;
  maxTreeDepth: number;
  /** E-BFMI per chain. */
  ebfmi: number[];
  /** The table the extremes come from (so warnings can name parameters). */
  parameters: readonly ParameterDiagnostics[];
}

/** Column `p` of every chain: one parameter's draws as chains. */
function parameterChains(draws: readonly (readonly Float64Array[])[], p: number): Float64Array[] {
  return draws.map((chain) => Float64Array.from(chain, (d) => d[p]!));
}

/**
 * Convergence table, one row per parameter, from draws shaped chains × draws × dim (each
 * draw a Float64Array of length dim, as `ChainResult.draws`). Chains must be equally long.
 *
 * @example
 * const rows = diagnosticsTable(fit.chains.map((c) => c.draws), ["intercept", "beta_tv"]);
 * rows[1]!.rhat; // rank-normalised split R-hat of beta_tv
 */
export function diagnosticsTable(draws: readonly (readonly Float64Array[])[], names: readonly string[]): ParameterDiagnostics[] {
  const dim = draws[0]?.[0]?.length ?? names.length;
  if (names.length !== dim) {
    throw new MMMError("INVALID_ARGUMENT", `Got ${names.length} parameter names for draws of dimension ${dim}.`, "Pass one name per coordinate of a draw.", { value: names.length });
  }
  return names.map((name, p) => {
    const chains = parameterChains(draws, p);
    const all = pooled(chains);
    return {
      name,
      mean: all.length ? mean(all) : NaN,
      sd: all.length > 1 ? Math.sqrt(variance(all)) : NaN,
      mcseMean: mcseMean(chains),
      mcseSd: mcseSd(chains),
      essBulk: essBulk(chains),
      essTail: essTail(chains),
      rhat: rankNormalizedSplitRhat(chains),
    };
  });
}

/** Extreme of the defined values (NaN when there are none). */
function extreme(values: number[], pick: (a: number, b: number) => number): number {
  const defined = values.filter((v) => !Number.isNaN(v));
  return defined.length ? defined.reduce((a, b) => pick(a, b)) : NaN;
}

/**
 * Run-level facts from the table and each chain's sampler statistics.
 *
 * @example
 * const s = convergenceSummary(rows, fit.chains.map((c) => c.stats), 10);
 * s.divergences; // 0 for a healthy fit
 */
export function convergenceSummary(parameters: readonly ParameterDiagnostics[], stats: readonly SamplerChainStats[], maxTreeDepth: number): ConvergenceSummary {
  let divergences = 0;
  let treeDepthHits = 0;
  let transitions = 0;
  for (const s of stats) {
    transitions += s.divergent.length;
    for (let i = 0; i < s.divergent.length; i++) if (s.divergent[i]) divergences++;
    for (let i = 0; i < s.treeDepth.length; i++) if (s.treeDepth[i]! >= maxTreeDepth) treeDepthHits++;
  }
  return {
    maxRhat: extreme(
      parameters.map((r) => r.rhat),
      Math.max,
    ),
    minEssBulk: extreme(
      parameters.map((r) => r.essBulk),
      Math.min,
    ),
    minEssTail: extreme(
      parameters.map((r) => r.essTail),
      Math.min,
    ),
    divergences,
    treeDepthHits,
    transitions,
    maxTreeDepth,
    ebfmi: stats.map((s) => ebfmi(s.energy)),
    parameters,
  };
}
