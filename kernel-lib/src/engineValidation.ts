/**
 * The engine's honest checks of the Bayesian model (issue #16 items 3–4): out-of-sample validation
 * of the current Bayesian fit and the comparison of specifications by PSIS-LOO, each recorded in
 * `Analysis` for the report. The engine's methods delegate here, as the geo model's do to engineGeo.ts.
 */
import type { Analysis } from "./analysis/analysis";
import { MMMError } from "./errors";
import type { MmmData } from "./model/mmmData";
import { compareSpecs, type Candidate, type ModelComparison } from "./model/validation/compareSpecs";
import { validateBayesian, type ValidationOptions, type ValidationResult } from "./model/validation/holdout";

/** Refit on the weeks before each origin and score the held-out weeks; NO_MODEL without a Bayesian fit. */
export async function validateCurrentBayesian(analysis: Analysis, opts: ValidationOptions): Promise<ValidationResult> {
  const fit = analysis.bayesian;
  if (!fit) throw new MMMError("NO_MODEL", "No Bayesian model has been fitted yet.", "Run runBayesianMMM() (tool run_bayesian_mmm) first.");
  const v = await validateBayesian(fit.posterior.density.data, fit.options, opts);
  analysis.recordValidation(v);
  return v;
}

/** Rank candidates by ELPD-LOO on the Bayesian fit's weeks and options (or `tableData()` and the defaults without one). */
export async function compareModelSpecs(analysis: Analysis, tableData: () => MmmData, candidates: Candidate[], opts: { chains?: number; warmup?: number; draws?: number; seed?: number }): Promise<ModelComparison> {
  const fit = analysis.bayesian;
  const c = await compareSpecs(fit ? fit.posterior.density.data : tableData(), fit?.options ?? {}, candidates, opts);
  analysis.comparison = c;
  return c;
}
