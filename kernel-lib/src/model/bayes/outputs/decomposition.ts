/**
 * The weekly decomposition of the KPI with posterior bands: fitted μ, baseline (intercept,
 * controls, trend, seasonality; with baseline "hsgp" the time-varying part too, and that part
 * alone as `timeVarying`) and each channel's contribution, in KPI units.
 */
import { isoDate } from "../../../data/dates";
import type { BayesMmmDensity } from "../mmmDensity";
import { bandOf, thin, type Band } from "./bands";

export interface BayesDecomposition {
  dates: string[];
  actual: number[];
  fitted: Band;
  baseline: Band;
  channels: Record<string, Band>;
  /** With baseline "hsgp": the Gaussian process's weekly deviation from the intercept (part of `baseline`). */
  timeVarying?: Band;
  /** Draws the bands were computed from. */
  draws: number;
}

/** Posterior weekly decomposition from unconstrained draws (thinned to ≤ 1000). */
export function decompositionBands(density: BayesMmmDensity, draws: readonly Float64Array[]): BayesDecomposition {
  const { data, n } = density;
  const used = thin(draws);
  const perChannel = data.channels.map(() => [] as Float64Array[]);
  const baseline: Float64Array[] = [];
  const fitted: Float64Array[] = [];
  const varying: Float64Array[] = [];
  for (const q of used) {
    const ch = data.channels.map(() => new Float64Array(n));
    const base = new Float64Array(n);
    const tv = density.gp ? new Float64Array(n) : undefined;
    density.decompose(q, ch, base, tv);
    if (tv) varying.push(tv);
    const mu = Float64Array.from(base);
    ch.forEach((v, c) => {
      perChannel[c]!.push(v);
      for (let t = 0; t < n; t++) mu[t]! += v[t]!;
    });
    baseline.push(base);
    fitted.push(mu);
  }
  return {
    dates: Array.from(data.days, (d) => isoDate(d)),
    actual: Array.from(data.y),
    fitted: bandOf(fitted),
    baseline: bandOf(baseline),
    channels: Object.fromEntries(data.channels.map((c, i) => [c.name, bandOf(perChannel[i]!)])),
    ...(varying.length ? { timeVarying: bandOf(varying) } : {}),
    draws: used.length,
  };
}
