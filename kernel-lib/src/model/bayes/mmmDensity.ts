/**
 * The Bayesian MMM's log posterior density and its analytic gradient, on an unconstrained
 * parameter vector (PyMC-Marketing's default model): target scaled by its max, each channel's
 * spend by its max; geometric adstock (normalised, lMax weeks) with decay ~ Beta(1, 3) (logit),
 * logistic saturation with λ ~ Gamma(3, 1) (log), channel effect β ~ HalfNormal(2) (log);
 * intercept ~ Normal(0, 2); controls (standardised), trend and Fourier terms ~ Normal(0, 1);
 * noise σ ~ HalfNormal(2) (log); Normal likelihood. Jacobians of every transform are included.
 */
import lgamma from "@stdlib/math-base-special-gammaln";
import type { MmmData } from "../mmmData";

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_2 = Math.log(2);

/** Prior scales (on the scaled target). */
export interface BayesPriors {
  intercept: number;
  beta: number;
  lamShape: number;
  lamRate: number;
  decayA: number;
  decayB: number;
  base: number;
  sigma: number;
}

export const DEFAULT_PRIORS: BayesPriors = { intercept: 2, beta: 2, lamShape: 3, lamRate: 1, decayA: 1, decayB: 3, base: 1, sigma: 2 };

/** Named view of an unconstrained vector. */
export interface BayesParams {
  intercept: number;
  channels: { beta: number; decay: number; lam: number }[];
  base: number[];
  sigma: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const halfNormal = (x: number, s: number) => LOG_2 - 0.5 * LOG_2PI - Math.log(s) - (x * x) / (2 * s * s);
const normal = (x: number, s: number) => -0.5 * LOG_2PI - Math.log(s) - (x * x) / (2 * s * s);

/** Log posterior of the MMM with its gradient: the sampler's `LogDensity`. */
export class BayesMmmDensity {
  readonly dim: number;
  readonly names: string[];
  readonly n: number;
  readonly yScale: number;
  /** The model arrays this density was built from. */
  readonly data: MmmData;
  readonly #y: Float64Array;
  readonly #x: Float64Array[];
  readonly #z: Float64Array[];
  readonly #lMax: number;
  readonly #priors: BayesPriors;
  readonly #mu: Float64Array;
  readonly #buf: { a: Float64Array; da: Float64Array; th: Float64Array }[];

  constructor(data: MmmData, opts: { lMax?: number; priors?: Partial<BayesPriors> } = {}) {
    this.data = data;
    this.n = data.n;
    this.yScale = Math.max(...data.y.map(Math.abs));
    this.#y = data.y.map((v) => v / this.yScale);
    this.#x = data.channels.map((c) => c.spend.map((v) => v / c.scale));
    this.#z = data.base.cols.map(standardise);
    this.#lMax = opts.lMax ?? 8;
    this.#priors = { ...DEFAULT_PRIORS, ...opts.priors };
    this.#mu = new Float64Array(this.n);
    this.#buf = data.channels.map(() => ({ a: new Float64Array(this.n), da: new Float64Array(this.n), th: new Float64Array(this.n) }));
    this.names = ["intercept", ...data.channels.flatMap((c) => [`${c.name}:log_beta`, `${c.name}:logit_decay`, `${c.name}:log_lam`]), ...data.base.names.map((b) => `${b}:coef`), "log_sigma"];
    this.dim = this.names.length;
  }

  /** Constrained parameters of an unconstrained vector. */
  constrain(q: Float64Array): BayesParams {
    const C = this.#x.length;
    return {
      intercept: q[0]!,
      channels: this.#x.map((_, c) => ({ beta: Math.exp(q[1 + 3 * c]!), decay: sigmoid(q[2 + 3 * c]!), lam: Math.exp(q[3 + 3 * c]!) })),
      base: this.#z.map((_, k) => q[1 + 3 * C + k]!),
      sigma: Math.exp(q[this.dim - 1]!),
    };
  }

  /** Log density (up to nothing: priors and likelihood are fully normalised); fills `grad`. */
  logpGrad(q: Float64Array, grad: Float64Array): number {
    grad.fill(0);
    const p = this.constrain(q);
    let lp = this.#predict(p);
    lp += this.#likelihood(p.sigma, grad);
    lp += this.#channelGradients(q, p, grad);
    lp += this.#baseGradients(p, grad);
    const P = this.#priors;
    lp += normal(p.intercept, P.intercept);
    grad[0]! += -p.intercept / P.intercept ** 2;
    lp += halfNormal(p.sigma, P.sigma) + q[this.dim - 1]!;
    grad[this.dim - 1]! += -(p.sigma * p.sigma) / P.sigma ** 2 + 1;
    return lp;
  }

  /** μ into the buffer, with each channel's adstock, its decay derivative and its saturation. */
  #predict(p: BayesParams): number {
    const mu = this.#mu.fill(p.intercept);
    p.channels.forEach((ch, c) => {
      const { a, da, th } = this.#buf[c]!;
      adstockWithDerivative(this.#x[c]!, ch.decay, this.#lMax, a, da);
      for (let t = 0; t < this.n; t++) {
        th[t] = Math.tanh((ch.lam * a[t]!) / 2);
        mu[t]! += ch.beta * th[t]!;
      }
    });
    this.#z.forEach((z, k) => {
      const g = p.base[k]!;
      for (let t = 0; t < this.n; t++) mu[t]! += g * z[t]!;
    });
    return 0;
  }

  /** Normal log likelihood; leaves dL/dμ in the μ buffer and adds the σ gradient. */
  #likelihood(sigma: number, grad: Float64Array): number {
    const mu = this.#mu;
    const s2 = sigma * sigma;
    let ss = 0;
    for (let t = 0; t < this.n; t++) {
      const r = this.#y[t]! - mu[t]!;
      ss += r * r;
      mu[t] = r / s2;
    }
    grad[this.dim - 1]! += -this.n + ss / s2;
    return -this.n * (0.5 * LOG_2PI + Math.log(sigma)) - ss / (2 * s2);
  }

  #channelGradients(q: Float64Array, p: BayesParams, grad: Float64Array): number {
    const g = this.#mu;
    const P = this.#priors;
    let lp = 0;
    p.channels.forEach((ch, c) => {
      const { a, da, th } = this.#buf[c]!;
      let gb = 0;
      let gd = 0;
      let gl = 0;
      for (let t = 0; t < this.n; t++) {
        const slope = 1 - th[t]! * th[t]!; // d tanh(u)/du
        gb += g[t]! * th[t]!;
        gd += g[t]! * slope * (ch.lam / 2) * da[t]!;
        gl += g[t]! * slope * (a[t]! / 2);
      }
      const [ib, id, il] = [1 + 3 * c, 2 + 3 * c, 3 + 3 * c];
      // β = e^b: likelihood, HalfNormal prior, Jacobian b.
      grad[ib]! += gb * ch.beta - (ch.beta * ch.beta) / P.beta ** 2 + 1;
      lp += halfNormal(ch.beta, P.beta) + q[ib]!;
      // decay = sigmoid(d): Beta(A, B) prior, Jacobian log(decay(1 − decay)).
      const d = ch.decay;
      grad[id]! += ch.beta * gd * d * (1 - d) + (P.decayA - 1) * (1 - d) - (P.decayB - 1) * d + 1 - 2 * d;
      lp += betaLogpdf(d, P.decayA, P.decayB) + Math.log(d * (1 - d));
      // λ = e^l: Gamma(shape, rate) prior, Jacobian l.
      grad[il]! += ch.beta * gl * ch.lam + (P.lamShape - 1) - P.lamRate * ch.lam + 1;
      lp += gammaLogpdf(ch.lam, P.lamShape, P.lamRate) + q[il]!;
    });
    return lp;
  }

  #baseGradients(p: BayesParams, grad: Float64Array): number {
    const g = this.#mu;
    const C = p.channels.length;
    const s = this.#priors.base;
    let lp = 0;
    let gi = 0;
    for (let t = 0; t < this.n; t++) gi += g[t]!;
    grad[0]! += gi;
    this.#z.forEach((z, k) => {
      let acc = 0;
      for (let t = 0; t < this.n; t++) acc += g[t]! * z[t]!;
      grad[1 + 3 * C + k]! += acc - p.base[k]! / (s * s);
      lp += normal(p.base[k]!, s);
    });
    return lp;
  }
}

/** Normalised geometric adstock a and its derivative da/d(decay), written into `a` and `da`. */
export function adstockWithDerivative(x: Float64Array, alpha: number, lMax: number, a: Float64Array, da: Float64Array): void {
  const w = new Float64Array(lMax);
  const dw = new Float64Array(lMax);
  // w[i] holds α^i and dw[i] holds i·α^(i−1) first, then both are normalised.
  let S = 0;
  let dS = 0;
  for (let i = 0, pow = 1, prev = 0; i < lMax; i++, prev = pow, pow *= alpha) {
    w[i] = pow;
    dw[i] = i * prev;
    S += pow;
    dS += dw[i]!;
  }
  for (let i = 0; i < lMax; i++) {
    dw[i] = (dw[i]! * S - w[i]! * dS) / (S * S);
    w[i] = w[i]! / S;
  }
  for (let t = 0; t < x.length; t++) {
    let s = 0;
    let ds = 0;
    const top = Math.min(t, lMax - 1);
    for (let i = 0; i <= top; i++) {
      s += w[i]! * x[t - i]!;
      ds += dw[i]! * x[t - i]!;
    }
    a[t] = s;
    da[t] = ds;
  }
}

function standardise(col: Float64Array): Float64Array {
  const m = col.reduce((s, v) => s + v, 0) / col.length;
  const sd = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / col.length) || 1;
  return col.map((v) => (v - m) / sd);
}

function betaLogpdf(x: number, a: number, b: number): number {
  return (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - (lgamma(a) + lgamma(b) - lgamma(a + b));
}

function gammaLogpdf(x: number, shape: number, rate: number): number {
  return shape * Math.log(rate) - lgamma(shape) + (shape - 1) * Math.log(x) - rate * x;
}
