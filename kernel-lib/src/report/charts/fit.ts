/**
 * Actual vs fitted KPI per week. For a Bayesian fit the 94% posterior predictive band is drawn as a
 * filled area and the weeks whose actual KPI falls outside it are marked.
 */
import type { DecompositionRow } from "../../model/decomposition";
import type { PosteriorPredictive } from "../../model/bayes/outputs/ppc";
import { fmtPct } from "../format";
import { ACTUAL_COLOR, baseLayout, label, withAlpha, type ChartOptions, type PlotlyFigure, type PlotlyTrace } from "../figure";

/** Ridge decomposition rows (actual, fitted) or a Bayesian posterior predictive check. */
export type FitInput = readonly DecompositionRow[] | PosteriorPredictive;

const FIT_COLOR = "#4e79a7";
const MISS_COLOR = "#e15759";

function predictiveTraces(p: PosteriorPredictive, fitted: number[], kpi: string): PlotlyTrace[] {
  const band = { type: "scatter" as const, x: p.dates, mode: "lines", line: { width: 0, color: FIT_COLOR }, showlegend: false, hoverinfo: "skip", legendgroup: "band" };
  const outside = p.actual.map((y, t) => (y < p.predicted.lo[t]! || y > p.predicted.hi[t]! ? t : -1)).filter((t) => t >= 0);
  return [
    { ...band, name: "94% predictive upper", y: p.predicted.hi },
    { ...band, name: "94% predictive band", y: p.predicted.lo, fill: "tonexty", fillcolor: withAlpha(FIT_COLOR, 0.2), showlegend: true },
    {
      type: "scatter",
      name: "Fitted (posterior mean)",
      x: p.dates,
      y: fitted,
      mode: "lines",
      line: { color: FIT_COLOR, width: 2 },
      customdata: p.dates.map((_, t) => [p.predicted.lo[t], p.predicted.hi[t]]),
      hovertemplate: `Week of %{x}<br>Fitted ${kpi} %{y:,.0f}<br>94% predictive band %{customdata[0]:,.0f} – %{customdata[1]:,.0f}<extra></extra>`,
    },
    { type: "scatter", name: `Actual ${kpi}`, x: p.dates, y: p.actual, mode: "lines", line: { color: ACTUAL_COLOR, width: 1.5 }, hovertemplate: `Week of %{x}<br>Actual ${kpi} %{y:,.0f}<extra></extra>` },
    {
      type: "scatter",
      name: "Outside the band",
      x: outside.map((t) => p.dates[t]!),
      y: outside.map((t) => p.actual[t]!),
      mode: "markers",
      marker: { color: MISS_COLOR, size: 7, symbol: "circle-open", line: { width: 2 } },
      hovertemplate: `Week of %{x}<br>Actual ${kpi} %{y:,.0f} — outside the 94% band<extra></extra>`,
    },
  ];
}

/**
 * Actual and fitted lines (and the predictive band for a Bayesian fit).
 * @param opts.fitted the posterior-mean fit to draw instead of the predictive mean (e.g. `bayesian().decomposition().fitted.mean`).
 * @example
 * actualVsFittedFigure(engine.decomposition(), { kpi: "revenue" });
 * actualVsFittedFigure(engine.bayesian().predictive(), { kpi: "revenue" });
 */
export function actualVsFittedFigure(input: FitInput, opts: ChartOptions & { fitted?: number[] } = {}): PlotlyFigure {
  const kpi = opts.kpi ? label(opts.kpi) : "KPI";
  if (!Array.isArray(input)) {
    const p = input as PosteriorPredictive;
    const title = opts.title ?? `Actual vs fitted ${kpi} — ${fmtPct(p.coverage94)} of weeks inside the 94% predictive band`;
    return { data: predictiveTraces(p, opts.fitted ?? p.predicted.mean, kpi), layout: baseLayout(title, "Week", `${kpi} per week`, { hovermode: "x unified" }) };
  }
  const rows = input as readonly DecompositionRow[];
  const dates = rows.map((r) => r.date);
  const data: PlotlyTrace[] = [
    { type: "scatter", name: `Actual ${kpi}`, x: dates, y: rows.map((r) => r.actual), mode: "lines", line: { color: ACTUAL_COLOR, width: 1.5 }, hovertemplate: `Week of %{x}<br>Actual ${kpi} %{y:,.0f}<extra></extra>` },
    { type: "scatter", name: "Fitted", x: dates, y: opts.fitted ?? rows.map((r) => r.fitted), mode: "lines", line: { color: FIT_COLOR, width: 2 }, hovertemplate: `Week of %{x}<br>Fitted ${kpi} %{y:,.0f}<extra></extra>` },
  ];
  return { data, layout: baseLayout(opts.title ?? `Actual vs fitted ${kpi}`, "Week", `${kpi} per week`, { hovermode: "x unified" }) };
}
