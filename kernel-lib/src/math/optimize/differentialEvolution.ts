/**
 * Differential evolution (DE/rand-to-best/1/bin with dithered F) on the unit box, seeded: the same
 * seed gives the same search. Generational: all trials of a generation are built from the
 * population at its start and scored as one batch, so a batch can be spread over threads without
 * changing the result.
 */
import { createRng } from "../random";
import { halton } from "./halton";

export interface DEOptions {
  populationSize?: number;
  generations?: number;
  crossover?: number;
  seed?: number;
  /** Called after each generation; return false to stop early. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing (void) must stay assignable; false stops
  onGeneration?: (info: { generation: number; evaluations: number; best: number }) => boolean | void;
}

export interface DEResult {
  x: Float64Array;
  value: number;
  evaluations: number;
  generations: number;
}

/** Minimise over [0, 1]^dims; `f` scores a batch of points. */
export function differentialEvolution(f: (xs: Float64Array[]) => number[], dims: number, opts: DEOptions = {}): DEResult {
  const rng = createRng(opts.seed ?? 42);
  const size = opts.populationSize ?? Math.max(20, 6 * dims);
  const cr = opts.crossover ?? 0.7;
  const pop = halton(size, dims, opts.seed ?? 42);
  const values = f(pop);
  let evaluations = size;
  let best = argmin(values);
  let generation = 0;
  for (; generation < (opts.generations ?? 40); generation++) {
    const trials = pop.map((x, i) => trial(rng, pop, x, i, best, cr));
    const scores = f(trials);
    evaluations += size;
    for (let i = 0; i < size; i++) {
      if (scores[i]! <= values[i]!) {
        pop[i] = trials[i]!;
        values[i] = scores[i]!;
      }
    }
    best = argmin(values);
    if (opts.onGeneration?.({ generation: generation + 1, evaluations, best: values[best]! }) === false) break;
  }
  return { x: pop[best]!, value: values[best]!, evaluations, generations: generation };
}

function trial(rng: ReturnType<typeof createRng>, pop: Float64Array[], x: Float64Array, i: number, best: number, cr: number): Float64Array {
  const dims = x.length;
  const [a, b, c] = pick3(rng, pop.length, i);
  const F = 0.5 + 0.3 * rng.uniform();
  const jr = rng.int(dims);
  const out = new Float64Array(dims);
  for (let j = 0; j < dims; j++) {
    const v = x[j]!;
    if (j !== jr && rng.uniform() > cr) {
      out[j] = v;
      continue;
    }
    const m = pop[a]![j]! + F * (pop[best]![j]! - pop[a]![j]!) + F * (pop[b]![j]! - pop[c]![j]!);
    out[j] = m < 0 ? rng.uniform() * v : m > 1 ? v + rng.uniform() * (1 - v) : m; // bounce back inside
  }
  return out;
}

function argmin(v: number[]): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! < v[k]!) k = i;
  return k;
}

function pick3(rng: { int(n: number): number }, size: number, not: number): [number, number, number] {
  const out: number[] = [];
  while (out.length < 3) {
    const k = rng.int(size);
    if (k !== not && !out.includes(k)) out.push(k);
  }
  return out as [number, number, number];
}
