/**
 * A channel's saturation in the Bayesian MMM, read from the transform registry: the parameters,
 * their default priors and domains are the registered class's (overridable per model), values
 * and gradients come from its `gradient`, and the weekly series runs through a fused kernel for
 * the built-ins or the general one (see series.ts). A saturation without a gradient is refused
 * with a clear error. One instance per channel: it keeps that channel's scratch.
 */
import { MMMError } from "../../../errors";
import type { TransformParams } from "../../transforms/base";
import { getSaturation } from "../../transforms/registry";
import type { SaturationTransform } from "../../transforms/saturation";
import type { PriorSpec } from "../../transforms/specs";
import { seriesKernel, type SeriesKernel } from "./series";
import { DeclaredParams } from "./unconstrained";

/** Prior overrides by transform lookup name, then parameter: `{ hill: { K: { dist: "HalfNormal", sigma: 1 } } }`. */
export type TransformPriors = Record<string, Record<string, PriorSpec>>;

/** Per-week outputs: h, ∂h/∂α (through the adstock), and ∂h/∂θⱼ for each natural parameter θⱼ. */
export interface SaturationSeries {
  h: Float64Array;
  hd: Float64Array;
  hu: Float64Array[];
  /** Scratch of length 2 + parameters for the general kernel (so the gradient allocates nothing). */
  scratch: Float64Array;
}

/** The registry's saturation as the density uses it. */
export class BayesSaturation {
  /** The transform's lookup name. */
  readonly kind: string;
  readonly transform: SaturationTransform;
  readonly paramNames: readonly string[];
  /** Unconstrained parameter names (suffixes after "channel:"), e.g. `log_K`. */
  readonly names: readonly string[];
  /** Domains, priors and names of the parameters on the unconstrained line. */
  readonly declared: DeclaredParams;
  /** The weekly series: a fused kernel for this transform, or the general one. */
  readonly series: SeriesKernel;
  /** Scratch: the natural parameters by name, for `transform.gradient` (no allocation per call). */
  readonly #params: Record<string, number>;
  readonly #out: Float64Array;

  constructor(transform: SaturationTransform, channel: string, overrides: Record<string, PriorSpec> = {}) {
    if (!transform.hasGradient) {
      throw new MMMError(
        "INVALID_ARGUMENT",
        `saturation "${transform.lookupName}" (channel "${channel}") has no gradient: the Bayesian model needs its analytic derivative in the input and in each parameter.`,
        "Declare gradient(v, p, out) on the class (writing [f, ∂f/∂v, ∂f/∂p…]), or fit this channel with runRidgeMMM.",
        { value: transform.lookupName },
      );
    }
    this.kind = transform.lookupName;
    this.transform = transform;
    this.paramNames = transform.paramNames;
    this.declared = new DeclaredParams(transform, overrides);
    this.names = this.declared.names;
    this.series = seriesKernel(this.kind);
    this.#params = Object.fromEntries(this.paramNames.map((n) => [n, transform.defaults[n]!]));
    this.#out = new Float64Array(2 + this.paramNames.length);
  }

  /** Number of parameters. */
  get k(): number {
    return this.paramNames.length;
  }

  /** θⱼ = xⱼ(u) and dθⱼ/du into `theta` and `dtheta` from the unconstrained vector at `at`. */
  constrain(q: Float64Array, at: number, theta: Float64Array, dtheta: Float64Array): void {
    // The loop is DeclaredParams.constrain's, kept here so this call site sees the saturation's maps only (monomorphic, inlined).
    const maps = this.declared.maps;
    for (let j = 0; j < maps.length; j++) {
      const u = q[at + j]!;
      theta[j] = maps[j]!.forward(u);
      dtheta[j] = maps[j]!.dForward(u);
    }
  }

  /** Log prior of θ(u) plus log-Jacobians; adds ∂/∂u into grad[at…]. */
  logPrior(q: Float64Array, at: number, theta: Float64Array, dtheta: Float64Array, grad: Float64Array): number {
    const { maps, priors } = this.declared;
    let lp = 0;
    for (let j = 0; j < maps.length; j++) {
      const u = q[at + j]!,
        x = theta[j]!,
        prior = priors[j]!,
        map = maps[j]!;
      lp += prior.logp(x) + map.logJacobian(u);
      grad[at + j]! += prior.dlogp(x) * dtheta[j]! + map.dLogJacobian(u);
    }
    return lp;
  }

  /** `[h, ∂h/∂a, ∂h/∂θ₀, …]` at one input `a` into `out` (the transform's own gradient). */
  evaluate(a: number, theta: Float64Array, out: Float64Array): void {
    this.transform.gradient!(a, this.#set(theta), out);
  }

  /** h(a). */
  value(a: number, theta: Float64Array): number {
    this.evaluate(a, theta, this.#out);
    return this.#out[0]!;
  }

  /** Natural parameters by name. */
  describe(theta: Float64Array): Record<string, number> {
    return Object.fromEntries(this.paramNames.map((n, j) => [n, theta[j]!]));
  }

  #set(theta: Float64Array): TransformParams {
    const p = this.#params;
    for (let j = 0; j < this.paramNames.length; j++) p[this.paramNames[j]!] = theta[j]!;
    return p;
  }
}

/**
 * The channel's saturation from the registry, with the model's prior overrides.
 * @throws MMMError INVALID_ARGUMENT for an unknown name or a saturation without a gradient.
 */
export function saturationCurve(name: string, channel: string, priors?: TransformPriors): BayesSaturation {
  return new BayesSaturation(getSaturation(name), channel, priors?.[name]);
}
