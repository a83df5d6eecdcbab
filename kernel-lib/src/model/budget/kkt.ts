/**
 * The gradient method of the budget optimiser.
 *
 * 1. Global: the concave-hull relaxation (relaxation.ts) gives one to three starting points.
 * 2. Local: active-set projected Newton from each start. Each step solves the separable quadratic
 *    model exactly: x⁺_c = clamp(x_c + w_c (g_c − λ), lo_c, hi_c) with w_c = −1/f_c'' and λ chosen
 *    so Σ x⁺ = total, then an Armijo line search along x⁺ − x. It converges to a KKT point:
 *    marginal ROAS g_c = λ on every channel strictly inside its bounds.
 * 3. Flip search: channels with S-shaped curves are switched on or off one at a time (re-relaxing
 *    the others, then Newton) while that improves the KPI, closing the relaxation's duality gap.
 */
import { allHulls, flipPins, relax, relaxedStarts, type Hulls } from "./relaxation";
import { channelCurvature, channelGrad, clampedSum, projectToBudget, repairSum, totalValue, type BudgetProblem } from "./problem";

const MAX_NEWTON = 100;

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

/**
 * Armijo backtracking along the feasible segment from x to target. If no step passes Armijo (the
 * gradient can be a poor guide where the curve is nearly vertical, e.g. Hill slope < 1 near zero),
 * the best step that still raises the KPI is taken.
 */
function lineSearch(p: BudgetProblem, x: Float64Array, fx: number, target: Float64Array, slope: number): { x: Float64Array; value: number; step: number } | undefined {
  let fallback: { x: Float64Array; value: number; step: number } | undefined;
  for (let alpha = 1; alpha >= 1e-10; alpha *= 0.5) {
    const trial = new Float64Array(x.length);
    for (let c = 0; c < x.length; c++) trial[c] = Math.min(p.hi[c]!, Math.max(p.lo[c]!, x[c]! + alpha * (target[c]! - x[c]!)));
    repairSum(trial, p.lo, p.hi, p.total);
    const ft = totalValue(p, trial);
    if (ft >= fx + 1e-4 * alpha * slope && ft >= fx) return { x: trial, value: ft, step: alpha };
    if (ft > fx && (!fallback || ft > fallback.value)) fallback = { x: trial, value: ft, step: alpha };
  }
  return fallback;
}

/** One round of flips at a time from `best`, keeping any that improves, until none does. */
function flipSearch(p: BudgetProblem, hulls: Hulls, best: LocalOptimum): LocalOptimum & { flips: number } {
  let flips = 0;
  for (let round = 0; round < p.names.length; round++) {
    let improved = false;
    for (const pin of flipPins(hulls, best.x, 1e-9 * p.total)) {
      const r = newtonPolish(p, relax(p, hulls, pin).x);
      flips++;
      if (r.value > best.value + 1e-12 * Math.abs(best.value)) {
        best = r;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return { ...best, flips };
}

/** Hull-relaxation starts (plus `extraStarts`), Newton from each, then the flip search; the best KKT point wins. */
export function solveKkt(p: BudgetProblem, extraStarts: ArrayLike<number>[] = []): LocalOptimum & { starts: number } {
  const hulls = allHulls(p);
  const starts: ArrayLike<number>[] = [...relaxedStarts(p, hulls), ...extraStarts];
  let best: LocalOptimum | undefined;
  for (const s of starts) {
    const r = newtonPolish(p, s);
    if (!best || r.value > best.value) best = r;
  }
  const searched = flipSearch(p, hulls, best!);
  return { x: searched.x, value: searched.value, iterations: searched.iterations, starts: starts.length + searched.flips };
}
