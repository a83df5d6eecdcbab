/**
 * One channel's working state inside a density evaluation: its weekly saturation series and
 * partials, their sums, and the gradient accumulators the chain rule reads — named fields instead
 * of numbered slots, allocated once per density (the gradient itself allocates nothing).
 */
import type { ChannelSeries } from "./series";

export class ChannelState implements ChannelSeries {
  /** h(a_t) per week. */
  readonly h: Float64Array;
  /** ∂h/∂φ₀ per week (through the adstock; geometric: ∂h/∂α). */
  readonly hd: Float64Array;
  /** ∂h/∂φⱼ per week, one array per adstock parameter (`ha[0]` is `hd`). */
  readonly ha: Float64Array[];
  /** Natural adstock parameters φ and dφ/du of the current evaluation. */
  readonly phi: Float64Array;
  readonly dphi: Float64Array;
  /** ∂h/∂θⱼ per week, one array per saturation parameter (natural scale). */
  readonly hu: Float64Array[];
  /** Natural saturation parameters θ and dθ/du of the current evaluation. */
  readonly theta: Float64Array;
  readonly dtheta: Float64Array;
  /** [Σh, Σ∂h/∂φ₀, …, Σ∂h/∂θ₀, …] (one adstock parameter for geometric: [Σh, Σ∂h/∂α, Σ∂h/∂θ₀, …]). */
  readonly sums: Float64Array;
  /** The channel coefficient β on the scaled target. */
  beta = 0;
  /** ∂log p/∂β, ∂log p/∂φⱼ and ∂log p/∂θⱼ (β held fixed) accumulated by likelihood and lift tests. */
  gBeta = 0;
  readonly gAdstock: Float64Array;
  readonly gTheta: Float64Array;
  /** ∂log β/∂θⱼ of the response parameterisation β = r / h(ā). */
  readonly dLogBeta: Float64Array;
  /** Scratch for single-point evaluations: [h, ∂h/∂a, ∂h/∂θ₀, …]. */
  readonly ev: Float64Array;
  readonly ev1: Float64Array;
  readonly scratch: Float64Array;
  readonly da: Float64Array;

  /** `n` weeks, `k` saturation and `m` adstock parameters. */
  constructor(n: number, k: number, m = 1) {
    this.h = new Float64Array(n);
    this.ha = Array.from({ length: Math.max(1, m) }, () => new Float64Array(n));
    this.hd = this.ha[0]!;
    this.phi = new Float64Array(m);
    this.dphi = new Float64Array(m);
    this.gAdstock = new Float64Array(m);
    this.da = new Float64Array(m);
    this.hu = Array.from({ length: k }, () => new Float64Array(n));
    this.theta = new Float64Array(k);
    this.dtheta = new Float64Array(k);
    this.sums = new Float64Array(1 + m + k);
    this.gTheta = new Float64Array(k);
    this.dLogBeta = new Float64Array(k);
    this.ev = new Float64Array(2 + k);
    this.ev1 = new Float64Array(2 + k);
    this.scratch = new Float64Array(2 + k);
  }

  /**
   * ∂log-likelihood/∂(β, φ, θ) from ∂/∂μ per week (`g`): Σg·h, β·Σg·∂h/∂φⱼ, β·Σg·∂h/∂θⱼ, in one
   * pass for the first adstock and up to two saturation parameters (the built-ins), a pass per further parameter.
   */
  likelihoodGradient(g: Float64Array): void {
    const { h, hd, hu } = this;
    const n = g.length;
    const k = hu.length;
    let Gh = 0,
      Ga = 0,
      G0 = 0,
      G1 = 0;
    if (k === 1) {
      const u0 = hu[0]!;
      for (let t = 0; t < n; t++) {
        const gt = g[t]!;
        Gh += gt * h[t]!;
        Ga += gt * hd[t]!;
        G0 += gt * u0[t]!;
      }
    } else if (k >= 2) {
      const u0 = hu[0]!,
        u1 = hu[1]!;
      for (let t = 0; t < n; t++) {
        const gt = g[t]!;
        Gh += gt * h[t]!;
        Ga += gt * hd[t]!;
        G0 += gt * u0[t]!;
        G1 += gt * u1[t]!;
      }
    } else {
      for (let t = 0; t < n; t++) {
        const gt = g[t]!;
        Gh += gt * h[t]!;
        Ga += gt * hd[t]!;
      }
    }
    const beta = this.beta;
    this.gBeta = Gh;
    this.gAdstock[0] = beta * Ga;
    if (k > 0) this.gTheta[0] = beta * G0;
    if (k > 1) this.gTheta[1] = beta * G1;
    if (k > 2 || this.ha.length > 1) this.#further(g, beta);
  }

  /** The passes for adstock parameters after the first and saturation parameters after the second (kept apart: the common case stays small enough to inline). */
  #further(g: Float64Array, beta: number): void {
    for (let j = 1; j < this.ha.length; j++) this.gAdstock[j] = beta * dot(g, this.ha[j]!);
    for (let j = 2; j < this.hu.length; j++) this.gTheta[j] = beta * dot(g, this.hu[j]!);
  }
}

function dot(g: Float64Array, u: Float64Array): number {
  let s = 0;
  for (let t = 0; t < g.length; t++) s += g[t]! * u[t]!;
  return s;
}
