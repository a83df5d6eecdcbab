/**
 * A channel's media transform in the model: saturation(adstock(spend / scale)), with the
 * parameters as JSON specs (the same shapes the simulator and the Bayesian model use).
 */
import { adstockFromSpec, applyAdstockSpec, applySaturationSpec } from "./transforms/registry";
import type { AdstockSpec, SaturationSpec } from "./transforms/specs";

/** Carry-over and diminishing returns of one channel. */
export interface MediaParams {
  adstock: AdstockSpec;
  saturation: SaturationSpec;
}

/** Default for ridge search starts: geometric carry-over (8 weeks, normalised) and a Hill curve. */
export const DEFAULT_MEDIA: MediaParams = {
  adstock: { type: "geometric", params: { alpha: 0.4, lMax: 8, normalize: true } },
  saturation: { type: "hill", params: { K: 0.5, S: 1.5 } },
};

/** Carry-over through the transform registry (custom registered adstocks work too). */
export function applyAdstock(x: Float64Array, a: AdstockSpec): Float64Array {
  return applyAdstockSpec(x, a);
}

/** Diminishing returns through the transform registry. */
export function applySaturation(x: Float64Array, s: SaturationSpec): Float64Array {
  return applySaturationSpec(x, s);
}

/** The model's media regressor for one channel. */
export function mediaFeature(spend: Float64Array, scale: number, params: MediaParams): Float64Array {
  const scaled = new Float64Array(spend.length);
  const inv = 1 / scale;
  for (let i = 0; i < spend.length; i++) scaled[i] = spend[i]! * inv; // a loop: Float64Array.from(fn) is slow in V8
  return applySaturation(applyAdstock(scaled, params.adstock), params.saturation);
}

/** Steady-state gain of an adstock: a constant weekly input s settles at s × gain (1 when normalised). */
export function adstockGain(a: AdstockSpec): number {
  const { transform, params } = adstockFromSpec(a);
  return transform.steadyStateGain(params);
}

/**
 * Saturation value and slope at one input x ≥ 0 — a scalar fast path for the budget optimiser's
 * inner loop (checked against the registry's vector `apply` and `derivative` in the tests).
 */
export function saturationAt(x: number, s: SaturationSpec): { value: number; slope: number } {
  switch (s.type) {
    case "hill": {
      const { K, S } = s.params;
      if (x <= 0) return { value: 0, slope: S === 1 ? 1 / K : S < 1 ? Infinity : 0 };
      const r = (K / x) ** S;
      return { value: 1 / (1 + r), slope: (S * r) / (x * (1 + r) ** 2) };
    }
    case "logistic": {
      const t = Math.tanh((s.params.lam * x) / 2);
      return { value: t, slope: (s.params.lam / 2) * (1 - t * t) };
    }
    case "michaelis_menten": {
      const l = s.params.lam;
      return { value: x / (l + x), slope: l / (l + x) ** 2 };
    }
  }
}
