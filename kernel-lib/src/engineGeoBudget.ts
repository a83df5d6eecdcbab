/**
 * The engine's per-geo budget (issue #15 item 1): `optimizeBudget(total, channels, { byGeo: true })`
 * allocates a national total over the geo fit's geo × channel cells (model/budget/geoBudget.ts) and
 * records the plan in `Analysis` like a national one.
 */
import { MMMError } from "./errors";
import type { Analysis } from "./analysis/analysis";
import { DEFAULT_WEEKS, optimizeGeoBudget, type BudgetOptions, type BudgetPlan } from "./model/budget";

/** Cells up to which the per-geo plan runs the differential-evolution check by default. */
export const MAX_CHECKED_CELLS = 24;

/** Budget options with the per-geo switch (`byGeo`: allocate over geo × channel cells of the geo fit). */
export interface GeoBudgetRequest extends BudgetOptions {
  byGeo?: boolean;
}

/**
 * A national total allocated over the geo fit's geo × channel cells (posterior-mean curves), each
 * cell within ±50% of its current spend unless bounds are given; the uplift's spread under every draw.
 * Without a geo fit: NO_MODEL. The geo fit need not be the latest: it is the only per-geo model.
 */
export function geoBudgetPlan(analysis: Analysis, total: number, channels: string[] | undefined, opts: GeoBudgetRequest): BudgetPlan {
  const fit = analysis.geoBayesian;
  if (!fit) throw new MMMError("NO_MODEL", "A per-geo budget needs the geo model, and none has been fitted.", "Fit it first: runGeoBayesianMMM() (tool run_bayesian_mmm with geo: true), or plan nationally without byGeo.");
  const all = fit.posterior.cellResponses();
  const unknown = (channels ?? []).filter((c) => !all.some((x) => x.channel === c));
  if (unknown.length) throw new MMMError("INVALID_ARGUMENT", `Channel '${unknown[0]}' is not in the geo model.`, `Its channels: ${fit.result.channels.map((c) => c.name).join(", ")}.`, { column: unknown[0] });
  const cells = channels ? all.filter((c) => channels.includes(c.channel)) : all;
  const { byGeo: _, ...rest } = opts;
  const weeks = rest.weeks ?? DEFAULT_WEEKS;
  const bounds = rest.bounds ?? Object.fromEntries(cells.map((c) => [c.name, { pct: 0.5 }]));
  // The evolution check costs ~30 000 curve evaluations a cell (7 s on 15 cells × 300 draws, where
  // the KKT solve takes 0.07 s): by default only on small panels.
  const plan = optimizeGeoBudget(total, cells, { ...rest, weeks, bounds, check: rest.check ?? cells.length <= MAX_CHECKED_CELLS });
  plan.upliftPosterior = fit.posterior.cellUplift(plan.allocation, weeks);
  analysis.budget = plan;
  return plan;
}
