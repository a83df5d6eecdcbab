/**
 * What a Bayesian fit through the engine (and so the tool, the agent and the demo) uses where the
 * caller chose nothing — `fitBayesian` alone keeps PyMC-Marketing's model (β ~ HalfNormal):
 *
 * - A ROAS prior from paid media's share of the KPI (`mediaShareRoasPrior`, Meridian's default
 *   when the KPI is not revenue): LogNormal, in KPI per unit of spend, so it holds for revenue,
 *   orders or sign-ups alike and needs no question about the KPI's units. β ~ HalfNormal(2) on the
 *   max-scaled KPI has its mode at zero: weak channels' ROAS intervals reached 0.00 on the bundled
 *   sample. On the unseen-data corpus (`BENCH_ONLY=corpus`: 13 files with a Bayesian fit, 4 × (1000 +
 *   1000)) the ROAS prior gives mean |ROAS error| 6.2% vs 6.4%, 94% HDI coverage 0.929 vs 0.905, and
 *   0 vs 3 divergences. Channels with a contribution prior keep β ~ HalfNormal (two priors on one
 *   share would count the belief twice); organic media have no ROAS.
 * - `saturation: "auto"`: the model's logistic and the ridge search's family (Hill), chosen by LOO
 *   (validation/chooseFit.ts).
 * - With lift tests (Normal likelihood, baseline not chosen or "hsgp" without settings): the HSGP
 *   baseline with ℓ ~ LogNormal, 90% in [4, 52] weeks, and m = ⌈1.75·L/4⌉ basis functions (up to
 *   80; 57 on 156 weeks). Unobserved demand that moves a channel's spend and the KPI makes the time
 *   series over-credit it; the tests pin that channel, and a baseline that can move within a month
 *   takes the demand. The data-length default (ℓ from 13 weeks, m 18 on 156 weeks) cannot follow
 *   AR(1) demand (ρ 0.85). On 6 simulated seeds (spend–demand correlation 0.61–0.75; the same model
 *   without tests 1.4–2.4× the true ROAS) two go-dark tests at 10% SE give 1.04–1.13× with these
 *   priors (truth inside 5 of 6 94% HDIs), 1.17–1.20× with the data-length HSGP and 1.22–1.35× with
 *   the linear baseline (3 seeds, truth outside every HDI); test/unit/model/bayes/liftCalibration.test.ts.
 *   Without a confounder the tests give the same ROAS under this baseline and the linear one.
 */
import type { MediaParams } from "../media";
import type { MmmData } from "../mmmData";
import type { BayesOptions } from "./fit";
import { DEFAULT_MEDIA_SHARE, mediaShareRoasPrior, type MediaSharePrior, type RoasPrior } from "./model/priors";
import { getSaturation } from "../transforms/registry";
import { hsgpBasisSize } from "./model/hsgp";
import type { BaselineName } from "./model/layout";

/** The engine's Bayesian options: `BayesOptions` plus the default ROAS prior's media share (false: none). */
export interface EngineBayesOptions extends BayesOptions {
  /** Paid media's share of the KPI behind the default ROAS prior (default 40% ± 20%); false: β ~ HalfNormal. */
  mediaShare?: MediaSharePrior | false;
}

/** `opts` with the default ROAS priors filled in where not given. */
export function withBayesDefaults<T extends EngineBayesOptions>(data: MmmData, opts: T): T & EngineBayesOptions {
  return { ...opts, ...defaultRoasPriors(data, opts), ...liftBaseline(data, opts) };
}

/** The HSGP length-scale prior (weeks, 90% range) of a fit calibrated by lift tests. */
export const LIFT_HSGP_LENGTHSCALE = { lower: 4, upper: 52 } as const;

/** Whether a fit with these options gets the lift-test baseline: lift tests, the baseline integrated (Normal likelihood), not "linear", no HSGP settings. */
const takesLiftBaseline = (opts: BayesOptions) => (opts.liftTests?.length ?? 0) > 0 && opts.likelihood !== "studentT" && opts.integrateBaseline !== false && opts.baseline !== "linear" && opts.hsgp === undefined;

/** The baseline a fit with these options runs with (for the cost prediction before it is fitted). */
export function resolvedBaseline(opts: BayesOptions): BaselineName | undefined {
  return takesLiftBaseline(opts) ? "hsgp" : opts.baseline;
}

/** The lift-test baseline (see above) where it applies. */
function liftBaseline(data: MmmData, opts: EngineBayesOptions): Partial<EngineBayesOptions> {
  if (!takesLiftBaseline(opts)) return {};
  const lengthscale = { ...LIFT_HSGP_LENGTHSCALE };
  return { baseline: "hsgp", hsgp: { lengthscale, m: hsgpBasisSize(data.days, lengthscale.lower, 80) } };
}

/** An "auto" fit's saturations: the model's logistic first (kept unless LOO clearly prefers another), then the searched families (Hill when nothing was searched). */
export function saturationCandidates(data: MmmData, media: Readonly<Record<string, MediaParams>>): string[] {
  const searched = data.channels.map((c) => media[c.name]?.saturation.type).filter((t): t is string => t !== undefined && getSaturation(t).hasGradient);
  return [...new Set(["logistic", ...(searched.length ? searched : ["hill"])])];
}

/** A ROAS prior for each paid channel without one or a contribution prior (`mediaShareRoasPrior`). */
function defaultRoasPriors(data: MmmData, opts: EngineBayesOptions): Partial<EngineBayesOptions> {
  if (opts.mediaShare === false || opts.roasPriors?.["*"]) return {};
  const share = opts.mediaShare ?? DEFAULT_MEDIA_SHARE;
  const paid = data.channels.filter((c) => !(c as { organic?: boolean }).organic);
  const kpiTotal = data.y.reduce((a, v) => a + v, 0);
  if (!paid.length || !(kpiTotal > 0)) return {};
  const prior = mediaShareRoasPrior(
    kpiTotal,
    paid.map((c) => c.total),
    share,
  );
  const given = opts.roasPriors ?? {};
  const open = paid.filter((c) => !given[c.name] && !opts.contributionPriors?.[c.name] && !opts.contributionPriors?.["*"]);
  if (!open.length) return {};
  const roasPriors: Record<string, RoasPrior> = { ...given, ...Object.fromEntries(open.map((c) => [c.name, prior])) };
  return { roasPriors, mediaShare: share };
}
