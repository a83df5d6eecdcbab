/**
 * Saturation curves of the Bayesian MMM on the unconstrained scale: each knows its parameters'
 * names, priors (with log-Jacobians), and evaluates h(a) with ∂h/∂a and ∂h/∂(log θ) in one pass.
 * A registry maps names to them, like the engine's transforms.
 */
import { MMMError } from "../../../errors";
import { A_L, DA_L, DS_OVER_S2, INV_S, type AdstockInput } from "./adstock";
import { fastExp } from "./fastExp";
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
   * The whole series at once, adstock included (the hot loop of the sampler: one pass per channel,
   * kept inside each curve so it stays monomorphic): with a_t the adstock of `x` at decay α
   * (coefficients `w` from `adstockCoefficients`), h(a_t), ∂h/∂α = ∂h/∂a·∂a/∂α, ∂h/∂u₀, ∂h/∂u₁ per
   * week into `out`; their sums into `sums`.
   */
  evaluateSeries(x: AdstockInput, alpha: number, w: Float64Array, theta: Float64Array, out: SaturationSeries, sums: Float64Array): void;
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
  evaluateSeries(x, alpha, w, theta, out, sums) {
    const lam = theta[0]!;
    const { n, lMax, xp, keep } = x;
    const invS = w[INV_S]!, k = w[DS_OVER_S2]!, aL = w[A_L]!, daL = w[DA_L]!;
    const { h, hd, hu0 } = out;
    let c = 0, dc = 0, S = 0, Sa = 0, S0 = 0;
    for (let t = 0; t < n; t++) {
      const old = xp[t]!;
      const m = keep[t]!;
      dc = (c + alpha * dc - daL * old) * m; // uses c_{t−1}
      c = (xp[t + lMax]! + alpha * c - aL * old) * m;
      const at = c * invS;
      const e = fastExp(-lam * at);
      const r = 1 / (1 + e);
      const ht = (1 - e) * r;
      const slope = 2 * lam * e * r * r; // λ/2·(1 − h²)
      const hdt = slope * (dc * invS - c * k);
      const hut = slope * at;
      h[t] = ht;
      hd[t] = hdt;
      hu0[t] = hut;
      S += ht; Sa += hdt; S0 += hut;
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
  evaluateSeries(x, alpha, w, theta, out, sums) {
    const kappa = theta[0]!;
    const s = theta[1]!;
    const { n, lMax, xp, keep } = x;
    const invS = w[INV_S]!, k = w[DS_OVER_S2]!, aL = w[A_L]!, daL = w[DA_L]!;
    const { h, hd, hu0, hu1 } = out;
    let c = 0, dc = 0, S = 0, Sa = 0, S0 = 0, S1 = 0;
    for (let t = 0; t < n; t++) {
      const old = xp[t]!;
      const m = keep[t]!;
      dc = (c + alpha * dc - daL * old) * m; // uses c_{t−1}
      c = (xp[t + lMax]! + alpha * c - aL * old) * m;
      const at = c * invS;
      if (!(at > 0)) {
        h[t] = hd[t] = hu0[t] = hu1[t] = 0;
        continue;
      }
      const r = Math.log(at / kappa);
      const ht = 1 / (1 + fastExp(-s * r));
      const q = s * ht * (1 - ht);
      const hdt = (q / at) * (dc * invS - c * k);
      const h1 = q * r;
      h[t] = ht;
      hd[t] = hdt;
      hu0[t] = -q;
      hu1[t] = h1;
      S += ht; Sa += hdt; S0 -= q; S1 += h1;
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
