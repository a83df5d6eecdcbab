/**
 * Adstock (carry-over) transforms, after PyMC-Marketing's `components/adstock.py`: each concrete
 * class declares its lookup name, parameters (domain, search bounds, default, prior) and kernel;
 * the maths is in `math.ts`. An instance is configured with `lMax` and `normalize`, as in
 * PyMC-Marketing (`GeometricAdstock(l_max=8, normalize=True)`).
 */
import { MMMError } from "../../errors";
import { POSITIVE, Transform, type ParamDef, type TransformParams } from "./base";
import { convolve, delayedWeights, delayedWeightsGradient, geometricWeights, weibullWeights, weibullWeightsGradient, type WeibullKind } from "./math";
import type { AdstockSpec, AdstockSpecLike } from "./specs";

/** How far the carry-over reaches and whether the weights sum to 1. */
export interface AdstockOptions {
  /** Number of weights (current period plus lMax − 1 lags). */
  lMax: number;
  /** Divide the weights by their sum (steady-state gain 1). */
  normalize: boolean;
}

/** lMax 8 (weekly data) and normalised weights, as `AdstockSpec` documents. */
export const DEFAULT_ADSTOCK_OPTIONS: Readonly<AdstockOptions> = Object.freeze({ lMax: 8, normalize: true });

function resolveOptions(lookupName: string, options: Partial<AdstockOptions> = {}): AdstockOptions {
  const lMax = options.lMax ?? DEFAULT_ADSTOCK_OPTIONS.lMax;
  const normalize = options.normalize ?? DEFAULT_ADSTOCK_OPTIONS.normalize;
  if (!Number.isInteger(lMax) || lMax < 1) {
    throw new MMMError("INVALID_ARGUMENT", `Adstock "${lookupName}" lMax ${String(lMax)} is not a positive integer.`, "Use the longest carry-over in periods, e.g. lMax: 8 for weekly data.", { value: lMax });
  }
  if (typeof normalize !== "boolean") {
    throw new MMMError("INVALID_ARGUMENT", `Adstock "${lookupName}" normalize ${String(normalize)} is not a boolean.`, "Use true (weights sum to 1) or false.", { value: normalize });
  }
  return { lMax, normalize };
}

/**
 * An adstock: `y_t = Σ_i w_i x_{t−i}` with weights from the subclass's kernel.
 * `S` is the spec type `toSpec` returns.
 */
export abstract class AdstockTransform<S extends AdstockSpecLike = AdstockSpecLike> extends Transform {
  readonly lMax: number;
  readonly normalize: boolean;

  protected constructor(lookupName: string, options: Partial<AdstockOptions> | undefined, params: (lMax: number) => Record<string, ParamDef>) {
    const resolved = resolveOptions(lookupName, options);
    super("adstock", lookupName, params(resolved.lMax));
    this.lMax = resolved.lMax;
    this.normalize = resolved.normalize;
  }

  /** The kernel for already-checked parameters, using `this.lMax` and `this.normalize`. */
  protected abstract kernel(p: TransformParams): Float64Array;

  /**
   * Optional analytic gradient for the Bayesian density: the `lMax` weights into `w` and their
   * derivative in each parameter (`paramNames` order) into `dw[j]`, for checked parameters, with
   * no allocation (it runs per channel per gradient evaluation). The density convolves the spend
   * with `w` and `dw` (geometric runs by its O(n) recursion instead, contract-tested equal); an
   * adstock without it fits in ridge, search and the simulator, and the Bayesian model refuses it.
   */
  weightsGradient?(p: TransformParams, w: Float64Array, dw: Float64Array[]): void;

  /** True when the class declares `weightsGradient`. */
  get hasGradient(): boolean {
    return typeof this.weightsGradient === "function";
  }

  /** `{ lMax, normalize }` of this instance. */
  get options(): AdstockOptions {
    return { lMax: this.lMax, normalize: this.normalize };
  }

  /** The `lMax` weights `w_0 … w_{lMax−1}`. */
  weights(params: TransformParams): Float64Array {
    return this.kernel(this.checkParams(params));
  }

  /** Adstocked series, same length as `x` (the first periods only see the lags that exist). */
  apply(x: ArrayLike<number>, params: TransformParams): Float64Array {
    return convolve(x, this.weights(params));
  }

  /**
   * Long-run output per unit of a constant input: the sum of the weights (1 when normalised).
   * A steady weekly input `s` gives `s × gain` once `lMax − 1` periods have passed.
   */
  steadyStateGain(params: TransformParams): number {
    let gain = 0;
    for (const w of this.weights(params)) gain += w;
    return gain;
  }

  /** JSON form with `lMax` and `normalize` written out. */
  toSpec(params: TransformParams): S {
    return { type: this.lookupName, params: { ...this.checkParams(params), lMax: this.lMax, normalize: this.normalize } } as AdstockSpecLike as S;
  }

  /**
   * Parameter values from a spec of this transform. The spec's `lMax`/`normalize`, when given,
   * must match this instance (use `adstockFromSpec` in `registry.ts` to build a matching one).
   */
  paramsFromSpec(spec: AdstockSpecLike): TransformParams {
    if (typeof spec !== "object" || spec === null || spec.type !== this.lookupName) {
      this.fail(`cannot read a spec of type "${String((spec as { type?: unknown } | null)?.type)}".`, "Use the registry's adstockFromSpec to pick the transform by type.", spec);
    }
    const { lMax, normalize, ...rest } = spec.params ?? {};
    if ((lMax !== undefined && lMax !== this.lMax) || (normalize !== undefined && normalize !== this.normalize)) {
      this.fail(`is configured with lMax ${this.lMax}, normalize ${this.normalize} but the spec has lMax ${String(lMax)}, normalize ${String(normalize)}.`, "Use the registry's adstockFromSpec to build the transform from the spec.");
    }
    return this.checkParams(rest);
  }
}

/** Retention rate of geometric and delayed adstock; prior Beta(1, 3) as in PyMC-Marketing. */
const ALPHA: ParamDef = {
  hint: "alpha is the share of the effect carried to the next period, in [0, 1).",
  domain: { min: 0, max: 1, maxOpen: true },
  bounds: [0, 0.95],
  default: 0.5,
  prior: { dist: "Beta", alpha: 1, beta: 3 },
};

/** `w_i = alpha^i`. */
export class GeometricAdstock extends AdstockTransform<Extract<AdstockSpec, { type: "geometric" }>> {
  constructor(options?: Partial<AdstockOptions>) {
    super("geometric", options, () => ({ alpha: ALPHA }));
  }
  protected kernel(p: TransformParams): Float64Array {
    return geometricWeights(p["alpha"]!, this.lMax, this.normalize);
  }
  /** `w_i = α^i / Σ` with `∂w_i/∂α = (i α^(i−1) Σ − α^i Σ') / Σ²` (Σ = 1, Σ' = 0 without normalisation). */
  override weightsGradient(p: TransformParams, w: Float64Array, dw: Float64Array[]): void {
    const alpha = p["alpha"]!;
    const d = dw[0]!;
    let sum = 0,
      dSum = 0;
    for (let i = 0, pow = 1, prev = 0; i < this.lMax; i++, prev = pow, pow *= alpha) {
      w[i] = pow;
      d[i] = i * prev;
      sum += pow;
      dSum += i * prev;
    }
    if (!this.normalize) return;
    for (let i = 0; i < this.lMax; i++) {
      d[i] = (d[i]! * sum - w[i]! * dSum) / (sum * sum);
      w[i] = w[i]! / sum;
    }
  }
}

/** `w_i = alpha^((i − theta)^2)`: the effect peaks `theta` periods after exposure. */
export class DelayedAdstock extends AdstockTransform<Extract<AdstockSpec, { type: "delayed" }>> {
  constructor(options?: Partial<AdstockOptions>) {
    super("delayed", options, (lMax) => ({
      alpha: ALPHA,
      theta: {
        hint: `theta is the lag of the peak effect in periods, in [0, lMax − 1 = ${lMax - 1}].`,
        domain: { min: 0, max: lMax - 1 },
        bounds: [0, lMax - 1],
        default: Math.min(1, lMax - 1),
        prior: { dist: "HalfNormal", sigma: 1 },
      },
    }));
  }
  protected kernel(p: TransformParams): Float64Array {
    return delayedWeights(p["alpha"]!, p["theta"]!, this.lMax, this.normalize);
  }
  /** `∂w/∂alpha` and `∂w/∂theta` (see `delayedWeightsGradient`). */
  override weightsGradient(p: TransformParams, w: Float64Array, dw: Float64Array[]): void {
    delayedWeightsGradient(p["alpha"]!, p["theta"]!, w, dw, this.normalize);
  }
}

function weibullDefs(lMax: number, kind: WeibullKind): Record<string, ParamDef> {
  const cdf = kind === "cdf";
  return {
    lambda: {
      hint: "lambda is the Weibull scale in periods (how long the carry-over lasts).",
      domain: POSITIVE,
      bounds: [1, lMax],
      default: Math.min(2, lMax),
      // PyMC-Marketing: Gamma(mu=2, sigma=2.5) for CDF, Gamma(mu=2, sigma=1) for PDF.
      prior: cdf ? { dist: "Gamma", alpha: 0.64, beta: 0.32 } : { dist: "Gamma", alpha: 4, beta: 2 },
    },
    k: {
      hint: "k is the Weibull shape: below 1 the decay is fast then slow, above 1 the effect lingers or peaks later.",
      domain: POSITIVE,
      bounds: cdf ? [0.0001, 2] : [0.0001, 10],
      default: cdf ? 1 : 2,
      // PyMC-Marketing: Gamma(mu=2, sigma=2.5) for CDF, Gamma(mu=3, sigma=1) for PDF.
      prior: cdf ? { dist: "Gamma", alpha: 0.64, beta: 0.32 } : { dist: "Gamma", alpha: 9, beta: 3 },
    },
  };
}

/** Survival kernel `w_j = Π_{i≤j} (1 − F(i))` of a Weibull(lambda, k): monotone decay. */
export class WeibullCdfAdstock extends AdstockTransform<Extract<AdstockSpec, { type: "weibull_cdf" }>> {
  constructor(options?: Partial<AdstockOptions>) {
    super("weibull_cdf", options, (lMax) => weibullDefs(lMax, "cdf"));
  }
  protected kernel(p: TransformParams): Float64Array {
    return weibullWeights(p["lambda"]!, p["k"]!, this.lMax, "cdf", this.normalize);
  }
  /** `∂w/∂lambda` and `∂w/∂k` (see `weibullWeightsGradient`). */
  override weightsGradient(p: TransformParams, w: Float64Array, dw: Float64Array[]): void {
    weibullWeightsGradient(p["lambda"]!, p["k"]!, "cdf", w, dw, this.normalize);
  }
}

/** Weibull density kernel, min–max scaled: can peak after exposure (k > 1). */
export class WeibullPdfAdstock extends AdstockTransform<Extract<AdstockSpec, { type: "weibull_pdf" }>> {
  constructor(options?: Partial<AdstockOptions>) {
    super("weibull_pdf", options, (lMax) => weibullDefs(lMax, "pdf"));
  }
  protected kernel(p: TransformParams): Float64Array {
    return weibullWeights(p["lambda"]!, p["k"]!, this.lMax, "pdf", this.normalize);
  }
  /** `∂w/∂lambda` and `∂w/∂k` (see `weibullWeightsGradient`). */
  override weightsGradient(p: TransformParams, w: Float64Array, dw: Float64Array[]): void {
    weibullWeightsGradient(p["lambda"]!, p["k"]!, "pdf", w, dw, this.normalize);
  }
}
