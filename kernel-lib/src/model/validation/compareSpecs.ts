/**
 * Model comparison of Bayesian MMM specifications (issue #16 item 4): fit each candidate (the base
 * options with its overrides, e.g. another adstock, a time-varying baseline, a Student-t likelihood)
 * on the same weeks with the same seed, rank them by PSIS-LOO ELPD with the SE of each difference
 * (as arviz `compare`), and say in one sentence which to choose and why. A difference smaller than
 * twice its SE, or than 4 (Vehtari's "small"), is not evidence: then the first-listed candidate (the
 * simpler or current one) stays.
 */
import { MMMError } from "../../errors";
import { compareLoo, type LooComparisonRow } from "../bayes/diagnostics/compare";
import type { LooResult } from "../bayes/diagnostics/loo";
import { fitBayesian, type BayesOptions } from "../bayes/fit";
import type { BayesModelOptions } from "../bayes/mmmDensity";
import type { MmmData } from "../mmmData";
import { VALIDATION_SAMPLER } from "./holdout";
import { posteriorLoo } from "./loo";

/** A candidate specification: a name and the model options it changes. */
export interface Candidate {
  name: string;
  options: Partial<BayesModelOptions>;
}

export interface ModelComparisonRow extends LooComparisonRow {
  options: Partial<BayesModelOptions>;
  divergences: number;
  maxRhat: number;
  seconds: number;
}

export interface ModelComparison {
  /** Best first. */
  table: ModelComparisonRow[];
  /** The candidate to use. */
  choice: string;
  /** One sentence: which, and why. */
  reason: string;
  sampler: { chains: number; warmup: number; draws: number; seed: number };
  warnings: string[];
}

const f1 = (v: number) => v.toFixed(1);

/** The choice and its one-sentence reason from a ranked table (exported for tests). */
export function chooseCandidate(table: readonly ModelComparisonRow[], first: string): { choice: string; reason: string } {
  const [best, next] = table;
  if (!best) throw new MMMError("INVALID_ARGUMENT", "No candidate to choose from.", "Give at least two candidates.");
  if (!next) return { choice: best.name, reason: `Only "${best.name}" was fitted.` };
  const z = next.dse > 0 ? next.elpdDiff / next.dse : Infinity;
  const caveat = best.highK ? ` (${best.highK} week(s) with high Pareto k̂: check them)` : "";
  // Clear: at least 2 SE of the difference and 4 ELPD (below 4 a difference is small whatever its SE).
  if (z >= 2 && next.elpdDiff >= 4)
    return {
      choice: best.name,
      reason: `Choose "${best.name}": its out-of-sample predictive accuracy (ELPD-LOO ${f1(best.elpd)}) beats the runner-up "${next.name}" by ${f1(next.elpdDiff)} ± ${f1(next.dse)}, ${z.toFixed(1)} standard errors of the difference${caveat}.`,
    };
  if (best.name === first)
    return {
      choice: first,
      reason: `Keep "${first}": it leads "${next.name}" by only ${f1(next.elpdDiff)} ± ${f1(next.dse)} ELPD (${z.toFixed(1)} SE), too little to prefer either, so the first-listed (simpler or current) one stays${caveat}.`,
    };
  const firstRow = table.find((r) => r.name === first);
  if (firstRow && (firstRow.elpdDiff < 2 * firstRow.dse || firstRow.elpdDiff < 4))
    return {
      choice: first,
      reason: `Keep "${first}": "${best.name}" leads by only ${f1(firstRow.elpdDiff)} ± ${f1(firstRow.dse)} ELPD (${(firstRow.elpdDiff / firstRow.dse).toFixed(1)} SE), too little to tell the specifications apart, so the first-listed (simpler or current) one stays${caveat}.`,
    };
  return {
    choice: best.name,
    reason: `Choose "${best.name}": it leads "${next.name}" by only ${f1(next.elpdDiff)} ± ${f1(next.dse)} ELPD (${z.toFixed(1)} SE), but the first-listed "${first}" is clearly worse (${f1(firstRow?.elpdDiff ?? NaN)} ± ${f1(firstRow?.dse ?? NaN)})${caveat}.`,
  };
}

/**
 * Fit every candidate on `data` and rank them by PSIS-LOO.
 * @example
 * await compareSpecs(mmm, {}, [{ name: "geometric", options: { adstock: "geometric" } }, { name: "delayed", options: { adstock: "delayed" } }]);
 */
export async function compareSpecs(data: MmmData, base: BayesOptions, candidates: readonly Candidate[], sampler: { chains?: number; warmup?: number; draws?: number; seed?: number } = {}): Promise<ModelComparison> {
  if (candidates.length < 2)
    throw new MMMError("INVALID_ARGUMENT", `compare_models needs at least 2 candidates (got ${candidates.length}).`, 'E.g. [{ name: "geometric", options: { adstock: "geometric" } }, { name: "delayed", options: { adstock: "delayed" } }].');
  const names = new Set(candidates.map((c) => c.name));
  if (names.size !== candidates.length) throw new MMMError("INVALID_ARGUMENT", "Candidate names must be unique.", "Name each candidate after what it changes.");
  const s = { chains: sampler.chains ?? VALIDATION_SAMPLER.chains, warmup: sampler.warmup ?? VALIDATION_SAMPLER.warmup, draws: sampler.draws ?? VALIDATION_SAMPLER.draws, seed: sampler.seed ?? base.seed ?? 42 };
  const fits: { c: Candidate; loo: LooResult; divergences: number; maxRhat: number; seconds: number }[] = [];
  for (const c of candidates) {
    const fit = await fitBayesian(data, { ...base, ...c.options, ...s });
    const conv = fit.posterior.convergence(base.maxTreeDepth ?? 10);
    fits.push({ c, loo: posteriorLoo(fit.posterior), divergences: fit.divergences, maxRhat: conv.maxRhat, seconds: fit.seconds });
  }
  const ranked = compareLoo(fits.map((f) => ({ name: f.c.name, loo: f.loo })));
  const table = ranked.map((r) => {
    const f = fits.find((x) => x.c.name === r.name)!;
    return { ...r, options: f.c.options, divergences: f.divergences, maxRhat: f.maxRhat, seconds: f.seconds };
  });
  const warnings = fits.flatMap((f) => [
    ...f.loo.warnings.map((w) => `"${f.c.name}": ${w}`),
    ...(f.maxRhat > 1.05 ? [`"${f.c.name}": R-hat ${f.maxRhat.toFixed(3)} > 1.05 — its chains disagree; its ELPD is not reliable (more draws).`] : []),
  ]);
  return { table, ...chooseCandidate(table, candidates[0]!.name), sampler: s, warnings };
}
