/**
 * Posterior predictive check: replicated KPI series y_rep = μ + noise (Normal or Student-t, as the
 * likelihood), their 94% bands against the actual KPI, and fit metrics of the posterior mean.
 * A well-calibrated model covers about 94% of the weeks.
 */
import tFactory from "@stdlib/random-base-t";
import { isoDate } from "../../../data/dates";
import { createRng } from "../../../math/random";
import { mape, nrmse, r2 } from "../../metrics";
import type { BayesMmmDensity } from "../mmmDensity";
import { bandOf, thin, type Band } from "./bands";

export interface PosteriorPredictive {
  dates: string[];
  actual: number[];
  /** Bands of replicated data (μ plus observation noise). */
  predicted: Band;
  /** Share of weeks whose actual KPI lies inside the 94% predictive band. */
  coverage94: number;
  /** Fit of the posterior mean μ to the actual KPI. */
  r2: number;
  mape: number;
  nrmse: number;
  draws: number;
}

/** Replicate the KPI from (≤ 1000 thinned) draws; seeded. */
export function posteriorPredictive(density: BayesMmmDensity, draws: readonly Float64Array[], seed = 42): PosteriorPredictive {
  const { data, n } = density;
  const rng = createRng(seed);
  // ν per draw: fixed, or sampled with the other parameters.
  const student = density.options.likelihood === "studentT" ? tFactory.factory({ prng: () => rng.uniform() }) : undefined;
  const used = thin(draws);
  const reps: Float64Array[] = [];
  const meanMu = new Float64Array(n);
  const ch = data.channels.map(() => new Float64Array(n));
  const base = new Float64Array(n);
  for (const q of used) {
    const p = density.decompose(q, ch, base);
    const sd = p.sigma * density.yScale;
    const rep = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      let mu = base[t]!;
      for (const v of ch) mu += v[t]!;
      meanMu[t]! += mu / used.length;
      rep[t] = mu + sd * (student ? student(p.nu ?? 5) : rng.normal(0, 1));
    }
    reps.push(rep);
  }
  const predicted = bandOf(reps);
  let inside = 0;
  data.y.forEach((y, t) => (inside += y >= predicted.lo[t]! && y <= predicted.hi[t]! ? 1 : 0));
  return { dates: Array.from(data.days, (d) => isoDate(d)), actual: Array.from(data.y), predicted, coverage94: inside / n, r2: r2(data.y, meanMu), mape: mape(data.y, meanMu), nrmse: nrmse(data.y, meanMu), draws: used.length };
}
