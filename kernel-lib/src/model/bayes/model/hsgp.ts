/**
 * A time-varying baseline: a Hilbert-space Gaussian process (HSGP, Solin & Särkkä 2019;
 * Riutort-Mayol et al. 2022; PyMC's `pm.gp.HSGP`) added to the intercept, trend and Fourier terms on
 * the max-scaled target. The linear trend stays: without it the data pin the slowest coefficient
 * along a curved η–ℓ ridge (200 weeks × 8 channels without drift: 30 of 1200 draws divergent
 * without the trend, 4 with it).
 * On x = weeks from the middle of the data, with L = half-span + 52 weeks (PyMC-Marketing's
 * time-varying intercept: mid + one year, so a year of forecast stays inside the basis):
 *   φⱼ(x) = √(1/L)·sin(ωⱼ(x + L)), ωⱼ = jπ/(2L),
 *   f(x) = Σⱼ φⱼ(x)·wⱼ, wⱼ ~ N(0, sⱼ²), sⱼ = √S(ωⱼ) of the ExpQuad kernel
 *   S(ω) = η²·√(2π)·ℓ·exp(−ω²ℓ²/2).
 * Coefficients are non-centred by default (wⱼ = sⱼ·zⱼ, zⱼ ~ N(0, 1), as PyMC-Marketing). `centered: k`
 * samples the k slowest as wⱼ itself: the data pin those, and sⱼ·zⱼ bends their posterior along η
 * and ℓ. On 156 weeks (17 coefficients) NUTS took 150 leapfrogs per draw with none centred, 34 with
 * 9 (a fit 5× faster), and stalled at tree depth 10 with all 17; but on 104 weeks with 10 of 20
 * centred a chain stalled where ℓ ran long (the centred fast coefficients' prior sd collapses), so
 * it is opt-in.
 * The first basis function (almost flat over the data, a second intercept) is dropped, as
 * PyMC-Marketing's HSGP does by default. Priors from the data's length n (weeks):
 * ℓ ~ LogNormal with 90% of its mass in [clamp(n/12, 6, 26), n] weeks — no faster than a quarter's
 * drift (media flights are 2–8 weeks and must stay with the media), no slower than the span;
 * η ~ Exponential with 5% of its mass above 0.5 (half the KPI's maximum; PyMC-Marketing's
 * `create_eta_prior` with upper 0.5). m = clamp(⌈1.75·L/ℓ_lower⌉, 10, 40) basis functions:
 * Riutort-Mayol's m ≥ 1.75·c·S/ℓ for the ExpQuad kernel at the shortest plausible ℓ (about 20
 * for 104–200 weeks).
 * Under the Normal likelihood the weights are integrated out by default (integratedBaseline.ts): the
 * density then uses only `sds` and `hyperLogPrior` (the chain rule from ∂log p/∂log sⱼ to ℓ and η).
 */
import { MMMError } from "../../../errors";
import { normalLogpdf } from "./priors";

/** Options of the HSGP baseline (defaults from the data's length, see above). */
export interface HsgpOptions {
  /** Basis functions, the dropped first one included (default from the length-scale prior, 10–40). */
  m?: number;
  /** 90% range of the length-scale prior in weeks (default [clamp(n/12, 6, 26), n]). */
  lengthscale?: { lower: number; upper: number };
  /** η has 5% prior mass above this (on the KPI divided by its max; default 0.5). */
  etaUpper?: number;
  /** How many leading (slowest) coefficients are sampled centred, wⱼ ~ N(0, sⱼ²); the rest non-centred (default 0; see above). Only when the coefficients are sampled (integrateBaseline false, or Student-t). */
  centered?: number;
}

const Z90 = 1.6448536269514722;
const FOURTH_ROOT_2PI = (2 * Math.PI) ** 0.25;

/** Half-width L of the basis domain in weeks: half the data's span plus a year. */
export function hsgpHalfWidth(days: Int32Array): number {
  return (days[days.length - 1]! - days[0]!) / 14 + 52;
}

/** Basis functions for a length-scale prior starting at `lower` weeks: ⌈1.75·L/lower⌉ (Riutort-Mayol's rule) in [10, cap]. */
export function hsgpBasisSize(days: Int32Array, lower: number, cap = 40): number {
  return Math.min(cap, Math.max(10, Math.ceil((1.75 * hsgpHalfWidth(days)) / lower)));
}

/** The HSGP's basis on the data's weeks, its priors, and its part of the log density. */
export class HsgpBaseline {
  /** Number of coefficients (m − 1: the first basis function is dropped). */
  readonly k: number;
  readonly m: number;
  /** Half-width of the basis domain, in weeks. */
  readonly L: number;
  /** Epoch day of x = 0 (the middle of the data). */
  readonly mid: number;
  /** φⱼ over the data's weeks, one column per coefficient. */
  readonly basis: Float64Array[];
  /** ωⱼ² of each coefficient. */
  readonly omega2: Float64Array;
  /** LogNormal(μ, σ) of ℓ in weeks, Exponential(rate) of η. */
  readonly lsPrior: { mu: number; sigma: number; lower: number; upper: number };
  readonly etaRate: number;
  /** sⱼ of the last `weights` call (scratch). */
  readonly #s: Float64Array;
  /** ∂log p/∂log sⱼ (scratch). */
  readonly #s2: Float64Array;
  /** Coefficients before this index are centred. */
  readonly centered: number;

  constructor(days: Int32Array, opts: HsgpOptions = {}) {
    const n = days.length;
    const first = days[0]!,
      last = days[n - 1]!;
    this.mid = (first + last) / 2;
    this.L = hsgpHalfWidth(days);
    const lower = opts.lengthscale?.lower ?? Math.min(26, Math.max(6, n / 12));
    const upper = opts.lengthscale?.upper ?? Math.max(n, lower * 2);
    const etaUpper = opts.etaUpper ?? 0.5;
    if (!(lower > 0 && upper > lower)) throw new MMMError("INVALID_ARGUMENT", `hsgp.lengthscale needs 0 < lower < upper (weeks), got ${lower}, ${upper}.`, "Give e.g. { lower: 8, upper: 104 }.", { value: opts.lengthscale });
    if (!(etaUpper > 0)) throw new MMMError("INVALID_ARGUMENT", `hsgp.etaUpper must be positive, got ${etaUpper}.`, "Give e.g. 0.5 (half the KPI's maximum).", { value: etaUpper });
    this.lsPrior = { mu: (Math.log(lower) + Math.log(upper)) / 2, sigma: (Math.log(upper) - Math.log(lower)) / (2 * Z90), lower, upper };
    this.etaRate = Math.log(20) / etaUpper;
    this.m = opts.m ?? hsgpBasisSize(days, lower);
    if (!Number.isInteger(this.m) || this.m < 2 || this.m > 200) throw new MMMError("INVALID_ARGUMENT", `hsgp.m must be an integer in [2, 200], got ${this.m}.`, "Leave it out for the default (about 20).", { value: this.m });
    this.k = this.m - 1;
    this.omega2 = Float64Array.from({ length: this.k }, (_, i) => ((i + 2) * Math.PI) / (2 * this.L)).map((w) => w * w);
    this.#s = new Float64Array(this.k);
    this.#s2 = new Float64Array(this.k);
    if (opts.centered !== undefined && !(Number.isInteger(opts.centered) && opts.centered >= 0))
      throw new MMMError("INVALID_ARGUMENT", `hsgp.centered must be a whole number ≥ 0, got ${opts.centered}.`, "Leave it out for the default (0: every coefficient non-centred).", { value: opts.centered });
    this.centered = Math.min(this.k, opts.centered ?? 0);
    this.basis = this.basisAt(days);
  }

  /** Unconstrained names, prefixed by `baseline:`. */
  get names(): string[] {
    return ["baseline:log_ls", "baseline:log_eta", ...Array.from({ length: this.k }, (_, j) => `baseline:${j < this.centered ? "w" : "z"}_${j + 2}`)];
  }

  /**
   * φⱼ at these epoch days, one column per coefficient. Weeks beyond ±L (forecasts more than a year
   * past the data) are held at the boundary, where every basis function is 0: f returns to the intercept.
   */
  basisAt(days: Int32Array): Float64Array[] {
    const x = Float64Array.from(days, (d) => Math.max(-this.L, Math.min(this.L, (d - this.mid) / 7)));
    const c = Math.sqrt(1 / this.L);
    return Array.from(this.omega2, (w2) => {
      const w = Math.sqrt(w2);
      return x.map((v) => c * Math.sin(w * (v + this.L)));
    });
  }

  /** Length-scale (weeks) and η of the unconstrained vector at `at`. */
  hyper(q: Float64Array, at: number): { ls: number; eta: number } {
    return { ls: Math.exp(q[at]!), eta: Math.exp(q[at + 1]!) };
  }

  /** The spectral sds sⱼ = √S(ωⱼ) at the unconstrained vector's ℓ and η (a view, overwritten by the next call). */
  sds(q: Float64Array, at: number): Float64Array {
    const ls = Math.exp(q[at]!);
    const c = Math.exp(q[at + 1]!) * FOURTH_ROOT_2PI * Math.sqrt(ls);
    const l2 = (ls * ls) / 4;
    for (let j = 0; j < this.k; j++) this.#s[j] = c * Math.exp(-this.omega2[j]! * l2);
    return this.#s;
  }

  /** The basis weights wⱼ (centred: the coefficient; non-centred: sⱼ·zⱼ) into `w` (sⱼ kept for the gradient). */
  weights(q: Float64Array, at: number, w: Float64Array): void {
    const s = this.sds(q, at);
    for (let j = 0; j < this.k; j++) w[j] = j < this.centered ? q[at + 2 + j]! : s[j]! * q[at + 2 + j]!;
  }

  /**
   * Log prior (with the log-Jacobians of log ℓ and log η) and the gradient into grad[at…], given
   * `G[j]` = Σₜ ∂log-lik/∂μₜ·φⱼ(xₜ) and the weights of the last `weights` call.
   */
  logPrior(q: Float64Array, at: number, G: Float64Array, w: Float64Array, grad: Float64Array): number {
    const gLogS = this.#s2;
    let lp = 0;
    for (let j = 0; j < this.k; j++) {
      const i = at + 2 + j;
      const z = q[i]!;
      const s = this.#s[j]!;
      // ∂/∂log sⱼ: through wⱼ = sⱼ·zⱼ (non-centred), or through the prior N(wⱼ; 0, sⱼ) (centred).
      gLogS[j] = j < this.centered ? (z * z) / (s * s) - 1 : G[j]! * w[j]!;
      if (j < this.centered) {
        grad[i]! += G[j]! - z / (s * s);
        lp += normalLogpdf(z, 0, s);
      } else {
        grad[i]! += G[j]! * s - z;
        lp += normalLogpdf(z, 0, 1);
      }
    }
    return lp + this.hyperLogPrior(q, at, gLogS, grad);
  }

  /**
   * The priors of log ℓ and log η (Jacobians included) and, given ∂log p/∂log sⱼ in `gLogS`, the chain
   * rule through sⱼ (∂log sⱼ/∂log η = 1, ∂log sⱼ/∂log ℓ = 1/2 − ωⱼ²ℓ²/2) into grad[at], grad[at + 1].
   */
  hyperLogPrior(q: Float64Array, at: number, gLogS: Float64Array, grad: Float64Array): number {
    const u = q[at]!,
      v = q[at + 1]!;
    const half = Math.exp(2 * u) / 2;
    let gEta = 0,
      gLs = 0;
    for (let j = 0; j < this.k; j++) {
      gEta += gLogS[j]!;
      gLs += gLogS[j]! * (0.5 - this.omega2[j]! * half);
    }
    const { mu, sigma } = this.lsPrior;
    // LogNormal(ℓ)·|dℓ/du| = Normal(u); Exponential(η)·|dη/dv| = rate·e^{−rate·η}·η.
    grad[at]! += gLs - (u - mu) / (sigma * sigma);
    const eta = Math.exp(v);
    grad[at + 1]! += gEta - this.etaRate * eta + 1;
    return normalLogpdf(u, mu, sigma) + Math.log(this.etaRate) - this.etaRate * eta + v;
  }
}
