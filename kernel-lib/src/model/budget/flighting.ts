/**
 * `planFlighting`: the weekly spend per channel over an H-week horizon that maximises the expected
 * media contribution, given the carry-over of the observed weeks, a total budget, weekly [min, max]
 * per channel and ramp limits. Projected gradient ascent on the H × C weekly spends (analytic
 * gradient through the adstock convolution and the saturation; Barzilai–Borwein steps with an
 * Armijo backtrack; projection in flightConstraints.ts), from the current mix spread evenly and a
 * few seeded random starts (an S-shaped curve makes the problem non-concave), the best one kept.
 */
import { isoDate } from "../../data/dates";
import { MMMError } from "../../errors";
import { createRng } from "../../math/random";
import { uncertain, type Uncertain } from "../bayes/posterior";
import { perChannel, projectFlight, rampViolation, resolveFlightSet, type FlightSet, type RampLimit } from "./flightConstraints";
import { channelFlight, maxLag, type FlightModel } from "./flightModel";

export type { RampLimit } from "./flightConstraints";

/** Options of `planFlighting`. */
export interface FlightOptions {
  /** Horizon in weeks (1–156), starting the week after the last observed one. */
  weeks: number;
  /** Spend over the horizon, all channels. */
  total: number;
  /** Weekly [min, max] spend per channel ("*" for every channel; default [0, total]). */
  bounds?: Record<string, [number, number]>;
  /** Week-to-week change limits per channel ("*" for every channel); week 1 is measured from the last observed week. */
  ramp?: Record<string, RampLimit>;
  /**
   * Count the carry-over of planned spend into the weeks after the horizon (the adstock's tail, up
   * to lMax − 1 weeks with zero spend) — default true, so late spend is not undervalued. With false
   * only the horizon's weeks count, and the plan pulls spend earlier.
   */
  spillover?: boolean;
  /** Random starts besides the even one (default 3), seeded by `seed` (default 1). */
  starts?: number;
  seed?: number;
  /** Iteration cap per start (default 2000). */
  maxIterations?: number;
}

/** The weekly plan. Money per week; KPI is the expected media contribution (posterior mean on a Bayesian fit). */
export interface FlightPlan {
  model: "ridge" | "bayesian" | "geo";
  weeks: number;
  total: number;
  /** Week starts of the plan weeks (ISO). */
  dates: string[];
  /** Planned spend per channel per week. */
  spend: Record<string, number[]>;
  /** Expected contribution per channel per plan week (includes the carry-over of observed spend). */
  response: Record<string, number[]>;
  /** Weeks counted: the horizon, plus the spill-over tail when `spillover`. */
  countedWeeks: number;
  spillover: boolean;
  /** Σ expected media contribution over the counted weeks: what a week-by-week forecast of the plan sums to. */
  totalResponse: number;
  /** The part of it the observed weeks' carry-over alone gives (a plan of zero spend). */
  carryOver: number;
  /** totalResponse − carryOver: what the plan's spend adds. */
  incremental: number;
  /** incremental / total. */
  roas: number;
  /**
   * The same channel totals spread evenly over the weeks (the timing's worth = incremental − even.incremental).
   * Under ramp limits the even plan may break them (a channel cannot jump to its average in week 1), so it can score higher.
   */
  even: { incremental: number; roas: number };
  /** On a Bayesian fit: the incremental KPI under each draw used. */
  incrementalPosterior?: Uncertain;
  /** Largest ramp violation left by the projection (money; ~0). */
  rampViolation: number;
  iterations: number;
  converged: boolean;
  method: string;
  warnings: string[];
}

interface Problem {
  model: FlightModel;
  set: FlightSet;
  counted: number;
  spillover: boolean;
  tol: number;
}

/** Σ expected contribution over the counted weeks of flat plan x, gradient into `grad` when given. */
function evaluate(p: Problem, x: Float64Array, grad?: Float64Array): number {
  const { H } = p.set;
  const weekly = new Float64Array(p.counted);
  let v = 0;
  p.model.channels.forEach((ch, c) => {
    const plan = x.subarray(c * H, (c + 1) * H);
    const perDraw = channelFlight(ch, plan, p.counted, weekly, grad?.subarray(c * H, (c + 1) * H));
    v += perDraw.reduce((a, d) => a + d, 0) / perDraw.length;
  });
  return v;
}

/** Projected gradient ascent from x0; returns the point, its value, iterations and convergence. */
function ascend(p: Problem, x0: Float64Array, maxIter: number): { x: Float64Array; value: number; iterations: number; converged: boolean } {
  let x = projectFlight(p.set, x0, p.tol);
  let g = new Float64Array(x.length);
  let f = evaluate(p, x, g);
  let step = p.set.total / x.length / Math.max(1e-300, Math.max(...g.map(Math.abs)));
  let quiet = 0;
  for (let it = 1; it <= maxIter; it++) {
    let next: Float64Array | undefined;
    let fNext = -Infinity;
    const gNext = new Float64Array(x.length);
    for (let back = 0; back < 60; back++) {
      const y = x.map((v, i) => v + step * g[i]!);
      next = projectFlight(p.set, y, p.tol);
      fNext = evaluate(p, next, gNext);
      const gain = next.reduce((a, v, i) => a + g[i]! * (v - x[i]!), 0);
      if (fNext >= f + 1e-4 * gain - 1e-15 * Math.abs(f)) break;
      step /= 2;
    }
    const s = next!.map((v, i) => v - x[i]!);
    const moved = Math.max(...s.map(Math.abs));
    const rel = (fNext - f) / Math.max(Math.abs(f), 1e-300);
    const yk = gNext.map((v, i) => g[i]! - v); // ascent: −(change of the gradient)
    const sy = s.reduce((a, v, i) => a + v * yk[i]!, 0);
    const ss = s.reduce((a, v) => a + v * v, 0);
    x = next!;
    g = gNext;
    f = Math.max(f, fNext);
    quiet = moved <= p.tol || rel <= 1e-12 ? quiet + 1 : 0;
    if (quiet >= 5) return { x, value: evaluate(p, x), iterations: it, converged: true };
    if (sy > 0 && ss > 0) step = ss / sy;
  }
  return { x, value: evaluate(p, x), iterations: maxIter, converged: false };
}

function checkOptions(m: FlightModel, o: FlightOptions): void {
  if (!Number.isInteger(o.weeks) || o.weeks < 1 || o.weeks > 156) throw new MMMError("INVALID_ARGUMENT", `A flighting plan of ${o.weeks} weeks is not possible.`, "Plan between 1 and 156 whole weeks.", { value: o.weeks });
  if (!(Number.isFinite(o.total) && o.total > 0)) throw new MMMError("INVALID_ARGUMENT", `The total budget ${o.total} is not a positive number.`, "Pass the spend over the horizon, e.g. total: 500000.", { value: o.total });
  if (m.channels.length === 0) throw new MMMError("INVALID_ARGUMENT", "The model has no channels to plan.", "Fit a model with media channels first.");
}

/** Starting points: the current mix spread evenly, then seeded random weekly shares. */
function startPoints(m: FlightModel, H: number, total: number, extra: number, seed: number): Float64Array[] {
  const C = m.channels.length;
  const cur = m.channels.map((ch) => Math.max(ch.currentWeekly, 1e-12));
  const sum = cur.reduce((a, v) => a + v, 0);
  const even = new Float64Array(C * H);
  cur.forEach((v, c) => even.fill((total * v) / sum / H, c * H, (c + 1) * H));
  const rng = createRng(seed);
  const random = Array.from({ length: extra }, () => {
    const x = even.map((v) => v * -Math.log(Math.max(rng.uniform(), 1e-12)));
    const s = x.reduce((a, v) => a + v, 0);
    return x.map((v) => (v * total) / s);
  });
  return [even, ...random];
}

/**
 * The weekly plan that maximises the expected media contribution over the counted weeks.
 * @throws MMMError INVALID_ARGUMENT for bad options, BOUNDS_INFEASIBLE when the bounds and ramps cannot spend the total.
 * @example
 * const plan = planFlighting(ridgeFlightModel(model), { weeks: 13, total: 400_000, ramp: { "*": { pct: 0.3 } } });
 * plan.spend.tv; // 13 weekly amounts
 */
export function planFlighting(m: FlightModel, o: FlightOptions): FlightPlan {
  checkOptions(m, o);
  const H = o.weeks;
  const names = m.channels.map((c) => c.name);
  const spillover = o.spillover ?? true;
  const set = resolveFlightSet({
    names,
    H,
    total: o.total,
    bounds: perChannel("bounds", o.bounds, names),
    ramp: perChannel("ramp", o.ramp, names),
    last: m.channels.map((c) => (c.history.length ? c.history[c.history.length - 1]! : null)),
  });
  const p: Problem = { model: m, set, counted: spillover ? H + maxLag(m) - 1 : H, spillover, tol: 1e-10 * (o.total / H) };
  const seed = o.seed ?? 1;
  createRng(seed); // validates the seed
  const cap = o.maxIterations ?? 2000;
  // Every start runs a short ascent; the best one is then run to convergence (random starts converge slowly and rarely win).
  const runs = startPoints(m, H, o.total, o.starts ?? 3, seed).map((x0) => ascend(p, x0, Math.min(cap, 100)));
  const lead = runs.reduce((a, r) => (r.value > a.value ? r : a));
  const best = lead.converged ? lead : ascend(p, lead.x, cap);
  const method = `projected gradient ascent (analytic gradient through adstock and saturation, Barzilai–Borwein steps, Dykstra projection), best of ${runs.length} starts`;
  return buildFlightPlan(p, best.x, { method, iterations: runs.reduce((a, r) => a + r.iterations, best === lead ? 0 : best.iterations), converged: best.converged });
}

/** Total response, carry-over, per-week contributions, the even comparison and (Bayesian) the posterior of the plan `x`. */
function buildFlightPlan(p: Problem, x: Float64Array, run: { method: string; iterations: number; converged: boolean }): FlightPlan {
  const { model: m, set, counted } = p;
  const { H, total } = set;
  const spend: Record<string, number[]> = {};
  const response: Record<string, number[]> = {};
  const zero = new Float64Array(H);
  const weekly = new Float64Array(counted);
  const draws = m.channels[0]!.draws.length;
  const inc = new Float64Array(draws);
  const evenInc = new Float64Array(draws);
  let totalResponse = 0;
  let carryOver = 0;
  m.channels.forEach((ch, c) => {
    const plan = x.subarray(c * H, (c + 1) * H);
    const withPlan = channelFlight(ch, plan, counted, weekly);
    spend[ch.name] = Array.from(plan);
    response[ch.name] = Array.from(weekly.subarray(0, H));
    const base = channelFlight(ch, zero, counted, weekly);
    const flat = channelFlight(ch, new Float64Array(H).fill(plan.reduce((a, v) => a + v, 0) / H), counted, weekly);
    for (let d = 0; d < draws; d++) {
      totalResponse += withPlan[d]! / draws;
      carryOver += base[d]! / draws;
      inc[d]! += withPlan[d]! - base[d]!;
      evenInc[d]! += flat[d]! - base[d]!;
    }
  });
  const incremental = totalResponse - carryOver;
  const evenMean = evenInc.reduce((a, v) => a + v, 0) / draws;
  const plan: FlightPlan = {
    model: m.model,
    weeks: H,
    total,
    dates: Array.from({ length: H }, (_, k) => isoDate(m.lastDay + 7 * (k + 1))),
    spend,
    response,
    countedWeeks: counted,
    spillover: p.spillover,
    totalResponse,
    carryOver,
    incremental,
    roas: incremental / total,
    even: { incremental: evenMean, roas: evenMean / total },
    rampViolation: rampViolation(set, x),
    iterations: run.iterations,
    converged: run.converged,
    method: run.method,
    warnings: run.converged ? [] : ["The gradient method stopped at its iteration cap before converging; the plan may improve with more iterations."],
  };
  if (set.groups.length && evenMean > incremental) plan.warnings.push("Even weeks would bring more, but they break the ramp limits from the last observed week; the plan is the best within them.");
  if (m.model === "bayesian") plan.incrementalPosterior = uncertain(Array.from(inc));
  return plan;
}
