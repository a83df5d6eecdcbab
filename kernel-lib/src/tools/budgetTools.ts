/**
 * The weekly flighting tool: plan_flighting lays a budget over the coming weeks per channel (carry-over
 * from recent spend, weekly bounds, ramp limits), records the plan in the analysis and draws it
 * under the chart key "flighting".
 */
import { z } from "zod";
import { flightingFigure } from "../report/charts/flighting";
import { defineTool, type MmmTool, type ToolContext } from "./types";

const flightingSchema = z.object({
  weeks: z.number().int().min(1).max(156).optional().describe("plan weeks after the data (default 13)"),
  total: z.number().positive().optional().describe("spend over the plan weeks (default: current weekly spend × weeks)"),
  bounds: z
    .record(z.string(), z.tuple([z.number().nonnegative(), z.number().nonnegative()]))
    .optional()
    .describe('channel (or "*") → [min, max] spend per week (default [0, 2 × highest observed week])'),
  ramp: z
    .record(z.string(), z.object({ pct: z.number().nonnegative().optional(), abs: z.number().nonnegative().optional() }))
    .optional()
    .describe('channel (or "*") → most change from one week to the next: pct of last week (0.2 = ±20%) and/or abs money; week 1 from the last observed week'),
  spillover: z.boolean().optional().describe("count the carry-over of planned spend after the plan's weeks (default true)"),
  model: z.enum(["ridge", "bayesian", "geo"]).optional().describe("which fit to plan with (default: the current model; the geo fit plans the nation, each channel split over geos as observed)"),
});

/** The plan in a compact form for the model, with the chart recorded. */
function flightingRows(a: z.infer<typeof flightingSchema>, { engine }: ToolContext) {
  const plan = engine.planFlighting(a);
  engine.analysis.setFigure("flighting", flightingFigure(plan, { kpi: engine.analysis.current?.result.kpi }));
  const round = (v: number) => Math.round(v);
  return {
    model: plan.model,
    kpi: engine.analysis.current?.result.kpi,
    weeks: plan.weeks,
    from: plan.dates[0],
    to: plan.dates.at(-1),
    total: plan.total,
    totalResponse: plan.totalResponse,
    carryOver: plan.carryOver,
    incremental: plan.incremental,
    roas: plan.roas,
    evenWeeks: plan.even,
    ...(plan.incrementalPosterior ? { incrementalHdi94: plan.incrementalPosterior.hdi94 } : {}),
    spendByChannel: Object.fromEntries(Object.entries(plan.spend).map(([c, v]) => [c, round(v.reduce((x, y) => x + y, 0))])),
    weekly: plan.dates.map((date, t) => ({ date, ...Object.fromEntries(Object.entries(plan.spend).map(([c, v]) => [c, round(v[t]!)])) })),
    spillover: plan.spillover,
    chart: "flighting",
    warnings: plan.warnings,
  };
}

export const budgetTools: MmmTool[] = [
  defineTool({
    name: "plan_flighting",
    category: "mmm",
    phase: "BUDGET_OPTIMISATION",
    description:
      "Plan spend week by week per channel for the coming weeks: maximises the expected KPI given the carry-over of recent spend, a total budget, weekly min/max per channel and ramp limits (pulsing vs even spend follows from the fitted curves); returns the weekly plan, its incremental KPI and ROAS, and a stacked-bar chart.",
    schema: flightingSchema,
    run: flightingRows,
  }),
];
