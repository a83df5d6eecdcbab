/**
 * One NUTS transition (tree doubling only), following Stan's `base_nuts` (≥ 2.26): multinomial
 * sampling of the trajectory, uniform progressive sampling inside subtrees and biased progressive
 * sampling at the top level, the generalised U-turn criterion on velocities (M⁻¹p) with the two
 * extra checks across the halves of every merged tree, divergence when H − H₀ > 1000.
 * The tree builder knows nothing of adaptation: it returns statistics the caller feeds onward.
 *
 * Allocation-free: a `NutsWorkspace` owns every buffer a trajectory needs (one subtree record per
 * depth level, the two trajectory ends integrated in place), and records trade buffers by swapping
 * references instead of copying or allocating.
 */
import type { Rng } from "../../math/random";
import type { LogDensity } from "./density";
import { copyPoint, emptyPoint, energy, leapfrogInPlace, type PhasePoint } from "./hamiltonian";
import type { DenseMetric } from "./metric";

/** Energy error beyond which a leapfrog step counts as divergent (Stan's `max_deltaH`). */
export const MAX_DELTA_H = 1000;

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

/** The end points' momenta and velocities of a (sub)trajectory and its summed momentum: what the U-turn checks read. */
interface Ends {
  /** The end next to where building started (Stan's `beg`). */
  firstP: Float64Array;
  firstV: Float64Array;
  /** The outer end, from which the trajectory continues (Stan's `end`). */
  lastP: Float64Array;
  lastV: Float64Array;
  /** Σ p over the (sub)trajectory. */
  rho: Float64Array;
}

/** A built subtree: its ends, log Σ exp(H₀ − H) over it and the point drawn from it ∝ exp(−H). */
interface Subtree extends Ends {
  logSumWeight: number;
  proposal: PhasePoint;
}

const OK = 0,
  TURNING = 1,
  DIVERGING = 2;
type BuildStatus = typeof OK | typeof TURNING | typeof DIVERGING;

function subtree(dim: number): Subtree {
  const a = () => new Float64Array(dim);
  return { firstP: a(), firstV: a(), lastP: a(), lastV: a(), rho: a(), logSumWeight: 0, proposal: emptyPoint(dim) };
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** u·x. */
function dot(u: Float64Array, x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * x[i]!;
  return s;
}

/** u·(x + y), without materialising the sum. */
function dotSum(u: Float64Array, x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * (x[i]! + y[i]!);
  return s;
}

/**
 * Stan's three U-turn checks for a trajectory made of a left part (earlier in time) and a right part:
 * over the whole (`rho` = Σ p of both), over left ∪ first point of right, over last point of left ∪ right.
 * The checks are symmetric in time, so building order serves as left → right.
 */
function noUTurn(left: Ends, right: Ends, rho: Float64Array): boolean {
  const a = left.firstV,
    b = left.lastV,
    c = right.firstV,
    d = right.lastV;
  return dot(a, rho) > 0 && dot(d, rho) > 0 && dotSum(a, left.rho, right.firstP) > 0 && dotSum(c, left.rho, right.firstP) > 0 && dotSum(b, right.rho, left.lastP) > 0 && dotSum(d, right.rho, left.lastP) > 0;
}

/**
 * Buffers and state for NUTS transitions on one density (reuse it across a chain). `metric` may be
 * replaced between transitions (warm-up updates it).
 * @example
 * const ws = new NutsWorkspace(density, metric, rng, 10);
 * const t = ws.transition(z, 0.5); // z (momentum drawn, velocity set) is overwritten with the new state
 */
export class NutsWorkspace {
  readonly density: LogDensity;
  readonly rng: Rng;
  readonly maxTreeDepth: number;
  metric: DenseMetric;
  /** Per depth level k ≥ 1: the second half of a level-k subtree, and the merged Σ p. */
  readonly #fin: Subtree[];
  readonly #merged: Float64Array[];
  /** The subtree added at the top level. */
  readonly #top: Subtree;
  /** The trajectory's two ends, integrated in place as it grows. */
  readonly #fwd: PhasePoint;
  readonly #bck: PhasePoint;
  #sample: PhasePoint;
  /** The trajectory so far, as seen by the U-turn checks, with its end before extension saved. */
  readonly #old: Ends;
  readonly #savedP: Float64Array;
  readonly #savedV: Float64Array;
  #rho: Float64Array;
  #total: Float64Array;
  #h0 = 0;
  #nLeapfrog = 0;
  #sumMetroProb = 0;

  constructor(density: LogDensity, metric: DenseMetric, rng: Rng, maxTreeDepth: number) {
    const d = density.dim;
    this.density = density;
    this.metric = metric;
    this.rng = rng;
    this.maxTreeDepth = maxTreeDepth;
    this.#fin = Array.from({ length: maxTreeDepth + 1 }, () => subtree(d));
    this.#merged = Array.from({ length: maxTreeDepth + 1 }, () => new Float64Array(d));
    this.#top = subtree(d);
    this.#fwd = emptyPoint(d);
    this.#bck = emptyPoint(d);
    this.#sample = emptyPoint(d);
    this.#savedP = new Float64Array(d);
    this.#savedV = new Float64Array(d);
    this.#rho = new Float64Array(d);
    this.#total = new Float64Array(d);
    this.#old = { firstP: this.#rho, firstV: this.#rho, lastP: this.#savedP, lastV: this.#savedV, rho: this.#rho };
  }

  /** One leapfrog step from the end `z` into the leaf subtree `out`. */
  #leaf(out: Subtree, z: PhasePoint, eps: number): BuildStatus {
    leapfrogInPlace(this.density, this.metric, z, eps);
    this.#nLeapfrog++;
    const lw = this.#h0 - energy(z);
    this.#sumMetroProb += lw > 0 ? 1 : Math.exp(lw);
    if (-lw > MAX_DELTA_H) return DIVERGING;
    out.firstP.set(z.p);
    out.lastP.set(z.p);
    out.rho.set(z.p);
    out.firstV.set(z.v);
    out.lastV.set(z.v);
    out.logSumWeight = lw;
    copyPoint(out.proposal, z);
    return OK;
  }

  /** Builds into `out` a subtree of 2^depth leapfrog steps of size `eps`, advancing the end `z`. */
  #build(depth: number, out: Subtree, z: PhasePoint, eps: number): BuildStatus {
    if (depth === 0) return this.#leaf(out, z, eps);
    const init = this.#build(depth - 1, out, z, eps);
    if (init !== OK) return init;
    const fin = this.#fin[depth]!;
    const rest = this.#build(depth - 1, fin, z, eps);
    if (rest !== OK) return rest;
    const logSumWeight = logSumExp(out.logSumWeight, fin.logSumWeight);
    if (fin.logSumWeight > logSumWeight || this.rng.uniform() < Math.exp(fin.logSumWeight - logSumWeight)) {
      [out.proposal, fin.proposal] = [fin.proposal, out.proposal];
    }
    const rho = this.#merged[depth]!;
    for (let i = 0; i < rho.length; i++) rho[i] = out.rho[i]! + fin.rho[i]!;
    if (!noUTurn(out, fin, rho)) return TURNING;
    // `out` becomes the merged tree: it takes fin's outer end and the sum (buffers swapped, not copied).
    [out.lastP, fin.lastP] = [fin.lastP, out.lastP];
    [out.lastV, fin.lastV] = [fin.lastV, out.lastV];
    [out.rho, this.#merged[depth]] = [rho, out.rho];
    out.logSumWeight = logSumWeight;
    return OK;
  }

  /**
   * One NUTS transition from `z` (momentum just drawn, `v` and `kinetic` consistent with it) with
   * step size `stepSize`; `z` is overwritten with the new state. Fatal density errors are rethrown;
   * recoverable ones end the trajectory as a divergence. Returns statistics (`point` is `z`).
   */
  transition(z: PhasePoint, stepSize: number): Transition {
    const rng = this.rng;
    this.#h0 = energy(z);
    this.#nLeapfrog = 0;
    this.#sumMetroProb = 0;
    copyPoint(this.#fwd, z);
    copyPoint(this.#bck, z);
    copyPoint(this.#sample, z);
    this.#rho.set(z.p);
    const top = this.#top,
      old = this.#old;
    let logSumWeight = 0,
      depth = 0,
      divergent = false;
    while (depth < this.maxTreeDepth) {
      const forward = rng.uniform() > 0.5;
      const end = forward ? this.#fwd : this.#bck,
        other = forward ? this.#bck : this.#fwd;
      this.#savedP.set(end.p);
      this.#savedV.set(end.v);
      const status = this.#build(depth, top, end, forward ? stepSize : -stepSize);
      if (status === DIVERGING) divergent = true;
      if (status !== OK) break;
      depth++;
      if (top.logSumWeight > logSumWeight || rng.uniform() < Math.exp(top.logSumWeight - logSumWeight)) {
        [this.#sample, top.proposal] = [top.proposal, this.#sample];
      }
      logSumWeight = logSumExp(logSumWeight, top.logSumWeight);
      const rho = this.#rho,
        total = this.#total;
      for (let i = 0; i < rho.length; i++) total[i] = rho[i]! + top.rho[i]!;
      // The old trajectory as one subtree: `first` is its far end, `last` the end just extended.
      old.firstP = other.p;
      old.firstV = other.v;
      old.rho = rho;
      const persist = noUTurn(old, top, total);
      this.#rho = total;
      this.#total = rho;
      if (!persist) break;
    }
    copyPoint(z, this.#sample);
    const acceptStat = this.#sumMetroProb / this.#nLeapfrog;
    return { point: z, acceptStat, treeDepth: depth, divergent, energy: energy(z), nLeapfrog: this.#nLeapfrog };
  }
}

/**
 * One NUTS transition from `z0` (whose momentum has just been drawn) with step size `stepSize`,
 * into a new point (`z0` is not modified). For repeated transitions use a `NutsWorkspace`.
 * @example
 * const z0 = phasePoint(density, metric, q, p);
 * const t = nutsTransition(density, metric, z0, 0.5, rng, 10);
 * t.point.q; t.acceptStat; t.treeDepth; t.divergent;
 */
export function nutsTransition(density: LogDensity, metric: DenseMetric, z0: PhasePoint, stepSize: number, rng: Rng, maxTreeDepth: number): Transition {
  const z = emptyPoint(density.dim);
  copyPoint(z, z0);
  return new NutsWorkspace(density, metric, rng, maxTreeDepth).transition(z, stepSize);
}
