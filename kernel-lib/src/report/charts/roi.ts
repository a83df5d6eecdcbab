/**
 * ROAS per channel as bars (Bayesian: posterior mean with 94% HDI error bars), marginal ROAS at
 * current spend as markers, and the break-even line at 1.
 */
import type { ChannelSummary } from "../../model/decomposition";
import type { ChannelPosterior } from "../../model/bayes/posterior";
import { baseLayout, colorOf, type ChartOptions, type PlotlyFigure, type PlotlyTrace } from "../figure";

/** Ridge channel summaries or Bayesian channel posteriors. */
export type RoiInput = readonly ChannelSummary[] | readonly ChannelPosterior[];

/** A channel's ROAS and marginal ROAS with their 94% HDIs when the fit is Bayesian. */
export interface RoiPoint {
  name: string;
  spend: number;
  contribution: number;
  roas: number;
  mroas: number;
  contributionHdi?: [number, number];
  roasHdi?: [number, number];
  mroasHdi?: [number, number];
}

/** Either result's channels as plain points, in the given order. */
export function roiPoints(channels: RoiInput): RoiPoint[] {
  return channels.map((c: ChannelSummary | ChannelPosterior) =>
    typeof c.roas === "number"
      ? { name: c.name, spend: c.spend, contribution: (c as ChannelSummary).contribution, roas: c.roas, mroas: (c as ChannelSummary).mroas }
      : {
          name: c.name,
          spend: c.spend,
          contribution: (c as ChannelPosterior).contribution.mean,
          roas: c.roas.mean,
          mroas: (c as ChannelPosterior).mroas.mean,
          contributionHdi: (c as ChannelPosterior).contribution.hdi94,
          roasHdi: c.roas.hdi94,
          mroasHdi: (c as ChannelPosterior).mroas.hdi94,
        },
  );
}

/**
 * Bars of ROAS (highest first) coloured per channel; marginal ROAS as diamonds.
 * @example
 * const fig = roiBarsFigure(engine.roiSummary());
 * fig.data[0].y; // each channel's ROAS
 */
export function roiBarsFigure(channels: RoiInput, opts: ChartOptions = {}): PlotlyFigure {
  const points = roiPoints(channels).sort((a, b) => b.roas - a.roas);
  const names = points.map((p) => p.name);
  const bayes = points.some((p) => p.roasHdi);
  const bars: PlotlyTrace = {
    type: "bar",
    name: bayes ? "ROAS (posterior mean)" : "ROAS",
    x: names,
    y: points.map((p) => p.roas),
    marker: { color: names.map((n) => colorOf(n, names, opts)) },
    customdata: points.map((p) => [p.spend, p.contribution, p.roasHdi?.[0] ?? null, p.roasHdi?.[1] ?? null]),
    hovertemplate: `<b>%{x}</b><br>ROAS %{y:.2f}${bayes ? " [%{customdata[2]:.2f}, %{customdata[3]:.2f}]" : ""}<br>Spend %{customdata[0]:,.0f}<br>Contribution %{customdata[1]:,.0f}<extra></extra>`,
  };
  if (bayes) bars.error_y = { type: "data", symmetric: false, array: points.map((p) => (p.roasHdi ? p.roasHdi[1] - p.roas : 0)), arrayminus: points.map((p) => (p.roasHdi ? p.roas - p.roasHdi[0] : 0)), color: "#444", thickness: 1.5 };
  const marginal: PlotlyTrace = {
    type: "scatter",
    name: "Marginal ROAS at current spend",
    x: names,
    y: points.map((p) => p.mroas),
    mode: "markers",
    marker: { symbol: "diamond", size: 10, color: "#222", line: { color: "white", width: 1 } },
    hovertemplate: `<b>%{x}</b><br>Marginal ROAS %{y:.2f}: the KPI from the next unit of spend<extra></extra>`,
  };
  const title = opts.title ?? `Return on ad spend by channel${bayes ? " (posterior mean, 94% HDI)" : ""}`;
  const breakEven = { type: "line", xref: "paper", x0: 0, x1: 1, y0: 1, y1: 1, line: { color: "#999", dash: "dash", width: 1 } };
  return {
    data: [bars, marginal],
    layout: baseLayout(title, "Channel", "KPI per unit of spend", {
      yaxis: { title: { text: "KPI per unit of spend" }, tickformat: ".2f", rangemode: "tozero" },
      shapes: [breakEven],
      annotations: [{ xref: "paper", x: 1, y: 1, yanchor: "bottom", xanchor: "right", text: "break-even", showarrow: false, font: { size: 10, color: "#777" } }],
    }),
  };
}
