/**
 * Out-of-sample checks in the tools (issue #16 items 3–4): model_diagnostics' `outOfSample` option
 * scores the Bayesian fit on held-out weeks (holdout or rolling-origin CV) against its in-sample fit
 * and flags a model that predicts new weeks far worse; the tool `compare_models` fits candidate
 * specifications and ranks them by PSIS-LOO, returning the table and the one to choose with its
 * reason. Both refit the model, so a long run asks first, as run_bayesian_mmm does.
 */
import { z } from "zod";
import type { BayesModelOptions } from "../model/bayes/mmmDensity";
import type { Candidate } from "../model/validation/compareSpecs";
import { VALIDATION_SAMPLER, type ValidationResult } from "../model/validation/holdout";
import { askBeforeLongRun, predictBayesSeconds } from "./bayesCost";
import type { Finding } from "./modelChecks";
import { defineTool, type MmmTool, type ToolContext } from "./types";

const sampler = {
  chains: z.number().int().min(1).max(8).optional().describe(`chains per refit (default ${VALIDATION_SAMPLER.chains})`),
  warmup: z.number().int().min(50).max(5000).optional().describe(`default ${VALIDATION_SAMPLER.warmup}`),
  draws: z.number().int().min(50).max(5000).optional().describe(`default ${VALIDATION_SAMPLER.draws}`),
  seed: z.number().int().optional(),
  confirmed: z.boolean().optional().describe("true once the user agreed to a long run"),
};

const transformChoice = z.union([z.string(), z.record(z.string(), z.string())]);

const candidate = z.object({
  name: z.string().min(1).describe("short name of what the candidate changes, e.g. 'delayed adstock'"),
  adstock: transformChoice.optional().describe("'geometric' | 'delayed' | 'weibull_cdf' | 'weibull_pdf', or per channel ({ tv: 'delayed', '*': 'geometric' })"),
  saturation: transformChoice.optional().describe("'logistic' | 'hill' | 'michaelis_menten', or per channel"),
  likelihood: z.enum(["normal", "studentT"]).optional(),
  baseline: z.enum(["linear", "hsgp"]).optional().describe("'hsgp': time-varying baseline"),
});

/** Asks before a long run: the predicted time of `fits` refits of the current model's size. */
function confirmation(ctx: ToolContext, fits: number, a: { chains?: number; warmup?: number; draws?: number; confirmed?: boolean }) {
  const fit = ctx.engine.analysis.bayesian;
  const d = fit?.posterior.density.data;
  const shape = d ? { weeks: d.n, channels: d.channels.length } : ctx.engine.modelShape();
  const run = { chains: a.chains ?? VALIDATION_SAMPLER.chains, warmup: a.warmup ?? VALIDATION_SAMPLER.warmup, draws: a.draws ?? VALIDATION_SAMPLER.draws };
  const predicted = fits * predictBayesSeconds({ ...shape, ...run });
  return askBeforeLongRun(ctx, predicted, a.confirmed, (t) => `This runs ${fits} Bayesian fits, about ${t} s. Ask the user (ask_user_to_choose) whether to run it or use fewer draws; then call again with confirmed: true.`);
}

function toCandidate(c: z.output<typeof candidate>): Candidate {
  const { name, ...rest } = c;
  const options = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<BayesModelOptions>;
  return { name, options };
}

/** model_diagnostics' optional out-of-sample check of the Bayesian fit (see runOutOfSample). */
export const outOfSampleSchema = z
  .object({
    holdoutWeeks: z.number().int().min(1).max(52).optional().describe("weeks per held-out block (default 13)"),
    folds: z.number().int().min(1).max(5).optional().describe("origins (default 1; 3 = rolling-origin CV)"),
    ...sampler,
  })
  .describe("Bayesian fit: refit on earlier weeks, forecast the held-out weeks with their true spend, compare MAPE and 94% coverage out of sample vs in sample");

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The validation as a model_diagnostics finding, with the action when new weeks are predicted far worse. */
export function validationFinding(v: ValidationResult): Finding {
  const how = v.folds.length > 1 ? `${v.folds.length} rolling origins of ${v.holdoutWeeks} weeks` : `the last ${v.holdoutWeeks} weeks held out`;
  const detail = `out-of-sample MAPE ${pct(v.outOfSample.mape)} vs in-sample ${pct(v.inSample.mape)}, 94% band covers ${pct(v.outOfSample.coverage94)} of held-out weeks (${how})`;
  if (!v.warnings.length) return { severity: "ok", check: "out_of_sample", detail };
  return {
    severity: "problem",
    check: "out_of_sample",
    detail: `${detail}: ${v.warnings.join(" ")}`,
    action: "look for events or a trend break in the held-out weeks, simplify the model, or use likelihood 'studentT'; compare specifications with compare_models",
  };
}

/**
 * Run the out-of-sample check (engine.validateBayesian) for model_diagnostics, or ask first when the
 * refits are predicted to take long.
 */
export async function runOutOfSample(a: z.output<typeof outOfSampleSchema>, ctx: ToolContext): Promise<{ ask: object } | { validation: ValidationResult; finding: Finding }> {
  const ask = confirmation(ctx, a.folds ?? 1, a);
  if (ask) return { ask };
  const validation = await ctx.engine.validateBayesian({ holdoutWeeks: a.holdoutWeeks, folds: a.folds, chains: a.chains, warmup: a.warmup, draws: a.draws, seed: a.seed });
  return { validation, finding: validationFinding(validation) };
}

export const validationTools: MmmTool[] = [
  defineTool({
    name: "compare_models",
    category: "mmm",
    phase: "EVALUATION",
    description:
      "Fit 2–4 Bayesian specifications (adstock, saturation, likelihood, baseline) on the same weeks and rank them by PSIS-LOO (ELPD, SE of each difference, Pareto k̂): returns the table and which to choose with the reason. Refit the chosen one with run_bayesian_mmm.",
    schema: z.object({ candidates: z.array(candidate).min(2).max(4).describe("the first is the current or simpler specification (kept unless another is clearly better)"), ...sampler }),
    run: async (a, ctx) => {
      const ask = confirmation(ctx, a.candidates.length, a);
      if (ask) return ask;
      const c = await ctx.engine.compareModels(a.candidates.map(toCandidate), { chains: a.chains, warmup: a.warmup, draws: a.draws, seed: a.seed });
      return { choice: c.choice, reason: c.reason, table: c.table.map(({ options: _o, ...row }) => row), sampler: c.sampler, warnings: c.warnings };
    },
  }),
];
