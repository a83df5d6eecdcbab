/**
 * The engine's per-geo budget (issue #15 item 1): `optimizeBudget(total, channels, { byGeo: true })`
 * allocates a national total over the geo fit's geo × channel cells (model/budget/geoBudget.ts) and
 * records the plan in `Analysis` like a national one.
 */
import { MMMError } from "./errors";
import type { Analysis } from "./analysis/analysis";
import { DEFAULT_WEEKS, optimizeGeoBudget, type BudgetBound, type BudgetOptions, type BudgetPlan, type GeoCell } from "./model/budget";
import { addChannelMixShare } from "./model/budget/geoChannelMix";

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
  const silent = silentCells(cells, rest);
  // Default bounds leave out the cells a fixed budget pins (a cell both fixed and bounded is refused).
  const free = cells.filter((c) => !isFixed(c, rest));
  const bounds = { ...(rest.bounds ?? Object.fromEntries(free.map((c) => [c.name, { pct: 0.5 }]))), ...silent.bounds };
  // The evolution check costs ~30 000 curve evaluations a cell (7 s on 15 cells × 300 draws, where
  // the KKT solve takes 0.07 s): by default only on small panels.
  const plan = optimizeGeoBudget(total, cells, { ...rest, weeks, bounds, check: rest.check ?? cells.length <= MAX_CHECKED_CELLS });
  if (rest.bounds === undefined && rest.fixed === undefined) addChannelMixShare(plan, total, cells, weeks);
  if (silent.names.length) plan.warnings.push(`${silent.names.join(", ")} held at 0: the channel never spent in ${silent.names.length > 1 ? "those geos" : "that geo"}, so the geo model has only its prior there.`);
  plan.upliftPosterior = fit.posterior.cellUplift(plan.allocation, weeks);
  analysis.budget = plan;
  return plan;
}

/**
 * Cells whose geo never spent on the channel: the geo fit has only its prior there, a curve anchored at a
 * reference spend of ~0 that prices a few hundred as hundreds of times the geo's KPI. Held at zero (unless
 * the channel's fixed budget already splits them out at their zero share); a bound or fixed budget giving
 * one money is refused.
 */
function silentCells(cells: readonly GeoCell[], opts: BudgetOptions): { names: string[]; bounds: Record<string, BudgetBound> } {
  const silent = cells.filter((c) => c.currentWeekly === 0);
  for (const c of silent) {
    const b = opts.bounds?.[c.name];
    const f = opts.fixed?.[c.name];
    if ((Array.isArray(b) && b[1] > 0) || (f !== undefined && f > 0)) {
      throw new MMMError(
        "INVALID_ARGUMENT",
        `The geo model cannot plan ${c.name}: ${c.channel} never spent in ${c.geo}, so its response there is only the prior's.`,
        `Leave ${c.name} out of bounds and fixed (it stays at 0), or test ${c.channel} in ${c.geo} first.`,
        { column: c.name },
      );
    }
  }
  const held = silent.filter((c) => !isFixed(c, opts));
  return { names: silent.map((c) => c.name), bounds: Object.fromEntries(held.map((c): [string, BudgetBound] => [c.name, [0, 0]])) };
}

/** A cell pinned by a fixed budget, its own or its channel's (split at the current shares). */
function isFixed(c: GeoCell, opts: BudgetOptions): boolean {
  return opts.fixed?.[c.name] !== undefined || opts.fixed?.[c.channel] !== undefined;
}
