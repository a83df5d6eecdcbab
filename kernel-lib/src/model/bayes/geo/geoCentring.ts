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

/**
 * A non-centred Laplace approximation (mode, covariance) carried into a partially centred density's
 * coordinates: the mode by `toCentred`, the covariance by the map's Jacobian, J Σ Jᵀ (u = w·μ + τ^w·z:
 * ∂u/∂z = τ^w, ∂u/∂μ = w, ∂u/∂log τ = w·τ^w·z). The centred density's own mode does not exist — with
 * w > 0 its density grows without bound as τ → 0 with every u at w·μ, the funnel's neck — so the
 * mode finder cannot be run on it again.
 */
export function laplaceToCentred(from: GeoMmmDensity, laplace: { mode: Float64Array; covariance: Float64Array }, to: GeoMmmDensity): { mode: Float64Array; covariance: Float64Array } {
  const d = to.dim;
  const q = laplace.mode;
  // J as rows: identity except each geo effect's row.
  const rows = new Map<number, [number, number][]>();
  to.layout.channels.forEach((ch, c) => {
    const src = from.layout.channels[c]!;
    ch.w.forEach((w, g) => {
      if (w === 0) return;
      const tw = Math.exp(w * q[src.logTau]!);
      rows.set(ch.z + g, [
        [src.z + g, tw],
        [src.mu, w],
        [src.logTau, w * tw * q[src.z + g]!],
      ]);
    });
  });
  const S = laplace.covariance;
  // JS = J·Σ (row by row), then (JS)·Jᵀ.
  const js = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const r = rows.get(i) ?? [[i, 1]];
    for (const [k, v] of r) for (let j = 0; j < d; j++) js[i * d + j]! += v * S[k * d + j]!;
  }
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const r = rows.get(j) ?? [[j, 1]];
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (const [k, v] of r) s += js[i * d + k]! * v;
      out[i * d + j] = s;
    }
  }
  return { mode: toCentred(from, q, to), covariance: out };
}
