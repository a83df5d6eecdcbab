/**
 * The gradient method of the budget optimiser, in two steps.
 *
 * 1. Concave-hull relaxation (global). Each channel's horizon value f_c is sampled on a grid over
 *    [lo_c, hi_c] and replaced by its upper concave hull. The relaxed problem is then solved
 *    exactly by water-filling: hull segments are bought in order of falling slope (marginal ROAS)
 *    until the total is spent. For concave curves this is the optimum up to grid resolution; for
 *    S-shaped curves (Hill with slope > 1) the hull bridges the convex start of the curve, so the
 *    relaxation decides globally which channels are worth lifting over their threshold. At most
 *    one channel ends part-way along a segment; when that segment bridges a non-concave stretch,
 *    both of its ends are tried as extra starts.
 * 2. Active-set projected Newton (local). From each start, iterate the exact solution of the
 *    separable quadratic model: x⁺_c = clamp(x_c + w_c (g_c − λ), lo_c, hi_c) with w_c = −1/f_c''
 *    and λ chosen so Σ x⁺ = total, then an Armijo line search along x⁺ − x. Converges to a KKT
 *    point: marginal ROAS g_c = λ on every channel strictly inside its bounds.
 */
import { channelCurvature, channelGrad, channelValue, clampedSum, projectToBudget, repairSum, totalValue, type BudgetProblem } from "./problem";

/** Grid intervals per channel for the hull relaxation. */
const GRID = 96;
const MAX_NEWTON = 100;

interface Segment {
  c: number;
  /** Position of the segment among channel c's hull segments (they must be bought in order). */
  order: number;
  x0: number;
  x1: number;
  slope: number;
  /** Grid intervals bridged: > 1 means the curve is not concave under this segment. */
  span: number;
}

/** Upper concave hull of channel c's value on a grid over [lo_c, hi_c], as segments of falling slope. */
export function hullSegments(p: BudgetProblem, c: number, grid = GRID): Segment[] {
  const lo = p.lo[c]!;
  const hi = p.hi[c]!;
  if (!(hi > lo)) return [];
  const xs: number[] = [];
  const vs: number[] = [];
  const idx: number[] = [];
  for (let k = 0; k <= grid; k++) {
    // Denser near the lower bound, where saturation curves bend.
    const t = k / grid;
    const x = k === grid ? hi : lo + (hi - lo) * (0.5 * t + 0.5 * t * t);
    const v = channelValue(p, c, x);
    while (xs.length >= 2) {
      const n = xs.length;
      const cross = (xs[n - 1]! - xs[n - 2]!) * (v - vs[n - 2]!) - (vs[n - 1]! - vs[n - 2]!) * (x - xs[n - 2]!);
      if (cross < 0) break;
      xs.pop();
      vs.pop();
      idx.pop();
    }
    xs.push(x);
    vs.push(v);
    idx.push(k);
  }
  const segs: Segment[] = [];
  for (let i = 1; i < xs.length; i++) {
    const slope = (vs[i]! - vs[i - 1]!) / (xs[i]! - xs[i - 1]!);
    segs.push({ c, order: i - 1, x0: xs[i - 1]!, x1: xs[i]!, slope, span: idx[i]! - idx[i - 1]! });
  }
  return segs;
}

/** Result of the water-filling on the hulls. */
export interface Relaxation {
  x: Float64Array;
  /** The segment left part-filled, if any. */
  partial?: Segment;
}

/**
 * Water-filling on the concave hulls: every channel starts at its lower bound and hull segments
 * are bought in order of falling slope until the total is spent. `pin` holds one channel at a value.
 */
export function relax(p: BudgetProblem, hulls: Segment[][], pin?: { c: number; x: number }): Relaxation {
  const x = Float64Array.from(p.lo);
  let rest = p.total;
  for (let c = 0; c < x.length; c++) rest -= x[c]!;
  if (pin) {
    rest -= pin.x - x[pin.c]!;
    x[pin.c] = pin.x;
  }
  const segs = hulls.flat().filter((s) => !pin || s.c !== pin.c);
  segs.sort((a, b) => b.slope - a.slope || a.c - b.c || a.order - b.order);
  let partial: Segment | undefined;
  for (const s of segs) {
    if (rest <= 0) break;
    const take = Math.min(s.x1 - s.x0, rest);
    x[s.c] = x[s.c]! + take;
    rest -= take;
    if (rest <= 0 && take < s.x1 - s.x0) partial = s;
  }
  return partial ? { x, partial } : { x };
}

/** Starting points for the local method: the relaxation, and both ends of a bridged part-filled segment. */
export function relaxedStarts(p: BudgetProblem): Float64Array[] {
  const hulls = p.names.map((_, c) => hullSegments(p, c));
  const base = relax(p, hulls);
  const starts = [base.x];
  const s = base.partial;
  if (s && s.span > 1) {
    starts.push(relax(p, hulls, { c: s.c, x: s.x0 }).x, relax(p, hulls, { c: s.c, x: s.x1 }).x);
  }
  return starts.map((x) => projectToBudget(p, x));
}

/** Newton weights w_c = −1/f_c'' (regularised where the curve is convex or flat) and the gradient. */
function newtonModel(p: BudgetProblem, x: Float64Array, g: Float64Array, w: Float64Array): void {
  for (let c = 0; c < x.length; c++) {
    g[c] = channelGrad(p, c, x[c]!);
    const range = p.hi[c]! - p.lo[c]!;
    if (!(range > 0)) {
      w[c] = 1;
      continue;
    }
    const h = channelCurvature(p, c, x[c]!);
    const floor = (1e-2 * Math.abs(g[c]!) + 1e-300) / range;
    w[c] = 1 / Math.max(-h, floor);
  }
}

/** Result of the local method. */
export interface LocalOptimum {
  x: Float64Array;
  value: number;
  iterations: number;
}

/** Active-set projected Newton from `start` to a KKT point (see the file comment). */
export function newtonPolish(p: BudgetProblem, start: ArrayLike<number>): LocalOptimum {
  const n = p.names.length;
  let x = projectToBudget(p, start);
  let fx = totalValue(p, x);
  const g = new Float64Array(n);
  const w = new Float64Array(n);
  const a = new Float64Array(n);
  const target = new Float64Array(n);
  let it = 0;
  for (; it < MAX_NEWTON; it++) {
    newtonModel(p, x, g, w);
    for (let c = 0; c < n; c++) a[c] = x[c]! + w[c]! * g[c]!;
    clampedSum(a, w, p.lo, p.hi, p.total, target);
    let slope = 0;
    let step = 0;
    for (let c = 0; c < n; c++) {
      const d = target[c]! - x[c]!;
      slope += g[c]! * d;
      step = Math.max(step, Math.abs(d));
    }
    if (step <= 1e-13 * p.total) break;
    const next = lineSearch(p, x, fx, target, slope);
    if (!next) break;
    const moved = next.step * step;
    x = next.x;
    fx = next.value;
    if (moved <= 1e-13 * p.total) break;
  }
  return { x, value: fx, iterations: it };
}

/** Armijo backtracking along the feasible segment from x to target. */
function lineSearch(
  p: BudgetProblem,
  x: Float64Array,
  fx: number,
  target: Float64Array,
  slope: number,
): { x: Float64Array; value: number; step: number } | undefined {
  const trial = new Float64Array(x.length);
  for (let alpha = 1; alpha >= 1e-10; alpha *= 0.5) {
    for (let c = 0; c < x.length; c++) trial[c] = Math.min(p.hi[c]!, Math.max(p.lo[c]!, x[c]! + alpha * (target[c]! - x[c]!)));
    repairSum(trial, p.lo, p.hi, p.total);
    const ft = totalValue(p, trial);
    if (ft >= fx + 1e-4 * alpha * slope && ft >= fx) return { x: trial, value: ft, step: alpha };
  }
  return undefined;
}

/** Global start by the hull relaxation, then Newton from every start; the best KKT point wins. */
export function solveKkt(p: BudgetProblem, extraStarts: ArrayLike<number>[] = []): LocalOptimum & { starts: number } {
  const starts: ArrayLike<number>[] = [...relaxedStarts(p), ...extraStarts];
  let best: LocalOptimum | undefined;
  for (const s of starts) {
    const r = newtonPolish(p, s);
    if (!best || r.value > best.value) best = r;
  }
  return { ...best!, starts: starts.length };
}
