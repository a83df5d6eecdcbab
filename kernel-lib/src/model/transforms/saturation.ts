/**
 * Saturation (diminishing returns) transforms, after PyMC-Marketing's `components/saturation.py`:
 * each concrete class declares its lookup name, parameters (domain, search bounds, default, prior),
 * its value and slope at one input and, where the Bayesian model should support it, the analytic
 * gradient in its parameters. Every consumer (ridge design, search, simulator, curves, optimiser,
 * Bayesian density) reads these classes through the registry. Curves are in [0, 1); the channel
 * coefficient (PyMC-Marketing's `beta`) lives in the model.
 */
import { POSITIVE, Transform, type ParamDef, type TransformParams } from "./base";
import { hillSaturation, logisticSaturation, michaelisMenten } from "./math";
import type { SaturationSpec, SaturationSpecLike } from "./specs";

/**
 * A saturation curve `f(x)` on non-negative inputs. A subclass declares `value` (one input) or
 * `curve` (a whole series; the other defaults to it), `slope` (`f'`), and optionally `gradient`.
 * `S` is the spec type `toSpec` returns.
 * @example
 * class TanhSaturation extends SaturationTransform {
 *   constructor() { super("tanh", { lam: { hint: "…", domain: POSITIVE, bounds: [0.1, 10], default: 2, prior: { dist: "Gamma", alpha: 3, beta: 1 } } }); }
 *   protected value(v: number, p: TransformParams) { return Math.tanh(p["lam"]! * v); }
 *   protected slope(v: number, p: TransformParams) { const t = Math.tanh(p["lam"]! * v); return p["lam"]! * (1 - t * t); }
 *   gradient(v: number, p: TransformParams, out: Float64Array) { … } // [f, f', ∂f/∂lam]
 * }
 */
export abstract class SaturationTransform<S extends SaturationSpecLike = SaturationSpecLike> extends Transform {
  /**
   * Optional analytic gradient for the Bayesian density: writes `[f(v), ∂f/∂v, ∂f/∂p₀, ∂f/∂p₁, …]`
   * into `out` (parameters in `paramNames` order), for checked parameters and `v ≥ 0`, with no
   * allocation (it runs per week per gradient evaluation). A saturation without it fits in ridge,
   * search, curves and the simulator, and the Bayesian model refuses it with a clear error.
   */
  gradient?(v: number, p: TransformParams, out: Float64Array): void;

  protected constructor(lookupName: string, params: Record<string, ParamDef>) {
    super("saturation", lookupName, params);
    const proto = SaturationTransform.prototype;
    if (this.value === proto.value && this.curve === proto.curve) {
      this.fail("declares neither value nor curve.", "Implement value(v, p) (one input) or curve(x, p) (a series).");
    }
  }

  /** `f(v)` at one input for already-checked parameters (default: `curve` on one point). */
  protected value(v: number, p: TransformParams): number {
    return this.curve([v], p)[0]!;
  }
  /** `f'(v)` at one non-negative input, for already-checked parameters. */
  protected abstract slope(v: number, p: TransformParams): number;
  /** The curve for already-checked parameters (default: `value` per element). */
  protected curve(x: ArrayLike<number>, p: TransformParams): Float64Array {
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!(v >= 0)) this.fail(`got the input ${v} at index ${i}.`, "Saturation applies to spend or exposure, which must be a non-negative number.", v);
      y[i] = this.value(v, p);
    }
    return y;
  }

  /** True when the class declares `gradient` (the Bayesian model can fit it). */
  get hasGradient(): boolean {
    return typeof this.gradient === "function";
  }

  /** `f(x)` element-wise; inputs must be non-negative. */
  apply(x: ArrayLike<number>, params: TransformParams): Float64Array {
    return this.curve(x, this.checkParams(params));
  }

  /**
   * `f(v)` at one input, parameters NOT checked: for inner loops (curves, the budget optimiser)
   * that checked them once with `checkParams`.
   */
  valueAt(v: number, checked: TransformParams): number {
    return this.value(v, checked);
  }

  /** `f'(v)` at one input, parameters NOT checked (see `valueAt`). */
  slopeAt(v: number, checked: TransformParams): number {
    return this.slope(v, checked);
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
  protected override curve(x: ArrayLike<number>, p: TransformParams): Float64Array {
    return hillSaturation(x, p["K"]!, p["S"]!);
  }
  protected override value(v: number, p: TransformParams): number {
    return v > 0 ? 1 / (1 + (p["K"]! / v) ** p["S"]!) : 0;
  }
  /** With `r = log(v/K)`, `f = σ(S r)`, `q = S f (1 − f)`: `∂f/∂v = q/v`, `∂f/∂K = −q/K`, `∂f/∂S = f (1 − f) r`. */
  override gradient(v: number, p: TransformParams, out: Float64Array): void {
    if (!(v > 0)) {
      out[0] = out[1] = out[2] = out[3] = 0;
      return;
    }
    const K = p["K"]!;
    const S = p["S"]!;
    const r = Math.log(v / K);
    const f = 1 / (1 + Math.exp(-S * r));
    const g = f * (1 - f);
    out[0] = f;
    out[1] = (S * g) / v;
    out[2] = (-S * g) / K;
    out[3] = g * r;
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
  protected override curve(x: ArrayLike<number>, p: TransformParams): Float64Array {
    return logisticSaturation(x, p["lam"]!);
  }
  protected override value(v: number, p: TransformParams): number {
    return Math.tanh((p["lam"]! * v) / 2);
  }
  /** With `f = tanh(lam v / 2)`: `∂f/∂v = (lam/2)(1 − f²)`, `∂f/∂lam = (v/2)(1 − f²)`. */
  override gradient(v: number, p: TransformParams, out: Float64Array): void {
    const lam = p["lam"]!;
    const f = Math.tanh((lam * v) / 2);
    const h = 0.5 * (1 - f * f);
    out[0] = f;
    out[1] = lam * h;
    out[2] = v * h;
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
  protected override curve(x: ArrayLike<number>, p: TransformParams): Float64Array {
    return michaelisMenten(x, 1, p["lam"]!);
  }
  protected override value(v: number, p: TransformParams): number {
    return v / (p["lam"]! + v);
  }
  /** `∂f/∂v = lam / (lam + v)²`, `∂f/∂lam = −v / (lam + v)²`. */
  override gradient(v: number, p: TransformParams, out: Float64Array): void {
    const lam = p["lam"]!;
    const d = 1 / ((lam + v) * (lam + v));
    out[0] = v / (lam + v);
    out[1] = lam * d;
    out[2] = -v * d;
  }
  /** `lam / (lam + x)^2`. */
  protected slope(v: number, p: TransformParams): number {
    const lam = p["lam"]!;
    return lam / ((lam + v) * (lam + v));
  }
}
