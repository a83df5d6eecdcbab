/**
 * Saturation curves of the Bayesian MMM on the unconstrained scale: each knows its parameters'
 * names, priors (with log-Jacobians), and evaluates h(a) with ∂h/∂a and ∂h/∂(log θ) in one pass.
 * A registry maps names to them, like the engine's transforms.
 */
import { MMMError } from "../../../errors";
import { gammaLogpdf, halfNormalLogpdf, type BayesPriors } from "./priors";

export type BayesSaturationName = "logistic" | "hill";

/** Per-week outputs of `evaluateSeries`. */
export interface SaturationSeries {
  h: Float64Array;
  hd: Float64Array;
  hu0: Float64Array;
  hu1: Float64Array;
}

/** `out` receives [h, ∂h/∂a, ∂h/∂u₀, ∂h/∂u₁] where u are the log parameters. */
export interface SaturationCurve {
  readonly kind: BayesSaturationName;
  /** Unconstrained parameter names (suffixes after "channel:"). */
  readonly names: readonly string[];
  /** Log prior of exp(u) plus the log-Jacobian; adds ∂/∂u into grad[at…]. */
  logPrior(u: Float64Array, at: number, grad: Float64Array, priors: BayesPriors): number;
  evaluate(a: number, theta: Float64Array, out: Float64Array): void;
  /**
   * The whole series at once (the hot loop, kept inside each curve so it stays monomorphic):
   * h, ∂h/∂α = ∂h/∂a·da, ∂h/∂u₀, ∂h/∂u₁ per week; their sums into `sums`.
   */
  evaluateSeries(a: Float64Array, da: Float64Array, theta: Float64Array, out: SaturationSeries, sums: Float64Array): void;
  value(a: number, theta: Float64Array): number;
  /** Natural parameters by name. */
  describe(theta: Float64Array): Record<string, number>;
}

/** PyMC-Marketing's logistic saturation (1 − e^{−λa}) / (1 + e^{−λa}) = tanh(λa/2); λ ~ Gamma. */
const logistic: SaturationCurve = {
  kind: "logistic",
  names: ["log_lam"],
  logPrior(u, at, grad, P) {
    const lam = Math.exp(u[at]!);
    grad[at]! += P.lamShape - P.lamRate * lam; // (shape − 1) − rate·λ + 1 (Jacobian)
    return gammaLogpdf(lam, P.lamShape, P.lamRate) + u[at]!;
  },
  evaluate(a, theta, out) {
    const lam = theta[0]!;
    const e = Math.exp(-lam * a);
    const h = (1 - e) / (1 + e);
    const slope = 0.5 * (1 - h * h);
    out[0] = h;
    out[1] = lam * slope;
    out[2] = lam * a * slope;
  },
  evaluateSeries(a, da, theta, out, sums) {
    const lam = theta[0]!;
    const { h, hd, hu0 } = out;
    let S = 0, Sa = 0, S0 = 0;
    for (let t = 0; t < a.length; t++) {
      const at = a[t]!;
      const e = Math.exp(-lam * at);
      const ht = (1 - e) / (1 + e);
      const slope = 0.5 * lam * (1 - ht * ht);
      h[t] = ht;
      hd[t] = slope * da[t]!;
      hu0[t] = slope * at;
      S += ht; Sa += hd[t]!; S0 += hu0[t]!;
    }
    sums[0] = S; sums[1] = Sa; sums[2] = S0; sums[3] = 0;
  },
  value(a, theta) {
    const e = Math.exp(-theta[0]! * a);
    return (1 - e) / (1 + e);
  },
  describe: (theta) => ({ lam: theta[0]! }),
};

/** Hill a^s / (a^s + κ^s) with κ, s ~ HalfNormal (PyMC-Marketing's HillSaturation). */
const hill: SaturationCurve = {
  kind: "hill",
  names: ["log_kappa", "log_slope"],
  logPrior(u, at, grad, P) {
    const kappa = Math.exp(u[at]!);
    const slope = Math.exp(u[at + 1]!);
    grad[at]! += 1 - (kappa * kappa) / P.kappa ** 2;
    grad[at + 1]! += 1 - (slope * slope) / P.slope ** 2;
    return halfNormalLogpdf(kappa, P.kappa) + u[at]! + halfNormalLogpdf(slope, P.slope) + u[at + 1]!;
  },
  evaluate(a, theta, out) {
    if (!(a > 0)) {
      out.fill(0, 0, 4);
      return;
    }
    const kappa = theta[0]!;
    const s = theta[1]!;
    const r = Math.log(a / kappa);
    const h = 1 / (1 + Math.exp(-s * r));
    const q = s * h * (1 - h);
    out[0] = h;
    out[1] = q / a;
    out[2] = -q;
    out[3] = q * r;
  },
  evaluateSeries(a, da, theta, out, sums) {
    const kappa = theta[0]!;
    const s = theta[1]!;
    const { h, hd, hu0, hu1 } = out;
    let S = 0, Sa = 0, S0 = 0, S1 = 0;
    for (let t = 0; t < a.length; t++) {
      const at = a[t]!;
      if (!(at > 0)) {
        h[t] = hd[t] = hu0[t] = hu1[t] = 0;
        continue;
      }
      const r = Math.log(at / kappa);
      const ht = 1 / (1 + Math.exp(-s * r));
      const q = s * ht * (1 - ht);
      h[t] = ht;
      hd[t] = (q / at) * da[t]!;
      hu0[t] = -q;
      hu1[t] = q * r;
      S += ht; Sa += hd[t]!; S0 -= q; S1 += hu1[t]!;
    }
    sums[0] = S; sums[1] = Sa; sums[2] = S0; sums[3] = S1;
  },
  value(a, theta) {
    return a > 0 ? 1 / (1 + Math.exp(-theta[1]! * Math.log(a / theta[0]!))) : 0;
  },
  describe: (theta) => ({ kappa: theta[0]!, slope: theta[1]! }),
};

const SATURATIONS: Record<BayesSaturationName, SaturationCurve> = { logistic, hill };

/** The curve named `name`, or a clear error listing the available ones. */
export function saturationCurve(name: string, channel: string): SaturationCurve {
  const curve = SATURATIONS[name as BayesSaturationName];
  if (!curve) {
    throw new MMMError("INVALID_ARGUMENT", `Unknown saturation "${name}" for channel "${channel}" in the Bayesian MMM.`, `Use one of: ${Object.keys(SATURATIONS).join(", ")}.`, { value: name });
  }
  return curve;
}
