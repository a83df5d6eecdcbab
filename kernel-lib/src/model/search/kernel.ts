/**
 * The search's media transform: the registry's general path (`mediaFeature`) for any registered
 * transforms, and a fused fast path for the search's own family — max-scaling, normalised
 * geometric carry-over and Hill saturation in one pass into a reused buffer, with no validation or
 * allocation (the search only produces in-bounds parameters). The transform contract test checks
 * that both paths give the same column for every registered transform.
 */
import { mediaFeature, type MediaParams } from "../media";

/** True when `geometricHillInto` computes this channel's column (geometric, normalised, + Hill). */
export function hasFusedPath(p: MediaParams): boolean {
  return p.adstock.type === "geometric" && (p.adstock.params.normalize ?? true) && p.saturation.type === "hill";
}

/**
 * One channel's media column into `out`: the fused kernel where it applies, else the registry.
 * @example searchMediaInto(spend, max, DEFAULT_MEDIA, new Float64Array(spend.length));
 */
export function searchMediaInto(x: Float64Array, scale: number, p: MediaParams, out: Float64Array): Float64Array {
  if (hasFusedPath(p)) {
    const a = p.adstock.params,
      s = p.saturation.params;
    return geometricHillInto(x, 1 / scale, a["alpha"] as number, a.lMax ?? 8, s["K"]!, s["S"]!, out);
  }
  out.set(mediaFeature(x, scale, p));
  return out;
}

/**
 * out_t = hill(Σ_i w_i · x_{t−i} / scale) with w_i = α^i / Σ_j α^j (i < lMax), hill(v) = v^S / (v^S + K^S).
 * @example geometricHillInto(spend, 1 / max, 0.5, 8, 0.5, 2, out);
 */
export function geometricHillInto(x: Float64Array, invScale: number, alpha: number, lMax: number, K: number, S: number, out: Float64Array): Float64Array {
  const w = new Float64Array(lMax);
  let sum = 0;
  for (let i = 0, a = 1; i < lMax; i++, a *= alpha) {
    w[i] = a;
    sum += a;
  }
  const norm = invScale / sum;
  const logK = Math.log(K);
  for (let t = 0; t < x.length; t++) {
    let s = 0;
    const top = Math.min(t, lMax - 1);
    for (let i = 0; i <= top; i++) s += w[i]! * x[t - i]!;
    const v = s * norm;
    out[t] = v > 0 ? 1 / (1 + Math.exp(S * (logK - Math.log(v)))) : 0;
  }
  return out;
}
