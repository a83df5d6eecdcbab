/**
 * Decomposition of a fitted linear MMM into baseline, controls and channels per week, and the
 * channel summaries derived from it (contribution, ROAS, marginal ROAS) — shared by every model
 * whose fitted value is intercept + Σ coef × regressor.
 */
import { isoDate } from "../data/dates";
import { resolveMedia, type MediaParams } from "./media";
import type { MmmData } from "./mmmData";
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

/** Per-channel totals over the modelled weeks, in channel order. */
export function channelSummaries(f: LinearFit): ChannelSummary[] {
  const responses = channelResponses(f);
  const contributions = f.data.channels.map((_, i) => f.coef[i]! * f.features[i]!.reduce((a, b) => a + b, 0));
  const totalContribution = contributions.reduce((a, b) => a + b, 0);
  const totalSpend = f.data.channels.reduce((a, c) => a + c.total, 0);
  return f.data.channels.map((ch, i) => ({
    name: ch.name,
    spend: ch.total,
    contribution: contributions[i]!,
    share: totalContribution > 0 ? contributions[i]! / totalContribution : 0,
    spendShare: ch.total / totalSpend,
    roas: contributions[i]! / ch.total,
    mroas: responses[i]!.marginal(responses[i]!.currentWeekly),
    coef: f.coef[i]!,
    params: f.media[i]!,
  }));
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
