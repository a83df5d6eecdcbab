/**
 * How a transform's declared parameters enter the Bayesian density: each parameter's default prior
 * (a `PriorSpec` from the registry, or the model's override) compiled into a log density with its
 * derivative, and its declared domain mapped to the real line (log for (0, ∞), logit for a bounded
 * interval) with the log-Jacobian. Generic, so a registered transform brings its priors along.
 */
import lgamma from "@stdlib/math-base-special-gammaln";
import type { Domain, Transform } from "../../transforms/base";
import type { PriorSpec } from "../../transforms/specs";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** A prior's log density at a natural value and its derivative there; normalisers computed once. */
export interface PriorTerm {
  logp(x: number): number;
  dlogp(x: number): number;
}

/**
 * The compiled prior (fully normalised, as the sampler's log posterior is).
 * @example compilePrior({ dist: "Gamma", alpha: 3, beta: 1 }).dlogp(2); // 2/2 − 1 = 0
 */
export function compilePrior(p: PriorSpec): PriorTerm {
  switch (p.dist) {
    case "Beta": {
      const { alpha: a, beta: b } = p;
      const c = lgamma(a) + lgamma(b) - lgamma(a + b);
      return { logp: (x) => (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - c, dlogp: (x) => (a - 1) / x - (b - 1) / (1 - x) };
    }
    case "Gamma": {
      const { alpha: a, beta: r } = p;
      const c = a * Math.log(r) - lgamma(a);
      return { logp: (x) => c + (a - 1) * Math.log(x) - r * x, dlogp: (x) => (a - 1) / x - r };
    }
    case "HalfNormal": {
      const s = p.sigma;
      const c = Math.LN2 - HALF_LOG_2PI - Math.log(s);
      return { logp: (x) => c - (x * x) / (2 * s * s), dlogp: (x) => -x / (s * s) };
    }
    case "Normal": {
      const { mu, sigma: s } = p;
      const c = -HALF_LOG_2PI - Math.log(s);
      return { logp: (x) => c - ((x - mu) * (x - mu)) / (2 * s * s), dlogp: (x) => -(x - mu) / (s * s) };
    }
    case "LogNormal": {
      const { mu, sigma: s } = p;
      const c = -HALF_LOG_2PI - Math.log(s);
      return {
        logp: (x) => c - Math.log(x) - (Math.log(x) - mu) ** 2 / (2 * s * s),
        dlogp: (x) => -1 / x - (Math.log(x) - mu) / (s * s * x),
      };
    }
  }
}

/** A map from the real line onto a parameter's domain, with its log-Jacobian. */
export interface Bijection {
  /** Prefix of the unconstrained name: "log", "logit" or "" (identity). */
  readonly prefix: string;
  /** The natural value x(u). */
  forward(u: number): number;
  /** dx/du. */
  dForward(u: number): number;
  /** log |dx/du|. */
  logJacobian(u: number): number;
  /** d log |dx/du| / du. */
  dLogJacobian(u: number): number;
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

/**
 * The bijection for a declared domain: `min + e^u` for (min, ∞), `max − e^u` for (−∞, max),
 * `min + (max − min)·σ(u)` for a bounded interval (its ends are never reached), identity for ℝ.
 * @example bijection({ min: 0, max: Infinity }).forward(0); // 1
 */
export function bijection(d: Domain): Bijection {
  const lo = d.min,
    hi = d.max;
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    const w = hi - lo;
    const logW = Math.log(w);
    return {
      prefix: "logit",
      forward: (u) => lo + w * sigmoid(u),
      dForward: (u) => {
        const s = sigmoid(u);
        return w * s * (1 - s);
      },
      logJacobian: (u) => logW - Math.log1p(Math.exp(-u)) - Math.log1p(Math.exp(u)),
      dLogJacobian: (u) => 1 - 2 * sigmoid(u),
    };
  }
  if (Number.isFinite(lo)) return { prefix: "log", forward: (u) => lo + Math.exp(u), dForward: Math.exp, logJacobian: (u) => u, dLogJacobian: () => 1 };
  if (Number.isFinite(hi)) return { prefix: "log", forward: (u) => hi - Math.exp(u), dForward: (u) => -Math.exp(u), logJacobian: (u) => u, dLogJacobian: () => 1 };
  return { prefix: "", forward: (u) => u, dForward: () => 1, logJacobian: () => 0, dLogJacobian: () => 0 };
}

/** The unconstrained name of a parameter, e.g. `log_K`, `logit_alpha`. */
export function unconstrainedName(b: Bijection, name: string): string {
  return b.prefix ? `${b.prefix}_${name}` : name;
}

/**
 * A transform's declared parameters on the real line: one bijection per parameter (from its
 * domain), its compiled prior (declared, or the model's override) and its unconstrained name.
 * Adstocks and saturations of the density each hold one.
 */
export class DeclaredParams {
  readonly paramNames: readonly string[];
  readonly maps: readonly Bijection[];
  readonly priors: readonly PriorTerm[];
  /** Unconstrained names, e.g. `log_K`; `rename` gives a parameter another name (geometric alpha is "decay"). */
  readonly names: readonly string[];

  constructor(transform: Transform, overrides: Record<string, PriorSpec> = {}, rename: (name: string) => string = (n) => n) {
    this.paramNames = transform.paramNames;
    this.maps = this.paramNames.map((n) => bijection(transform.paramDefs[n]!.domain));
    this.names = this.paramNames.map((n, j) => unconstrainedName(this.maps[j]!, rename(n)));
    this.priors = this.paramNames.map((n) => compilePrior(overrides[n] ?? transform.defaultPriors[n]!));
  }

  /** xⱼ(u) and dxⱼ/du into `x` and `dx` from the unconstrained vector at `at`. */
  constrain(q: Float64Array, at: number, x: Float64Array, dx: Float64Array): void {
    for (let j = 0; j < this.maps.length; j++) {
      const u = q[at + j]!;
      x[j] = this.maps[j]!.forward(u);
      dx[j] = this.maps[j]!.dForward(u);
    }
  }

  /**
   * Log prior of x(u) plus log-Jacobians; adds ∂/∂u into grad[at…]. With `gLik` (∂log-likelihood/∂xⱼ),
   * adds the chain rule of the likelihood too, in one expression per parameter.
   */
  logPrior(q: Float64Array, at: number, x: Float64Array, dx: Float64Array, grad: Float64Array, gLik?: Float64Array): number {
    let lp = 0;
    for (let j = 0; j < this.maps.length; j++) {
      const u = q[at + j]!,
        v = x[j]!,
        prior = this.priors[j]!,
        map = this.maps[j]!;
      lp += prior.logp(v) + map.logJacobian(u);
      if (gLik) grad[at + j]! += (gLik[j]! + prior.dlogp(v)) * dx[j]! + map.dLogJacobian(u);
      else grad[at + j]! += prior.dlogp(v) * dx[j]! + map.dLogJacobian(u);
    }
    return lp;
  }
}
