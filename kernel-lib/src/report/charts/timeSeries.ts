/**
 * The KPI and the media over time: the KPI as a line on the left axis, each other column on the
 * right axis, so channels in money and a KPI in units both read. Optionally one decomposition
 * (trend, seasonal, residual) below, on its own axes.
 */
import type { Decomposition } from "../../model/analytics/decompose";
import { ACTUAL_COLOR, baseLayout, colorOf, label, type ChartOptions, type PlotlyFigure, type PlotlyTrace } from "../figure";

/** `series[kpi]` (if given) on the left axis, the rest on the right, over `index` (dates). */
export function timeSeriesFigure(index: readonly string[], series: Record<string, Float64Array>, opts: ChartOptions & { kpi?: string } = {}): PlotlyFigure {
  const names = Object.keys(series).filter((n) => n !== opts.kpi);
  const line = (name: string, right: boolean): PlotlyTrace => ({
    type: "scatter",
    mode: "lines",
    name: label(name),
    x: [...index],
    y: Array.from(series[name]!),
    yaxis: right ? "y2" : "y",
    line: { color: right ? colorOf(name, names, opts) : ACTUAL_COLOR, width: right ? 1.5 : 2.5 },
  });
  const data = [...(opts.kpi && series[opts.kpi] ? [line(opts.kpi, false)] : []), ...names.map((n) => line(n, Boolean(opts.kpi)))];
  return {
    data,
    layout: baseLayout(opts.title ?? "Over time", "", opts.kpi ? label(opts.kpi) : "value", {
      ...(opts.kpi ? { yaxis2: { title: { text: "other columns" }, overlaying: "y", side: "right", tickformat: ",~s", showgrid: false } } : {}),
      hovermode: "x unified",
    }),
  };
}

/** Observed, trend, seasonal and residual in four stacked panels sharing the time axis. */
export function decompositionFigure(index: readonly string[], observed: Float64Array, d: Decomposition, opts: { title?: string; column?: string } = {}): PlotlyFigure {
  const parts: [string, Float64Array][] = [
    ["observed", observed],
    ["trend", d.trend],
    ["seasonal", d.seasonal],
    ["residual", d.resid],
  ];
  const data: PlotlyTrace[] = parts.map(([name, v], i) => ({
    type: "scatter",
    mode: name === "residual" ? "markers" : "lines",
    name,
    x: [...index],
    // NaN (the trend's undefined ends) is not JSON: null leaves a gap.
    y: Array.from(v, (x) => (Number.isFinite(x) ? x : null)) as number[],
    xaxis: "x",
    yaxis: i === 0 ? "y" : `y${i + 1}`,
    line: { color: i === 0 ? ACTUAL_COLOR : "#4e79a7" },
    marker: { size: 4, color: "#9e9e9e" },
  }));
  const axes = Object.fromEntries(parts.map(([name], i) => [i === 0 ? "yaxis" : `yaxis${i + 1}`, { title: { text: name }, tickformat: ",~s", automargin: true }]));
  return {
    data,
    layout: baseLayout(opts.title ?? `Seasonal decomposition of ${label(opts.column ?? "the series")} (additive, period ${d.period})`, "", "", {
      ...axes,
      grid: { rows: 4, columns: 1, pattern: "coupled" },
      showlegend: false,
      height: 640,
    }),
  };
}
