/** The report's paragraph on a weekly flighting plan: totals, carry-over, timing's worth and the spend per channel. */
import type { FlightPlan } from "../model/budget";
import { fmtNumber, fmtSigned, mdTable } from "./format";

/** Markdown for the budget section's flighting part ("" when no plan was made). */
export function flightingSection(plan: FlightPlan | undefined): string {
  if (!plan) return "";
  const names = Object.keys(plan.spend);
  const rows = names.map((n) => {
    const s = plan.spend[n]!;
    return [n, fmtNumber(s.reduce((a, v) => a + v, 0)), fmtNumber(Math.min(...s)), fmtNumber(Math.max(...s)), fmtNumber(plan.response[n]!.reduce((a, v) => a + v, 0))];
  });
  const table = mdTable(["Channel", "Spend", "Lowest week", "Highest week", "Contribution in plan weeks"], rows, ["l", "r", "r", "r", "r"]);
  const hdi = plan.incrementalPosterior ? `; 94% HDI [${fmtNumber(plan.incrementalPosterior.hdi94[0])}, ${fmtNumber(plan.incrementalPosterior.hdi94[1])}]` : "";
  const spill = plan.spillover ? `carry-over after the horizon counted (${plan.countedWeeks} weeks)` : "only the plan's weeks counted";
  return [
    `### Weekly flighting (${plan.weeks} weeks from ${plan.dates[0]})`,
    `Total ${fmtNumber(plan.total)}; expected media contribution ${fmtNumber(plan.totalResponse)}, of which ${fmtNumber(plan.carryOver)} is carry-over from spend before the plan; the plan adds ${fmtNumber(plan.incremental)} (ROAS ${plan.roas.toFixed(2)}${hdi}), ${fmtSigned(plan.incremental - plan.even.incremental)} against the same channel totals spread evenly; ${spill}.`,
    table,
  ].join("\n\n");
}
