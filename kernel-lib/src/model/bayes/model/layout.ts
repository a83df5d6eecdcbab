/**
 * The Bayesian MMM's options and where each parameter sits in the unconstrained vector:
 * [intercept, per channel (effect, logit_decay, saturation params…), base coefficients…, log_sigma].
 * A channel's effect parameter is the log of its weekly response at its average spend level,
 * r = β·h(ā) — what the data pins down whether the curve is in its linear or its saturated part —
 * so (log r, log λ) has none of the curved β–λ ridge of (log β, log λ); the map has unit Jacobian,
 * so the posterior is unchanged and β = r / h(ā). With a ROAS prior the effect is log ROAS instead.
 */
import { MMMError, closestNames } from "../../../errors";
import type { MmmData } from "../../mmmData";
import type { LiftTest } from "./liftTests";
import { logNormalParams, type BayesPriors, type RoasPrior } from "./priors";
import { saturationCurve, type BayesSaturationName, type SaturationCurve } from "./saturation";
import type { LikelihoodName } from "./likelihood";

/** Model choices of `runBayesianMMM`; plain data, so it can be sent to worker threads. */
export interface BayesModelOptions {
  /** Adstock window in weeks (default 8). */
  lMax?: number;
  /** Saturation for all channels, or per channel name (default "logistic"). */
  saturation?: BayesSaturationName | Record<string, BayesSaturationName>;
  /** Observation model (default "normal"); "studentT" is robust to outlier weeks. */
  likelihood?: LikelihoodName;
  /** Degrees of freedom of the Student-t likelihood (default 5). */
  nu?: number;
  priors?: Partial<BayesPriors>;
  /** ROAS priors per channel name ("*" for every channel): the channel is parameterised by its ROAS. */
  roasPriors?: Record<string, RoasPrior>;
  /** Lift-test results that calibrate the saturation curves. */
  liftTests?: LiftTest[];
}

export interface ChannelLayout {
  name: string;
  effect: number;
  /** Reference adstocked level ā of the response parameterisation: average weekly spend / scale. */
  ref: number;
  decay: number;
  /** First saturation parameter; the curve's parameters follow. */
  sat: number;
  curve: SaturationCurve;
  /** LogNormal parameters of the ROAS prior, when the channel is ROAS-parameterised. */
  roas?: { mu: number; sigma: number };
}

export interface ParamLayout {
  names: string[];
  dim: number;
  channels: ChannelLayout[];
  /** Index of the first base coefficient. */
  base: number;
  sigma: number;
}

function pick<T>(spec: T | Record<string, T> | undefined, name: string, fallback: T, isValue: (v: unknown) => v is T): T {
  if (spec === undefined) return fallback;
  if (isValue(spec)) return spec;
  const rec = spec as Record<string, T>;
  return rec[name] ?? rec["*"] ?? fallback;
}

function checkNames(what: string, rec: object | undefined, channels: string[]): void {
  if (!rec || typeof rec !== "object") return;
  for (const key of Object.keys(rec)) {
    if (key === "*" || channels.includes(key)) continue;
    const near = closestNames(key, channels);
    throw new MMMError("INVALID_ARGUMENT", `${what} names "${key}", which is not a channel of the model.`, near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : `Use one of: ${channels.join(", ")} (or "*" for all).`, { value: key });
  }
}

function roasPrior(name: string, p: RoasPrior | undefined): ChannelLayout["roas"] {
  if (!p) return undefined;
  if (!(p.mean > 0) || !(p.sd > 0)) {
    throw new MMMError("INVALID_ARGUMENT", `ROAS prior of "${name}" needs a positive mean and sd, got mean ${p.mean}, sd ${p.sd}.`, "Give e.g. { mean: 2, sd: 1 } (KPI per unit of spend).", { value: p });
  }
  return logNormalParams(p);
}

const isName = (v: unknown): v is BayesSaturationName => typeof v === "string";

/** Parameter positions and per-channel choices for this data and these options. */
export function buildLayout(data: MmmData, opts: BayesModelOptions): ParamLayout {
  const channelNames = data.channels.map((c) => c.name);
  if (typeof opts.saturation === "object") checkNames("saturation", opts.saturation, channelNames);
  checkNames("roasPriors", opts.roasPriors, channelNames);
  const names = ["intercept"];
  const channels = data.channels.map((ch): ChannelLayout => {
    const curve = saturationCurve(pick(opts.saturation, ch.name, "logistic", isName), ch.name);
    const roas = roasPrior(ch.name, opts.roasPriors?.[ch.name] ?? opts.roasPriors?.["*"]);
    const effect = names.length;
    names.push(`${ch.name}:${roas ? "log_roas" : "log_response"}`, `${ch.name}:logit_decay`, ...curve.names.map((s) => `${ch.name}:${s}`));
    return { name: ch.name, effect, ref: ch.total / data.n / ch.scale, decay: effect + 1, sat: effect + 2, curve, roas };
  });
  const base = names.length;
  names.push(...data.base.names.map((b) => `${b}:coef`), "log_sigma");
  return { names, dim: names.length, channels, base, sigma: names.length - 1 };
}
