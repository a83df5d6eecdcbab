/**
 * JSON shapes of media transforms: what a channel's carry-over and diminishing returns are
 * (`AdstockSpec`, `SaturationSpec`) and how a parameter's prior is described (`PriorSpec`).
 * Plain data, so simulator truths, fitted models and agent tool calls can store and replay them.
 */
type WeibullParams = { lambda: number; k: number; lMax?: number; normalize?: boolean };

/**
 * Carry-over of a channel (see `model/transforms/math.ts` for the exact kernels).
 * `lMax` defaults to 8 weeks and `normalize` to true (weights sum to 1, as in PyMC-Marketing's MMM).
 * @example { type: "geometric", params: { alpha: 0.6, lMax: 8 } }
 */
export type AdstockSpec =
  | { type: "geometric"; params: { alpha: number; lMax?: number; normalize?: boolean } }
  | { type: "delayed"; params: { alpha: number; theta: number; lMax?: number; normalize?: boolean } }
  | { type: "weibull_cdf"; params: WeibullParams }
  | { type: "weibull_pdf"; params: WeibullParams };

/**
 * Diminishing returns of a channel, applied to adstocked spend scaled by its max (so inputs are
 * mostly in [0, 1]). Every curve is in [0, 1); the channel's `beta` gives it KPI units
 * (Michaelis–Menten's own ceiling is fixed at 1 for that reason).
 */
export type SaturationSpec = { type: "hill"; params: { K: number; S: number } } | { type: "logistic"; params: { lam: number } } | { type: "michaelis_menten"; params: { lam: number } };

/** Any registered adstock, built-in or custom (every `AdstockSpec` is one). */
export interface AdstockSpecLike {
  type: string;
  params: { lMax?: number; normalize?: boolean; [name: string]: number | boolean | undefined };
}

/** Any registered saturation, built-in or custom (every `SaturationSpec` is one). */
export interface SaturationSpecLike {
  type: string;
  params: { [name: string]: number };
}

/**
 * A prior distribution as JSON, in PyMC's parametrisation. `Gamma` is shape/rate
 * (`alpha`, `beta`; PyMC's `mu`/`sigma` form converts as `alpha = mu²/sigma²`, `beta = mu/sigma²`).
 * @example { dist: "Beta", alpha: 1, beta: 3 }
 */
export type PriorSpec =
  | { dist: "Beta"; alpha: number; beta: number }
  | { dist: "Gamma"; alpha: number; beta: number }
  | { dist: "HalfNormal"; sigma: number }
  | { dist: "Normal"; mu: number; sigma: number }
  | { dist: "LogNormal"; mu: number; sigma: number };
