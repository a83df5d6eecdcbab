/**
 * The full analysis as a plan of tool calls: profile → roles → validate → clean → (aggregate) →
 * features → adstock search → ridge → evaluation → (Bayesian) → (geo model, when the data have a geo
 * column) → budget (per geo × channel after a geo fit) → curves → note → (export)
 * → report, asking the analyst only where the data cannot decide (an ambiguous KPI, channels, negative
 * spend, repeated dates, a long MCMC run). The offline planner replays it through the agent's graph;
 * `fullAnalysis` runs it without one. Branching reads tool results and error codes, never message text.
 */
import type { ReadinessIssue } from "../tools/readiness";
import { bayesDone, bayesStep } from "./bayesStep";
import { bayesConvergenceRetry, ridgeGateQuestions } from "./gateSteps";
import { afterGeoRoi, geoDone, geoStep, isGeoFit } from "./geoStep";
import { called, failureText, latest, type Conversation } from "./records";
import { finalReport, fitLine, profileText, topChannel } from "./reply";
import { applyDuplicateDates, applyNegativeSpend, askChannels, askDuplicateDates, askNegativeSpend, refreshProfile, setChannels, setKpi } from "./roleSteps";
import { askKpi, kpiOf, once, onceWith, profileOf, stopIf, type Step } from "./steps";

const notLoaded = (c: Conversation) => latest(c, "get_data_status")?.result.loaded === false;
export const failed = (c: Conversation, tool: string): boolean => latest(c, tool)?.ok === false;
/** The `MMMError` code of the tool's latest failure (tool results carry it; plans branch on it, never on message text). */
export const codeOf = (c: Conversation, tool: string) => latest(c, tool)?.result.code;
export const errorOf = (c: Conversation, tool: string): string => failureText(latest(c, tool));

export const loadSteps: Step[] = [
  once("get_data_status"),
  once(
    "load_data",
    (_c, r) => ({ source: r.source, kpiCol: r.kpi }),
    (c, r) => notLoaded(c) && !!r.source,
  ),
  stopIf((c, r) => (notLoaded(c) && !r.source ? 'No data is loaded. Load a table first: `await initMMM({ source: "path/to/weekly.csv" })`, or ask me to "load data/weekly.csv".' : undefined)),
  stopIf((c) => (failed(c, "load_data") ? `Loading failed: ${errorOf(c, "load_data")}` : undefined)),
];

export const profileSteps: Step[] = [...loadSteps, once("inspect_data"), stopIf((c) => (failed(c, "inspect_data") ? `Profiling failed: ${errorOf(c, "inspect_data")}` : undefined))];

function hasStep(c: Conversation, step: string): boolean {
  const s = latest(c, "get_data_status")?.result.steps as { step: string }[] | undefined;
  return !!s?.some((x) => x.step === step) || called(c, step);
}

const issuesOf = (c: Conversation) => (latest(c, "validate_mmm_readiness")?.result.issues as ReadinessIssue[] | undefined) ?? [];

const modelSteps: Step[] = [
  once("get_adstock_recommendations", (c, r) => ({ kpi: kpiOf(c, r) })),
  once("optimize_all_adstock_parameters", (c, r) => ({ kpi: kpiOf(c, r), seed: 1, evaluations: 10_000 })),
  once("run_ols_mmm", (c, r) => ({ kpi: kpiOf(c, r) })),
  stopIf((c) => (failed(c, "run_ols_mmm") ? `The ridge fit failed: ${errorOf(c, "run_ols_mmm")}` : undefined)),
  // The quality gate: model_diagnostics gives a verdict; questions for the analyst come before any further step.
  once("model_diagnostics"),
  ridgeGateQuestions,
  // Out of sample: rolling-origin CV of the ridge specification against simpler ones (no controls, no carry-over).
  onceWith("run_analytics", { analysis: "cross_validation" }),
  once("roi_summary"),
];

/**
 * A budget far from current spend cannot keep every channel within ±50% of today: retry once
 * letting each channel range from 0 to twice its current spend, and say so.
 */
const widenBudgetBounds: Step = (c, r) => {
  const tries = c.records.filter((x) => x.name === "optimize_budget");
  if (tries.length !== 1 || tries[0]!.ok || tries[0]!.result.code !== "BOUNDS_INFEASIBLE") return undefined;
  const channels = (latest(c, "roi_summary")?.result.channels as { name: string }[] | undefined)?.map((x) => x.name) ?? [];
  const byGeo = tries[0]!.args.byGeo === true ? { byGeo: true } : {};
  return { kind: "call", name: "optimize_budget", args: { total: r.budget, weeks: r.weeks, bounds: Object.fromEntries(channels.map((ch) => [ch, { pct: 1 }])), ...byGeo } };
};

/** Evaluate again once the (latest) Bayesian fit exists (the report reads the latest model). */
function afterBayes(tool: string): Step {
  return (c, r) => {
    if (!r.bayesian || !bayesDone(c)) return undefined;
    const fit = c.records.findLastIndex((y) => y.name === "run_bayesian_mmm" && !isGeoFit(y) && y.ok && !y.result.needsConfirmation);
    return c.records.some((x, i) => x.name === tool && i > fit) ? undefined : { kind: "call", name: tool, args: {} };
  };
}

/** The roles the data cannot settle by itself: KPI, channels, negative spend, repeated dates (each a question, then a tool call). */
const roleSteps: Step[] = [askKpi, setKpi, refreshProfile, askChannels, setChannels, refreshProfile, askNegativeSpend, applyNegativeSpend, refreshProfile, askDuplicateDates, applyDuplicateDates];

const notStationary = (c: Conversation) => c.records.some((r) => r.name === "run_analytics" && r.ok && r.args.analysis === "stationarity" && (r.result.results as { stationary?: boolean }[] | undefined)?.some((x) => x.stationary === false));

const weeksOf = (c: Conversation) => Number((profileOf(c) as { timeline?: { weeks?: number } } | undefined)?.timeline?.weeks ?? 0);

/** Before modelling: the KPI's chart, collinearity (VIF, PCA), the KPI's stationarity and the seasonal decomposition (two years or more). */
const dataChecks: Step[] = [
  onceWith("plot_data", { chart: "time_series" }),
  onceWith("run_analytics", { analysis: "multicollinearity" }),
  onceWith("run_analytics", { analysis: "stationarity" }),
  // A unit root around a constant may be a deterministic trend (which the model's trend term takes): test around a trend too.
  onceWith("run_analytics", { analysis: "stationarity", regression: "ct" }, (c) => notStationary(c)),
  onceWith("run_analytics", { analysis: "decomposition" }, (c) => weeksOf(c) >= 104),
];

export const FULL_ANALYSIS: readonly Step[] = [
  ...profileSteps,
  ...roleSteps,
  once("validate_mmm_readiness"),
  // Aggregation is done below; any other blocker needs the analyst.
  stopIf((c) => {
    const b = issuesOf(c).filter((x) => x.blocker && x.code !== "NEEDS_AGGREGATION");
    return b.length ? `${profileText(c)}\n\nThe data is not ready for MMM:\n${b.map((x) => `- ${x.message}`).join("\n")}` : undefined;
  }),
  once("clean_data"),
  ...dataChecks,
  once(
    "aggregate_weekly",
    () => ({}),
    (c) => profileOf(c)?.needsAggregation === true && !hasStep(c, "aggregate_weekly"),
  ),
  once(
    "add_time_features",
    () => ({ fourierOrder: 2 }),
    (c) => !hasStep(c, "add_time_features"),
  ),
  ...modelSteps,
  (c, r) => (r.bayesian && !bayesDone(c) ? bayesStep(c, r) : undefined),
  afterBayes("model_diagnostics"),
  bayesConvergenceRetry,
  afterBayes("model_diagnostics"),
  afterBayes("roi_summary"),
  geoStep,
  afterGeoRoi,
  once("optimize_budget", (c, r) => ({ total: r.budget, weeks: r.weeks, byGeo: geoDone(c) || undefined })),
  widenBudgetBounds,
  once("plot_response_curves"),
  once("add_analysis_note", (c) => {
    const top = topChannel(c);
    const fit = fitLine(c)?.replace(/^- /gm, "") ?? "no model";
    return { note: `${fit}${top ? ` Highest ROAS: ${top.name} (${top.roas.toFixed(2)}).` : ""}`, category: "insight" };
  }),
  once(
    "export_report",
    (_c, r) => ({ dir: r.exportDir }),
    (_c, r) => !!r.exportDir,
  ),
  (c) => ({ kind: "reply", text: finalReport(c) }),
];
