/**
 * Saturation (diminishing returns) transforms, after PyMC-Marketing's `components/saturation.py`:
 * each concrete class declares its lookup name, parameters (domain, search bounds, default, prior),
 * the curve (from `math.ts`) and its analytic derivative d saturation / d x (marginal returns).
 * Curves are in [0, 1); the channel coefficient (PyMC-Marketing's `beta`) lives in the model.
 */
import { POSITIVE, Transform, type ParamDef, type TransformParams } from "./base";
import { hillSaturation, logisticSaturation, michaelisMenten } from "./math";
import type { SaturationSpec, SaturationSpecLike } from "./specs";

/** A saturation curve `f(x)` on non-negative inputs with its derivative. `S` is the spec type `toSpec` returns. */
export abstract class SaturationTransform<S extends SaturationSpecLike = SaturationSpecLike> extends Transform {
  protected constructor(lookupName: string, params: Record<string, ParamDef>) {
    super("saturation", lookupName, params);
  }

  /** The curve for already-checked parameters. */
  protected abstract curve(x: ArrayLike<number>, p: TransformParams): Float64Array;
  /** `f'(v)` at one non-negative input, for already-checked parameters. */
  protected abstract slope(v: number, p: TransformParams): number;

  /** `f(x)` element-wise; inputs must be non-negative. */
  apply(x: ArrayLike<number>, params: TransformParams): Float64Array {
    return this.curve(x, this.checkParams(params));
  }

  /** `f'(x)` element-wise (analytic); `Infinity` at 0 for curves that start vertical (Hill with S < 1). */
  derivative(x: ArrayLike<number>, params: TransformParams): Float64Array {
    const p = this.checkParams(params);
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!(v >= 0)) this.fail(`got the input ${v} at index ${i}.`, "Saturation applies to spend or exposure, which must be a non-negative number.", v);
      y[i] = this.slope(v, p);
    }
    return y;
  }

  /** JSON form. */
  toSpec(params: TransformParams): S {
    return { type: this.lookupName, params: { ...this.checkParams(params) } } as SaturationSpecLike as S;
  }

  /** Parameter values from a spec of this transform. */
  paramsFromSpec(spec: SaturationSpecLike): TransformParams {
    if (typeof spec !== "object" || spec === null || spec.type !== this.lookupName) {
      this.fail(`cannot read a spec of type "${String((spec as { type?: unknown } | null)?.type)}".`, "Use the registry's saturationFromSpec to pick the transform by type.", spec);
    }
    return this.checkParams(spec.params);
  }
}

/** Half-saturation point on channel-max-scaled input (Hill K, Michaelis–Menten lam). */
const halfSaturation = (name: string, prior: ParamDef["prior"]): ParamDef => ({
  hint: `${name} is the half-saturation point: the input (scaled by the channel's max) giving half the maximum effect.`,
  domain: POSITIVE,
  bounds: [0.05, 2],
  default: 0.5,
  prior,
});

/** Hill `x^S / (x^S + K^S)`: half-saturation `K`, slope `S` (> 1 is S-shaped). */
export class HillSaturation extends SaturationTransform<Extract<SaturationSpec, { type: "hill" }>> {
  constructor() {
    super("hill", {
      // PyMC-Marketing HillSaturation: kappa ~ HalfNormal(1.5), slope ~ HalfNormal(1.5).
      K: halfSaturation("K", { dist: "HalfNormal", sigma: 1.5 }),
      S: {
        hint: "S is the slope: 1 is concave, above 1 the curve is S-shaped; typical values 0.5–5.",
        domain: POSITIVE,
        bounds: [0.5, 5],
        default: 2,
        prior: { dist: "HalfNormal", sigma: 1.5 },
      },
    });
  }
  protected curve(x: ArrayLike<number>, p: TransformParams): Float64Array {
    return hillSaturation(x, p["K"]!, p["S"]!);
  }
  /** `(S/x) f (1 − f)`, with `r = (K/x)^S`, `f = 1/(1+r)`, `1 − f = r f`. */
  protected slope(v: number, p: TransformParams): number {
    const K = p["K"]!;
    const S = p["S"]!;
    if (v === 0) return S > 1 ? 0 : S === 1 ? 1 / K : Infinity;
    const r = (K / v) ** S;
    if (!Number.isFinite(r)) return 0;
    const f = 1 / (1 + r);
    return (S / v) * f * (r * f);
  }
}

/** Logistic `(1 − e^{−lam x}) / (1 + e^{−lam x})`. */
export class LogisticSaturation extends SaturationTransform<Extract<SaturationSpec, { type: "logistic" }>> {
  constructor() {
    super("logistic", {
      lam: {
        hint: "lam sets how fast the effect saturates on max-scaled input; typical values 0.5–5.",
        domain: POSITIVE,
        bounds: [0.1, 10],
        default: 2,
        // PyMC-Marketing LogisticSaturation: lam ~ Gamma(alpha=3, beta=1).
        prior: { dist: "Gamma", alpha: 3, beta: 1 },
      },
    });
  }
  protected curve(x: ArrayLike<number>, p: TransformParams): Float64Array {
    return logisticSaturation(x, p["lam"]!);
  }
  /** `2 lam u / (1 + u)^2` with `u = e^{−lam x}` (= `(lam/2) sech²(lam x / 2)`). */
  protected slope(v: number, p: TransformParams): number {
    const lam = p["lam"]!;
    const u = Math.exp(-lam * v);
    return (2 * lam * u) / ((1 + u) * (1 + u));
  }
}

/** Michaelis–Menten `x / (lam + x)` (ceiling fixed at 1, the channel coefficient scales it). */
export class MichaelisMentenSaturation extends SaturationTransform<Extract<SaturationSpec, { type: "michaelis_menten" }>> {
  constructor() {
    // PyMC-Marketing MichaelisMentenSaturation: lam ~ HalfNormal(1) (its alpha is our beta).
    super("michaelis_menten", { lam: halfSaturation("lam", { dist: "HalfNormal", sigma: 1 }) });
  }
  protected curve(x: ArrayLike<number>, p: TransformParams): Float64Array {
    return michaelisMenten(x, 1, p["lam"]!);
  }
  /** `lam / (lam + x)^2`. */
  protected slope(v: number, p: TransformParams): number {
    const lam = p["lam"]!;
    return lam / ((lam + v) * (lam + v));
  }
}
