/**
 * The log-normal geo effects' chain rule (GeoModelOptions.effects = "logNormal"): a channel's log response
 * in geo g is ℓ_gc = μ_c + τ_c^(1−w)·(u_gc − w·μ_c) with the sampled u_gc ~ Normal(w·μ_c, τ_c^w), partially
 * centred per geo (w from geoCentring.ts). The normal form integrates the effects out instead (geoNormalEffects.ts).
 */
import { normalLogpdf } from "../model/priors";
import type { GeoChannelLayout } from "./geoLayout";

/** ℓ_gc = μ + τ^(1−w)·(u − wμ), the log-normal form's log response (see partiallyCentredEffect). */
export function logResponse(q: Float64Array, ch: GeoChannelLayout, g: number): number {
  const w = ch.w[g]!;
  return q[ch.mu]! + Math.exp((1 - w) * q[ch.logTau]!) * (q[ch.z + g]! - w * q[ch.mu]!);
}

/**
 * u ~ Normal(wμ, τ^w), ℓ = μ + τ^(1−w)·(u − wμ): the chain rule from ℓ (gLogBeta = ∂/∂ℓ) and u's prior,
 * in u, μ and log τ. w = 0 is the non-centred z, w = 1 the centred ℓ.
 */
export function partiallyCentredEffect(q: Float64Array, grad: Float64Array, ch: GeoChannelLayout, g: number, gLogBeta: number): number {
  const w = ch.w[g]!;
  const logTau = q[ch.logTau]!;
  const mu = q[ch.mu]!;
  const tw = Math.exp(w * logTau);
  const t1w = Math.exp((1 - w) * logTau);
  const d = q[ch.z + g]! - w * mu;
  const prec = 1 / (tw * tw);
  grad[ch.z + g]! += gLogBeta * t1w - d * prec;
  grad[ch.mu]! += gLogBeta * (1 - w * t1w) + w * d * prec;
  grad[ch.logTau]! += gLogBeta * (1 - w) * t1w * d + w * (d * d * prec - 1);
  return normalLogpdf(q[ch.z + g]!, w * mu, tw);
}
