/**
 * A channel's adstock in the Bayesian MMM, read from the transform registry (as saturation.ts does
 * for the saturation): the parameters, their default priors and domains are the registered class's
 * (overridable per model), and the weekly series runs either by geometric adstock's O(n) recursion
 * fused with the saturation (series.ts) or, for any other adstock, by convolution with the class's
 * `weights` and `weightsGradient` (delayed, Weibull CDF/PDF, custom ones). An adstock without
 * `weightsGradient` is refused with a clear error. One instance per channel: it keeps that
 * channel's scratch, so a gradient evaluation allocates nothing.
 */
import { MMMError } from "../../../errors";
import type { AdstockTransform } from "../../transforms/adstock";
import type { TransformParams } from "../../transforms/base";
import { getAdstock } from "../../transforms/registry";
import type { PriorSpec } from "../../transforms/specs";
import { adstockCoefficients, type AdstockInput } from "./adstock";
import type { BayesSaturation } from "./saturation";
import { convolvedSeries, type ChannelSeries } from "./series";
import { DeclaredParams } from "./unconstrained";

/** The adstock parameter called "decay" in names and summaries (geometric and delayed retention). */
const DECAY = "alpha";

/** The registry's adstock as the density uses it. */
export class BayesAdstock {
  /** The transform's lookup name. */
  readonly kind: string;
  readonly transform: AdstockTransform;
  readonly lMax: number;
  readonly paramNames: readonly string[];
  /** Unconstrained names (suffixes after "channel:"): `logit_decay` for alpha, else e.g. `log_lambda`. */
  readonly names: readonly string[];
  readonly declared: DeclaredParams;
  /** Index of alpha ("decay") among the parameters, or −1. */
  readonly decayIndex: number;
  /** True for geometric: the recursion path. */
  readonly recursive: boolean;
  /** Scratch: parameters by name, weights and their gradient (convolution), recursion coefficients. */
  readonly #params: Record<string, number>;
  readonly #w: Float64Array;
  readonly #dw: Float64Array[];
  readonly #coef = new Float64Array(4);

  constructor(transform: AdstockTransform, channel: string, overrides: Record<string, PriorSpec> = {}) {
    if (!transform.hasGradient) {
      throw new MMMError(
        "INVALID_ARGUMENT",
        `adstock "${transform.lookupName}" (channel "${channel}") has no weightsGradient: the Bayesian model needs the derivative of its weights in each parameter.`,
        "Declare weightsGradient(p, w, dw) on the class (weights into w, ∂w/∂p into dw[j]), use a built-in adstock (geometric, delayed, weibull_cdf, weibull_pdf), or fit this channel with runRidgeMMM.",
        { value: transform.lookupName },
      );
    }
    this.kind = transform.lookupName;
    this.transform = transform;
    this.lMax = transform.lMax;
    this.paramNames = transform.paramNames;
    this.declared = new DeclaredParams(transform, overrides, (n) => (n === DECAY ? "decay" : n));
    this.names = this.declared.names;
    this.decayIndex = this.paramNames.indexOf(DECAY);
    this.recursive = this.kind === "geometric" && transform.normalize;
    this.#params = Object.fromEntries(this.paramNames.map((n) => [n, transform.defaults[n]!]));
    this.#w = new Float64Array(this.lMax);
    this.#dw = this.paramNames.map(() => new Float64Array(this.lMax));
  }

  /** Number of parameters. */
  get k(): number {
    return this.paramNames.length;
  }

  /**
   * The channel's weekly series at adstock parameters `phi` and saturation parameters `theta`
   * (natural scale) into `out`, their sums into `sums` ([Σh, Σ∂h/∂φ…, Σ∂h/∂θ…]).
   */
  series(x: AdstockInput, phi: Float64Array, theta: Float64Array, out: ChannelSeries, sums: Float64Array, sat: BayesSaturation): void {
    if (this.recursive) {
      const alpha = phi[0]!;
      adstockCoefficients(alpha, this.lMax, this.#coef);
      sat.series(x, alpha, this.#coef, theta, out, sums, sat);
    } else this.convolved(x, phi, theta, out, sums, sat);
  }

  /** The series by convolution with the class's weights and `weightsGradient`, for any adstock (geometric included: the contract test compares). */
  convolved(x: AdstockInput, phi: Float64Array, theta: Float64Array, out: ChannelSeries, sums: Float64Array, sat: BayesSaturation): void {
    this.transform.weightsGradient!(this.#set(phi), this.#w, this.#dw);
    convolvedSeries(x, this.#w, this.#dw, theta, out, sums, sat);
  }

  /** Natural parameters by name. */
  describe(phi: Float64Array): Record<string, number> {
    return Object.fromEntries(this.paramNames.map((n, j) => [n, phi[j]!]));
  }

  #set(phi: Float64Array): TransformParams {
    const p = this.#params;
    for (let j = 0; j < this.paramNames.length; j++) p[this.paramNames[j]!] = phi[j]!;
    return p;
  }
}

/**
 * The channel's adstock from the registry (normalised weights, `lMax` lags), with the model's prior overrides.
 * @throws MMMError INVALID_ARGUMENT for an unknown name or an adstock without `weightsGradient`.
 */
export function channelAdstock(name: string, channel: string, lMax: number, overrides?: Record<string, PriorSpec>): BayesAdstock {
  return new BayesAdstock(getAdstock(name, { lMax, normalize: true }), channel, overrides);
}
