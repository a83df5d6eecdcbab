/**
 * Seeded differential evolution on the budget set { Σ x = total, lo ≤ x ≤ hi }: the global check of
 * the gradient method. Strategy DE/rand/1/bin with self-adapted F and CR per individual (jDE).
 * Half the population starts uniform on the budget simplex (Dirichlet(1) shares of the free money),
 * half log-normally scattered around current spend rescaled to the total; every trial vector is
 * repaired by Euclidean projection onto the budget set, so all individuals are feasible.
 * Derivative-free: it only calls `response`.
 *
 * With S-shaped curves the landscape has one basin per choice of "which channels are lifted over
 * their threshold"; a single DE run settles in a good but not always the best basin, so
 * `multiStartEvolution` runs several short independent runs and refines each best with a local
 * method (the caller's `refine`), keeping the best.
 */
import { createRng, type Rng } from "../../math/random";
import { projectToBudget, totalValue, type BudgetProblem } from "./problem";

/** Options of `differentialEvolution`. */
export interface EvolutionOptions {
  seed: number;
  /** Population size (default 3 per free channel, between 20 and 40). */
  population?: number;
  /** Generation limit (default 200). */
  generations?: number;
  /** Stop when the population's values agree to this relative spread (default 1e-4). */
  tolerance?: number;
}

/** Best allocation found and the work done. */
export interface EvolutionResult {
  x: Float64Array;
  value: number;
  generations: number;
  evaluations: number;
}

interface Population {
  xs: Float64Array[];
  fs: Float64Array;
  F: Float64Array;
  CR: Float64Array;
}

/** A point uniform on the budget simplex (Dirichlet(1) shares of the money above the lower bounds), projected onto the bounds. */
function randomAllocation(p: BudgetProblem, rng: Rng): Float64Array {
  const n = p.names.length;
  const y = new Float64Array(n);
  let rest = p.total;
  let sum = 0;
  for (let c = 0; c < n; c++) {
    rest -= p.lo[c]!;
    y[c] = p.hi[c]! > p.lo[c]! ? -Math.log(1 - rng.uniform()) : 0;
    sum += y[c]!;
  }
  for (let c = 0; c < n; c++) y[c] = p.lo[c]! + (sum > 0 ? (rest * y[c]!) / sum : 0);
  return projectToBudget(p, y, y);
}

/**
 * Current spend rescaled to the total, each channel times a log-normal factor (sd 1): fitted curves
 * have their features near the spend seen in the data, which uniform draws on a large budget miss.
 */
function aroundCurrent(p: BudgetProblem, rng: Rng): Float64Array {
  const n = p.names.length;
  let cur = 0;
  for (let c = 0; c < n; c++) cur += p.current[c]!;
  if (!(cur > 0)) return randomAllocation(p, rng);
  const y = new Float64Array(n);
  for (let c = 0; c < n; c++) y[c] = ((p.current[c]! * p.total) / cur) * Math.exp(rng.normal(0, 1));
  return projectToBudget(p, y, y);
}

function initialise(p: BudgetProblem, rng: Rng, size: number): Population {
  const xs: Float64Array[] = [];
  const fs = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    xs.push(i % 2 === 1 ? aroundCurrent(p, rng) : randomAllocation(p, rng));
    fs[i] = totalValue(p, xs[i]!);
  }
  return { xs, fs, F: new Float64Array(size).fill(0.5), CR: new Float64Array(size).fill(0.9) };
}

/** Three distinct random indices, all different from i. */
function pickOthers(rng: Rng, size: number, i: number): [number, number, number] {
  let r0 = rng.int(size);
  while (r0 === i) r0 = rng.int(size);
  let r1 = rng.int(size);
  while (r1 === i || r1 === r0) r1 = rng.int(size);
  let r2 = rng.int(size);
  while (r2 === i || r2 === r0 || r2 === r1) r2 = rng.int(size);
  return [r0, r1, r2];
}

function trialVector(p: BudgetProblem, rng: Rng, pop: Population, i: number, out: Float64Array): void {
  // jDE: occasionally resample this individual's F and CR.
  if (rng.uniform() < 0.1) pop.F[i] = 0.1 + 0.9 * rng.uniform();
  if (rng.uniform() < 0.1) pop.CR[i] = rng.uniform();
  const F = pop.F[i]!;
  const CR = pop.CR[i]!;
  const [r0, r1, r2] = pickOthers(rng, pop.xs.length, i);
  const xi = pop.xs[i]!;
  const base = pop.xs[r0]!;
  const a = pop.xs[r1]!;
  const b = pop.xs[r2]!;
  const n = xi.length;
  const jrand = rng.int(n);
  for (let c = 0; c < n; c++) {
    out[c] = c === jrand || rng.uniform() < CR ? base[c]! + F * (a[c]! - b[c]!) : xi[c]!;
  }
  projectToBudget(p, out, out);
}

function freeChannels(p: BudgetProblem): number {
  let free = 0;
  for (let c = 0; c < p.names.length; c++) if (p.hi[c]! > p.lo[c]!) free++;
  return free;
}

/** Maximises the expected KPI over the budget set by differential evolution (deterministic per seed). */
export function differentialEvolution(p: BudgetProblem, opts: EvolutionOptions): EvolutionResult {
  const rng = createRng(opts.seed);
  const free = freeChannels(p);
  const size = opts.population ?? Math.min(40, Math.max(20, 3 * free));
  const maxGen = opts.generations ?? 200;
  const tol = opts.tolerance ?? 1e-4;
  const pop = initialise(p, rng, size);
  let evaluations = size;
  const trial = new Float64Array(p.names.length);
  let gen = 0;
  for (; gen < maxGen && free > 1; gen++) {
    let hi = -Infinity;
    let lo = Infinity;
    for (const f of pop.fs) {
      hi = Math.max(hi, f);
      lo = Math.min(lo, f);
    }
    if (hi - lo <= tol * Math.max(Math.abs(hi), 1e-300)) break;
    for (let i = 0; i < size; i++) {
      trialVector(p, rng, pop, i, trial);
      const ft = totalValue(p, trial);
      evaluations++;
      if (ft >= pop.fs[i]!) {
        pop.xs[i]!.set(trial);
        pop.fs[i] = ft;
      }
    }
  }
  let best = 0;
  for (let i = 1; i < size; i++) if (pop.fs[i]! > pop.fs[best]!) best = i;
  return { x: Float64Array.from(pop.xs[best]!), value: pop.fs[best]!, generations: gen, evaluations };
}

/** Options of `multiStartEvolution`. */
export interface MultiStartOptions extends EvolutionOptions {
  /** Independent runs (default 4), seeded from `seed`. */
  restarts?: number;
  /** Local refinement of each run's best (e.g. Newton); default none. */
  refine?: (x: Float64Array) => { x: Float64Array; value: number };
}

/** Result of `multiStartEvolution`. */
export interface MultiStartResult extends EvolutionResult {
  /** Best value DE itself reached, before refinement. */
  rawValue: number;
  restarts: number;
}

/** Several independent DE runs, each best refined; the best refined point wins (deterministic per seed). */
export function multiStartEvolution(p: BudgetProblem, opts: MultiStartOptions): MultiStartResult {
  const seeds = createRng(opts.seed);
  const restarts = Math.max(1, opts.restarts ?? 4);
  let best: MultiStartResult | undefined;
  let raw = -Infinity;
  let evaluations = 0;
  let generations = 0;
  for (let r = 0; r < restarts; r++) {
    const run = differentialEvolution(p, { ...opts, seed: seeds.int(0x7fffffff) + 1 });
    evaluations += run.evaluations;
    generations += run.generations;
    raw = Math.max(raw, run.value);
    const refined = opts.refine ? opts.refine(run.x) : run;
    if (!best || refined.value > best.value) best = { ...run, x: refined.x, value: refined.value, rawValue: 0, restarts };
  }
  return { ...best!, rawValue: raw, evaluations, generations };
}
