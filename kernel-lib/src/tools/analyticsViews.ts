/**
 * The analytics tools that draw: feature importance (permutation on the ridge fit, or mutual
 * information) and the exploratory charts (correlation heatmap, time series, distributions).
 */
import { MMMError } from "../errors";
import { mutualInformation } from "../model/analytics/mutualInfo";
import { permutationImportance } from "../model/analytics/permutation";
import { correlationHeatmapFigure } from "../report/charts/correlationHeatmap";
import { distributionsFigure } from "../report/charts/distributions";
import { type ImportanceBar, importanceFigure } from "../report/charts/importance";
import { MAX_SCATTER_COLUMNS, scatterMatrixFigure } from "../report/charts/scatterMatrix";
import { timeSeriesFigure } from "../report/charts/timeSeries";
import { kpiOf, rolesOf, seriesFor, sig } from "./analyticsInputs";
import type { ToolContext } from "./types";

/** Drop in R² of the current ridge fit when each channel or control is shuffled (the design's columns, transforms applied). */
function ridgePermutation(ctx: ToolContext, repeats: number, seed: number): ImportanceBar[] {
  const fit = ctx.engine.analysis.ridge;
  if (!fit) throw new MMMError("NO_MODEL", "No ridge model has been fitted yet.", "Run run_ols_mmm first, or use analysis 'mutual_information'.");
  const { data, features, fit: coefs } = fit.model;
  const cols = [...features, ...data.base.cols];
  const names = [...data.channels.map((c) => c.name), ...data.base.names];
  const keep = names.map((_, j) => j).filter((j) => j < features.length || data.base.kind[j - features.length] === "control");
  const predict = (c: readonly Float64Array[]) => Float64Array.from({ length: data.n }, (_, i) => c.reduce((s, col, j) => s + col[i]! * coefs.coef[j]!, coefs.intercept));
  const imp = permutationImportance(cols, data.y, predict, { repeats, seed, only: keep });
  return keep.map((j, k) => ({ name: names[j]!, value: imp[k]!.mean, sd: imp[k]!.sd }));
}

function mutualInfoBars(ctx: ToolContext, columns?: readonly string[]): ImportanceBar[] {
  const kpi = kpiOf(ctx);
  const { channels, controls } = rolesOf(ctx);
  const cols = (columns ?? [...channels, ...controls]).filter((c) => c !== kpi);
  const s = seriesFor(ctx, [kpi, ...cols]);
  return cols.map((c) => ({ name: c, value: mutualInformation(s.columns[c]!, s.columns[kpi]!, 3) }));
}

/** feature_importance: bars, chart and a one-line ranking. */
export function featureImportance(a: { method?: "permutation" | "mutual_information"; columns?: readonly string[]; repeats?: number; seed?: number }, ctx: ToolContext) {
  const method = a.method ?? (ctx.engine.analysis.ridge ? "permutation" : "mutual_information");
  const permutation = method === "permutation";
  const bars = (permutation ? ridgePermutation(ctx, a.repeats ?? 10, a.seed ?? 0) : mutualInfoBars(ctx, a.columns)).sort((x, y) => y.value - x.value);
  const measure = permutation ? "drop in R²" : "mutual information (nats)";
  const title = permutation ? "Permutation importance (ridge fit)" : "Mutual information with the KPI";
  ctx.engine.analysis.setFigure("importance", importanceFigure(bars, { title, measure }), { fromModel: permutation });
  const show = (b: ImportanceBar) => `${b.name} ${sig(b.value, 2)}${b.sd === undefined ? "" : ` ± ${sig(b.sd, 1)}`}`;
  const weak = bars.filter((b) => b.value < 0.01).map((b) => b.name);
  const summary = `${permutation ? "Permutation importance (drop in R² when shuffled)" : "Mutual information with the KPI (nats)"}: ${bars.slice(0, 4).map(show).join(", ")}${weak.length ? `; little or none: ${weak.join(", ")}` : ""}.`;
  return { method, measure, importance: bars.map((b) => ({ column: b.name, value: sig(b.value), ...(b.sd === undefined ? {} : { sd: sig(b.sd, 2) }) })), figure: "importance", summary };
}

/** The strongest off-diagonal correlation, for the heatmap's summary. */
function strongestPair(cols: readonly string[], m: readonly (readonly number[])[]): string {
  let best: { i: number; j: number; v: number } | undefined;
  for (let i = 0; i < cols.length; i++) for (let j = i + 1; j < cols.length; j++) if (Number.isFinite(m[i]![j]) && (!best || Math.abs(m[i]![j]!) > Math.abs(best.v))) best = { i, j, v: m[i]![j]! };
  return best ? `strongest pair ${cols[best.i]} × ${cols[best.j]} r = ${sig(best.v, 2)}` : "no pair with a defined correlation";
}

/** plot_data: one exploratory chart, drawn under the chart's own key. */
export function analyticsCharts(a: { chart: "correlation_heatmap" | "time_series" | "distributions" | "scatter_matrix"; columns?: string[]; method?: "pearson" | "spearman" }, ctx: ToolContext) {
  const { kpi, channels, controls } = rolesOf(ctx);
  const all = [...(kpi ? [kpi] : []), ...channels, ...(a.chart === "time_series" ? [] : controls)];
  const cols = a.columns ?? (a.chart === "scatter_matrix" ? all.slice(0, MAX_SCATTER_COLUMNS) : all);
  if (a.chart === "correlation_heatmap") {
    const m = ctx.engine.getCorrelationMatrix(cols, a.method);
    ctx.engine.analysis.setFigure("correlation_heatmap", correlationHeatmapFigure(m.columns, m.matrix, { method: m.method }), { fromModel: false });
    return { chart: a.chart, figure: "correlation_heatmap", columns: m.columns, summary: `Correlation heatmap (${m.method}) of ${m.columns.length} columns; ${strongestPair(m.columns, m.matrix)}.` };
  }
  const s = seriesFor(ctx, cols);
  const figure =
    a.chart === "time_series"
      ? timeSeriesFigure(s.index, s.columns, { kpi: kpi && cols.includes(kpi) ? kpi : undefined, title: "KPI and channels over time" })
      : a.chart === "scatter_matrix"
        ? scatterMatrixFigure(s.columns)
        : distributionsFigure(s.columns);
  ctx.engine.analysis.setFigure(a.chart, figure, { fromModel: false });
  const span = `${s.index.length} periods${s.index.length ? ` (${s.index[0]} to ${s.index.at(-1)})` : ""}${s.geos > 1 ? `, ${s.geos} geos summed` : ""}${s.dropped ? `, ${s.dropped} rows with gaps dropped` : ""}`;
  return { chart: a.chart, figure: a.chart, columns: cols, summary: `${{ time_series: "Time series", distributions: "Distributions", scatter_matrix: "Scatter matrix" }[a.chart]} of ${cols.length} columns over ${span}.` };
}
