/**
 * The hierarchical geo model's options, priors and where each parameter sits in the unconstrained
 * vector: [per geo (intercept, base coefficients… — unless integrated out — and log_sigma), control coefficients…,
 * per channel (mu, log_tau, z per geo…, adstock params…, saturation params…)]. A control's
 * coefficient is shared by the geos, on the control centred per geo (the intercepts hold the
 * levels) and divided by its sd over all geo-weeks.
 * A channel's effect in geo g is its weekly response at the geo's average spend,
 * r_gc = β_gc·h(ā_gc) = exp(μ_c + τ_c·z_gc) with z_gc ~ Normal(0, 1) (non-centred partial pooling,
 * Meridian's β_gm = β_m + η_m·z_gm on the log scale); β_gc = r_gc / h(ā_gc).
 * Adstock and saturation are shared by the geos (as Meridian), read from the transform registry.
 */
import { MMMError } from "../../../errors";
import type { GeoMmmData } from "../../geo/geoData";
import { channelAdstock, type BayesAdstock } from "../model/channelAdstock";
import { checkNames, isName, pick, roasPrior } from "../model/layout";
import type { RoasPrior } from "../model/priors";
import type { LikelihoodName } from "../model/likelihood";
import { saturationCurve, type BayesSaturation, type TransformPriors } from "../model/saturation";

/** Priors of the geo model on each geo's scaled KPI (y / kpiScale, about 1). */
export interface GeoPriors {
  /** Each geo's intercept ~ Normal(0, intercept) (unpooled, as Meridian's geo effects). */
  intercept: number;
  /** Each geo's trend and Fourier coefficients (standardised columns) and the control coefficients ~ Normal(0, base). */
  base: number;
  /** Each geo's noise σ_g ~ HalfNormal(sigma). */
  sigma: number;
  /** μ_c (log weekly response at average spend, as a share of the geo's KPI scale) ~ Normal(effectMu, effectSd). */
  effectMu: number;
  effectSd: number;
  /** τ_c (spread of log response across geos) ~ HalfNormal(tau). */
  tau: number;
  /** Each week's effect shared by the geos δ_t ~ Normal(0, time). */
  time: number;
}

export const DEFAULT_GEO_PRIORS: GeoPriors = { intercept: 2, base: 1, sigma: 1, effectMu: -2, effectSd: 1.5, tau: 0.5, time: 1 };

/** Model choices of the geo model; plain data. */
export interface GeoModelOptions {
  /** Adstock window in weeks (default 8). */
  lMax?: number;
  /** Registered adstock for every channel, or per channel name ("*" for the rest; default "geometric"); shared by the geos. */
  adstock?: string | Record<string, string>;
  /** Registered saturation for every channel, or per channel name (default "logistic"); shared by the geos. */
  saturation?: string | Record<string, string>;
  transformPriors?: TransformPriors;
  likelihood?: LikelihoodName;
  /** Student-t degrees of freedom (default 5). */
  nu?: number;
  priors?: Partial<GeoPriors>;
  /**
   * Channels whose geo effects are centred: the log response ℓ_gc ~ Normal(μ_c, τ_c) is the
   * parameter instead of z_gc (true: every channel). Non-centred (default) suits geos that say
   * little each (τ_c small, else a funnel); centred suits geos each pinned by their own weeks,
   * where the non-centred form ties μ_c, τ_c and every z_gc along a curved ridge.
   */
  centred?: boolean | string[];
  /**
   * Partial centring weights w_gc ∈ [0, 1] per channel (by name) and geo, overriding `centred` for
   * that channel: the parameter is u_gc ~ Normal(w·μ_c, τ_c^w) and ℓ_gc = μ_c + τ_c^(1−w)·(u_gc − w·μ_c)
   * (w = 0 non-centred, w = 1 centred; Papaspiliopoulos, Roberts & Sköld 2007). The geo fit sets
   * them from each geo's information at the posterior mode (geoCentring.ts) unless given.
   */
  centring?: Record<string, number[]>;
  /**
   * Integrate each geo's intercept, trend and Fourier coefficients out analytically (collapsedNormal.ts)
   * instead of sampling them. Default true with the Normal likelihood (the only one where the
   * integral is closed-form): it removes the intercept-versus-effect ridge of large geos from the
   * sampler's space; the coefficients' conditional posterior is still there for each draw.
   */
  integrateBaseline?: boolean;
  /**
   * One effect per week shared by every geo (default true; Meridian's geo default, knots = weeks):
   * national shocks — weather, holidays, news, a competitor's launch — that move every geo in the
   * same week. Without them such a shock reads as whatever channel happened to spend that week.
   */
  timeEffects?: boolean;
  /**
   * One noise σ for every geo (default, as Meridian's) or one per geo ("perGeo"). With week effects
   * shared by the geos, a σ per geo has a degenerate mode: the week effects can fit one geo's weeks
   * exactly and its σ → 0 (the mode finder went there on a 5-geo panel). On KPIs scaled per geo the
   * geos' noise is comparable.
   */
  noise?: "shared" | "perGeo";
  /**
   * How the geos' responses spread around the channel's: "normal" (default with the baseline integrated
   * out) r_gc ~ Normal(e^μ_c, (τ_c·e^μ_c)²), integrated out with the baseline (geoNormalEffects.ts: no
   * geo effect, and no funnel, left in the sampler's space); "logNormal" log r_gc ~ Normal(μ_c, τ_c),
   * sampled and partially centred (the only form under Student-t; positive in every geo).
   */
  effects?: "normal" | "logNormal";
  /**
   * Beliefs about channels' national ROAS ({ mean, sd } in KPI per unit of spend; "*" for every channel), e.g.
   * from experiments: the prior of the channel's pooled response μ_c through its expected ROAS (geoRoasPrior.ts).
   */
  roasPriors?: Record<string, RoasPrior>;
}

export interface GeoChannelLayout {
  name: string;
  /** Index of μ_c; log τ_c follows, then the G geo effect parameters u_gc (z when w = 0, ℓ when w = 1; none, z = −1, with normal effects). */
  mu: number;
  logTau: number;
  z: number;
  /** First adstock parameter, first saturation parameter. */
  decay: number;
  sat: number;
  adstock: BayesAdstock;
  curve: BayesSaturation;
  /** Per geo: average weekly spend / scale (the reference level of the response parameterisation). */
  ref: Float64Array;
  /** Per geo: the centring weight w_gc (see GeoModelOptions.centring). */
  w: Float64Array;
  /** The log-normal (μ, σ) of the channel's ROAS prior, when it has one. */
  roas?: { mu: number; sigma: number };
}

export interface GeoLayout {
  names: string[];
  dim: number;
  G: number;
  /** Per geo: index of its intercept, its K base coefficients following (empty when integrated out). */
  geo: number[];
  /** Per geo: index of its log σ (the same index for every geo with a shared σ). */
  sigma: number[];
  K: number;
  /** The geos' intercepts and base coefficients are integrated out (GeoModelOptions.integrateBaseline). */
  integrated: boolean;
  /** Index of the first control coefficient (one per control follows). */
  controls: number;
  /** Index of the first week's shared effect (n follow), or −1 without time effects. */
  time: number;
  /** The geo effects are Normal and integrated out with the baseline (GeoModelOptions.effects). */
  normalEffects: boolean;
  channels: GeoChannelLayout[];
}

/** Parameter positions for this panel and these options. */
export function buildGeoLayout(data: GeoMmmData, opts: GeoModelOptions): GeoLayout {
  const G = data.geos.length;
  const K = data.base.cols.length;
  const names: string[] = [];
  const integrated = opts.integrateBaseline ?? opts.likelihood !== "studentT";
  if (integrated && opts.likelihood === "studentT") throw new MMMError("INVALID_ARGUMENT", "The geo baseline can be integrated out only under the Normal likelihood.", "Drop integrateBaseline or use likelihood 'normal'.");
  const normalEffects = (opts.effects ?? (integrated ? "normal" : "logNormal")) === "normal";
  if (normalEffects && !integrated)
    throw new MMMError(
      "INVALID_ARGUMENT",
      "Normal geo effects are integrated out with the baseline, which needs the Normal likelihood.",
      "Use effects 'logNormal' (run_bayesian_mmm: geoEffects 'logNormal'), or likelihood 'normal' with the baseline integrated.",
    );
  const geo: number[] = [];
  const perGeo = opts.noise === "perGeo";
  const sigma = data.geos.map((g) => {
    if (!integrated) {
      geo.push(names.length);
      names.push(`${g}:intercept`, ...data.base.names.map((b) => `${g}:${b}:coef`));
    }
    if (perGeo) names.push(`${g}:log_sigma`);
    return names.length - 1;
  });
  if (!perGeo) {
    names.push("log_sigma");
    sigma.fill(names.length - 1);
  }
  const controls = names.length;
  names.push(...data.controls.map((c) => `${c.name}:coef`));
  const time = opts.timeEffects === false ? -1 : names.length;
  if (time >= 0) names.push(...Array.from({ length: data.n }, (_, t) => `week_${t + 1}:time_effect`));
  const lMax = opts.lMax ?? 8;
  const channelNames = data.channels.map((c) => c.name);
  if (typeof opts.adstock === "object") checkNames("adstock", opts.adstock, channelNames, data.excluded);
  if (typeof opts.saturation === "object") checkNames("saturation", opts.saturation, channelNames, data.excluded);
  checkNames("roasPriors", opts.roasPriors, channelNames, data.excluded);
  const channels = data.channels.map((ch): GeoChannelLayout => {
    const adstockName = pick(opts.adstock, ch.name, "geometric", isName);
    const adstock = channelAdstock(adstockName, ch.name, lMax, opts.transformPriors?.[adstockName]);
    const curve = saturationCurve(pick(opts.saturation, ch.name, "logistic", isName), ch.name, opts.transformPriors);
    const mu = names.length;
    const w = normalEffects ? new Float64Array(G) : centringOf(opts, ch.name, G);
    names.push(`${ch.name}:mu_log_response`, `${ch.name}:log_tau`);
    if (!normalEffects) names.push(...data.geos.map((g, i) => `${ch.name}:${g}:${w[i] === 0 ? "z" : w[i] === 1 ? "log_response" : "u"}`));
    const decay = names.length;
    names.push(...adstock.names.map((s) => `${ch.name}:${s}`), ...curve.names.map((s) => `${ch.name}:${s}`));
    // A geo without spend keeps a small reference so β stays finite (its series is zero anyway).
    const ref = Float64Array.from(ch.total, (tot, g) => Math.max(tot / data.n / ch.scale[g]!, 1e-3));
    const roas = roasPrior(ch.name, opts.roasPriors?.[ch.name] ?? opts.roasPriors?.["*"]);
    return { name: ch.name, mu, logTau: mu + 1, z: normalEffects ? -1 : mu + 2, decay, sat: decay + adstock.k, adstock, curve, ref, w, roas };
  });
  if (data.n * G <= names.length) {
    throw new MMMError("INVALID_ARGUMENT", `The geo model has ${names.length} parameters for ${data.n * G} geo-weeks.`, "Use fewer channels, a lower fourierOrder, or more weeks.", { value: data.n * G });
  }
  return { names, dim: names.length, G, geo, sigma, K, integrated, controls, time, normalEffects, channels };
}

/** A channel's weights per geo: `centring`'s, else 1 for a `centred` channel, else 0. */
function centringOf(opts: GeoModelOptions, name: string, G: number): Float64Array {
  const given = opts.centring?.[name];
  if (given) {
    if (given.length !== G || given.some((v) => !(v >= 0 && v <= 1)))
      throw new MMMError("INVALID_ARGUMENT", `centring for '${name}' needs ${G} weights in [0, 1].`, "Give one weight per geo, or leave centring out.", { value: given.length });
    return Float64Array.from(given);
  }
  const centred = opts.centred === true || (Array.isArray(opts.centred) && opts.centred.includes(name));
  return new Float64Array(G).fill(centred ? 1 : 0);
}
