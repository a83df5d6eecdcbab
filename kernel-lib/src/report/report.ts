/**
 * `buildReport`: the analysis so far as one Markdown document plus its tables (Polars frames)
 * and charts (Plotly JSON). Works at any stage — no data, data only, ridge, Bayesian, with or
 * without a budget plan — and says what has not been done yet. Everything is read from the
 * engine's analysis, so the report always shows the current model.
 */
import { AGENT_CFG } from "../config";
import type { MMMEngine } from "../engine";
import type { DataFrame } from "../data/polars";
import type { BudgetPlan, FlightPlan } from "../model/budget";
import { budgetCaveats, dataCaveats, modelCaveats } from "./caveats";
import { budgetFigure } from "./charts/budget";
import { flightingFigure } from "./charts/flighting";
import { flightingSection } from "./flightingSection";
import { contributionsFigure } from "./charts/contributions";
import { actualVsFittedFigure } from "./charts/fit";
import { responseCurvesFigure } from "./charts/responseCurves";
import { roiBarsFigure } from "./charts/roi";
import { channelColors, type PlotlyFigure } from "./figure";
import { bayesView, dataSummary, observedWeeklyMax, ridgeView, type DataSummary, type ModelView } from "./gather";
import { budgetSection, caveatsSection, dataSection, modelSection, notesSection, roiSection, type AnalysisNote } from "./sections";
import { validationSection } from "./validation";
import { refreshSection } from "./refreshSection";
import { geoBudgetSource, geoSection } from "./geoSection";
import { geoContributionsFigure } from "./geoDecomposition";
import { refreshFigure } from "./charts/refresh";
import type { RefreshReport } from "../model/refresh/types";
import type { GeoDecomposition } from "../model/bayes/geo/geoDecomposition";
import { budgetTable, curvesTable, decompositionTable, metricsTable, notesTable, roiTable, stepsTable } from "./tables";

export interface ReportOptions {
  title?: string;
  /** Notes from the analysis history, in order (default: the analysis's notes). */
  notes?: AnalysisNote[];
  /** A budget plan to recommend (default: the analysis's plan made from the current model). */
  budget?: BudgetPlan;
  /** Caveats to add after the generated ones. */
  caveats?: string[];
  /** Which model's ROI the report leads with when both were fitted (default: the current model, `engine.currentModel`). */
  primary?: "ridge" | "bayesian";
  /** Weeks of history below which the report flags a short history (default AGENT_CFG.minRowsForMmm). */
  minRowsForMmm?: number;
}

/** Section names in report order; each value is that section's Markdown. */
export interface ReportSections {
  data: string;
  model: string;
  /** The hierarchical geo model's national and per-geo ROAS, when it was fitted. */
  geo?: string;
  /** Held-out scores and model comparison, when they were run. */
  validation?: string;
  /** Before/after per channel and why, when the model was refreshed with new weeks. */
  refresh?: string;
  roi: string;
  budget: string;
  notes: string;
  caveats: string;
}

export interface AnalysisReport {
  title: string;
  /** The whole report: title, generation line and every section. */
  markdown: string;
  sections: ReportSections;
  /** Every caveat listed in the report (generated, then given). */
  caveats: string[];
  /** Named tables: roi, roi_ridge, fit_metrics, decomposition, response_curves, budget, steps, notes (those available). */
  tables: Record<string, DataFrame>;
  /** Named charts: response_curves, contributions, actual_vs_fitted, roi, budget, flighting, refresh (those available). */
  charts: Record<string, PlotlyFigure>;
}

function pickPrimary(models: ModelView[], prefer?: "ridge" | "bayesian"): ModelView | undefined {
  return models.find((m) => m.kind === (prefer ?? "bayesian")) ?? models[0];
}

function chartsOf(m: ModelView | undefined, plan: BudgetPlan | undefined, colors: Record<string, string>, flighting?: FlightPlan): Record<string, PlotlyFigure> {
  const charts: Record<string, PlotlyFigure> = {};
  const opts = { kpi: m?.kpi, colors };
  if (m?.curves) charts.response_curves = responseCurvesFigure(m.curves, opts);
  if (m?.decomposition) charts.contributions = contributionsFigure(m.decomposition, opts);
  if (m?.fit) charts.actual_vs_fitted = actualVsFittedFigure(m.fit, { ...opts, fitted: m.fitted });
  if (m) charts.roi = roiBarsFigure(m.channels, opts);
  if (plan) charts.budget = budgetFigure(plan, opts);
  if (flighting) charts.flighting = flightingFigure(flighting, opts);
  return charts;
}

/** The refresh's before/after ROAS chart (the current fit's), when a refresh was made. */
function withRefresh(charts: Record<string, PlotlyFigure>, r: RefreshReport | undefined): Record<string, PlotlyFigure> {
  const fit = r && (r.fits.find((f) => f.kind === "bayesian") ?? r.fits[0]);
  return fit ? { ...charts, refresh: refreshFigure(fit) } : charts;
}

/** The geo fit's national stacked contributions, when there is a geo fit. */
function withGeo(charts: Record<string, PlotlyFigure>, dec: GeoDecomposition | undefined, colors: Record<string, string>): Record<string, PlotlyFigure> {
  return dec ? { ...charts, geo_contributions: geoContributionsFigure(dec, { colors, kpi: dec.kpi }) } : charts;
}

function tablesOf(d: DataSummary | undefined, models: ModelView[], primary: ModelView | undefined, opts: ReportOptions): Record<string, DataFrame> {
  const tables: Record<string, DataFrame> = {};
  if (d) tables.steps = stepsTable(d);
  if (models.length) tables.fit_metrics = metricsTable(models);
  if (primary) {
    tables.roi = roiTable(primary);
    const ridge = models.find((m) => m.kind === "ridge");
    if (ridge && ridge !== primary) tables.roi_ridge = roiTable(ridge);
    const dec = decompositionTable(primary);
    if (dec) tables.decomposition = dec;
    const curves = curvesTable(primary);
    if (curves) tables.response_curves = curves;
  }
  if (opts.budget) tables.budget = budgetTable(opts.budget);
  if (opts.notes?.length) tables.notes = notesTable(opts.notes);
  return tables;
}

/**
 * Build the report of what `engine` holds now.
 * @example
 * engine.runRidgeMMM();
 * const plan = engine.optimizeBudget(1_000_000);
 * const report = buildReport(engine, { budget: plan, notes: [{ at: "2024-05-01T10:00Z", phase: "MODELING", text: "TV decay fixed at 0.6" }] });
 * report.markdown;          // "# Marketing mix analysis …"
 * report.tables.roi;        // pl.DataFrame: channel, spend, contribution, roas, mroas
 * report.charts.contributions; // Plotly figure JSON
 */
export function buildReport(engine: MMMEngine, opts: ReportOptions = {}): AnalysisReport {
  const minRows = opts.minRowsForMmm ?? AGENT_CFG.minRowsForMmm;
  const data = dataSummary(engine, minRows);
  const models = [bayesView(engine), ridgeView(engine)].filter((m): m is ModelView => m !== undefined);
  const primary = pickPrimary(models, opts.primary ?? engine.currentModel);
  if (primary) models.sort((a, b) => (a === primary ? -1 : b === primary ? 1 : 0));
  const plan = opts.budget ?? engine.analysis.budget;
  const flighting = engine.analysis.flighting;
  const notes = opts.notes ?? engine.analysis.notes;
  const { validation, comparison } = engine.analysis;
  const checks = validationSection(validation, comparison);
  const refresh = engine.analysis.refresh;
  const refreshed = refreshSection(refresh);
  const inUse = engine.analysis.currentGeo !== undefined;
  const geoDec = engine.analysis.geoBayesian ? engine.geoDecomposition() : undefined;
  const geo = geoSection(engine.analysis.geoBayesian?.result, { inUse, plan, decomposition: geoDec });
  const caveats = [
    ...(data ? dataCaveats(data, models) : []),
    ...models.flatMap(modelCaveats),
    ...(validation?.warnings ?? []),
    ...(engine.analysis.geoBayesian?.result.warnings ?? []),
    ...(plan ? budgetCaveats(plan, observedWeeklyMax(engine, Object.keys(plan.allocation))) : []),
    ...(opts.caveats ?? []),
  ];
  const sections: ReportSections = {
    data: dataSection(data),
    model: modelSection(models, data !== undefined),
    ...(geo ? { geo } : {}),
    ...(checks ? { validation: checks } : {}),
    ...(refreshed ? { refresh: refreshed } : {}),
    roi: roiSection(primary, primary?.kind === "bayesian" && models.some((m) => m.kind === "ridge")),
    budget: [budgetSection(plan, geoBudgetSource(plan, inUse)), flightingSection(flighting)].filter(Boolean).join("\n\n"),
    notes: notesSection(notes),
    caveats: caveatsSection([...new Set(caveats)]),
  };
  const title = opts.title ?? (data?.kpi ? `Marketing mix analysis of ${data.kpi}` : "Marketing mix analysis");
  const stage = !data ? "no data loaded" : !primary ? "data loaded, no model fitted" : `${models.map((m) => m.kind).join(" and ")} model${models.length > 1 ? "s" : ""}${plan ? ", budget plan" : ""}`;
  const markdown = `${[`# ${title}`, `_Generated ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by agentic-mmm — ${stage}._`, ...Object.values(sections)].join("\n\n")}\n`;
  const channels = [...new Set([...(data?.channels ?? []), ...models.flatMap((m) => m.roi.map((c) => c.name)), ...Object.keys(plan?.allocation ?? {})])];
  return {
    title,
    markdown,
    sections,
    caveats: [...new Set(caveats)],
    tables: tablesOf(data, models, primary, { ...opts, budget: plan, notes }),
    charts: withGeo(withRefresh(chartsOf(primary, plan, channelColors(channels), flighting), refresh), geoDec, channelColors(channels)),
  };
}
