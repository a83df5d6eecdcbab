/**
 * Response curves: weekly steady-state spend → weekly incremental KPI per channel, with the
 * posterior's 94% band as a filled area for a Bayesian fit, and each channel's current average
 * weekly spend marked on its curve.
 */
import type { ResponseCurve } from "../../model/decomposition";
import type { ResponseCurveBand } from "../../model/bayes/outputs/curves";
import { baseLayout, colorOf, label, withAlpha, type ChartOptions, type PlotlyFigure, type PlotlyTrace } from "../figure";

/** Ridge curves (point estimates) or Bayesian curves (mean and 94% band). */
export type CurveInput = readonly ResponseCurve[] | readonly ResponseCurveBand[];

function isBand(c: ResponseCurve | ResponseCurveBand): c is ResponseCurveBand {
  return !Array.isArray(c.response);
}

/** Upper edge then lower edge filled to it: Plotly's way to draw a band. */
function bandTraces(c: ResponseCurveBand, color: string): PlotlyTrace[] {
  const common = { type: "scatter" as const, x: c.spend, mode: "lines", line: { width: 0, color }, legendgroup: c.channel, showlegend: false, hoverinfo: "skip" };
  return [
    { ...common, name: `${c.channel} 94% HDI upper`, y: c.response.hi },
    { ...common, name: `${c.channel} 94% HDI`, y: c.response.lo, fill: "tonexty", fillcolor: withAlpha(color, 0.18) },
  ];
}

function currentMarker(c: ResponseCurve | ResponseCurveBand, color: string): PlotlyTrace {
  const band = isBand(c);
  const response = band ? c.current.response.mean : c.current.response;
  const mroas = band ? c.current.mroas.mean : c.current.mroas;
  const trace: PlotlyTrace = {
    type: "scatter",
    name: `${c.channel} current`,
    x: [c.current.spend],
    y: [response],
    mode: "markers",
    marker: { symbol: "diamond", size: 11, color, line: { color: "white", width: 1 } },
    legendgroup: c.channel,
    showlegend: false,
    customdata: [[mroas]],
    hovertemplate: `<b>${c.channel}: current average</b><br>Weekly spend %{x:,.0f}<br>Incremental KPI %{y:,.0f}<br>Marginal ROAS %{customdata[0]:.2f}<extra></extra>`,
  };
  if (band) trace.error_y = { type: "data", symmetric: false, array: [c.current.response.hdi94[1] - response], arrayminus: [response - c.current.response.hdi94[0]], color, thickness: 1.5 };
  return trace;
}

/**
 * One line per channel (plus its band and current-spend marker).
 * @example
 * const fig = responseCurvesFigure(engine.responseCurves(), { kpi: "revenue" });
 * fig.data.filter((t) => t.mode === "lines" && t.showlegend !== false).length; // channels
 */
export function responseCurvesFigure(curves: CurveInput, opts: ChartOptions = {}): PlotlyFigure {
  const names = curves.map((c) => c.channel);
  const kpi = opts.kpi ? label(opts.kpi) : "KPI";
  const data: PlotlyTrace[] = [];
  for (const c of curves) {
    const color = colorOf(c.channel, names, opts);
    if (isBand(c)) data.push(...bandTraces(c, color));
    data.push({
      type: "scatter",
      name: c.channel,
      x: c.spend,
      y: isBand(c) ? c.response.mean : c.response,
      mode: "lines",
      line: { color, width: 2 },
      legendgroup: c.channel,
      hovertemplate: `<b>${c.channel}</b><br>Weekly spend %{x:,.0f}<br>Incremental ${kpi} %{y:,.0f}${isBand(c) ? " (posterior mean)" : ""}<extra></extra>`,
    });
    data.push(currentMarker(c, color));
  }
  const bands = curves.some(isBand);
  const title = opts.title ?? `Response curves${bands ? " (posterior mean, 94% HDI)" : ""} — ◆ marks current average spend`;
  return { data, layout: baseLayout(title, "Weekly spend (steady state)", `Incremental ${kpi} per week`, { hovermode: "closest" }) };
}
