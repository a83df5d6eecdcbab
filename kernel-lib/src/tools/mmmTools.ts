/**
 * The 10 modelling tools: adstock recommendations and search, ridge and Bayesian fits, ROI, budget
 * optimisation, scenarios and forecasts. The engine records every fit, search and plan in its analysis
 * (`engine.analysis`), which reports and charts read: tools keep no copy.
 */
import { z } from "zod";
import { resolvedBaseline } from "../model/bayes/defaults";
import type { BayesianResult } from "../model/bayes/result";
import { forecastWithChart } from "../report/forecastView";
import { askBeforeLongRun, chainProgress, predictBayesSeconds } from "./bayesCost";
import { geoKpiShares, runGeoOption } from "./geoOption";
import { refreshOption, runRefresh } from "./refreshTool";
import { defineTool, type MmmTool, type ToolContext } from "./types";

const spec = {
  kpi: z.string().optional().describe("KPI column (default: the detected KPI)"),
  channels: z.array(z.string()).optional().describe("spend columns (default: detected channels)"),
  controls: z.array(z.string()).optional(),
  organic: z.array(z.string()).optional().describe("organic (non-paid) media columns: carry-over and saturation, no ROAS, no budget (default: those set as organic)"),
  rf: z
    .array(z.object({ reach: z.string(), frequency: z.string(), spend: z.string() }))
    .optional()
    .describe("reach & frequency channels (e.g. Channel3_reach, Channel3_frequency, Channel3_spend): the Bayesian model uses reach x Hill(frequency) with adstock; ROAS on the spend"),
};
const budgets = z.record(z.string(), z.number().nonnegative()).describe("channel → budget over the horizon");
const weeks = z.number().positive().optional().describe("horizon in weeks (default 52)");

/** ROI rows of the current model, best first (Bayesian: posterior means with 94% HDIs). */
function roiRows({ engine }: ToolContext) {
  const geo = engine.analysis.currentGeo;
  if (geo)
    return {
      model: "geo",
      channels: [...geo.result.channels].sort((a, b) => b.roas.mean - a.roas.mean).map(({ geos: _, ...c }) => c),
      kpi: geo.result.kpi,
      kpiShares: geoKpiShares(engine.geoDecomposition()),
      byGeo: "the report's 'Geo model' section",
    };
  const current = engine.analysis.current;
  if (current?.kind === "bayesian") {
    return { model: "bayesian", channels: [...current.result.channels].sort((a, b) => b.roas.mean - a.roas.mean), kpi: current.result.kpi };
  }
  const channels = engine.roiSummary();
  // Channels the data do not identify are named with the reason, so nobody ranks on them blindly.
  const flagged = engine.lastRidge().identification.filter((c) => !c.identified);
  return {
    model: "ridge",
    channels,
    ...(flagged.length ? { notIdentified: flagged.map((c) => ({ name: c.name, reason: c.reason })), warnings: engine.lastRidge().warnings.filter((w) => /is not identified/.test(w)) } : {}),
    kpi: engine.lastRidge().kpi,
  };
}

/**
 * A scenario with what it changes against current spend, so nobody subtracts by hand: the spend and
 * expected KPI differences (`change`), with the 94% HDI of the KPI difference on a Bayesian fit, the
 * model it read and its KPI.
 */
function scenarioVersusCurrent(budgets: Record<string, number>, weeks: number | undefined, { engine }: ToolContext) {
  const r = engine.simulateScenario(budgets, { weeks });
  const now = engine.simulateScenario({}, { weeks: r.weeks });
  const current = engine.analysis.currentGeo ?? engine.analysis.current;
  const hdi94 = current?.kind === "bayesian" || current?.kind === "geo" ? current.posterior.uplift(r.budgets, r.weeks).hdi94 : undefined;
  return {
    model: current?.kind,
    kpi: current?.result.kpi,
    ...r,
    current: { total: now.total, expected: now.expected },
    change: { spend: r.total - now.total, expected: r.expected - now.expected, ...(hdi94 ? { hdi94 } : {}) },
  };
}

/** A forecast for the model: weekly rows and horizon totals (the chart is recorded under "forecast"). */
function forecastRows(a: z.infer<typeof forecastSchema>, ctx: ToolContext) {
  const { forecast: f } = forecastWithChart(ctx.engine, { spend: a.spend, controls: a.controls, weeks: a.weeks ?? (a.spend && Object.values(a.spend).some(Array.isArray) ? undefined : 13), seed: a.seed }, { model: a.model });
  const sum = (v: number[]) => v.reduce((x, y) => x + y, 0);
  return {
    model: f.model,
    kpi: f.kpi,
    weeks: f.dates.length,
    from: f.dates[0],
    to: f.dates.at(-1),
    total: f.total,
    contributionByChannel: Object.fromEntries(Object.entries(f.contributions).map(([c, v]) => [c, sum(v)])),
    spendByChannel: Object.fromEntries(Object.entries(f.spend).map(([c, v]) => [c, sum(v)])),
    weekly: f.dates.map((date, t) => ({ date, mean: f.mean[t], lo: f.lo[t], hi: f.hi[t] })),
    band: f.band,
    chart: "forecast",
    warnings: f.warnings,
  };
}

const forecastSchema = z.object({
  weeks: z.number().int().min(1).max(104).optional().describe("weeks to forecast after the data (default 13, or the length of the spend series)"),
  spend: z
    .record(z.string(), z.union([z.number().nonnegative(), z.array(z.number().nonnegative())]))
    .optional()
    .describe("channel → planned weekly spend: one number for every week, or one per week; channels left out spend their historical weekly average"),
  controls: z
    .record(z.string(), z.union([z.number(), z.array(z.number())]))
    .optional()
    .describe("control → weekly value(s); left out: held at its mean"),
  model: z.enum(["ridge", "bayesian", "geo"]).optional().describe("default: the current model (the geo fit, when it is the latest, forecasts the nation)"),
  seed: z.number().int().optional(),
});

async function runBayesian(a: z.infer<typeof bayesSchema>, ctx: ToolContext) {
  const s = ctx.config.sampler;
  const run = { chains: a.chains ?? s.chains, warmup: a.warmup ?? s.warmup, draws: a.draws ?? s.draws, seed: a.seed ?? s.seed };
  // A refresh needs no working table (a saved model loaded alone) and warm-starts: no cost question.
  if (a.refresh) return runRefresh(a.refresh, { chains: run.chains, draws: run.draws, seed: run.seed }, ctx);
  // "auto" is the national model's LOO choice; the geo model keeps its default.
  if (a.geo) return runGeoOption({ ...a, saturation: a.saturation === "auto" ? undefined : a.saturation }, run, ctx);
  const shape = ctx.engine.modelShape({ kpi: a.kpi, channels: a.channels, controls: a.controls });
  const ask = askBeforeLongRun(
    ctx,
    // "auto" fits two saturations (logistic, then the searched family) and keeps one.
    // Lift tests bring the HSGP baseline by default (bayes/defaults.ts).
    predictBayesSeconds({ ...shape, ...run, baseline: resolvedBaseline(a), likelihood: a.likelihood }) * (a.saturation === "auto" ? 2 : 1),
    a.confirmed,
    (t) => `This fit is predicted to take about ${t} s. Ask the user (ask_user_to_choose) whether to run it, use fewer draws, or keep the ridge model; then call run_bayesian_mmm again with confirmed: true.`,
  );
  if (ask) return ask;
  const result = await ctx.engine.runBayesianMMM({
    ...run,
    kpi: a.kpi,
    channels: a.channels,
    controls: a.controls,
    likelihood: a.likelihood,
    nu: a.nu,
    saturation: a.saturation,
    adstock: a.adstock,
    baseline: a.baseline,
    roasPriors: a.roasPriors,
    contributionPriors: a.contributionPriors,
    liftTests: a.liftTests,
    signal: ctx.signal,
    onProgress: chainProgress(ctx, "", run),
  });
  return bayesReply(result);
}

/** The fit as the model reads it: a `saturation: "auto"` choice as one short field (the ELPD table stays in the analysis, for the report). */
export function bayesReply(r: BayesianResult): Omit<BayesianResult, "saturationChoice"> & { saturation?: { chosen: string; reason: string } } {
  const { saturationChoice: c, ...rest } = r;
  return c ? { ...rest, saturation: { chosen: c.choice, reason: c.reason } } : rest;
}

const bayesSchema = z.object({
  ...spec,
  chains: z.number().int().min(1).max(8).optional(),
  warmup: z.number().int().min(50).max(5000).optional(),
  draws: z.number().int().min(50).max(5000).optional(),
  seed: z.number().int().optional(),
  likelihood: z.enum(["normal", "studentT"]).optional(),
  nu: z.number().positive().optional().describe("Student-t degrees of freedom, fixed; omitted: sampled"),
  saturation: z.enum(["logistic", "hill", "auto"]).optional().describe('"logistic" (default), "hill", or "auto": fit logistic and the adstock search\'s family (Hill), keep the one PSIS-LOO prefers (two fits)'),
  adstock: z
    .union([z.string(), z.record(z.string(), z.string())])
    .optional()
    .describe('adstock for all channels, or channel → adstock ("*" for the rest): "geometric" (default), "delayed", "weibull_cdf", "weibull_pdf"'),
  baseline: z.enum(["linear", "hsgp"]).optional().describe('"linear" (default): intercept + trend + seasonality; "hsgp": a time-varying baseline (Gaussian process) for a KPI whose level drifts or shifts'),
  roasPriors: z
    .record(z.string(), z.object({ mean: z.number().positive(), sd: z.number().positive() }))
    .optional()
    .describe("channel → ROAS prior (e.g. from experiments)"),
  contributionPriors: z
    .record(z.string(), z.object({ mean: z.number().gt(0).lt(1), sd: z.number().positive() }))
    .optional()
    .describe("channel → belief about its share of the KPI total (0.12 = 12%)"),
  liftTests: z
    .array(
      z.object({
        channel: z.string(),
        start: z.string(),
        end: z.string(),
        deltaSpend: z.number().describe("spend change over the whole test (go-dark: minus the test weeks' spend)"),
        lift: z.number().describe("measured incremental KPI over the test weeks (+ tailWeeks); negative for a holdout"),
        sigma: z.number().positive().optional().describe("standard error of lift"),
        sd: z.number().positive().optional().describe("former name of sigma"),
        spend: z.number().nonnegative().optional().describe("weekly spend level of a test outside the data (default: the data's spend)"),
        tailWeeks: z.number().int().min(0).max(52).optional().describe("weeks after end whose carry-over the lift includes (default 0)"),
        likelihood: z.enum(["gamma", "normal"]).optional().describe('"gamma" (default) or "normal" (a lift that may be zero or of either sign)'),
      }),
    )
    .optional()
    .describe("lift-test results used as calibration, several per channel allowed"),
  confirmed: z.boolean().optional().describe("true once the user agreed to a long run"),
  refresh: refreshOption,
  geo: z
    .boolean()
    .optional()
    .describe(
      "fit the hierarchical geo model on the table's geo panel (per-geo baselines, channel effects pooled across geos, ROAS per geo) — when the data have a geo column, after the national fit; it becomes the model scenarios and budgets read",
    ),
  geoEffects: z.enum(["normal", "logNormal"]).optional().describe('with geo: how geo effects spread around the channel\'s: "normal" (default, fast; a geo can go below zero) or "logNormal" (every geo positive, slower)'),
});

export const mmmTools: MmmTool[] = [
  defineTool({
    name: "get_adstock_recommendations",
    category: "mmm",
    phase: "ADSTOCK_OPTIMISATION",
    alsoIn: ["DATA_VALIDATION"],
    description: "Per channel: the likely media type, a suggested decay range and saturation, and flags for channels unusable in a model.",
    schema: z.object(spec),
    run: (a, { engine }) => engine.getAdstockRecommendations(a),
  }),
  defineTool({
    name: "optimize_adstock_parameters",
    category: "mmm",
    phase: "ADSTOCK_OPTIMISATION",
    description: "Search one channel's decay, half-saturation and slope (other channels held at their current values).",
    schema: z.object({ channel: z.string(), ...spec, evaluations: z.number().int().min(20).max(5000).optional(), seed: z.number().int().optional() }),
    run: (a, { engine }) => engine.optimizeAdstockParameters(a.channel, a.kpi, { channels: a.channels, controls: a.controls, evaluations: a.evaluations, seed: a.seed }),
  }),
  defineTool({
    name: "optimize_all_adstock_parameters",
    category: "mmm",
    phase: "ADSTOCK_OPTIMISATION",
    description: "Search every channel's adstock and saturation jointly (seeded evolution, NRMSE + decomposition plausibility); the next fit uses the result.",
    schema: z.object({ ...spec, evaluations: z.number().int().min(100).max(50000).optional(), seed: z.number().int().optional(), decompWeight: z.number().min(0).max(5).optional() }),
    run: (a, ctx) => {
      const r = ctx.engine.optimizeAllAdstockParameters({ ...a, onProgress: (p) => ctx.progress({ tool: "optimize_all_adstock_parameters", message: `${p.evaluations} models`, fraction: p.evaluations / (a.evaluations ?? 10_000) }) });
      return { params: r.params, score: r.score, evaluations: r.evaluations, seconds: r.seconds, paretoModels: r.pareto.length };
    },
  }),
  defineTool({
    name: "run_ols_mmm",
    category: "mmm",
    phase: "MODELING",
    alsoIn: ["FEATURE_ENGINEERING", "REPORTING"],
    description: "Fit the ridge MMM (fast): fit metrics with holdout, contribution, ROAS and marginal ROAS per channel, baseline and warnings.",
    schema: z.object({ ...spec, penalty: z.union([z.enum(["gcv", "tscv"]), z.number().positive()]).optional() }),
    run: (a, { engine }) => engine.runRidgeMMM(a),
  }),
  defineTool({
    name: "run_bayesian_mmm",
    category: "mmm",
    phase: "MODELING",
    alsoIn: ["REPORTING"],
    description:
      "Fit the Bayesian MMM (NUTS): posterior ROAS, contribution and marginal ROAS with 94% HDIs, convergence diagnostics. Long runs need confirmed: true. With refresh: { source }, refresh the loaded/saved model with new weeks instead (warm-started) and say per channel how ROAS moved and why (drift vs more data).",
    schema: bayesSchema,
    run: runBayesian,
  }),
  defineTool({
    name: "roi_summary",
    category: "mmm",
    phase: "EVALUATION",
    alsoIn: ["REPORTING"],
    description: "Channels of the latest model ranked by ROAS, with spend, contribution share and marginal ROAS.",
    schema: z.object({}),
    run: (_a, ctx) => roiRows(ctx),
  }),
  defineTool({
    name: "optimize_budget",
    category: "mmm",
    phase: "BUDGET_OPTIMISATION",
    description:
      "Allocate a total budget over the horizon across channels to maximise the expected KPI (each channel within ±50% of current spend unless bounds are given); byGeo: true allocates it over every geo × channel of the geo model. With `target`, find the total instead: the most spend whose best plan keeps ROAS (incremental KPI / spend) ≥ roas, CPA ≤ cpa or marginal ROAS ≥ mroas, or the least spend whose best plan reaches `response` (expected incremental KPI over the horizon); an unreachable target fails with code TARGET_UNREACHABLE and the best reachable value.",
    schema: z.object({
      total: z.number().positive().optional().describe("budget over the horizon (default: current spend over the horizon); with a target, the most to consider"),
      channels: z.array(z.string()).optional(),
      weeks,
      bounds: z.record(z.string(), z.union([z.tuple([z.number(), z.number()]), z.object({ pct: z.number().min(0) })])).optional(),
      fixed: z.record(z.string(), z.number().nonnegative()).optional(),
      byGeo: z
        .boolean()
        .optional()
        .describe('allocate the total over geo × channel cells ("tv@geo_1") of the geo model (run_bayesian_mmm geo: true first): spend and expected KPI per geo and channel; bounds/fixed may name a channel or a cell'),
      target: z
        .object({
          roas: z.number().positive().optional().describe("plan ROAS at least this"),
          cpa: z.number().positive().optional().describe("cost per KPI unit at most this (count KPIs)"),
          mroas: z.number().positive().optional().describe("marginal ROAS at least this"),
          response: z.number().positive().optional().describe("expected incremental KPI over the horizon to reach"),
        })
        .optional()
        .describe("one efficiency or KPI target: the total is searched for (give exactly one field)"),
    }),
    run: (a, ctx) => {
      // The KPI's name goes with the plan: the answer says "revenue", not "KPI".
      if (a.target) return { ...ctx.engine.optimizeForTarget(a.target, a.channels, { weeks: a.weeks, bounds: a.bounds, fixed: a.fixed, maxTotal: a.total }), kpi: ctx.engine.analysis.current?.result.kpi };
      // By default the current model's channels keep their current total: a refit on fewer channels plans fewer.
      const model = ctx.engine.analysis.currentGeo ?? ctx.engine.analysis.current;
      const fitted = (a.byGeo ? ctx.engine.analysis.geoBayesian : model)?.result.channels.map((c) => c.name);
      const total = a.total ?? ctx.engine.currentSpend(a.weeks ?? 52, a.channels ?? fitted);
      return ctx.engine.optimizeBudget(total, a.channels, { weeks: a.weeks, bounds: a.bounds, fixed: a.fixed, byGeo: a.byGeo });
    },
  }),
  defineTool({
    name: "simulate_scenario",
    category: "mmm",
    phase: "BUDGET_OPTIMISATION",
    description: "Expected KPI of a given budget per channel over the horizon, by channel, and its change versus current spend (with a 94% HDI on a Bayesian fit).",
    schema: z.object({ budgets, weeks }),
    run: (a, ctx) => scenarioVersusCurrent(a.budgets, a.weeks, ctx),
  }),
  defineTool({
    name: "compare_scenarios",
    category: "mmm",
    phase: "BUDGET_OPTIMISATION",
    description: "Compare named budget scenarios side by side (expected KPI, ROAS, difference to the first).",
    schema: z.object({ scenarios: z.array(z.object({ name: z.string(), budgets })).min(2), weeks }),
    run: (a, { engine }) => engine.compareScenarios(a.scenarios, { weeks: a.weeks }),
  }),
  defineTool({
    name: "forecast",
    category: "mmm",
    phase: "EVALUATION",
    alsoIn: ["BUDGET_OPTIMISATION", "REPORTING"],
    description: "Forecast the KPI for the weeks after the data under a planned weekly spend per channel (carry-over of recent spend included): expected KPI per week with a 94% band, totals, and a chart.",
    schema: forecastSchema,
    run: forecastRows,
  }),
];
