/**
 * Posterior quantities of the Bayesian MMM computed draw by draw: each channel's total
 * contribution (in KPI units), ROAS and marginal ROAS at its average weekly spend, its adstock and
 * saturation parameters, summarised as mean, sd and 94% HDI.
 */
import type { BayesMmmDensity, BayesParams } from "./mmmDensity";

/** Mean, standard deviation and 94% highest-density interval of a quantity's draws. */
export interface Uncertain {
  mean: number;
  sd: number;
  hdi94: [number, number];
}

export interface ChannelPosterior {
  name: string;
  spend: number;
  /** "roas" when the channel had a ROAS prior, else "beta". */
  parameterisation: "beta" | "roas";
  saturation: string;
  /** The adstock's lookup name ("geometric", "delayed", "weibull_cdf", "weibull_pdf", …). */
  adstock: string;
  contribution: Uncertain;
  roas: Uncertain;
  mroas: Uncertain;
  /** The adstock's alpha (geometric, delayed); absent for an adstock without one (Weibull: see `adstockParams`). */
  decay?: Uncertain;
  /** Adstock parameters by their registered names (alpha; alpha and theta; lambda and k; …). */
  adstockParams: Record<string, Uncertain>;
  /** Saturation parameters by their registered names (lam, or K and S, …), on the max-scaled spend. */
  saturationParams: Record<string, Uncertain>;
  /** β on the max-scaled target. */
  beta: Uncertain;
}

/** Narrowest interval holding `prob` of sorted values. */
export function hdiSorted(v: ArrayLike<number>, prob = 0.94): [number, number] {
  const n = v.length;
  if (n === 0) return [NaN, NaN];
  const k = Math.min(n - 1, Math.max(1, Math.floor(prob * n))); // arviz: interval of floor(prob·n) steps
  let best = 0;
  for (let i = 1; i + k < n; i++) if (v[i + k]! - v[i]! < v[best + k]! - v[best]!) best = i;
  return [v[best]!, v[Math.min(n - 1, best + k)]!];
}

/** Summaries of draws: mean, sd and the narrowest interval holding 94% of them (as arviz.hdi). */
export function uncertain(draws: ArrayLike<number>, prob = 0.94): Uncertain {
  const v = Float64Array.from(draws).sort();
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  return { mean, sd, hdi94: hdiSorted(v, prob) };
}

/** An organic medium's posterior: no spend, so contribution per unit of activity instead of ROAS. */
export interface OrganicPosterior {
  name: string;
  /** Total activity over the modelled weeks (the column's unit). */
  activity: number;
  saturation: string;
  adstock: string;
  contribution: Uncertain;
  /** Contribution / activity: KPI per unit of activity. */
  perUnit: Uncertain;
  adstockParams: Record<string, Uncertain>;
  saturationParams: Record<string, Uncertain>;
  beta: Uncertain;
}

/** Per organic medium: contribution and contribution per unit of activity, adstock and saturation (all chains pooled). */
export function organicPosteriors(density: BayesMmmDensity, params: readonly BayesParams[]): OrganicPosterior[] {
  return density.data.channels.flatMap((ch, c) => {
    if (!ch.organic) return [];
    const lay = density.layout.channels[c]!;
    const per = params.map((p) => p.channels[c]!);
    const satNames = Object.keys(lay.curve.describe(per[0]?.theta ?? new Float64Array(2)));
    return [
      {
        name: ch.name,
        activity: ch.total,
        saturation: lay.curve.kind,
        adstock: lay.adstock.kind,
        // The density's "roas" is contribution / the channel's total input, here its activity.
        contribution: uncertain(per.map((p) => p.roas * ch.total)),
        perUnit: uncertain(per.map((p) => p.roas)),
        adstockParams: Object.fromEntries(lay.adstock.paramNames.map((name, j) => [name, uncertain(per.map((p) => p.adstock[j]!))])),
        saturationParams: Object.fromEntries(satNames.map((name, j) => [name, uncertain(per.map((p) => p.theta[j]!))])),
        beta: uncertain(per.map((p) => p.beta)),
      },
    ];
  });
}

/** Per paid channel posterior summaries from the natural parameters of every draw (all chains pooled); organic media: `organicPosteriors`. */
export function channelPosteriors(density: BayesMmmDensity, params: readonly BayesParams[]): ChannelPosterior[] {
  const data = density.data;
  return data.channels.flatMap((ch, c) => (ch.organic ? [] : [channelPosterior(density, params, c)]));
}

function channelPosterior(density: BayesMmmDensity, params: readonly BayesParams[], c: number): ChannelPosterior {
  const data = density.data;
  const ch = data.channels[c]!;
  const weekly = ch.total / data.n;
  const lay = density.layout.channels[c]!;
  const per = params.map((p) => p.channels[c]!);
  const satNames = Object.keys(lay.curve.describe(per[0]?.theta ?? new Float64Array(2)));
  return {
    name: ch.name,
    spend: ch.total,
    parameterisation: lay.roas ? "roas" : "beta",
    saturation: lay.curve.kind,
    adstock: lay.adstock.kind,
    contribution: uncertain(per.map((p) => p.roas * ch.total)),
    roas: uncertain(per.map((p) => p.roas)),
    mroas: uncertain(per.map((p) => density.marginal(p, c, weekly))),
    ...(lay.adstock.decayIndex < 0 ? {} : { decay: uncertain(per.map((p) => p.decay)) }),
    adstockParams: Object.fromEntries(lay.adstock.paramNames.map((name, j) => [name, uncertain(per.map((p) => p.adstock[j]!))])),
    saturationParams: Object.fromEntries(satNames.map((name, j) => [name, uncertain(per.map((p) => p.theta[j]!))])),
    beta: uncertain(per.map((p) => p.beta)),
  };
}
