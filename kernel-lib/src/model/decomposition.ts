/**
 * Decomposition of a fitted linear MMM into baseline, controls and channels per week, and the
 * channel summaries derived from it (contribution, ROAS, marginal ROAS) — shared by every model
 * whose fitted value is intercept + Σ coef × regressor.
 */
import { isoDate } from "../data/dates";
import { resolveMedia, type MediaParams } from "./media";
import { isPaid, type MmmData } from "./mmmData";
import type { ChannelResponse } from "./response";

/** What a decomposition needs from a fit. */
export interface LinearFit {
  data: MmmData;
  media: MediaParams[];
  /** Transformed media columns (channel order). */
  features: Float64Array[];
  /** Coefficients: media first (channel order), then data.base columns. */
  coef: Float64Array;
  intercept: number;
}

export interface DecompositionRow {
  date: string;
  actual: number;
  fitted: number;
  /** Intercept + trend + seasonality. */
  baseline: number;
  controls: Record<string, number>;
  channels: Record<string, number>;
}

/**
 * Weekly contributions; baseline + controls + channels = fitted in every row. Controls are shown
 * as deviations from their own mean (the mean effect is part of the baseline), so a price index
 * near 1 does not show as a huge negative contribution offset by a huge intercept.
 */
export function decompose(f: LinearFit): DecompositionRow[] {
  const { data } = f;
  const C = data.channels.length;
  const means = data.base.cols.map((col) => col.reduce((a, b) => a + b, 0) / data.n);
  return Array.from({ length: data.n }, (_, t) => {
    let baseline = f.intercept;
    const controls: Record<string, number> = {};
    data.base.cols.forEach((col, b) => {
      const coef = f.coef[C + b]!;
      if (data.base.kind[b] !== "control") baseline += coef * col[t]!;
      else {
        controls[data.base.names[b]!] = coef * (col[t]! - means[b]!);
        baseline += coef * means[b]!;
      }
    });
    const channels: Record<string, number> = {};
    data.channels.forEach((ch, i) => (channels[ch.name] = f.coef[i]! * f.features[i]![t]!));
    const fitted = baseline + Object.values(controls).reduce((a, b) => a + b, 0) + Object.values(channels).reduce((a, b) => a + b, 0);
    return { date: isoDate(data.days[t]), actual: data.y[t]!, fitted, baseline, controls, channels };
  });
}

/**
 * Steady-state response curve of each channel from its coefficient and transforms: a constant
 * weekly spend s settles at adstock gain × s, so the response is coef × f(gain × s / scale).
 * The transforms are looked up once per channel (the optimiser calls these in its inner loop).
 */
export function channelResponses(f: LinearFit): ChannelResponse[] {
  return f.data.channels.map((ch, i) => {
    const coef = f.coef[i]!;
    const m = resolveMedia(f.media[i]!);
    const k = m.adstock.steadyStateGain(m.adstockParams) / ch.scale;
    const { saturation: sat, saturationParams: p } = m;
    // Curves with slope S < 1 are vertical at zero; the slope just above zero keeps marginals finite.
    const floor = 1e-6 * ch.scale;
    return {
      name: ch.name,
      currentWeekly: ch.total / f.data.n,
      response: (s: number) => coef * sat.valueAt(Math.max(0, s) * k, p),
      marginal: (s: number) => coef * k * sat.slopeAt(Math.max(floor, s) * k, p),
    };
  });
}

export interface ChannelSummary {
  name: string;
  spend: number;
  contribution: number;
  /** Share of the total media contribution. */
  share: number;
  spendShare: number;
  roas: number;
  /** Marginal ROAS at the average weekly spend (steady state). */
  mroas: number;
  coef: number;
  params: MediaParams;
}

/** Per paid channel totals over the modelled weeks, in channel order (organic media: `organicSummaries`). */
export function channelSummaries(f: LinearFit): ChannelSummary[] {
  const responses = channelResponses(f);
  const contributions = f.data.channels.map((_, i) => f.coef[i]! * f.features[i]!.reduce((a, b) => a + b, 0));
  const paid = f.data.channels.flatMap((ch, i) => (isPaid(ch) ? [i] : []));
  const totalContribution = paid.reduce((a, i) => a + contributions[i]!, 0);
  const totalSpend = paid.reduce((a, i) => a + f.data.channels[i]!.total, 0);
  return paid.map((i) => {
    const ch = f.data.channels[i]!;
    return {
      name: ch.name,
      spend: ch.total,
      contribution: contributions[i]!,
      share: totalContribution > 0 ? contributions[i]! / totalContribution : 0,
      spendShare: ch.total / totalSpend,
      roas: contributions[i]! / ch.total,
      mroas: responses[i]!.marginal(responses[i]!.currentWeekly),
      coef: f.coef[i]!,
      params: f.media[i]!,
    };
  });
}

/** An organic medium's totals: no spend, so contribution per unit of its activity instead of a ROAS. */
export interface OrganicSummary {
  name: string;
  /** Total activity over the modelled weeks (the column's unit: sends, impressions, posts). */
  activity: number;
  contribution: number;
  /** Contribution / activity: KPI per unit of activity. */
  perUnit: number;
  /** Contribution / total KPI. */
  shareOfKpi: number;
  coef: number;
  params: MediaParams;
}

/** Organic media's totals over the modelled weeks, in channel order. */
export function organicSummaries(f: LinearFit): OrganicSummary[] {
  const kpi = f.data.y.reduce((a, b) => a + b, 0);
  return f.data.channels.flatMap((ch, i) => {
    if (isPaid(ch)) return [];
    const contribution = f.coef[i]! * f.features[i]!.reduce((a, b) => a + b, 0);
    return [{ name: ch.name, activity: ch.total, contribution, perUnit: contribution / ch.total, shareOfKpi: kpi ? contribution / kpi : NaN, coef: f.coef[i]!, params: f.media[i]! }];
  });
}

/** The responses the budget may move: paid channels only (organic media have no spend). */
export function paidResponses(f: LinearFit): ChannelResponse[] {
  return channelResponses(f).filter((_, i) => isPaid(f.data.channels[i]!));
}

export interface ResponseCurve {
  channel: string;
  /** Weekly spend levels (steady state). */
  spend: number[];
  /** Expected incremental KPI per week at each level. */
  response: number[];
  current: { spend: number; response: number; mroas: number };
}

/** Curves from zero to `upTo` × the larger of current average and peak weekly spend. */
export function responseCurves(f: LinearFit, opts: { points?: number; upTo?: number } = {}): ResponseCurve[] {
  const points = opts.points ?? 50;
  return channelResponses(f).map((r, i) => {
    const peak = Math.max(...f.data.channels[i]!.spend);
    const top = (opts.upTo ?? 1.5) * Math.max(peak, r.currentWeekly);
    const spend = Array.from({ length: points }, (_, k) => (top * k) / (points - 1));
    return { channel: r.name, spend, response: spend.map((s) => r.response(s)), current: { spend: r.currentWeekly, response: r.response(r.currentWeekly), mroas: r.marginal(r.currentWeekly) } };
  });
}
