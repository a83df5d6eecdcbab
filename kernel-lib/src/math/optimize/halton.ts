/**
 * Space-filling starting points: the Halton sequence with a seeded random shift per dimension
 * (Cranley–Patterson rotation), so different seeds give different, equally even designs.
 */
import { createRng } from "../random";

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199];

function radicalInverse(i: number, base: number): number {
  let f = 1;
  let r = 0;
  for (let k = i; k > 0; k = Math.floor(k / base)) {
    f /= base;
    r += f * (k % base);
  }
  return r;
}

/**
 * `count` points in [0, 1)^dims.
 * @example halton(4, 2, 1); // four well-spread points in the unit square
 */
export function halton(count: number, dims: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  const shift = Float64Array.from({ length: dims }, () => rng.uniform());
  return Array.from({ length: count }, (_, i) => Float64Array.from({ length: dims }, (_, d) => (radicalInverse(i + 1, PRIMES[d % PRIMES.length]!) + shift[d]!) % 1));
}
