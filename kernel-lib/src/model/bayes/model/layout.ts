/**
 * The Bayesian MMM's options and where each parameter sits in the unconstrained vector:
 * [level, per channel (effect, adstock params… (geometric: logit_decay), saturation params…),
 * base coefficients…, with baseline "hsgp" its log_ls, log_eta and coefficients…, log_sigma].
 * A channel's effect parameter is the log of its weekly response at its average spend level,
 * r = β·h(ā) — what the data pins down whether the curve is in its linear or its saturated part —
 * so (log r, log λ) has none of the curved β–λ ridge of (log β, log λ); the map has unit Jacobian,
 * so the posterior is unchanged and β = r / h(ā). With a ROAS prior the effect is log ROAS instead.
 * "level" is the mean of μ over the weeks (the base columns are centred): intercept + Σ_c β_c·mean_t h_ct,
 * so intercept = level − Σ β·mean h. Sampling the intercept itself left a ridge: a channel that is
 * always on, or saturated, adds a near-constant β·h that trades one for one with the intercept, a
 * trade whose direction turns with λ and the decay (the bundled sample: 17 of 2,000 transitions
 * divergent, all there; with the level 0). A shear with unit Jacobian: priors and posterior unchanged.
 */
import { MMMError, closestNames } from "../../../errors";
import type { MmmData } from "../../mmmData";
import { priorProblem, type Transform } from "../../transforms/base";
import { adstockNames, getAdstock, getSaturation, isBuiltinTransform, saturationNames } from "../../transforms/registry";
import type { ContributionPrior } from "./contributionPriors";
import type { LiftTest } from "./liftTests";
import { logNormalParams, type BayesPriors, type RoasPrior } from "./priors";
import { saturationCurve, type BayesSaturation, type TransformPriors } from "./saturation";
import type { LikelihoodName } from "./likelihood";
import { channelAdstock, type BayesAdstock } from "./channelAdstock";
import type { HsgpOptions } from "./hsgp";
import { rfHill, rfInput, type RfInput } from "./rfMedia";

/** The baseline: "linear" (intercept, linear trend, Fourier terms; the default) or "hsgp" (a time-varying intercept, see hsgp.ts). */
export type BaselineName = "linear" | "hsgp";

/** A registered saturation's lookup name ("logistic", "hill", "michaelis_menten" or a custom one with a gradient). */
export type BayesSaturationName = string;

/** Model choices of `runBayesianMMM`; plain data, so it can be sent to worker threads. */
export interface BayesModelOptions {
  /** Adstock window in weeks (default 8). */
  lMax?: number;
  /**
   * Registered adstock for all channels, or per channel name ("*" for the rest; default "geometric"):
   * "geometric", "delayed", "weibull_cdf", "weibull_pdf" or a custom one with `weightsGradient`.
   */
  adstock?: string | Record<string, string>;
  /** Registered saturation for all channels, or per channel name (default "logistic"); it must declare a gradient. */
  saturation?: BayesSaturationName | Record<string, BayesSaturationName>;
  /** Prior overrides of transform parameters by lookup name (default: each transform's declared priors). */
  transformPriors?: TransformPriors;
  /** Observation model (default "normal"); "studentT" is robust to outlier weeks. */
  likelihood?: LikelihoodName;
  /** Degrees of freedom of the Student-t likelihood, fixed; without it ν is sampled (log_nu, prior Gamma(2, 0.1)). */
  nu?: number;
  priors?: Partial<BayesPriors>;
  /** ROAS priors per channel name ("*" for every channel): the channel is parameterised by its ROAS. */
  roasPriors?: Record<string, RoasPrior>;
  /** Lift-test results that calibrate each channel's response through its adstock and saturation (liftTests.ts). */
  liftTests?: LiftTest[];
  /** Channel → belief about its share of the KPI total ({ mean: 0.12, sd: 0.03 }; "*" for the rest), a LogNormal on the share. */
  contributionPriors?: Record<string, ContributionPrior>;
  /**
   * "linear" (default): intercept + linear trend + Fourier terms. "hsgp": the same plus a Gaussian
   * process in time (HSGP, see hsgp.ts). The trend stays: it takes the straight part of a drift, so the
   * process's slowest coefficient is not pinned by the data along a curved η–ℓ ridge (PyMC-Marketing
   * too lets a linear trend and a time-varying intercept sit together).
   */
  baseline?: BaselineName;
  /** HSGP settings (basis size, length-scale and η priors); defaults from the data's length. */
  hsgp?: HsgpOptions;
  /**
   * Integrate the intercept, trend, Fourier, control and HSGP coefficients out analytically
   * (collapsedNormal.ts): the sampler sees only the channels, ℓ, η and σ; outputs draw the
   * coefficients from their conditional posterior per draw. Normal likelihood only; default on with
   * baseline "hsgp" (see mmmDensity.ts), off otherwise.
   */
  integrateBaseline?: boolean;
}

export interface ChannelLayout {
  name: string;
  effect: number;
  /** Reference adstocked level ā of the response parameterisation: average weekly spend / scale. */
  ref: number;
  /** First adstock parameter; the adstock's parameters follow (geometric: its decay alone). */
  decay: number;
  /** The registry's adstock: parameters, priors, domains and the weekly series. */
  adstock: BayesAdstock;
  /** First saturation parameter; the curve's parameters follow. */
  sat: number;
  curve: BayesSaturation;
  /** LogNormal parameters of the ROAS prior, when the channel is ROAS-parameterised. */
  roas?: { mu: number; sigma: number };
  /** A reach & frequency channel's inputs (its curve is the Hill on frequency, `ref` the mean frequency; see rfMedia.ts). */
  rf?: RfInput;
}

export interface ParamLayout {
  names: string[];
  dim: number;
  channels: ChannelLayout[];
  /** Index of the first base coefficient. */
  base: number;
  /** Index of the HSGP's log length-scale (then log η and its coefficients); −1 without one. */
  gp: number;
  /** Index of the Student-t's log ν when it is sampled; −1 otherwise. */
  nu: number;
  sigma: number;
  /** The intercept and every base and HSGP coefficient are integrated out (no "level", no coefficients in the vector; `base` is −1). */
  integrated: boolean;
}

/** Whether these options integrate the linear block out: asked for, or by default with the HSGP under the Normal likelihood. */
export function integratesBaseline(opts: BayesModelOptions): boolean {
  if (opts.integrateBaseline && opts.likelihood === "studentT") {
    throw new MMMError("INVALID_ARGUMENT", "The baseline can be integrated out only under the Normal likelihood.", "Drop integrateBaseline or use likelihood 'normal'.", { value: opts.integrateBaseline });
  }
  return opts.integrateBaseline ?? (opts.baseline === "hsgp" && opts.likelihood !== "studentT");
}

/** A per-channel option's value for channel `name`: the option itself, its entry for the name, its "*" entry, or `fallback`. */
export function pick<T>(spec: T | Record<string, T> | undefined, name: string, fallback: T, isValue: (v: unknown) => v is T): T {
  if (spec === undefined) return fallback;
  if (isValue(spec)) return spec;
  const rec = spec as Record<string, T>;
  return rec[name] ?? rec["*"] ?? fallback;
}

/**
 * Refuses a per-channel option naming something that is not a channel: one the data left out (zero or
 * constant spend) with the reason, else with the closest names.
 */
export function checkNames(what: string, rec: object | undefined, channels: string[], excluded: readonly { name: string; reason: string }[] = []): void {
  if (!rec || typeof rec !== "object") return;
  for (const key of Object.keys(rec)) {
    if (key === "*" || channels.includes(key)) continue;
    const out = excluded.find((e) => e.name === key);
    if (out) throw new MMMError("INVALID_ARGUMENT", `${what} names "${key}", which the model left out: ${out.reason}.`, `Drop "${key}" from ${what}: the model has no effect of it to set.`, { value: key });
    const near = closestNames(key, channels);
    throw new MMMError("INVALID_ARGUMENT", `${what} names "${key}", which is not a channel of the model.`, near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : `Use one of: ${channels.join(", ")} (or "*" for all).`, {
      value: key,
    });
  }
}

/** A channel's ROAS prior as the log-normal's (μ, σ), refused unless its mean and sd are positive. */
export function roasPrior(name: string, p: RoasPrior | undefined): ChannelLayout["roas"] {
  if (!p) return undefined;
  if (!(p.mean > 0) || !(p.sd > 0)) {
    throw new MMMError("INVALID_ARGUMENT", `ROAS prior of "${name}" needs a positive mean and sd, got mean ${p.mean}, sd ${p.sd}.`, "Give e.g. { mean: 2, sd: 1 } (KPI per unit of spend).", { value: p });
  }
  return logNormalParams(p);
}

export const isName = (v: unknown): v is string => typeof v === "string";

/** Prior overrides name registered transforms and their declared parameters, with valid priors. */
function checkTransformPriors(priors: TransformPriors | undefined): void {
  for (const [name, byParam] of Object.entries(priors ?? {})) {
    const t: Transform = saturationNames().includes(name) ? getSaturation(name) : adstockNames().includes(name) ? getAdstock(name) : getSaturation(name);
    for (const [param, prior] of Object.entries(byParam ?? {})) {
      if (!t.paramNames.includes(param)) throw new MMMError("INVALID_ARGUMENT", `transformPriors.${name} names "${param}", which is not a parameter of ${t.label}.`, `Its parameters: ${t.paramNames.join(", ")}.`, { value: param });
      const problem = priorProblem(prior);
      if (problem) throw new MMMError("INVALID_ARGUMENT", `transformPriors.${name}.${param}: ${problem}.`, 'Give e.g. { dist: "HalfNormal", sigma: 1 }.', { value: prior });
    }
  }
}

/** True when a channel uses a transform registered at run time (not known to fresh worker threads). */
export function usesCustomTransforms(layout: ParamLayout): boolean {
  return layout.channels.some((c) => !isBuiltinTransform("saturation", c.curve.kind) || !isBuiltinTransform("adstock", c.adstock.transform.lookupName));
}

/** Parameter positions and per-channel choices for this data and these options. */
export function buildLayout(data: MmmData, opts: BayesModelOptions, gpNames: readonly string[] = []): ParamLayout {
  const channelNames = data.channels.map((c) => c.name);
  if (typeof opts.saturation === "object") checkNames("saturation", opts.saturation, channelNames, data.excluded);
  if (typeof opts.adstock === "object") checkNames("adstock", opts.adstock, channelNames, data.excluded);
  checkNames("roasPriors", opts.roasPriors, channelNames, data.excluded);
  const organic = data.channels.filter((c) => c.organic).map((c) => c.name);
  const roasOnOrganic = Object.keys(opts.roasPriors ?? {}).find((k) => organic.includes(k));
  if (roasOnOrganic)
    throw new MMMError(
      "INVALID_ARGUMENT",
      `roasPriors names "${roasOnOrganic}", which is organic media: it has no spend, so no ROAS.`,
      "Leave it out (its effect gets the β prior), or give a contributionPriors entry for its share of the KPI.",
      { value: roasOnOrganic },
    );
  checkTransformPriors(opts.transformPriors);
  if (opts.baseline !== undefined && opts.baseline !== "linear" && opts.baseline !== "hsgp") {
    throw new MMMError("INVALID_ARGUMENT", `Unknown baseline "${String(opts.baseline)}".`, 'Use "linear" (trend + seasonality, the default) or "hsgp" (a time-varying baseline).', { value: opts.baseline });
  }
  const integrated = integratesBaseline(opts);
  const names = integrated ? [] : ["level"];
  const channels = data.channels.map((ch): ChannelLayout => {
    if (ch.rf) return rfChannelLayout(ch, names, opts);
    const adstockName = pick(opts.adstock, ch.name, "geometric", isName);
    const adstock = channelAdstock(adstockName, ch.name, opts.lMax ?? 8, opts.transformPriors?.[adstockName]);
    const curve = saturationCurve(pick(opts.saturation, ch.name, "logistic", isName), ch.name, opts.transformPriors);
    // Organic media have no spend: a "*" ROAS prior is for the paid channels; theirs is the β prior.
    const roas = ch.organic ? undefined : roasPrior(ch.name, opts.roasPriors?.[ch.name] ?? opts.roasPriors?.["*"]);
    const effect = names.length;
    // "logit_decay": the adstock's alpha, under its historical name; then e.g. logit_theta, log_lambda, log_k.
    names.push(`${ch.name}:${roas ? "log_roas" : "log_response"}`, ...adstock.names.map((s) => `${ch.name}:${s}`), ...curve.names.map((s) => `${ch.name}:${s}`));
    return { name: ch.name, effect, ref: ch.total / data.n / ch.scale, decay: effect + 1, adstock, sat: effect + 1 + adstock.k, curve, roas };
  });
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new MMMError("INVALID_ARGUMENT", `Two parameters of the Bayesian model are named "${dup}": the channel's adstock and saturation declare the same parameter name.`, "Rename one of the custom transform's parameters.", {
      value: dup,
    });
  const base = integrated ? -1 : names.length;
  if (!integrated) names.push(...data.base.names.map((b) => `${b}:coef`));
  // Integrated: the HSGP keeps only log_ls and log_eta in the vector.
  const gpKept = integrated ? gpNames.slice(0, 2) : gpNames;
  const gp = gpKept.length ? names.length : -1;
  const nu = opts.likelihood === "studentT" && opts.nu === undefined ? names.length + gpKept.length : -1;
  names.push(...gpKept, ...(nu >= 0 ? ["log_nu"] : []), "log_sigma");
  return { names, dim: names.length, channels, base, gp, nu, sigma: names.length - 1, integrated };
}

/**
 * A reach & frequency channel as Meridian models it: geometric adstock of reach × Hill(frequency)
 * with no saturation after it (rfMedia.ts); its parameters are named as any channel's.
 */
function rfChannelLayout(ch: MmmData["channels"][number], names: string[], opts: BayesModelOptions): ChannelLayout {
  const rf = rfInput(ch.rf!.reach, ch.rf!.frequency);
  const adstock = channelAdstock("geometric", ch.name, opts.lMax ?? 8, opts.transformPriors?.["geometric"]);
  const curve = rfHill(ch.name);
  const roas = roasPrior(ch.name, opts.roasPriors?.[ch.name] ?? opts.roasPriors?.["*"]);
  const effect = names.length;
  names.push(`${ch.name}:${roas ? "log_roas" : "log_response"}`, ...adstock.names.map((s) => `${ch.name}:${s}`), ...curve.names.map((s) => `${ch.name}:${s}`));
  return { name: ch.name, effect, ref: rf.frequencyRef, decay: effect + 1, adstock, sat: effect + 1 + adstock.k, curve, roas, rf };
}
