/**
 * Box plots of the cross-validation fold errors, one box per candidate specification. Drawn with
 * scatter traces (a filled quartile box, a median segment, a min–max whisker and the folds as
 * points) because the notebook and side panel load plotly.js's basic bundle, which has no "box"
 * trace type — the same reason the correlation heatmap is drawn with markers.
 */
import { baseLayout, channelColors, type PlotlyFigure, type PlotlyTrace, withAlpha } from "../report/figure";

export interface BoxCandidate {
  name: string;
  /** One value per fold. */
  values: number[];
}

/** The q-quantile by linear interpolation between order statistics (numpy's and Plotly's default). */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

function boxTraces(c: BoxCandidate, x: number, color: string): PlotlyTrace[] {
  const s = [...c.values].filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return [];
  const [q1, med, q3] = [quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75)];
  const w = 0.3;
  const line = { color, width: 1.5 };
  const hover = `${c.name}<br>min %{customdata[0]:.4g}, Q1 %{customdata[1]:.4g}, median %{customdata[2]:.4g}, Q3 %{customdata[3]:.4g}, max %{customdata[4]:.4g}<extra></extra>`;
  const stats = [s[0]!, q1, med, q3, s.at(-1)!];
  return [
    { type: "scatter", mode: "lines", name: c.name, x: [x, x], y: [s[0]!, s.at(-1)!], line, showlegend: false, hoverinfo: "skip" },
    { type: "scatter", mode: "lines", name: c.name, x: [x - w, x - w, x + w, x + w, x - w], y: [q1, q3, q3, q1, q1], fill: "toself", fillcolor: withAlpha(color, 0.35), line, customdata: Array(5).fill(stats), hovertemplate: hover },
    { type: "scatter", mode: "lines", name: `${c.name} median`, x: [x - w, x + w], y: [med, med], line: { color, width: 3 }, showlegend: false, hoverinfo: "skip" },
    {
      type: "scatter",
      mode: "markers",
      name: `${c.name} folds`,
      x: c.values.map((_, i) => x + (i / Math.max(1, c.values.length - 1) - 0.5) * w),
      y: c.values,
      marker: { color, size: 7, line: { color: "white", width: 1 } },
      showlegend: false,
      hovertemplate: `${c.name}, fold %{pointNumber}: %{y:.4g}<extra></extra>`,
    },
  ];
}

/**
 * @example
 * cvBoxplotFigure([{ name: "current fit", values: [0.02, 0.03, 0.025, 0.04] }], { measure: "MAPE" });
 */
export function cvBoxplotFigure(candidates: readonly BoxCandidate[], opts: { measure: string; title?: string }): PlotlyFigure {
  const colors = channelColors(candidates.map((c) => c.name));
  const data = candidates.flatMap((c, i) => boxTraces(c, i, colors[c.name]!));
  return {
    data,
    layout: baseLayout(opts.title ?? "Out-of-sample error per cross-validation fold", "", opts.measure, {
      xaxis: { tickvals: candidates.map((_, i) => i), ticktext: candidates.map((c) => c.name), range: [-0.6, candidates.length - 0.4], automargin: true },
      yaxis: { title: { text: opts.measure }, automargin: true, rangemode: "tozero" },
      showlegend: false,
    }),
  };
}
