/**
 * A weekly flighting plan as stacked bars: spend per channel per plan week (one trace per channel,
 * in the channel's colour), with each week's expected contribution of that channel in the hover.
 */
import type { FlightPlan } from "../../model/budget";
import { fmtNumber } from "../format";
import { baseLayout, colorOf, label, type ChartOptions, type PlotlyFigure } from "../figure";

/**
 * One bar trace per channel, stacked by week.
 * @example
 * flightingFigure(engine.planFlighting({ weeks: 13 })).layout.barmode; // "stack"
 */
export function flightingFigure(plan: FlightPlan, opts: ChartOptions = {}): PlotlyFigure {
  const names = Object.keys(plan.spend);
  const roas = plan.roas.toFixed(2);
  const timing = plan.incremental - plan.even.incremental;
  const title =
    opts.title ?? `Weekly flighting plan: ${fmtNumber(plan.total)} over ${plan.weeks} weeks (incremental ${opts.kpi ? label(opts.kpi) : "KPI"} ${fmtNumber(plan.incremental)}, ROAS ${roas}; timing adds ${fmtNumber(timing)} over even weeks)`;
  return {
    data: names.map((n) => ({
      type: "bar" as const,
      name: label(n),
      x: plan.dates,
      y: plan.spend[n]!,
      marker: { color: colorOf(n, names, opts) },
      customdata: plan.response[n]!,
      hovertemplate: `<b>${label(n)}</b><br>Week of %{x}<br>Spend %{y:,.0f}<br>Expected contribution %{customdata:,.0f}<extra></extra>`,
    })),
    layout: baseLayout(title, "Week", "Spend per week", { barmode: "stack", hovermode: "x unified" }),
  };
}
