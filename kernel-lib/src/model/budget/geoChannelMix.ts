/**
 * How much of a per-geo plan's uplift the channel mix alone gives: the best plan that moves money between
 * channels but keeps each channel's current split across geos (each channel one curve, the sum of its cells
 * at their current shares), under the same ±50% default bounds. What is left of the per-geo plan's uplift
 * comes from moving money between geos — it rests on the per-geo estimates, the least certain part of a geo
 * model (few weeks per geo, effects pooled), so the analyst should know how much of the plan it is.
 */
import type { ChannelResponse } from "../response";
import type { GeoCell } from "./geoBudget";
import type { GeoSplit } from "./geoSplit";
import { optimizeBudget, type BudgetPlan } from "./optimize";

/** Each channel's curve with its geo split held at the current shares (a channel that never spent: even shares). */
export function channelCurves(cells: readonly GeoCell[]): ChannelResponse[] {
  const names = [...new Set(cells.map((c) => c.channel))];
  return names.map((name) => {
    const own = cells.filter((c) => c.channel === name);
    const current = own.reduce((a, c) => a + c.currentWeekly, 0);
    const share = own.map((c) => (current > 0 ? c.currentWeekly / current : 1 / own.length));
    return {
      name,
      currentWeekly: current,
      response: (w: number) => own.reduce((a, c, i) => a + c.response(w * share[i]!), 0),
      marginal: (w: number) => own.reduce((a, c, i) => a + share[i]! * c.marginal(w * share[i]!), 0),
    };
  });
}

/** The channel-mix plan of the same total over the same horizon, each channel within ±50% of its current spend. */
export function channelMixPlan(total: number, cells: readonly GeoCell[], weeks: number): BudgetPlan {
  const curves = channelCurves(cells);
  return optimizeBudget(total, curves, { weeks, bounds: Object.fromEntries(curves.map((c) => [c.name, { pct: 0.5 }])), check: false });
}

/**
 * The channel mix's share of a per-geo plan's uplift (geoChannelMix.ts), and a warning when most of the
 * uplift comes from moving money between geos: it rests on the per-geo estimates, the least certain part.
 */
export function addChannelMixShare(plan: BudgetPlan & { geo: GeoSplit }, total: number, cells: readonly GeoCell[], weeks: number): void {
  const mix = channelMixPlan(total, cells, weeks).uplift;
  plan.geo.channelMixUplift = mix;
  const between = plan.uplift - Math.max(mix, 0);
  if (plan.uplift > 2 * Math.max(mix, 0) && between > 0.05 * Math.abs(plan.currentExpected)) {
    const pct = (v: number) => `${((100 * v) / Math.abs(plan.currentExpected || 1)).toFixed(1)}%`;
    plan.warnings.push(
      `${pct(between)} of the ${pct(plan.uplift)} uplift comes from moving money between geos; the channel mix alone (each channel's split across geos kept) gains ${pct(mix)}. Between-geo moves rest on the per-geo estimates, the least certain part of the geo model: test them in a few geos before moving budget at scale.`,
    );
  }
}
