/**
 * Partial centring of the geo effects, chosen per geo from the data. For a normal hierarchy the
 * efficient weight is w = κ/(1 + κ), κ = τ²·I: the geo's own information I about its log response
 * against the pooling's 1/τ² (Papaspiliopoulos, Roberts & Sköld 2007; Gorinova, Moore & Hoffman
 * 2020). In the non-centred coordinate z (ℓ = μ + τz) the log posterior's curvature is τ²·I + 1, so
 * κ is read off one finite difference of the gradient per geo effect at the posterior mode. On
 * Meridian's panel the large geos get w ≈ 1 and geos without spend w ≈ 0; all-non-centred kept
 * R-hat at 1.2 (the large geos' z ridge with τ) and all-centred at 1.6 (the small geos' funnel).
 */
import { evaluateLogDensity } from "../density";
import type { GeoMmmDensity } from "./geoDensity";

/** Centring weights per channel and geo from a non-centred density's mode (a `GeoModelOptions.centring`). */
export function centringAtMode(density: GeoMmmDensity, mode: Float64Array): Record<string, number[]> {
  const up = new Float64Array(density.dim);
  const down = new Float64Array(density.dim);
  const x = Float64Array.from(mode);
  const out: Record<string, number[]> = {};
  for (const ch of density.layout.channels) {
    out[ch.name] = Array.from(ch.w, (w, g) => {
      if (w !== 0) return w;
      const i = ch.z + g;
      const h = 1e-4;
      x[i] = mode[i]! + h;
      const a = evaluateLogDensity(density, x, up);
      x[i] = mode[i]! - h;
      const b = evaluateLogDensity(density, x, down);
      x[i] = mode[i]!;
      if (!(a > -Infinity && b > -Infinity)) return 0;
      const kappa = Math.max(0, -(up[i]! - down[i]!) / (2 * h) - 1);
      // Rounded so the weights (saved with the model) read well; 2 digits change nothing measurable.
      return Math.round((100 * kappa) / (1 + kappa)) / 100;
    });
  }
  return out;
}

/** A non-centred point in the coordinates of a partially centred density: u = w·μ + τ^w·z, the same ℓ. */
export function toCentred(from: GeoMmmDensity, q: Float64Array, to: GeoMmmDensity): Float64Array {
  const out = Float64Array.from(q);
  to.layout.channels.forEach((ch, c) => {
    const src = from.layout.channels[c]!;
    const mu = q[src.mu]!;
    const logTau = q[src.logTau]!;
    ch.w.forEach((w, g) => {
      const l = mu + Math.exp((1 - src.w[g]!) * logTau) * (q[src.z + g]! - src.w[g]! * mu);
      out[ch.z + g] = w * mu + Math.exp(w * logTau) * ((l - mu) / Math.exp(logTau));
    });
  });
  return out;
}
