/**
 * Numbers in words for the plans' answers: short amounts (1.63M), real minus signs, an effect with
 * its interval ("loses an estimated 408k revenue [94% HDI 350k, 470k]") and a budget plan's
 * headline against current spend. Shared by the full analysis's report and the chat's what-if answers.
 */
import type { BudgetPlan } from "../model/budget";

export const MINUS = "−";

/** 3 significant digits with k / M / B: 1.69M, 337k, 45.1k, 451, 4.51. No sign. */
export function short(x: number): string {
  const a = Math.abs(x);
  const [v, u] = a >= 1e9 ? [a / 1e9, "B"] : a >= 1e6 ? [a / 1e6, "M"] : a >= 1e3 ? [a / 1e3, "k"] : [a, ""];
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${Number(v.toFixed(digits)).toString()}${u}`;
}

/** short() with its sign: +337k, −1.2M. */
export const signed = (x: number): string => `${x < 0 ? MINUS : "+"}${short(x)}`;

/** Whole units with separators and a real minus sign: −2,568,970. */
export const whole = (x: number): string => `${x < 0 ? MINUS : ""}${Math.abs(Math.round(x)).toLocaleString("en-US")}`;

export const pctOf = (x: number, d = 1) => `${x < 0 ? MINUS : "+"}${Math.abs(100 * x).toFixed(d)}%`;

/**
 * An effect with its interval: a loss or gain as a magnitude ("loses an estimated 408k revenue
 * [350k, 470k]"); an interval that crosses zero is given signed, with what that means.
 */
export function effect(delta: number, kpi: string, hdi?: [number, number]): string {
  const verb = delta < 0 ? "loses" : "adds";
  let interval = "";
  if (hdi) {
    const [lo, hi] = hdi;
    if (lo * hi > 0 && lo * delta > 0) interval = ` [94% HDI ${short(Math.min(Math.abs(lo), Math.abs(hi)))}, ${short(Math.max(Math.abs(lo), Math.abs(hi)))}]`;
    else interval = ` [94% HDI ${signed(lo)} to ${signed(hi)}: the model cannot rule out the opposite sign]`;
  }
  return `${verb} an estimated ${short(Math.abs(delta))} ${kpi}${interval}`;
}

/** The fields of an optimize_budget result the answers read (tool results arrive as JSON). */
export type PlanLike = Pick<BudgetPlan, "total" | "weeks" | "allocation" | "current" | "expected" | "currentExpected" | "uplift" | "upliftPct" | "upliftPosterior">;

export const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** The total against current spend in words: "a cut of 1.63M (−35.2%) from current spend (4.63M)". */
export function totalWords(total: number, current: number): string {
  const d = total - current;
  if (Math.abs(d) <= 0.005 * current) return `the same total as current spend (${short(current)})`;
  return `${d < 0 ? "a cut" : "an increase"} of ${short(Math.abs(d))} (${pctOf(d / current)}) from current spend (${short(current)})`;
}

/** The headline of a budget plan: the total against current spend, then what the best allocation of it does to the KPI. */
export function budgetHeadline(plan: PlanLike, kpi: string): string {
  const current = sum(plan.current);
  const same = Math.abs(plan.total - current) <= 0.005 * current;
  const hdi = plan.upliftPosterior?.hdi94;
  const what = same ? "reallocated by the optimiser, it" : "best allocated by the optimiser, it";
  return `A total budget of ${short(plan.total)} over ${plan.weeks} weeks is ${totalWords(plan.total, current)}; ${what} **${effect(plan.uplift, kpi, hdi)}** versus today (${pctOf(plan.upliftPct / 100)} of the ${short(plan.currentExpected)} ${kpi} that media drive now)`;
}
