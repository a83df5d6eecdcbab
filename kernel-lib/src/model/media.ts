/**
 * A channel's media transform in the model: saturation(adstock(spend / scale)), with the
 * parameters as JSON specs. Everything goes through the transform registry, so a transform
 * registered once (built-in or custom) works in ridge, the search, the simulator, curves and the
 * optimiser; this file only composes it.
 */
import type { AdstockTransform } from "./transforms/adstock";
import type { TransformParams } from "./transforms/base";
import { adstockFromSpec, saturationFromSpec } from "./transforms/registry";
import type { SaturationTransform } from "./transforms/saturation";
import type { AdstockSpecLike, SaturationSpecLike } from "./transforms/specs";

/** Carry-over and diminishing returns of one channel (any registered transforms). */
export interface MediaParams {
  adstock: AdstockSpecLike;
  saturation: SaturationSpecLike;
}

/** Default for ridge search starts: geometric carry-over (8 weeks, normalised) and a Hill curve. */
export const DEFAULT_MEDIA: MediaParams = {
  adstock: { type: "geometric", params: { alpha: 0.4, lMax: 8, normalize: true } },
  saturation: { type: "hill", params: { K: 0.5, S: 1.5 } },
};

/** A channel's transforms looked up and their parameters checked once, for repeated evaluation. */
export interface ResolvedMedia {
  adstock: AdstockTransform;
  adstockParams: TransformParams;
  saturation: SaturationTransform;
  saturationParams: TransformParams;
}

/**
 * The registry's transforms for these specs, parameters checked.
 * @throws MMMError INVALID_ARGUMENT for an unknown transform or an invalid parameter.
 */
export function resolveMedia(params: MediaParams): ResolvedMedia {
  const a = adstockFromSpec(params.adstock);
  const s = saturationFromSpec(params.saturation);
  return { adstock: a.transform, adstockParams: a.params, saturation: s.transform, saturationParams: s.params };
}

/**
 * The model's media regressor for one channel: `saturation(adstock(spend / scale))`.
 * @example mediaFeature(spend, Math.max(...spend), DEFAULT_MEDIA);
 */
export function mediaFeature(spend: Float64Array, scale: number, params: MediaParams): Float64Array {
  const m = resolveMedia(params);
  const scaled = new Float64Array(spend.length);
  const inv = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < spend.length; i++) scaled[i] = spend[i]! * inv; // a loop: Float64Array.from(fn) is slow in V8
  return m.saturation.apply(m.adstock.apply(scaled, m.adstockParams), m.saturationParams);
}

/** Steady-state gain of an adstock: a constant weekly input s settles at s × gain (1 when normalised). */
export function adstockGain(a: AdstockSpecLike): number {
  const { transform, params } = adstockFromSpec(a);
  return transform.steadyStateGain(params);
}

/**
 * Saturation value and slope at one input x ≥ 0 (the registry's scalar `valueAt` / `slopeAt`).
 * Inner loops should `resolveMedia` once and call those directly.
 * @example saturationAt(0.5, { type: "hill", params: { K: 0.5, S: 2 } }); // { value: 0.5, slope: 1 }
 */
export function saturationAt(x: number, s: SaturationSpecLike): { value: number; slope: number } {
  const { transform, params } = saturationFromSpec(s);
  return { value: transform.valueAt(x, params), slope: transform.slopeAt(x, params) };
}
