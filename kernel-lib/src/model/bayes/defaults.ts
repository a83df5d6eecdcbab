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
 */
import type { MediaParams } from "../media";
import type { MmmData } from "../mmmData";
import type { BayesOptions } from "./fit";
import { DEFAULT_MEDIA_SHARE, mediaShareRoasPrior, type MediaSharePrior, type RoasPrior } from "./model/priors";
import { getSaturation } from "../transforms/registry";

/** The engine's Bayesian options: `BayesOptions` plus the default ROAS prior's media share (false: none). */
export interface EngineBayesOptions extends BayesOptions {
  /** Paid media's share of the KPI behind the default ROAS prior (default 40% ± 20%); false: β ~ HalfNormal. */
  mediaShare?: MediaSharePrior | false;
}

/** `opts` with the default ROAS priors filled in where not given. */
export function withBayesDefaults<T extends EngineBayesOptions>(data: MmmData, opts: T): T & EngineBayesOptions {
  return { ...opts, ...defaultRoasPriors(data, opts) };
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
