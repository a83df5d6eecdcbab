/**
 * Target-efficiency planning on the steady-state optimiser: the best plan whose efficiency meets a
 * target, or the smallest budget whose best plan reaches a KPI target. Definitions (horizon money,
 * the optimiser's expected incremental KPI, baseline excluded):
 * - ROAS of a plan = its expected incremental KPI / its total spend. "Target ROAS r" = the largest
 *   total whose optimal plan still has ROAS ≥ r (so the most KPI at that efficiency); CPA c (a count
 *   KPI: spend per conversion) is ROAS ≥ 1/c.
 * - Marginal ROAS target m: the largest total whose optimal plan's common marginal ROAS is ≥ m
 *   (spend until the next unit returns m).
 * - Response target R: the smallest total whose optimal plan's expected KPI reaches R.
 * Totals are searched between the channels' lower and upper bounds' sums (at most `maxTotal`):
 * a grid of 24 totals finds the bracket (the metric need not be monotone on S-shaped curves), then
 * bisection closes it to 1e-9 relative. A target no total in that range meets is an
 * `MMMError("TARGET_UNREACHABLE")` whose hint gives the best value reachable.
 */
import { MMMError } from "../../errors";
import type { ChannelResponse } from "../response";
import type { BudgetOptions } from "./constraints";
import { optimizeBudget, type BudgetPlan } from "./optimize";

/** One target; exactly one field. */
export interface BudgetTarget {
  /** Expected incremental KPI / spend of the plan, at least this. */
  roas?: number;
  /** Spend per unit of KPI (count KPIs), at most this. */
  cpa?: number;
  /** The plan's marginal ROAS (return of the next unit), at least this. */
  mroas?: number;
  /** Expected incremental KPI over the horizon to reach. */
  response?: number;
}

/** Options of `optimizeForTarget`: the optimiser's, plus the search range of totals. */
export interface TargetOptions extends BudgetOptions {
  /** Smallest and largest total considered (defaults: the bounds' sums; an unbounded channel needs maxTotal). */
  minTotal?: number;
  maxTotal?: number;
}

/** The plan at the total the target asks for, with how the target was met. */
export interface TargetPlan extends BudgetPlan {
  target: {
    kind: "roas" | "cpa" | "mroas" | "response";
    value: number;
    /** The plan's value of that metric (ROAS, CPA, marginal ROAS or expected KPI). */
    achieved: number;
    /** False when the target is met with room to spare at the largest total searched (then the plan is that total's). */
    binding: boolean;
    searched: [number, number];
  };
}

type Kind = TargetPlan["target"]["kind"];

function readTarget(t: BudgetTarget): { kind: Kind; value: number } {
  const given = (Object.keys(t) as Kind[]).filter((k) => t[k] !== undefined);
  if (given.length !== 1) throw new MMMError("INVALID_ARGUMENT", `Give exactly one target (got ${given.length ? given.join(", ") : "none"}).`, "Pass one of { roas }, { cpa }, { mroas } or { response }.", { value: t });
  const kind = given[0]!;
  const value = t[kind]!;
  if (!(Number.isFinite(value) && value > 0)) throw new MMMError("INVALID_ARGUMENT", `The ${kind} target ${value} is not a positive number.`, "Pass a number > 0, e.g. { roas: 2.5 }.", { value });
  return { kind, value };
}

/** The plan's common marginal ROAS: the median over interior channels (all channels when none is interior). */
function planMroas(p: BudgetPlan): number {
  const all = Object.keys(p.mroas);
  const inside = all.filter((n) => p.status[n] === "interior");
  const v = (inside.length ? inside : all).map((n) => p.mroas[n]!).sort((a, b) => a - b);
  return v[v.length >> 1]!;
}

/** Signed slack of a plan against the target: ≥ 0 when the plan meets it. */
function slack(kind: Kind, value: number, p: BudgetPlan): number {
  if (kind === "response") return p.expected / value - 1;
  if (kind === "mroas") return planMroas(p) / value - 1;
  const roas = p.expected / p.total;
  return kind === "cpa" ? roas * value - 1 : roas / value - 1;
}

function achievedOf(kind: Kind, p: BudgetPlan): number {
  if (kind === "response") return p.expected;
  if (kind === "mroas") return planMroas(p);
  return kind === "cpa" ? p.total / p.expected : p.expected / p.total;
}

function range(channels: readonly ChannelResponse[], o: TargetOptions): [number, number] {
  const weeks = o.weeks ?? 52;
  let lo = 0;
  let hi = 0;
  for (const ch of channels) {
    const cur = ch.currentWeekly * weeks;
    const f = o.fixed?.[ch.name];
    const b = o.bounds?.[ch.name];
    const [l, h] = f !== undefined ? [f, f] : Array.isArray(b) ? b : b ? [Math.max(0, cur * (1 - b.pct)), cur * (1 + b.pct)] : [0, Infinity];
    lo += l;
    hi += h;
  }
  const min = Math.max(lo, o.minTotal ?? 0, 1e-9 * Math.max(1, Number.isFinite(hi) ? hi : 0));
  const max = Math.min(hi, o.maxTotal ?? Infinity);
  if (!Number.isFinite(max)) throw new MMMError("INVALID_ARGUMENT", "A target needs a largest total to search: some channel has no upper bound.", "Pass maxTotal (the most you would spend over the horizon), or bounds on every channel.");
  if (!(max >= min)) throw new MMMError("BOUNDS_INFEASIBLE", `No total between ${min} and ${max} fits the bounds.`, "Widen the bounds, or the minTotal / maxTotal range.", { value: [min, max] });
  return [min, max];
}

/**
 * The optimal plan that meets `target` (see the file's definitions).
 * @throws MMMError TARGET_UNREACHABLE (hint: the best value reachable), INVALID_ARGUMENT, BOUNDS_INFEASIBLE.
 * @example
 * const plan = optimizeForTarget(channels, { roas: 2.5 }, { bounds: { tv: { pct: 0.5 } }, weeks: 13 });
 * plan.expected / plan.total; // 2.5 (±1e-6) when 2.5 is reachable
 */
export function optimizeForTarget(channels: readonly ChannelResponse[], target: BudgetTarget, o: TargetOptions = {}): TargetPlan {
  const { kind, value } = readTarget(target);
  const [min, max] = range(channels, o);
  const at = (total: number) => optimizeBudget(total, channels, { ...o, check: false });
  // Efficiency targets want the largest total that meets them, a response target the smallest.
  const largest = kind !== "response";
  const grid = Array.from({ length: 24 }, (_, k) => min + ((max - min) * k) / 23);
  const plans = grid.map(at);
  const ok = plans.map((p) => slack(kind, value, p) >= 0);
  const pick = largest ? ok.lastIndexOf(true) : ok.indexOf(true);
  if (pick < 0) throw unreachable(kind, value, plans, [min, max]);
  const edge = largest ? pick === grid.length - 1 : pick === 0;
  let total = grid[pick]!;
  if (!edge) {
    // Bisection between the grid total that meets the target and its neighbour that does not.
    let good = grid[pick]!;
    let bad = grid[largest ? pick + 1 : pick - 1]!;
    for (let it = 0; it < 100 && Math.abs(bad - good) > 1e-9 * max; it++) {
      const mid = 0.5 * (good + bad);
      if (slack(kind, value, at(mid)) >= 0) good = mid;
      else bad = mid;
    }
    total = good;
  }
  const plan = optimizeBudget(total, channels, o);
  const out: TargetPlan = { ...plan, target: { kind, value, achieved: achievedOf(kind, plan), binding: !edge, searched: [min, max] } };
  if (edge)
    out.warnings.push(
      `The ${kind} target ${fmt(value)} is met ${largest ? "even at the largest" : "already at the smallest"} total searched (${fmt(total)}); ${largest ? "raise maxTotal or the upper bounds to spend more at that efficiency" : "lower minTotal or the lower bounds to spend less"}.`,
    );
  return out;
}

const fmt = (v: number): string => String(+v.toPrecision(4));

function unreachable(kind: Kind, value: number, plans: BudgetPlan[], searched: [number, number]): MMMError {
  const values = plans.map((p) => achievedOf(kind, p));
  const best = kind === "cpa" ? Math.min(...values) : Math.max(...values);
  const at = plans[values.indexOf(best)]!.total;
  const what = kind === "response" ? "expected KPI" : kind === "cpa" ? "CPA" : kind === "mroas" ? "marginal ROAS" : "ROAS";
  return new MMMError(
    "TARGET_UNREACHABLE",
    `No total between ${fmt(searched[0])} and ${fmt(searched[1])} reaches the ${what} target ${fmt(value)}.`,
    `The best reachable ${what} is ${fmt(best)} (at a total of ${fmt(at)}): aim at most for that, or widen the bounds / the total range.`,
    { value: best },
  );
}
