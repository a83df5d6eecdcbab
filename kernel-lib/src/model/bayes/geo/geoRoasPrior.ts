/**
 * ROAS priors for the geo model (Meridian's ROI prior, the national model's `roasPriors`): a belief about
 * a channel's national ROAS becomes the prior of its pooled response μ_c. The expected national ROAS is
 * E[ROAS_c] = E[r_gc]·A_c with A_c = Σ_g kpiScale_g·Σ_t x_gc(t) / Σ_g spend_gc, x_gc = h_gc/h_gc(ā) the channel's
 * weekly response per unit of r (E[r_gc] = e^μ_c for normal geo effects, e^(μ_c + τ_c²/2) for log-normal
 * ones). log E[ROAS_c] ~ Normal(m, s) from the prior's mean and sd (a log-normal, as the national model),
 * in place of μ_c's default Normal(−2, 1.5): exact as μ_c's prior given the shared transforms, whose
 * gradient reaches the adstock and saturation through A_c. A_c is summed geo by geo in the density's pass.
 */
import type { ChannelState } from "../model/channelState";
import { normalLogpdf } from "../model/priors";
import type { GeoChannelLayout } from "./geoLayout";

/** One channel's running sums of A_c's numerator and its partials in the natural transform parameters. */
interface Sums {
  total: number;
  dAdstock: Float64Array;
  dTheta: Float64Array;
}

export class GeoRoasPriors {
  readonly #sums: (Sums | undefined)[];
  readonly #spend: Float64Array;
  readonly #logNormal: boolean;

  /** @param spend each channel's total spend over the geos; @param logNormal the effects' form. */
  constructor(channels: readonly GeoChannelLayout[], spend: readonly number[], logNormal: boolean) {
    this.#sums = channels.map((ch) => (ch.roas ? { total: 0, dAdstock: new Float64Array(ch.adstock.k), dTheta: new Float64Array(ch.curve.k) } : undefined));
    this.#spend = Float64Array.from(spend);
    this.#logNormal = logNormal;
  }

  /** True when any channel has a ROAS prior. */
  get any(): boolean {
    return this.#sums.some((s) => s !== undefined);
  }

  /** Zeroes the sums (once per evaluation). */
  reset(): void {
    for (const s of this.#sums) {
      if (!s) continue;
      s.total = 0;
      s.dAdstock.fill(0);
      s.dTheta.fill(0);
    }
  }

  /**
   * Adds geo g's kpiScale·Σ_t h/h(ā) for channel c (after its series and reference evaluation):
   * ∂/∂φⱼ = kpiScale·Σ∂h/∂φⱼ/h(ā), ∂/∂θⱼ = kpiScale·(Σ∂h/∂θⱼ/h(ā) + Σh/h(ā)·∂log β/∂θⱼ) with log β = −log h(ā).
   */
  addGeo(c: number, st: ChannelState, kpiScale: number): void {
    const s = this.#sums[c];
    if (!s) return;
    const f = kpiScale / st.ev[0]!;
    const m = s.dAdstock.length;
    const x = st.sums[0]! * f;
    s.total += x;
    for (let j = 0; j < m; j++) s.dAdstock[j]! += st.sums[1 + j]! * f;
    for (let j = 0; j < s.dTheta.length; j++) s.dTheta[j]! += st.sums[1 + m + j]! * f + x * st.dLogBeta[j]!;
  }

  /**
   * Channel c's prior on μ_c (−Infinity-free: a channel with no spend keeps its default prior, undefined),
   * its gradient into grad (μ_c, log τ_c) and the natural transform accumulators.
   */
  logPrior(c: number, ch: GeoChannelLayout, q: Float64Array, grad: Float64Array, gAdstock: Float64Array, gTheta: Float64Array): number | undefined {
    const s = this.#sums[c];
    const prior = ch.roas;
    if (!s || !prior || !(s.total > 0) || !(this.#spend[c]! > 0)) return undefined;
    const tau2 = this.#logNormal ? Math.exp(2 * q[ch.logTau]!) : 0;
    const logRoas = q[ch.mu]! + tau2 / 2 + Math.log(s.total / this.#spend[c]!);
    const g = -(logRoas - prior.mu) / prior.sigma ** 2;
    grad[ch.mu]! += g;
    grad[ch.logTau]! += g * tau2;
    for (let j = 0; j < gAdstock.length; j++) gAdstock[j]! += (g * s.dAdstock[j]!) / s.total;
    for (let j = 0; j < gTheta.length; j++) gTheta[j]! += (g * s.dTheta[j]!) / s.total;
    return normalLogpdf(logRoas, prior.mu, prior.sigma);
  }
}
