/**
 * A correlation matrix as a heatmap: one square marker per cell, coloured red (positive) to blue
 * (negative), the value written in it. Drawn with scatter markers, not a Plotly "heatmap" trace,
 * because the side panel ships plotly.js's basic bundle (scatter, bar, pie).
 */
import { baseLayout, label, type PlotlyFigure } from "../figure";

/** Plotly's RdBu, reversed: −1 blue, 0 white, +1 red. */
const DIVERGING = [
  [0, "#2166ac"],
  [0.25, "#92c5de"],
  [0.5, "#f7f7f7"],
  [0.75, "#f4a582"],
  [1, "#b2182b"],
];

/**
 * Heatmap of a square correlation matrix (e.g. `engine.getCorrelationMatrix()`), first column at the top.
 * @example
 * const m = engine.getCorrelationMatrix(["revenue", "tv", "search"]);
 * correlationHeatmapFigure(m.columns, m.matrix).data[0].marker.color; // the matrix, row by row
 */
export function correlationHeatmapFigure(columns: readonly string[], matrix: readonly (readonly number[])[], opts: { title?: string; method?: string } = {}): PlotlyFigure {
  const names = columns.map(label);
  const k = names.length;
  const cells = matrix.flatMap((row, i) => row.map((v, j) => ({ i, j, v: Number.isFinite(v) ? Math.round(v * 1000) / 1000 : 0, known: Number.isFinite(v) })));
  const side = Math.max(360, 90 + 44 * k);
  return {
    data: [
      {
        type: "scatter",
        mode: k <= 12 ? "markers+text" : "markers",
        x: cells.map((c) => c.j),
        y: cells.map((c) => c.i),
        text: cells.map((c) => (c.known ? c.v.toFixed(2) : "–")),
        textfont: { size: 11 },
        customdata: cells.map((c) => [names[c.i], names[c.j]]),
        hovertemplate: "%{customdata[0]} × %{customdata[1]}<br>r = %{text}<extra></extra>",
        marker: { symbol: "square", size: Math.max(8, Math.floor((side - 150) / k) - 2), color: cells.map((c) => c.v), cmin: -1, cmax: 1, colorscale: DIVERGING, showscale: true, colorbar: { title: { text: "r" } } },
        showlegend: false,
      },
    ],
    layout: baseLayout(opts.title ?? `Correlation (${opts.method ?? "pearson"})`, "", "", {
      xaxis: { tickvals: names.map((_, j) => j), ticktext: names, tickangle: -30, automargin: true, showgrid: false, zeroline: false, range: [-0.5, k - 0.5] },
      yaxis: { tickvals: names.map((_, i) => i), ticktext: names, automargin: true, showgrid: false, zeroline: false, range: [k - 0.5, -0.5] },
      height: side,
    }),
  };
}
