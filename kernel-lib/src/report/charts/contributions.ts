/**
 * Contributions over time: the fitted KPI stacked as baseline, controls and channels per week,
 * with the actual KPI drawn over it. Ridge rows or the Bayesian decomposition's posterior means.
 */
import type { DecompositionRow } from "../../model/decomposition";
import type { BayesDecomposition } from "../../model/bayes/outputs/decomposition";
import { ACTUAL_COLOR, BASELINE_COLOR, baseLayout, colorOf, CONTROL_COLORS, label, type ChartOptions, type PlotlyFigure, type PlotlyTrace } from "../figure";

/** Ridge weekly rows, or a Bayesian decomposition (its posterior means are stacked). */
export type DecompositionInput = readonly DecompositionRow[] | BayesDecomposition;

/** Series of a decomposition in stacking order (baseline, controls, channels), plus dates and actual. */
export interface StackedSeries {
  dates: string[];
  actual: number[];
  parts: { name: string; kind: "baseline" | "control" | "channel"; y: number[] }[];
}

/** Flatten either decomposition into series; parts sum to the fitted KPI in every week. */
export function stackedSeries(input: DecompositionInput): StackedSeries {
  if (!Array.isArray(input)) {
    const d = input as BayesDecomposition;
    return {
      dates: d.dates,
      actual: d.actual,
      parts: [{ name: "baseline", kind: "baseline", y: d.baseline.mean }, ...Object.entries(d.channels).map(([name, b]) => ({ name, kind: "channel" as const, y: b.mean }))],
    };
  }
  const rows = input as readonly DecompositionRow[];
  const first = rows[0];
  const controls = first ? Object.keys(first.controls) : [];
  const channels = first ? Object.keys(first.channels) : [];
  return {
    dates: rows.map((r) => r.date),
    actual: rows.map((r) => r.actual),
    parts: [
      { name: "baseline", kind: "baseline", y: rows.map((r) => r.baseline) },
      ...controls.map((name) => ({ name, kind: "control" as const, y: rows.map((r) => r.controls[name]!) })),
      ...channels.map((name) => ({ name, kind: "channel" as const, y: rows.map((r) => r.channels[name]!) })),
    ],
  };
}

/**
 * Stacked areas (one `stackgroup`) of every part, and the actual KPI as a line.
 * Controls are deviations from their mean (their mean effect is inside the baseline), so they can
 * be negative: Plotly then stacks them below the running total, and the top edge is still the fit.
 * @example
 * const fig = contributionsFigure(engine.decomposition(), { kpi: "revenue" });
 */
export function contributionsFigure(input: DecompositionInput, opts: ChartOptions = {}): PlotlyFigure {
  const s = stackedSeries(input);
  const kpi = opts.kpi ? label(opts.kpi) : "KPI";
  const channels = s.parts.filter((p) => p.kind === "channel").map((p) => p.name);
  let control = 0;
  const data: PlotlyTrace[] = s.parts.map((p) => {
    const color = p.kind === "baseline" ? BASELINE_COLOR : p.kind === "control" ? CONTROL_COLORS[control++ % CONTROL_COLORS.length]! : colorOf(p.name, channels, opts);
    return {
      type: "scatter",
      name: p.kind === "control" ? `${p.name} (control)` : p.name,
      x: s.dates,
      y: p.y,
      mode: "lines",
      stackgroup: "contributions",
      line: { width: 0.5, color },
      fillcolor: color,
      hovertemplate: `<b>${p.name}</b><br>Week of %{x}<br>Contribution %{y:,.0f}<extra></extra>`,
    };
  });
  data.push({ type: "scatter", name: `Actual ${kpi}`, x: s.dates, y: s.actual, mode: "lines", line: { color: ACTUAL_COLOR, width: 1.5, dash: "dot" }, hovertemplate: `<b>Actual ${kpi}</b><br>Week of %{x}<br>%{y:,.0f}<extra></extra>` });
  const title = opts.title ?? `Contributions to ${kpi} by week${Array.isArray(input) ? "" : " (posterior means)"}`;
  return { data, layout: baseLayout(title, "Week", `${kpi} per week`, { hovermode: "x unified" }) };
}
