/**
 * The searched hyper-parameters of each channel and the map from the unit box to them:
 * geometric decay, Hill half-saturation K and slope S (Robyn's search space, on inputs scaled by
 * the channel's max spend).
 */
import type { MediaParams } from "../media";

export interface SearchBounds {
  alpha: [number, number];
  K: [number, number];
  S: [number, number];
  lMax: number;
}

export const DEFAULT_BOUNDS: SearchBounds = { alpha: [0, 0.9], K: [0.05, 1.2], S: [0.5, 4], lMax: 8 };

/** Parameters searched per channel. */
export const PER_CHANNEL = 3;

const lerp = ([lo, hi]: [number, number], u: number) => lo + (hi - lo) * u;
const unlerp = ([lo, hi]: [number, number], v: number) => (hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0);

/** Unit-box coordinates (3 per channel) → media parameters. */
export function decode(u: Float64Array, offset: number, b: SearchBounds): MediaParams {
  return {
    adstock: { type: "geometric", params: { alpha: lerp(b.alpha, u[offset]!), lMax: b.lMax, normalize: true } },
    saturation: { type: "hill", params: { K: lerp(b.K, u[offset + 1]!), S: lerp(b.S, u[offset + 2]!) } },
  };
}

/** Media parameters → unit-box coordinates (non-geometric/Hill parameters map to the defaults' centre). */
export function encode(p: MediaParams, b: SearchBounds): [number, number, number] {
  const alpha = p.adstock.type === "geometric" ? Number(p.adstock.params["alpha"]) : 0.4;
  const [K, S] = p.saturation.type === "hill" ? [p.saturation.params["K"]!, p.saturation.params["S"]!] : [0.5, 1.5];
  return [unlerp(b.alpha, alpha), unlerp(b.K, K), unlerp(b.S, S)];
}
