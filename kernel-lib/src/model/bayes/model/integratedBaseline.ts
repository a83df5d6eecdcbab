/**
 * The national model's linear block integrated out (BayesModelOptions.integrateBaseline): the
 * intercept ~ Normal(0, σ_b0), the standardised trend/Fourier/control coefficients ~ Normal(0, σ_base)
 * and, with baseline "hsgp", the basis weights wⱼ ~ Normal(0, sⱼ²) all enter μ linearly, so under the
 * Normal likelihood collapsedNormal.ts integrates them out exactly. The sampler keeps the channels,
 * log ℓ, log η and log σ: no intercept–media ridge (the "level" shear is not needed) and no
 * non-centred weights bent along η and ℓ, the geometry that cost the HSGP ~7× the linear
 * baseline's leapfrogs. sⱼ(ℓ, η) changes per evaluation; ∂log p/∂log sⱼ reaches ℓ and η through hsgp.ts.
 * Outputs get the coefficients per draw from their conditional posterior, by an rng seeded from the
 * draw's own bits: deterministic, and every output (decomposition, bands, forecast, export) sees the
 * same coefficients for the same draw.
 */
import { createRng, seedFromBits, type Rng } from "../../../math/random";
import { CollapsedNormal } from "./collapsedNormal";
import type { HsgpBaseline } from "./hsgp";

export class IntegratedBaseline {
  /** [intercept, base coefficients…, HSGP weights…] integrated out. */
  readonly lik: CollapsedNormal;
  readonly #gp?: HsgpBaseline;
  /** Index of the first HSGP weight in the block. */
  readonly #from: number;
  /** ∂log p/∂log sⱼ (scratch). */
  readonly #gLogS: Float64Array;

  constructor(n: number, z: Float64Array[], gp: HsgpBaseline | undefined, prior: { intercept: number; base: number }) {
    const cols = [new Float64Array(n).fill(1), ...z, ...(gp?.basis ?? [])];
    // The HSGP's sds are set per evaluation; 1 until then.
    this.lik = new CollapsedNormal(cols, [prior.intercept, ...z.map(() => prior.base), ...(gp?.basis ?? []).map(() => 1)]);
    this.#gp = gp;
    this.#from = 1 + z.length;
    this.#gLogS = new Float64Array(gp?.k ?? 0);
  }

  /**
   * log p(y | μ, σ, ℓ, η) with the block integrated out, plus the priors of log ℓ and log η; overwrites
   * `mu` with ∂/∂μ, writes ∂/∂log σ into out[0] and adds ∂/∂log ℓ, ∂/∂log η into grad[gpAt…].
   */
  logLik(q: Float64Array, gpAt: number, y: Float64Array, mu: Float64Array, sigma: number, out: Float64Array, grad: Float64Array): number {
    if (!this.#gp) return this.lik.logLik(y, mu, sigma, out);
    this.lik.setPriorSd(this.#gp.sds(q, gpAt), this.#from);
    const g = this.#gLogS.fill(0);
    const lp = this.lik.logLik(y, mu, sigma, out, g, this.#from);
    if (!Number.isFinite(lp)) return -Infinity;
    return lp + this.#gp.hyperLogPrior(q, gpAt, g, grad);
  }

  /** One draw of the block given the rest of μ (`mu`, not overwritten): seeded by `q` unless `rng` is given. */
  coefficients(q: Float64Array, gpAt: number, y: Float64Array, mu: Float64Array, sigma: number, rng?: Rng): Float64Array {
    if (this.#gp) this.lik.setPriorSd(this.#gp.sds(q, gpAt), this.#from);
    return this.lik.coefficients(y, mu, sigma, rng ?? createRng(seedFromBits(q)));
  }
}
