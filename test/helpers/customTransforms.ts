/**
 * Transforms registered by the tests through the public API, as a user would: a tanh saturation
 * with a prior and an analytic gradient (so it must work everywhere, the Bayesian model included),
 * and an exponential saturation and a linear-decay adstock without gradients (ridge-only; the
 * Bayesian model must refuse them clearly). Importing this module registers them once.
 */
import { AdstockTransform, POSITIVE, SaturationTransform, adstockNames, registerAdstock, registerSaturation, saturationNames, type AdstockOptions, type TransformParams } from "../../kernel-lib/src";

/** f(v) = tanh(lam·v): concave, 0 at 0, tending to 1. */
export class TanhSaturation extends SaturationTransform {
  constructor() {
    super("tanh", {
      lam: { hint: "lam sets how fast the effect saturates.", domain: POSITIVE, bounds: [0.1, 8], default: 1.5, prior: { dist: "Gamma", alpha: 3, beta: 1.5 } },
    });
  }
  protected override value(v: number, p: TransformParams): number {
    return Math.tanh(p["lam"]! * v);
  }
  protected slope(v: number, p: TransformParams): number {
    const t = Math.tanh(p["lam"]! * v);
    return p["lam"]! * (1 - t * t);
  }
  /** [f, ∂f/∂v, ∂f/∂lam] with 1 − tanh² as the common factor. */
  override gradient(v: number, p: TransformParams, out: Float64Array): void {
    const lam = p["lam"]!;
    const t = Math.tanh(lam * v);
    const s = 1 - t * t;
    out[0] = t;
    out[1] = lam * s;
    out[2] = v * s;
  }
}

/** f(v) = 1 − e^{−lam·v}, declared without a gradient. */
export class ExpNoGradSaturation extends SaturationTransform {
  constructor() {
    super("exp_nograd", {
      lam: { hint: "lam is the rate.", domain: POSITIVE, bounds: [0.1, 8], default: 2, prior: { dist: "Gamma", alpha: 2, beta: 1 } },
    });
  }
  protected override value(v: number, p: TransformParams): number {
    return 1 - Math.exp(-p["lam"]! * v);
  }
  protected slope(v: number, p: TransformParams): number {
    return p["lam"]! * Math.exp(-p["lam"]! * v);
  }
}

/** w_i = max(0, 1 − i/width), declared without weightsGradient. */
export class LinearNoGradAdstock extends AdstockTransform {
  constructor(options?: Partial<AdstockOptions>) {
    super("linear_nograd", options, () => ({
      width: { hint: "width is the number of periods the effect lasts.", domain: POSITIVE, bounds: [1, 8], default: 4, prior: { dist: "Gamma", alpha: 4, beta: 1 } },
    }));
  }
  protected kernel(p: TransformParams): Float64Array {
    const w = Float64Array.from({ length: this.lMax }, (_, i) => Math.max(0, 1 - i / p["width"]!));
    if (!this.normalize) return w;
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / total);
  }
}

for (const cls of [TanhSaturation, ExpNoGradSaturation]) {
  if (!saturationNames().includes(new cls().lookupName)) registerSaturation(cls);
}
if (!adstockNames().includes("linear_nograd")) registerAdstock(LinearNoGradAdstock);
