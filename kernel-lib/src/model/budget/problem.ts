/**
 * The budget problem in horizon money: maximise Σ_c f_c(x_c) subject to Σ_c x_c = total and
 * lo_c ≤ x_c ≤ hi_c, where x_c is channel c's spend over the whole horizon of `weeks` weeks and
 * f_c(x) = weeks · response_c(x / weeks) is its expected incremental KPI over the horizon.
 * Note f_c'(x) = marginal_c(x / weeks): the gradient is the marginal ROAS.
 */
import type { ChannelResponse } from "../response";

/** A validated problem (see `resolveProblem` in constraints.ts). */
export interface BudgetProblem {
  /** Channel names in input order. */
  readonly names: string[];
  readonly channels: ChannelResponse[];
  readonly weeks: number;
  readonly total: number;
  /** Lower bounds, horizon money. */
  readonly lo: Float64Array;
  /** Upper bounds, horizon money, already capped at what the other channels' lower bounds leave. */
  readonly hi: Float64Array;
  /** Current spend over the horizon: currentWeekly × weeks. */
  readonly current: Float64Array;
  /** Upper bounds as the user set them (Infinity when unbounded), for reporting binding bounds. */
  readonly hiGiven: Float64Array;
  /** Notes on how the request was read, passed on as warnings. */
  readonly notes: string[];
}

/** Expected KPI over the horizon from spending `x` (horizon money) on channel `c`. */
export function channelValue(p: BudgetProblem, c: number, x: number): number {
  return p.weeks * p.channels[c]!.response(x / p.weeks);
}

/**
 * d value / d x for channel `c`: its marginal ROAS at weekly spend x / weeks. Where it is not
 * finite (a Hill curve with slope < 1 has an infinite marginal at zero spend) it is taken just
 * above, at 1e-9 of the channel's range.
 */
export function channelGrad(p: BudgetProblem, c: number, x: number): number {
  const ch = p.channels[c]!;
  const m = ch.marginal(x / p.weeks);
  if (Number.isFinite(m)) return m;
  const near = ch.marginal((x + 1e-9 * Math.max(p.hi[c]! - p.lo[c]!, p.total * 1e-6)) / p.weeks);
  return Number.isFinite(near) ? near : Number.MAX_VALUE;
}

/**
 * d² value / d x² by a central (or, near zero spend, forward) difference of the marginal, since
 * `ChannelResponse` exposes no second derivative.
 */
export function channelCurvature(p: BudgetProblem, c: number, x: number): number {
  const scale = Math.max(Math.abs(x), p.hi[c]! / 1000, 1e-12);
  const h = 1e-5 * scale;
  if (x - h < 0) return (channelGrad(p, c, x + h) - channelGrad(p, c, x)) / h;
  return (channelGrad(p, c, x + h) - channelGrad(p, c, x - h)) / (2 * h);
}

/** Total expected KPI over the horizon of allocation `x`. */
export function totalValue(p: BudgetProblem, x: ArrayLike<number>): number {
  let v = 0;
  for (let c = 0; c < x.length; c++) v += channelValue(p, c, x[c]!);
  return v;
}

/**
 * The point x_c = clamp(a_c − w_c λ, lo_c, hi_c) with λ chosen so that Σ x = target (all w_c > 0;
 * `w = null` means all ones). The sum is piecewise linear and non-increasing in λ; λ is found by
 * Newton steps on it (exact once the set of unclamped channels is right), safeguarded by a
 * bracket. With w = null this is the Euclidean projection of `a` onto { Σ x = target, lo ≤ x ≤ hi };
 * with w = −1/f'' it is a diagonal Newton step. Requires Σ lo ≤ target ≤ Σ hi.
 */
export function clampedSum(a: ArrayLike<number>, w: ArrayLike<number> | null, lo: ArrayLike<number>, hi: ArrayLike<number>, target: number, out: Float64Array): Float64Array {
  const n = a.length;
  // Bracket: at λ = left every channel is at hi, at λ = right every channel is at lo.
  let left = Infinity;
  let right = -Infinity;
  for (let c = 0; c < n; c++) {
    if (!(hi[c]! > lo[c]!)) continue;
    const wc = w ? w[c]! : 1;
    left = Math.min(left, (a[c]! - hi[c]!) / wc);
    right = Math.max(right, (a[c]! - lo[c]!) / wc);
  }
  let lam = left < right ? 0.5 * (left + right) : 0;
  for (let it = 0; it < 200 && left < right; it++) {
    let sum = 0;
    let slope = 0;
    for (let c = 0; c < n; c++) {
      const wc = w ? w[c]! : 1;
      const v = a[c]! - wc * lam;
      if (v <= lo[c]!) sum += lo[c]!;
      else if (v >= hi[c]!) sum += hi[c]!;
      else {
        sum += v;
        slope += wc;
      }
    }
    const r = sum - target;
    if (r === 0) break;
    if (r > 0) left = lam;
    else right = lam;
    const newton = slope > 0 ? lam + r / slope : NaN;
    const next = newton > left && newton < right ? newton : 0.5 * (left + right);
    if (next === lam || right - left <= 1e-15 * Math.max(Math.abs(left), Math.abs(right))) break;
    lam = next;
  }
  for (let c = 0; c < n; c++) out[c] = Math.min(hi[c]!, Math.max(lo[c]!, a[c]! - (w ? w[c]! : 1) * lam));
  return repairSum(out, lo, hi, target);
}

/** Puts the rounding residual of Σ x − target on the channels with room, so Σ x = target to the last bit that matters. */
export function repairSum(x: Float64Array, lo: ArrayLike<number>, hi: ArrayLike<number>, target: number): Float64Array {
  for (let pass = 0; pass < 3; pass++) {
    let s = 0;
    for (let c = 0; c < x.length; c++) s += x[c]!;
    let r = target - s;
    if (r === 0) break;
    for (let c = 0; c < x.length && r !== 0; c++) {
      const room = r > 0 ? hi[c]! - x[c]! : lo[c]! - x[c]!;
      const take = r > 0 ? Math.min(r, room) : Math.max(r, room);
      x[c] = x[c]! + take;
      r -= take;
    }
  }
  return x;
}

/** Euclidean projection of `y` onto the feasible set { Σ x = total, lo ≤ x ≤ hi }. */
export function projectToBudget(p: BudgetProblem, y: ArrayLike<number>, out: Float64Array = new Float64Array(y.length)): Float64Array {
  return clampedSum(y, null, p.lo, p.hi, p.total, out);
}
