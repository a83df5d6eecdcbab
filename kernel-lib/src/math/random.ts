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
  checkSeed(seed);
  // stdlib rejects seed 0 (scalar or one-element array); a two-element key array is accepted.
  const base = mt19937.factory({ seed: seed === 0 ? [0, 0] : seed });
  // `normalized` exists at runtime (53-bit doubles on [0, 1)) but is missing from stdlib's typings.
  const uniform = (base as unknown as { normalized: () => number }).normalized;
  // The ziggurat needs its own integer stream; key it by the seed too (a `prng` option would
  // silently consume a uniform to seed one, shifting the uniform stream by one draw).
  const gauss = normalFactory.factory({ seed: [seed, NORMAL_STREAM_KEY] });
  return rngOf(
    seed,
    uniform,
    (mu, sd) => gauss(mu, sd),
    () => createRng(Math.floor(uniform() * MAX_SEED) + 1),
  );
}

/**
 * A generator that is cheap to create (four 32-bit words of state instead of the Twister's 624):
 * sfc32 (Doty-Humphrey's small fast counting generator, PractRand-clean) seeded through splitmix32,
 * normals by the Box–Muller transform. For the many short streams one per posterior draw (the geo
 * model's conditional draws: 40 geos × 4000 draws), where creating a Twister cost 40 µs each.
 * @example createLightRng(7).normal() === createLightRng(7).normal(); // true
 */
export function createLightRng(seed: number): Rng {
  checkSeed(seed);
  let x = seed | 0;
  const split = () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  // 53-bit uniforms from two outputs, as the Twister's `normalized`.
  const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  let spare = Number.NaN;
  const gauss = (mu: number, sd: number) => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return mu + sd * z;
    }
    const u = 1 - uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * uniform();
    spare = r * Math.sin(th);
    return mu + sd * r * Math.cos(th);
  };
  return rngOf(seed, uniform, gauss, () => createLightRng(Math.floor(uniform() * MAX_SEED) + 1));
}

/**
 * A seed from a vector's bits and a salt (FNV-1a over its 32-bit words): the same values give the same
 * seed, so whatever is drawn from it is a function of the vector (the geo model seeds each draw's
 * conditional coefficients by the draw and the geo).
 * @example seedFromBits(Float64Array.of(1, 2), 0) === seedFromBits(Float64Array.of(1, 2), 0); // true
 */
export function seedFromBits(values: Float64Array, salt = 0): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return h >>> 0;
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new MMMError("INVALID_ARGUMENT", `Random seed ${String(seed)} is not valid.`, `Use an integer between 0 and ${MAX_SEED}, e.g. seed: 42.`, { value: seed });
  }
}

/** The `Rng` interface over a uniform and a normal source (argument checks shared by both generators). */
function rngOf(seed: number, uniform: () => number, gauss: (mu: number, sd: number) => number, fork: () => Rng): Rng {
  return {
    seed,
    uniform,
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
    fork,
  };
}
