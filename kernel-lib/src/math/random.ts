/**
 * Seeded random numbers. Everything stochastic in agentic-mmm (simulation, search starts, samplers)
 * draws from an `Rng` so that the same seed gives the same numbers on every machine.
 * Uniforms and normals come from two Mersenne Twister streams, both keyed by the seed, so a
 * generator's whole output is fixed by its seed and the order of calls.
 */
import mt19937 from "@stdlib/random-base-mt19937";
import normalFactory from "@stdlib/random-base-normal";
import { MMMError } from "../errors";

const MAX_SEED = 0xffffffff;
const NORMAL_STREAM_KEY = 0x6e6f726d;

/** A seeded pseudo-random generator. */
export interface Rng {
  /** The seed this generator was created with. */
  readonly seed: number;
  /** Uniform on [0, 1), 53-bit resolution. */
  uniform(): number;
  /** Normal with mean `mu` and standard deviation `sd` (`sd = 0` returns `mu`). */
  normal(mu?: number, sd?: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** An independent generator seeded from this one's stream (for per-component streams). */
  fork(): Rng;
}

/**
 * A Mersenne Twister (MT19937) generator with normals by the improved ziggurat method.
 * `seed` is an integer in [0, 2^32 − 1]; seed `s ≥ 1` gives the same uniforms as NumPy's
 * `RandomState(s).random_sample()`.
 * @example
 * const rng = createRng(1);
 * rng.uniform(); // 0.417022004702574
 * createRng(1).uniform() === createRng(1).uniform(); // true
 * rng.normal(0, 1); rng.int(6); rng.shuffle([1, 2, 3]);
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new MMMError("INVALID_ARGUMENT", `Random seed ${String(seed)} is not valid.`, `Use an integer between 0 and ${MAX_SEED}, e.g. seed: 42.`, { value: seed });
  }
  // stdlib rejects seed 0 (scalar or one-element array); a two-element key array is accepted.
  const base = mt19937.factory({ seed: seed === 0 ? [0, 0] : seed });
  // `normalized` exists at runtime (53-bit doubles on [0, 1)) but is missing from stdlib's typings.
  const uniform = (base as unknown as { normalized: () => number }).normalized;
  // The ziggurat needs its own integer stream; key it by the seed too (a `prng` option would
  // silently consume a uniform to seed one, shifting the uniform stream by one draw).
  const gauss = normalFactory.factory({ seed: [seed, NORMAL_STREAM_KEY] });
  const rng: Rng = {
    seed,
    uniform: () => uniform(),
    normal: (mu = 0, sd = 1) => {
      if (!(sd >= 0)) {
        throw new MMMError("INVALID_ARGUMENT", `Normal sd ${sd} is negative.`, "Pass a standard deviation >= 0.");
      }
      return sd === 0 ? mu : gauss(mu, sd);
    },
    int: (n) => {
      if (!Number.isInteger(n) || n < 1) {
        throw new MMMError("INVALID_ARGUMENT", `rng.int(${n}) needs a positive integer.`, "Pass n >= 1.");
      }
      return Math.floor(uniform() * n);
    },
    shuffle: <T>(items: T[]): T[] => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const tmp = items[i]!;
        items[i] = items[j]!;
        items[j] = tmp;
      }
      return items;
    },
    fork: () => createRng(Math.floor(uniform() * MAX_SEED) + 1),
  };
  return rng;
}
