/** Lift tests on simulated data: go-dark experiments whose measured lift is the simulator's own truth plus seeded noise. */
import type { SimulationTruth } from "../../kernel-lib/src";
import { createRng } from "../../kernel-lib/src/math/random";
import type { LiftTest } from "../../kernel-lib/src/model/bayes/model/liftTests";
import { mediaFeature } from "../../kernel-lib/src/model/media";
import type { MmmData } from "../../kernel-lib/src/model/mmmData";

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * True lift of switching channel `c` off in weeks [first, first + weeks) (plus `tail` weeks of
 * carry-over), by the simulator's transform on the channel's max-scaled spend (the scale kept as the data's).
 */
export function trueGoDarkLift(truth: SimulationTruth, mmm: MmmData, c: number, first: number, weeks: number, tail = 0): { lift: number; deltaSpend: number } {
  const spend = mmm.channels[c]!.spend;
  const max = spend.reduce((m, v) => Math.max(m, v), 0);
  const spec = truth.options.channels[c]!;
  const dark = Float64Array.from(spend).fill(0, first, first + weeks);
  const [a, b] = [mediaFeature(spend, max, spec), mediaFeature(dark, max, spec)];
  let lift = 0;
  for (let t = first; t < Math.min(spend.length, first + weeks + tail); t++) lift += truth.channels[c]!.beta * (b[t]! - a[t]!);
  return { lift, deltaSpend: -spend.subarray(first, first + weeks).reduce((s, v) => s + v, 0) };
}

/** Go-dark tests on channel `c` at the given first weeks, measured with relative standard error `se` (seeded noise). */
export function goDarkTests(truth: SimulationTruth, mmm: MmmData, c: number, firsts: number[], weeks: number, se: number, seed: number, tail = 0): LiftTest[] {
  const rng = createRng(seed);
  return firsts.map((first) => {
    const { lift, deltaSpend } = trueGoDarkLift(truth, mmm, c, first, weeks, tail);
    const sigma = se * Math.abs(lift);
    return { channel: mmm.channels[c]!.name, start: isoDay(mmm.days[first]!), end: isoDay(mmm.days[first + weeks - 1]! + 6), deltaSpend, lift: lift + sigma * rng.normal(0, 1), sigma, tailWeeks: tail };
  });
}

/** Pearson correlation. */
export function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0,
    mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
