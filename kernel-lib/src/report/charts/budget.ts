/**
 * Budget plan as grouped bars: current spend vs the recommended allocation per channel over the
 * plan's horizon, with the change and the marginal ROAS at the optimum in the hover.
 */
import type { BudgetPlan } from "../../model/budget";
import { fmtNumber, fmtSigned } from "../format";
import { baseLayout, colorOf, withAlpha, type ChartOptions, type PlotlyFigure } from "../figure";

/**
 * Two bar traces (current, recommended) per channel; recommended bars in the channel's colour.
 * @example
 * budgetFigure(engine.optimizeBudget(1_000_000)).data.map((t) => t.name); // ["Current", "Recommended"]
 */
export function budgetFigure(plan: BudgetPlan, opts: ChartOptions = {}): PlotlyFigure {
  const names = Object.keys(plan.allocation);
  const current = names.map((n) => plan.current[n] ?? 0);
  const recommended = names.map((n) => plan.allocation[n]!);
  const colors = names.map((n) => colorOf(n, names, opts));
  const change = names.map((_n, i) => (current[i]! > 0 ? (recommended[i]! - current[i]!) / current[i]! : null));
  const horizon = `${plan.weeks} weeks`;
  const uplift = `expected uplift ${fmtSigned(plan.uplift)} (${fmtSigned(plan.upliftPct / 100, true)})`;
  return {
    data: [
      {
        type: "bar",
        name: "Current",
        x: names,
        y: current,
        marker: { color: colors.map((c) => withAlpha(c, 0.35)), line: { color: colors, width: 1 } },
        hovertemplate: `<b>%{x}</b><br>Current spend %{y:,.0f} over ${horizon}<extra></extra>`,
      },
      {
        type: "bar",
        name: "Recommended",
        x: names,
        y: recommended,
        marker: { color: colors },
        customdata: names.map((n, i) => [change[i] === null ? null : 100 * change[i]!, plan.mroas[n] ?? null, plan.status[n] ?? ""]),
        hovertemplate: `<b>%{x}</b><br>Recommended %{y:,.0f} over ${horizon}<br>Change %{customdata[0]:+.1f}%<br>Marginal ROAS at optimum %{customdata[1]:.2f}<br>Bound: %{customdata[2]}<extra></extra>`,
      },
    ],
    layout: baseLayout(opts.title ?? `Budget: current vs recommended over ${horizon} (total ${fmtNumber(plan.total)}; ${uplift})`, "Channel", `Spend over ${horizon}`, { barmode: "group", hovermode: "closest" }),
  };
}
