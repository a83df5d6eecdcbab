/**
 * A scatter matrix: every pair of columns as a scatter plot in a k × k grid, each column's
 * histogram on the diagonal. Built from scatter and bar traces on their own axes (the side panel's
 * plotly.js bundle has no `splom`). At most 6 columns: 36 panels are already small.
 */
import { MMMError } from "../../errors";
import { baseLayout, label, type PlotlyFigure, type PlotlyTrace } from "../figure";
import { histogram } from "./distributions";

export const MAX_SCATTER_COLUMNS = 6;

/** Pairwise scatter plots of `series` (same length each), first column at the top left. */
export function scatterMatrixFigure(series: Record<string, Float64Array>, opts: { title?: string } = {}): PlotlyFigure {
  const names = Object.keys(series);
  const k = names.length;
  if (k < 2 || k > MAX_SCATTER_COLUMNS) throw new MMMError("INVALID_ARGUMENT", `A scatter matrix takes 2 to ${MAX_SCATTER_COLUMNS} columns; ${k} were given.`, "Name the columns to compare, e.g. the KPI and the main channels.");
  const axis = (row: number, col: number) => {
    const n = row * k + col + 1;
    return n === 1 ? "" : String(n);
  };
  const data: PlotlyTrace[] = [];
  const layoutAxes: Record<string, unknown> = {};
  names.forEach((ny, row) => {
    names.forEach((nx, col) => {
      const a = axis(row, col);
      const common = { xaxis: `x${a}`, yaxis: `y${a}`, showlegend: false };
      if (row === col) {
        const h = histogram(series[nx]!);
        data.push({ type: "bar", x: h.centres, y: h.counts, width: h.width, marker: { color: "#bab0ac" }, hovertemplate: `${label(nx)} ≈ %{x:,.3~s}: %{y} rows<extra></extra>`, ...common });
      } else {
        data.push({
          type: "scatter",
          mode: "markers",
          x: Array.from(series[nx]!),
          y: Array.from(series[ny]!),
          marker: { size: 3, color: "#4e79a7", opacity: 0.6 },
          hovertemplate: `${label(nx)} %{x:,.3~s}<br>${label(ny)} %{y:,.3~s}<extra></extra>`,
          ...common,
        });
      }
      layoutAxes[`xaxis${a}`] = { title: { text: row === k - 1 ? label(nx) : "" }, showticklabels: row === k - 1, tickformat: ",~s", automargin: true };
      layoutAxes[`yaxis${a}`] = { title: { text: col === 0 ? label(ny) : "" }, showticklabels: col === 0, tickformat: ",~s", automargin: true };
    });
  });
  return {
    data,
    layout: baseLayout(opts.title ?? "Scatter matrix", "", "", { ...layoutAxes, grid: { rows: k, columns: k, pattern: "independent" }, height: Math.max(420, 150 * k), hovermode: "closest" }),
  };
}
