/**
 * Geo effects integrated out. A channel's weekly response at average spend in geo g is
 * r_gc ~ Normal(e^μ_c, (τ_c·e^μ_c)²) — τ_c the coefficient of variation across geos, as a log-normal's
 * τ for small τ (Meridian's `media_effects_dist="normal"`) — and enters the geo's mean linearly, as
 * r_gc·x_gc with x_gc = h(a_gc)/h(ā_gc). Conditional on the shared transforms, μ_c, τ_c and σ, every r_gc
 * is then one more column of the geo's integrated linear block (collapsedNormal.ts): the prior mean
 * e^μ_c·x_gc goes into the offset, r_gc − e^μ_c is integrated with prior sd τ_c·e^μ_c. The funnel between
 * τ_c and the geo effects that no centring removed (a weak channel's chain stuck in its neck, R-hat 1.6 on
 * Meridian's panel) is gone with the effects themselves: τ_c is left with a smooth marginal likelihood.
 * The sampled transforms' gradient comes through the columns by Fisher's identity (columnGradient).
 */
import type { ChannelState } from "../model/channelState";
import type { CollapsedNormal } from "../model/collapsedNormal";
import type { GeoChannelLayout } from "./geoLayout";

export class NormalGeoEffects {
  /** Index of the first channel column in the integrated block (after the intercept and base columns). */
  readonly from: number;
  readonly #collapsed: CollapsedNormal;
  /** Per channel: x_gc of the current geo, 1/h(ā_gc), the prior mean e^μ_c and ∂log p/∂log sd_c. */
  readonly #cols: Float64Array[];
  readonly #invH: Float64Array;
  readonly #mean: Float64Array;
  readonly #sd: Float64Array;
  readonly gLogSd: Float64Array;
  readonly #work: Float64Array[];

  constructor(collapsed: CollapsedNormal, from: number, n: number, channels: number) {
    this.#collapsed = collapsed;
    this.from = from;
    this.#cols = Array.from({ length: channels }, () => new Float64Array(n));
    this.#invH = new Float64Array(channels);
    this.#mean = new Float64Array(channels);
    this.#sd = new Float64Array(channels);
    this.gLogSd = new Float64Array(channels);
    this.#work = Array.from({ length: channels }, () => new Float64Array(n));
  }

  /** Once per evaluation: each channel's prior mean e^μ_c and sd τ_c·e^μ_c. */
  setChannels(q: Float64Array, channels: readonly GeoChannelLayout[]): void {
    channels.forEach((ch, c) => {
      this.#mean[c] = Math.exp(q[ch.mu]!);
      this.#sd[c] = Math.exp(q[ch.mu]! + q[ch.logTau]!);
    });
    this.#collapsed.setPriorSd(this.#sd, this.from);
  }

  /** The offset coefficient e^μ_c/h(ā) of channel c in the current geo (its β before the integrated part). */
  offsetBeta(c: number, hRef: number): number {
    this.#invH[c] = 1 / hRef;
    return this.#mean[c]! / hRef;
  }

  /** Per geo, after every channel's series: the channel columns x = h/h(ā) into the integrated block. */
  setColumns(states: readonly ChannelState[]): void {
    states.forEach((st, c) => {
      const x = this.#cols[c]!;
      const f = this.#invH[c]!;
      for (let t = 0; t < x.length; t++) x[t] = st.h[t]! * f;
    });
    this.#collapsed.setColumns(this.from, this.#cols);
  }

  /** Per geo, after the integrated block's logLik: r_gc's conditional posterior part (unscaled coefficient j) as a β increment. */
  betaIncrement(c: number, coefficient: number): number {
    return coefficient * this.#invH[c]!;
  }

  /**
   * Per geo, after the block's logLik left ∂/∂μ in `gmu` and ∂/∂log sd in `gLogSd`: each channel's
   * series gradient (e^μ·gmu + Fisher term per week, as ∂/∂μ scaled for the state's offset β) into its
   * state, and μ_c's and log τ_c's gradients through the offset and the prior sd.
   */
  chainRule(grad: Float64Array, gmu: Float64Array, sigma: number, states: readonly ChannelState[], channels: readonly GeoChannelLayout[]): void {
    const w = this.#work;
    this.#collapsed.columnGradients(this.from, gmu, sigma, w);
    states.forEach((st, c) => {
      const ch = channels[c]!;
      const x = this.#cols[c]!;
      // The state multiplies by its β = e^μ/h(ā): hand it ∂/∂x per week divided by e^μ. Where 1/e^μ
      // overflows (μ < −709) the Fisher term (∝ (τe^μ)²) has underflowed to 0 and β is 0: its limit is 0, not 0·∞.
      const inv = 1 / this.#mean[c]!;
      const f = Number.isFinite(inv) ? inv : 0;
      const wc = w[c]!;
      let offset = 0;
      for (let t = 0; t < wc.length; t++) {
        const gt = gmu[t]!;
        offset += gt * x[t]!;
        wc[t] = gt + wc[t]! * f;
      }
      grad[ch.mu]! += this.#mean[c]! * offset + this.gLogSd[c]!;
      grad[ch.logTau]! += this.gLogSd[c]!;
      st.likelihoodGradient(wc);
    });
    this.gLogSd.fill(0);
  }
}
