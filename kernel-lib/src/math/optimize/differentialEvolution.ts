/**
 * Differential evolution (DE/rand-to-best/1/bin with dithered F) on the unit box, seeded: the same
 * seed gives the same search. Used for the multi-channel hyper-parameter search.
 */
import { createRng } from "../random";
import { halton } from "./halton";

export interface DEOptions {
  populationSize?: number;
  generations?: number;
  crossover?: number;
  seed?: number;
  /** Called after each generation; return false to stop early. */
  onGeneration?: (info: { generation: number; evaluations: number; best: number }) => boolean | void;
}

export interface DEResult {
  x: Float64Array;
  value: number;
  evaluations: number;
  generations: number;
}

/** Minimise f over [0, 1]^dims. */
export function differentialEvolution(f: (x: Float64Array) => number, dims: number, opts: DEOptions = {}): DEResult {
  const rng = createRng(opts.seed ?? 42);
  const size = opts.populationSize ?? Math.max(20, 6 * dims);
  const cr = opts.crossover ?? 0.7;
  const pop = halton(size, dims, opts.seed ?? 42);
  const values = pop.map((x) => f(x));
  let evaluations = size;
  let best = values.indexOf(Math.min(...values));
  let generation = 0;
  for (; generation < (opts.generations ?? 40); generation++) {
    for (let i = 0; i < size; i++) {
      const [a, b, c] = pick3(rng, size, i);
      const F = 0.5 + 0.3 * rng.uniform();
      const jr = rng.int(dims);
      const trial = new Float64Array(dims);
      for (let j = 0; j < dims; j++) {
        const v = pop[i]![j]!;
        if (j !== jr && rng.uniform() > cr) {
          trial[j] = v;
          continue;
        }
        const m = pop[a]![j]! + F * (pop[best]![j]! - pop[a]![j]!) + F * (pop[b]![j]! - pop[c]![j]!);
        trial[j] = m < 0 ? rng.uniform() * v : m > 1 ? v + rng.uniform() * (1 - v) : m; // bounce back inside
      }
      const fv = f(trial);
      evaluations++;
      if (fv <= values[i]!) {
        pop[i] = trial;
        values[i] = fv;
        if (fv < values[best]!) best = i;
      }
    }
    if (opts.onGeneration?.({ generation: generation + 1, evaluations, best: values[best]! }) === false) break;
  }
  return { x: pop[best]!, value: values[best]!, evaluations, generations: generation };
}

function pick3(rng: { int(n: number): number }, size: number, not: number): [number, number, number] {
  const out: number[] = [];
  while (out.length < 3) {
    const k = rng.int(size);
    if (k !== not && !out.includes(k)) out.push(k);
  }
  return out as [number, number, number];
}
