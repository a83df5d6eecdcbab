/**
 * Validation of budget requests and resolution of bounds into a `BudgetProblem`. Every bad request
 * is an `MMMError("INVALID_ARGUMENT")` saying what is wrong and what to do.
 */
import { closestNames, MMMError } from "../../errors";
import type { ChannelResponse } from "../response";
import type { BudgetProblem } from "./problem";

/** Default planning horizon: one year of weeks. */
export const DEFAULT_WEEKS = 52;

/** A channel bound: absolute [lo, hi] in horizon money, or ±pct of current horizon spend (pct 0.2 = ±20%). */
export type BudgetBound = [number, number] | { pct: number };

/** Options of `optimizeBudget`. */
export interface BudgetOptions {
  /** Per-channel bounds (horizon money, or ±pct of current spend over the horizon). Default: none (0 to total). */
  bounds?: Record<string, BudgetBound>;
  /** Channels whose horizon budget is fixed at the given amount. */
  fixed?: Record<string, number>;
  /** Horizon in weeks (default 52): allocations are horizon totals, weekly spend = allocation / weeks. */
  weeks?: number;
  /** Seed of the differential-evolution check (default 1). */
  seed?: number;
  /** Run the differential-evolution check (default true). */
  check?: boolean;
}

function invalid(what: string, hint: string, location: { column?: string; value?: unknown } = {}, code: "INVALID_ARGUMENT" | "BOUNDS_INFEASIBLE" = "INVALID_ARGUMENT"): MMMError {
  return new MMMError(code, what, hint, location);
}

const money = (v: number): string => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : String(+v.toPrecision(6)));

/** Horizon length: a positive finite number of weeks (default 52). */
export function resolveWeeks(weeks: number | undefined): number {
  if (weeks === undefined) return DEFAULT_WEEKS;
  if (typeof weeks !== "number" || !Number.isFinite(weeks) || weeks <= 0) {
    throw invalid(`The horizon weeks=${String(weeks)} is not a positive number.`, "Pass weeks > 0, e.g. weeks: 52 for a year or 13 for a quarter.", { value: weeks });
  }
  return weeks;
}

/** Checks the channel list: non-empty, unique names, finite current spend. */
export function validateChannelList(channels: readonly ChannelResponse[]): void {
  if (!Array.isArray(channels) || channels.length === 0) {
    throw invalid("The channel list is empty.", "Pass the fitted channel responses of a model (e.g. from runRidgeMMM).");
  }
  const seen = new Set<string>();
  for (const ch of channels) {
    if (!ch || typeof ch.name !== "string" || typeof ch.response !== "function" || typeof ch.marginal !== "function") {
      throw invalid("A channel is not a fitted channel response.", "Each channel needs name, currentWeekly, response(weeklySpend) and marginal(weeklySpend).");
    }
    if (seen.has(ch.name)) {
      throw invalid(`Channel "${ch.name}" appears more than once in the channel list.`, "Pass each channel once.", { column: ch.name });
    }
    seen.add(ch.name);
    if (!Number.isFinite(ch.currentWeekly) || ch.currentWeekly < 0) {
      throw invalid(`Channel "${ch.name}" has current weekly spend ${String(ch.currentWeekly)}.`, "currentWeekly must be a finite number >= 0.", { column: ch.name, value: ch.currentWeekly });
    }
  }
}

/**
 * Probes a channel's response and marginal over [0, maxWeekly]: they must be finite, and the
 * response must not be flat zero (a channel with no fitted response cannot be optimised).
 */
export function checkResponse(ch: ChannelResponse, maxWeekly: number, allowFlat: boolean): void {
  const top = Math.max(maxWeekly, ch.currentWeekly, 1e-9);
  let nonZero = false;
  for (let k = 0; k <= 16; k++) {
    const s = k === 16 ? ch.currentWeekly : top * (k / 15) ** 2;
    const r = ch.response(s);
    const m = ch.marginal(s);
    // An infinite marginal at zero spend is a concave curve's right (Hill with slope < 1).
    if (!Number.isFinite(r) || !(Number.isFinite(m) || (s === 0 && m === Infinity))) {
      throw invalid(`Channel "${ch.name}" has no fitted response: at weekly spend ${money(s)} its response is ${r} and its marginal ${m}.`, "Refit the model, or leave the channel out of the optimisation.", { column: ch.name, value: s });
    }
    if (r !== 0 || m !== 0) nonZero = true;
  }
  if (!nonZero && !allowFlat) {
    throw invalid(`Channel "${ch.name}" has no fitted response: its response curve is flat zero.`, `Leave it out of the channel list, or pin its budget with fixed: { "${ch.name}": amount }.`, { column: ch.name });
  }
}

function checkKnown(kind: string, keys: string[], names: string[]): void {
  for (const key of keys) {
    if (!names.includes(key)) {
      const near = closestNames(key, names);
      throw invalid(`Unknown channel "${key}" in ${kind}.`, near.length > 0 ? `Did you mean ${near.map((n) => `"${n}"`).join(", ")}? Channels: ${names.join(", ")}.` : `Channels: ${names.join(", ")}.`, { column: key });
    }
  }
}

function resolveBound(name: string, b: BudgetBound, current: number): [number, number] {
  if (Array.isArray(b)) {
    const [lo, hi] = b;
    if (b.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi) || lo < 0 || hi < lo) {
      throw invalid(`The bound of "${name}" [${String(lo)}, ${String(hi)}] is not a valid range.`, "Use [lo, hi] with 0 <= lo <= hi in horizon money, or { pct: 0.2 } for ±20% of current spend.", { column: name, value: b });
    }
    return [lo, hi];
  }
  const pct = b && typeof b === "object" ? b.pct : NaN;
  if (!Number.isFinite(pct) || pct < 0) {
    throw invalid(`The bound of "${name}" is not [lo, hi] or { pct } with pct >= 0.`, "Use [lo, hi] in horizon money, or { pct: 0.2 } for ±20% of current spend.", { column: name, value: b });
  }
  return [Math.max(0, current * (1 - pct)), current * (1 + pct)];
}

function checkFeasible(lo: Float64Array, hi: Float64Array, total: number): void {
  let sumLo = 0;
  let sumHi = 0;
  for (let c = 0; c < lo.length; c++) {
    sumLo += lo[c]!;
    sumHi += hi[c]!;
  }
  const tol = 1e-12 * total;
  if (sumLo > total + tol) {
    throw invalid(
      `The bounds cannot be met: the lower bounds and fixed budgets add up to ${money(sumLo)}, ${money(sumLo - total)} more than the total ${money(total)}.`,
      "Raise the total or lower some lower bounds / fixed budgets.",
      { value: sumLo - total },
      "BOUNDS_INFEASIBLE",
    );
  }
  if (sumHi < total - tol) {
    throw invalid(
      `The bounds cannot be met: the upper bounds and fixed budgets add up to ${money(sumHi)}, ${money(total - sumHi)} less than the total ${money(total)}.`,
      "Lower the total or raise some upper bounds (or widen the ±pct bounds).",
      { value: total - sumHi },
      "BOUNDS_INFEASIBLE",
    );
  }
}

function resolveTotal(total: number): number {
  if (typeof total !== "number" || !Number.isFinite(total) || total <= 0) {
    throw invalid(`The total budget ${String(total)} is not a positive number.`, "Pass the spend over the horizon as a number > 0, e.g. optimizeBudget(1_000_000, channels).", { value: total });
  }
  return total;
}

/** Validates a request and turns it into a `BudgetProblem` in horizon money. */
export function resolveProblem(total: number, channels: readonly ChannelResponse[], opts: BudgetOptions = {}): BudgetProblem {
  const T = resolveTotal(total);
  validateChannelList(channels);
  const weeks = resolveWeeks(opts.weeks);
  const names = channels.map((c) => c.name);
  const bounds = opts.bounds ?? {};
  const fixed = opts.fixed ?? {};
  checkKnown("bounds", Object.keys(bounds), names);
  checkKnown("fixed", Object.keys(fixed), names);
  const n = channels.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n).fill(Infinity);
  const current = new Float64Array(n);
  const notes: string[] = [];
  channels.forEach((ch, c) => {
    current[c] = ch.currentWeekly * weeks;
    const f = fixed[ch.name];
    if (f !== undefined) {
      if (bounds[ch.name] !== undefined) {
        throw invalid(`Channel "${ch.name}" is both fixed and bounded.`, "Give it either a fixed budget or bounds, not both.", { column: ch.name });
      }
      if (typeof f !== "number" || !Number.isFinite(f) || f < 0) {
        throw invalid(`The fixed budget of "${ch.name}" (${String(f)}) is not a number >= 0.`, "Pass the horizon budget, e.g. fixed: { tv: 250000 }.", { column: ch.name, value: f });
      }
      lo[c] = f;
      hi[c] = f;
    } else if (bounds[ch.name] !== undefined) {
      [lo[c], hi[c]] = resolveBound(ch.name, bounds[ch.name]!, current[c]!);
      if (!Array.isArray(bounds[ch.name]) && current[c] === 0) notes.push(`"${ch.name}" has no current spend, so its ±pct bound holds it at 0.`);
    }
  });
  checkFeasible(lo, hi, T);
  const hiGiven = Float64Array.from(hi);
  capUpper(lo, hi, T);
  channels.forEach((ch, c) => checkResponse(ch, hi[c]! / weeks, lo[c] === hi[c]));
  return { names, channels: [...channels], weeks, total: T, lo, hi, current, hiGiven, notes };
}

/** hi_c ≤ total − Σ_{other} lo: the most a channel can get once the others have their minimum. */
function capUpper(lo: Float64Array, hi: Float64Array, total: number): void {
  let sumLo = 0;
  for (let c = 0; c < lo.length; c++) sumLo += lo[c]!;
  for (let c = 0; c < lo.length; c++) hi[c] = Math.max(lo[c]!, Math.min(hi[c]!, total - (sumLo - lo[c]!)));
}
