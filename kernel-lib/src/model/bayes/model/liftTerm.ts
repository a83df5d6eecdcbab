/**
 * The lift tests' likelihood inside the density. A test's model lift is β·Σ[h(adstock(x + Δ)) −
 * h(adstock(x))] over its spend slices (the lead-in weeks cancel: same spend, same response), through
 * the channel's registered adstock and saturation, so carry-over into and after the test counts; its
 * gradient in β, the adstock and the saturation parameters is the difference of the two series' sums.
 * An R&F channel's slices are reach and frequency (rfSpend.ts: the change moves reach along the
 * channel's reach curve), run by its own series, reach × Hill(frequency) then the adstock.
 * The measured lift enters as Gamma(mean = sign·lift_model, sd = σ) on sign·lift (PyMC-Marketing's
 * choice, keeps the model lift in the change's direction) or as Normal(lift_model, σ).
 */
import lgamma from "@stdlib/math-base-special-gammaln";
import { digamma } from "../../../math/digamma";
import { ChannelState } from "./channelState";
import type { ParamLayout } from "./layout";
import type { ScaledLiftTest } from "./liftTests";
import { normalLogpdf } from "./priors";
import { rfSeries } from "./rfMedia";

/** log Gamma(o | mean m, sd s) and its derivative in m (shape m²/s², rate m/s²). */
export function gammaMeanSd(o: number, m: number, s: number): [number, number] {
  if (!(m > 0)) return [-Infinity, 0];
  const s2 = s * s;
  const a = (m * m) / s2;
  const b = m / s2;
  const logB = Math.log(b);
  const logO = Math.log(o);
  const lp = a * logB - lgamma(a) + (a - 1) * logO - b * o;
  const d = ((2 * m) / s2) * (logB - digamma(a) + logO) + (m - o) / s2;
  return [lp, d];
}

/** The lift-test term of one density: scratch series per test, allocated once. */
export class LiftTerm {
  readonly #tests: readonly ScaledLiftTest[];
  readonly #layout: ParamLayout;
  readonly #base: ChannelState[];
  readonly #test: ChannelState[];

  constructor(tests: readonly ScaledLiftTest[], layout: ParamLayout) {
    this.#tests = tests;
    this.#layout = layout;
    const scratch = (lt: ScaledLiftTest) => {
      const ch = layout.channels[lt.channel]!;
      return new ChannelState(lt.base.n, ch.curve.k, ch.adstock.k);
    };
    this.#base = tests.map(scratch);
    this.#test = tests.map(scratch);
  }

  get size(): number {
    return this.#tests.length;
  }

  /**
   * Σ log p(lift_i | model) at the channels' current parameters (`states`, filled by the density);
   * adds ∂/∂β, ∂/∂φ and ∂/∂θ into each state's accumulators. −∞ when a Gamma test's model lift is not in the change's direction.
   */
  logLik(states: readonly ChannelState[]): number {
    let lp = 0;
    this.#tests.forEach((lt, i) => {
      const st = states[lt.channel]!;
      const a = this.#base[i]!;
      const b = this.#test[i]!;
      this.#run(lt, st, a, b);
      const D = b.sums[0]! - a.sums[0]!;
      const pred = st.beta * D;
      let g: number;
      if (lt.likelihood === "normal") {
        lp += normalLogpdf(lt.obs, pred, lt.sd);
        g = (lt.obs - pred) / (lt.sd * lt.sd);
      } else {
        const [l, d] = gammaMeanSd(lt.sign * lt.obs, lt.sign * pred, lt.sd);
        lp += l;
        g = lt.sign * d;
      }
      if (!Number.isFinite(lp)) return;
      const m = st.gAdstock.length;
      st.gBeta += g * D;
      for (let j = 0; j < m; j++) st.gAdstock[j]! += g * st.beta * (b.sums[1 + j]! - a.sums[1 + j]!);
      for (let j = 0; j < st.gTheta.length; j++) st.gTheta[j]! += g * st.beta * (b.sums[1 + m + j]! - a.sums[1 + m + j]!);
    });
    return lp;
  }

  /** Each test's model lift on the scaled KPI at the channels' current parameters (for summaries). */
  lifts(states: readonly ChannelState[]): number[] {
    return this.#tests.map((lt, i) => {
      const st = states[lt.channel]!;
      const a = this.#base[i]!;
      const b = this.#test[i]!;
      this.#run(lt, st, a, b);
      return st.beta * (b.sums[0]! - a.sums[0]!);
    });
  }

  /** Both slices' series and sums [S, ∂S/∂φ…, ∂S/∂θ…]: the channel's adstock and saturation, or an R&F channel's reach × Hill(frequency) and adstock (same layout of sums). */
  #run(lt: ScaledLiftTest, st: ChannelState, a: ChannelState, b: ChannelState): void {
    const ch = this.#layout.channels[lt.channel]!;
    if (lt.rf) {
      rfSeries(lt.rf.base, st.phi[0]!, lt.rf.lMax, st.theta, ch.curve, a, a.sums);
      rfSeries(lt.rf.test, st.phi[0]!, lt.rf.lMax, st.theta, ch.curve, b, b.sums);
      return;
    }
    ch.adstock.series(lt.base, st.phi, st.theta, a, a.sums, ch.curve);
    ch.adstock.series(lt.test, st.phi, st.theta, b, b.sums, ch.curve);
  }
}
