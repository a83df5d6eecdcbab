/**
 * The per-geo budget: a national total allocated over geo × channel cells (`channel@geo`), each cell
 * a response curve of its own, by the same optimiser as the national plan (optimize.ts: at the
 * optimum every interior cell has the same marginal ROAS). Bounds and fixed budgets may name a cell
 * or a channel: a channel's ±pct bound holds in each of its cells, a channel's fixed budget is split
 * over its geos at their current shares. The plan carries the allocation, current spend and expected
 * KPI per cell and their sums per geo and per channel; the national total is the sum over the cells.
 */
import { MMMError } from "../../errors";
import type { ChannelResponse } from "../response";
import type { BudgetBound, BudgetOptions } from "./constraints";
import type { GeoBudgetTotals, GeoSplit } from "./geoSplit";
import { optimizeBudget, type BudgetPlan } from "./optimize";

/** One geo × channel cell's response curve. */
export interface GeoCell extends ChannelResponse {
  geo: string;
  channel: string;
}

/**
 * Maximise Σ_cells weeks · r_cell(x_cell / weeks) subject to Σ x = total and each cell's bounds.
 * @example
 * const plan = optimizeGeoBudget(1_000_000, posterior.cellResponses(), { weeks: 52, bounds: { tv: { pct: 0.3 } } });
 * plan.geo!.byGeo["geo_1"]!.allocation; // geo_1's spend over the horizon, all channels
 */
export function optimizeGeoBudget(total: number, cells: readonly GeoCell[], opts: BudgetOptions = {}): BudgetPlan & { geo: GeoSplit } {
  const plan = optimizeBudget(total, cells, { ...opts, bounds: cellBounds(cells, opts.bounds), fixed: cellFixed(cells, opts.fixed) });
  return { ...plan, geo: geoSplit(plan, cells) };
}

/** Bounds by cell: a channel's ±pct in each of its cells; a channel's [lo, hi] is refused (it would bind a sum). */
function cellBounds(cells: readonly GeoCell[], bounds: Record<string, BudgetBound> | undefined): Record<string, BudgetBound> | undefined {
  if (!bounds) return undefined;
  const out: Record<string, BudgetBound> = {};
  for (const [name, b] of Object.entries(bounds)) {
    const mine = cells.filter((c) => c.channel === name);
    if (!mine.length) {
      out[name] = b;
      continue;
    }
    if (Array.isArray(b)) {
      throw new MMMError("INVALID_ARGUMENT", `A per-geo budget takes no [min, max] for the whole channel '${name}'.`, `Give ±pct for the channel ({ pct: 0.3 }), or [min, max] per cell (e.g. "${mine[0]!.name}").`, { column: name });
    }
    for (const c of mine) out[c.name] ??= b;
  }
  return out;
}

/** Fixed budgets by cell: a channel's is split over its geos at their current shares. */
function cellFixed(cells: readonly GeoCell[], fixed: Record<string, number> | undefined): Record<string, number> | undefined {
  if (!fixed) return undefined;
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(fixed)) {
    const mine = cells.filter((c) => c.channel === name);
    if (!mine.length) {
      out[name] = v;
      continue;
    }
    const now = mine.reduce((a, c) => a + c.currentWeekly, 0);
    for (const c of mine) out[c.name] = now > 0 ? (v * c.currentWeekly) / now : v / mine.length;
  }
  return out;
}

function geoSplit(plan: BudgetPlan, cells: readonly GeoCell[]): GeoSplit {
  const w = plan.weeks;
  const rows = cells.map((c) => {
    const allocation = plan.allocation[c.name]!;
    const current = plan.current[c.name]!;
    return { geo: c.geo, channel: c.channel, current, allocation, currentExpected: w * c.response(current / w), expected: w * c.response(allocation / w), mroas: plan.mroas[c.name]!, status: plan.status[c.name]! };
  });
  const sum = (key: "geo" | "channel") => {
    const out: Record<string, GeoBudgetTotals> = {};
    for (const r of rows) {
      const t = (out[r[key]] ??= { current: 0, allocation: 0, currentExpected: 0, expected: 0 });
      t.current += r.current;
      t.allocation += r.allocation;
      t.currentExpected += r.currentExpected;
      t.expected += r.expected;
    }
    return out;
  };
  return { cells: rows, byGeo: sum("geo"), byChannel: sum("channel") };
}
