/**
 * The posterior predictive summary both Bayesian forecasts share (bayesForecast.ts, geoForecast.ts): per draw its
 * expected KPI per week, each channel's part and one replicate week series; out come the mean, the replicates'
 * 94% band per week, each channel's mean part and the horizon total's mean and 94% HDI.
 */
import { bandOf } from "../bayes/outputs/bands";
import { hdiSorted } from "../bayes/posterior";

export interface PredictiveSummary {
  mean: number[];
  lo: number[];
  hi: number[];
  contributions: number[][];
  total: { mean: number; lo: number; hi: number };
}

/**
 * `draw(i, mu, parts)` fills draw i's expected KPI `mu` and channel parts (h weeks each) and returns its
 * replicate (mu plus the model's noise), a fresh array.
 */
export function predictiveSummary(draws: number, h: number, channels: number, draw: (i: number, mu: Float64Array, parts: Float64Array[]) => Float64Array): PredictiveSummary {
  const reps: Float64Array[] = [];
  const meanMu = new Float64Array(h);
  const contrib = Array.from({ length: channels }, () => new Float64Array(h));
  const totals = new Float64Array(draws);
  const mu = new Float64Array(h);
  const parts = Array.from({ length: channels }, () => new Float64Array(h));
  for (let i = 0; i < draws; i++) {
    const rep = draw(i, mu, parts);
    for (let t = 0; t < h; t++) {
      meanMu[t]! += mu[t]! / draws;
      totals[i]! += rep[t]!;
    }
    parts.forEach((v, c) => {
      for (let t = 0; t < h; t++) contrib[c]![t]! += v[t]! / draws;
    });
    reps.push(rep);
  }
  const band = bandOf(reps);
  const [lo, hi] = hdiSorted(Float64Array.from(totals).sort());
  return { mean: Array.from(meanMu), lo: band.lo, hi: band.hi, contributions: contrib.map((v) => Array.from(v)), total: { mean: meanMu.reduce((a, v) => a + v, 0), lo, hi } };
}
