/**
 * One NUTS transition (tree doubling only), following Stan's `base_nuts` (≥ 2.26): multinomial
 * sampling of the trajectory, uniform progressive sampling inside subtrees and biased progressive
 * sampling at the top level, the generalised U-turn criterion on velocities (M⁻¹p) with the two
 * extra checks across the halves of every merged tree, divergence when H − H₀ > 1000.
 * The tree builder knows nothing of adaptation: it returns statistics the caller feeds onward.
 */
import type { Rng } from "../../math/random";
import type { LogDensity } from "./density";
import { energy, leapfrog, type PhasePoint } from "./hamiltonian";
import type { DenseMetric } from "./metric";

/** Energy error beyond which a leapfrog step counts as divergent (Stan's `max_deltaH`). */
export const MAX_DELTA_H = 1000;

/** A built subtree: its inner and outer end points, summed momentum, log weight and proposal. */
export interface Subtree {
  /** The end next to where building started (Stan's `beg`). */
  readonly first: PhasePoint;
  /** The outer end, from which the trajectory continues (Stan's `end`). */
  readonly last: PhasePoint;
  /** Σ p over the subtree. */
  readonly rho: Float64Array;
  /** log Σ exp(H₀ − H) over the subtree. */
  readonly logSumWeight: number;
  /** The point drawn from the subtree in proportion to exp(−H). */
  readonly proposal: PhasePoint;
}

/** Result of extending the trajectory by one subtree. */
export type TreeResult =
  | { readonly kind: "ok"; readonly tree: Subtree }
  | { readonly kind: "turning" }
  | { readonly kind: "diverging"; readonly point: PhasePoint }
  | { readonly kind: "err"; readonly error: unknown };

/** Outcome of one NUTS transition. */
export interface Transition {
  /** The new state (with the momentum it was drawn with). */
  readonly point: PhasePoint;
  /** Mean Metropolis acceptance probability over all leapfrog steps (feeds step-size adaptation). */
  readonly acceptStat: number;
  readonly treeDepth: number;
  readonly divergent: boolean;
  /** Hamiltonian at the new state. */
  readonly energy: number;
  readonly nLeapfrog: number;
}

interface Ctx {
  readonly density: LogDensity;
  readonly metric: DenseMetric;
  readonly rng: Rng;
  readonly h0: number;
  nLeapfrog: number;
  sumMetroProb: number;
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** (x + y)·u, y optional. */
function dot(u: Float64Array, x: Float64Array, y?: Float64Array): number {
  let s = 0;
  if (y) for (let i = 0; i < u.length; i++) s += u[i]! * (x[i]! + y[i]!);
  else for (let i = 0; i < u.length; i++) s += u[i]! * x[i]!;
  return s;
}

/**
 * Stan's three U-turn checks for a trajectory made of a left part (earlier in time) and a right part:
 * over the whole, over left ∪ first point of right, over last point of left ∪ right.
 */
function noUTurn(left: Subtree, right: Subtree, rho: Float64Array): boolean {
  const a = left.first.v, b = left.last.v, c = right.first.v, d = right.last.v;
  return (
    dot(a, rho) > 0 && dot(d, rho) > 0 &&
    dot(a, left.rho, right.first.p) > 0 && dot(c, left.rho, right.first.p) > 0 &&
    dot(b, right.rho, left.last.p) > 0 && dot(d, right.rho, left.last.p) > 0
  );
}

function leaf(ctx: Ctx, from: PhasePoint, eps: number): TreeResult {
  let z: PhasePoint;
  try {
    z = leapfrog(ctx.density, ctx.metric, from, eps);
  } catch (error) {
    return { kind: "err", error };
  }
  ctx.nLeapfrog++;
  const lw = ctx.h0 - energy(z);
  ctx.sumMetroProb += lw > 0 ? 1 : Math.exp(lw);
  if (-lw > MAX_DELTA_H) return { kind: "diverging", point: z };
  // rho may alias z.p: merged trees always allocate a new sum and never write into it.
  return { kind: "ok", tree: { first: z, last: z, rho: z.p, logSumWeight: lw, proposal: z } };
}

/** Builds a subtree of 2^depth leapfrog steps of size `eps` starting after `from`. */
function buildTree(ctx: Ctx, depth: number, from: PhasePoint, eps: number): TreeResult {
  if (depth === 0) return leaf(ctx, from, eps);
  const init = buildTree(ctx, depth - 1, from, eps);
  if (init.kind !== "ok") return init;
  const fin = buildTree(ctx, depth - 1, init.tree.last, eps);
  if (fin.kind !== "ok") return fin;
  const a = init.tree, b = fin.tree;
  const logSumWeight = logSumExp(a.logSumWeight, b.logSumWeight);
  let proposal = a.proposal;
  if (b.logSumWeight > logSumWeight) proposal = b.proposal;
  else if (ctx.rng.uniform() < Math.exp(b.logSumWeight - logSumWeight)) proposal = b.proposal;
  const rho = new Float64Array(a.rho.length);
  for (let i = 0; i < rho.length; i++) rho[i] = a.rho[i]! + b.rho[i]!;
  // The checks are symmetric in time, so the building order serves as left → right.
  if (!noUTurn(a, b, rho)) return { kind: "turning" };
  return { kind: "ok", tree: { first: a.first, last: b.last, rho, logSumWeight, proposal } };
}

/**
 * One NUTS transition from `z0` (whose momentum has just been drawn) with step size `stepSize`.
 * Fatal density errors are rethrown; recoverable ones end the trajectory as a divergence.
 * @example
 * const z0 = phasePoint(density, metric, q, p);
 * const t = nutsTransition(density, metric, z0, 0.5, rng, 10);
 * t.point.q; t.acceptStat; t.treeDepth; t.divergent;
 */
export function nutsTransition(density: LogDensity, metric: DenseMetric, z0: PhasePoint, stepSize: number, rng: Rng, maxTreeDepth: number): Transition {
  const ctx: Ctx = { density, metric, rng, h0: energy(z0), nLeapfrog: 0, sumMetroProb: 0 };
  const start: Subtree = { first: z0, last: z0, rho: z0.p, logSumWeight: 0, proposal: z0 };
  let bck = start, fwd = start, rho = start.rho, logSumWeight = 0;
  let sample = z0, depth = 0, divergent = false;
  while (depth < maxTreeDepth) {
    const forward = rng.uniform() > 0.5;
    const res = buildTree(ctx, depth, forward ? fwd.last : bck.last, forward ? stepSize : -stepSize);
    if (res.kind === "err") throw res.error;
    if (res.kind === "diverging") divergent = true;
    if (res.kind !== "ok") break;
    const t = res.tree;
    depth++;
    if (t.logSumWeight > logSumWeight) sample = t.proposal;
    else if (rng.uniform() < Math.exp(t.logSumWeight - logSumWeight)) sample = t.proposal;
    logSumWeight = logSumExp(logSumWeight, t.logSumWeight);
    const total = new Float64Array(rho.length);
    for (let i = 0; i < rho.length; i++) total[i] = rho[i]! + t.rho[i]!;
    // Old trajectory as one subtree: `first` is its inner end next to the new subtree.
    const old: Subtree = forward
      ? { first: bck.last, last: fwd.last, rho, logSumWeight, proposal: sample }
      : { first: fwd.last, last: bck.last, rho, logSumWeight, proposal: sample };
    const persist = noUTurn(old, t, total);
    if (forward) fwd = t; else bck = t;
    rho = total;
    if (!persist) break;
  }
  return { point: sample, acceptStat: ctx.sumMetroProb / ctx.nLeapfrog, treeDepth: depth, divergent, energy: energy(sample), nLeapfrog: ctx.nLeapfrog };
}
