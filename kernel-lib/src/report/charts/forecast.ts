/**
 * A forecast as a Plotly figure: the last observed weeks (actual KPI), then the forecast's expected
 * KPI with its 94% band as a filled area, and the realised KPI of the forecast weeks when known
 * (weeks outside the band marked), with a line where the forecast starts.
 */
import type { Forecast } from "../../model/forecast/result";
import { fmtPct } from "../format";
import { ACTUAL_COLOR, baseLayout, label, withAlpha, type ChartOptions, type PlotlyFigure, type PlotlyTrace } from "../figure";

const FORECAST_COLOR = "#f28e2b";
const MISS_COLOR = "#e15759";

/** Observed weeks drawn before the forecast (dates and actual KPI, e.g. the last 52). */
export interface ForecastHistory {
  dates: string[];
  actual: number[];
}

function bandTraces(f: Forecast, kpi: string): PlotlyTrace[] {
  const band = { type: "scatter" as const, x: f.dates, mode: "lines", line: { width: 0, color: FORECAST_COLOR }, hoverinfo: "skip", legendgroup: "band" };
  return [
    { ...band, name: "94% band upper", y: f.hi, showlegend: false },
    { ...band, name: "94% band", y: f.lo, fill: "tonexty", fillcolor: withAlpha(FORECAST_COLOR, 0.2) },
    {
      type: "scatter",
      name: `Forecast ${kpi} (${f.model})`,
      x: f.dates,
      y: f.mean,
      mode: "lines+markers",
      line: { color: FORECAST_COLOR, width: 2 },
      marker: { size: 4 },
      customdata: f.dates.map((_, t) => [f.lo[t], f.hi[t]]),
      hovertemplate: `Week of %{x}<br>Forecast ${kpi} %{y:,.0f}<br>94% band %{customdata[0]:,.0f} – %{customdata[1]:,.0f}<extra></extra>`,
    },
  ];
}

function realisedTraces(f: Forecast, kpi: string): PlotlyTrace[] {
  if (!f.actual) return [];
  const outside = f.actual.map((y, t) => (y < f.lo[t]! || y > f.hi[t]! ? t : -1)).filter((t) => t >= 0);
  return [
    { type: "scatter", name: `Realised ${kpi}`, x: f.dates, y: f.actual, mode: "lines", line: { color: ACTUAL_COLOR, width: 1.5, dash: "dot" }, hovertemplate: `Week of %{x}<br>Realised ${kpi} %{y:,.0f}<extra></extra>` },
    {
      type: "scatter",
      name: "Outside the band",
      x: outside.map((t) => f.dates[t]!),
      y: outside.map((t) => f.actual![t]!),
      mode: "markers",
      marker: { color: MISS_COLOR, size: 7, symbol: "circle-open", line: { width: 2 } },
      hoverinfo: "skip",
    },
  ];
}

/**
 * The forecast chart.
 * @example
 * forecastFigure(engine.forecast({ spend: { tv: 20_000 }, weeks: 13 }), { kpi: "revenue" });
 */
export function forecastFigure(f: Forecast, opts: ChartOptions & { history?: ForecastHistory } = {}): PlotlyFigure {
  const kpi = label(opts.kpi ?? f.kpi);
  const h = opts.history;
  const data: PlotlyTrace[] = [
    ...(h ? [{ type: "scatter" as const, name: `Actual ${kpi}`, x: h.dates, y: h.actual, mode: "lines", line: { color: ACTUAL_COLOR, width: 1.5 }, hovertemplate: `Week of %{x}<br>Actual ${kpi} %{y:,.0f}<extra></extra>` }] : []),
    ...bandTraces(f, kpi),
    ...realisedTraces(f, kpi),
  ];
  const acc = f.accuracy ? ` — MAPE ${fmtPct(f.accuracy.mape)}, ${fmtPct(f.accuracy.coverage94)} of weeks inside the band` : "";
  const title = opts.title ?? `Forecast of ${kpi}, ${f.dates.length} weeks from ${f.dates[0]}${acc}`;
  const start = { type: "line", xref: "x", yref: "paper", x0: f.dates[0], x1: f.dates[0], y0: 0, y1: 1, line: { color: "#888", width: 1, dash: "dash" } };
  return { data, layout: baseLayout(title, "Week", `${kpi} per week`, { hovermode: "x unified", shapes: [start] }) };
}
