/**
 * Reach & frequency media as Meridian models them: the weekly input is reach × Hill(frequency)
 * (how much one more exposure per reached person still adds), then a normalised geometric adstock,
 * a_t = Σ_{l<L} w_l·x_{t−l}, w_l = αˡ / Σ_k αᵏ, and no saturation after it: the channel's
 * contribution is β·a_t. The Hill is the registry's (K = Meridian's ec, S = its slope) with
 * Meridian's priors, LogNormal(0.7, 0.4) each (Meridian shifts ec by 0.1; we do not); α keeps the
 * geometric adstock's registered prior, as every other channel.
 */
import type { PriorSpec } from "../../transforms/specs";
import { saturationCurve, type BayesSaturation } from "./saturation";
import type { ChannelSeries } from "./series";

/** Meridian's default priors of the Hill on frequency (ec_rf, slope_rf). */
export const RF_HILL_PRIORS: Record<string, PriorSpec> = { K: { dist: "LogNormal", mu: 0.7, sigma: 0.4 }, S: { dist: "LogNormal", mu: 0.7, sigma: 0.4 } };

/** The Hill on frequency of an R&F channel (prior overrides by the model's `transformPriors.hill_frequency`). */
export function rfHill(channel: string, overrides?: Record<string, PriorSpec>): BayesSaturation {
  return saturationCurve("hill", channel, { hill: { ...RF_HILL_PRIORS, ...overrides } });
}

/** One R&F channel's weekly inputs: reach divided by its max, frequency as given; and the reference point of the response parameterisation. */
export interface RfInput {
  reach: Float64Array;
  frequency: Float64Array;
  /** Mean scaled reach and mean frequency over weeks with reach: β = r / (r̄·Hill(f̄)). */
  reachRef: number;
  frequencyRef: number;
  /** Scratch: the week's media input before the adstock (so a gradient allocates nothing). */
  work: Float64Array;
}

export function rfInput(reach: Float64Array, frequency: Float64Array): RfInput {
  const max = reach.reduce((m, v) => Math.max(m, v), 0) || 1;
  const scaled = reach.map((v) => v / max);
  const on = scaled.reduce((k, v) => k + (v > 0 ? 1 : 0), 0) || 1;
  const reachRef = scaled.reduce((s, v) => s + v, 0) / scaled.length;
  const frequencyRef = frequency.reduce((s, f, t) => s + (scaled[t]! > 0 ? f : 0), 0) / on;
  return { reach: scaled, frequency, reachRef, frequencyRef, work: new Float64Array(reach.length) };
}

/**
 * a_t (into `out.h`), ∂a_t/∂α (`out.hd`) and ∂a_t/∂θⱼ (`out.hu[j]`, θ the Hill's K and S, natural
 * scale) at decay `alpha`; their sums [Σa, Σ∂a/∂α, Σ∂a/∂K, Σ∂a/∂S] into `sums`. The Hill runs once
 * per week; the adstock is a convolution of at most `lMax` lags (R&F channels are few).
 */
export function rfSeries(x: RfInput, alpha: number, lMax: number, theta: Float64Array, hill: BayesSaturation, out: ChannelSeries, sums: Float64Array): void {
  const { reach, frequency } = x;
  const n = reach.length;
  const { h, hd, hu, scratch: ev } = out;
  const [u0, u1] = [hu[0]!, hu[1]!];
  // Media input and its Hill partials, written into the outputs first and convolved in place backwards.
  const xin = x.work;
  for (let t = 0; t < n; t++) {
    if (reach[t]! > 0) hill.evaluate(frequency[t]!, theta, ev);
    else ev.fill(0);
    xin[t] = reach[t]! * ev[0]!;
    u0[t] = reach[t]! * ev[2]!;
    u1[t] = reach[t]! * ev[3]!;
  }
  const { w, dw } = adstockWeights(alpha, lMax);
  sums.fill(0, 0, 4);
  for (let t = n - 1; t >= 0; t--) {
    let a = 0,
      da = 0,
      d0 = 0,
      d1 = 0;
    for (let l = 0; l < w.length && l <= t; l++) {
      a += w[l]! * xin[t - l]!;
      da += dw[l]! * xin[t - l]!;
      d0 += w[l]! * u0[t - l]!;
      d1 += w[l]! * u1[t - l]!;
    }
    // Week t reads weeks ≤ t only, so overwriting week t after reading it is safe going backwards.
    h[t] = a;
    hd[t] = da;
    u0[t] = d0;
    u1[t] = d1;
    sums[0]! += a;
    sums[1]! += da;
    sums[2]! += d0;
    sums[3]! += d1;
  }
}

/** Normalised geometric weights w_l = αˡ/Σαᵏ (l < L) and dw_l/dα. */
export function adstockWeights(alpha: number, L: number): { w: Float64Array; dw: Float64Array } {
  const raw = Float64Array.from({ length: L }, (_, l) => alpha ** l);
  const draw = Float64Array.from({ length: L }, (_, l) => (l === 0 ? 0 : l * alpha ** (l - 1)));
  const S = raw.reduce((s, v) => s + v, 0);
  const dS = draw.reduce((s, v) => s + v, 0);
  return { w: raw.map((v) => v / S), dw: raw.map((v, l) => (draw[l]! * S - v * dS) / (S * S)) };
}
