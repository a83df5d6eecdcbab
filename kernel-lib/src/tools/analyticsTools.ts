/**
 * The 2 analytics tools. run_analytics: collinearity (VIF and PCA), stationarity (ADF), Granger
 * causality, seasonal decomposition, mutual information, permutation importance on the ridge fit,
 * rolling-origin cross-validation of the ridge fit, stepwise selection of controls by AIC — one tool with an `analysis` switch, because every phase binds at most 28 built-ins (room for 4
 * custom tools) and the validation scope had one place left. plot_data: the exploratory charts.
 * Each returns short JSON with a one-line `summary`; charts go to the analysis under a fixed key.
 * The statistics are model/analytics/ (checked against statsmodels and scikit-learn).
 */
import { z } from "zod";
import { varianceInflation } from "../math/stats";
import { adfTest } from "../model/analytics/adf";
import { seasonalDecompose } from "../model/analytics/decompose";
import { grangerCausality } from "../model/analytics/granger";
import { pcaAnalysis } from "../model/analytics/pca";
import { label } from "../report/figure";
import { fmtNumber } from "../report/format";
import { decompositionFigure } from "../report/charts/timeSeries";
import { kpiOf, pText, rolesOf, seriesFor, sig } from "./analyticsInputs";
import { crossValidation, stepwise } from "./analyticsModel";
import { analyticsCharts, featureImportance } from "./analyticsViews";
import { defineTool, type MmmTool, type ToolContext } from "./types";

const columns = z.array(z.string()).min(1);

function multicollinearity(a: { columns?: string[] }, ctx: ToolContext) {
  const { channels, controls } = rolesOf(ctx);
  const cols = a.columns ?? [...channels, ...controls];
  const s = seriesFor(ctx, cols);
  const vif = varianceInflation(cols.map((c) => s.columns[c]!));
  const pca = pcaAnalysis(cols.map((c) => s.columns[c]!));
  const flagged = cols.filter((_, j) => vif[j]! > 10);
  const top = cols.map((c, j) => ({ column: c, vif: sig(vif[j]!) })).sort((x, y) => y.vif - x.vif);
  const summary = flagged.length
    ? `${flagged.length} of ${cols.length} columns have VIF > 10 (${top
        .slice(0, 3)
        .map((t) => `${t.column} ${t.vif}`)
        .join(", ")}): their separate effects are poorly identified; ${pca.componentsFor90} of ${cols.length} principal components carry 90% of the variance.`
    : `No VIF above 10 (highest ${top[0]?.column} ${top[0]?.vif}); ${pca.componentsFor90} of ${cols.length} principal components carry 90% of the variance.`;
  return { columns: top, flagged, pca: { explainedVarianceRatio: pca.explainedVarianceRatio.map((v) => sig(v)), componentsFor90: pca.componentsFor90 }, rows: s.index.length, summary };
}

function stationarity(a: { columns?: string[]; regression?: "c" | "ct"; maxlag?: number }, ctx: ToolContext) {
  const cols = a.columns ?? [kpiOf(ctx)];
  const s = seriesFor(ctx, cols);
  const results = cols.map((c) => {
    const t = adfTest(s.columns[c]!, { regression: a.regression ?? "c", maxlag: a.maxlag });
    return { column: c, statistic: sig(t.statistic, 4), pValue: sig(t.pValue, 3), usedLag: t.usedLag, nobs: t.nobs, critical5: sig(t.critical["5%"], 4), stationary: t.pValue < 0.05 };
  });
  const around = (a.regression ?? "c") === "ct" ? "around a linear trend" : "around a constant";
  const summary = `${results.map((x) => `${x.column}: ADF τ = ${x.statistic}, p = ${pText(x.pValue)} → ${x.stationary ? "stationary" : "unit root not rejected"} ${around}`).join("; ")}.`;
  const hint = results.some((x) => !x.stationary) && (a.regression ?? "c") === "c" ? " Try regression 'ct' (a trend in the model absorbs a deterministic trend)." : "";
  return { regression: a.regression ?? "c", results, summary: summary + hint };
}

function granger(a: { kpi?: string; channels?: string[]; maxlag?: number }, ctx: ToolContext) {
  const kpi = kpiOf(ctx, a.kpi);
  const channels = a.channels ?? rolesOf(ctx).channels;
  const maxlag = a.maxlag ?? 4;
  const s = seriesFor(ctx, [kpi, ...channels]);
  const results = channels.map((c) => {
    const lags = grangerCausality(s.columns[kpi]!, s.columns[c]!, maxlag);
    const best = lags.reduce((m, l) => (l.pValue < m.pValue ? l : m));
    return { channel: c, bestLag: best.lag, minPValue: sig(best.pValue), significant: best.pValue < 0.05, lags: lags.map((l) => ({ lag: l.lag, f: sig(l.f, 4), pValue: sig(l.pValue) })) };
  });
  const found = results.filter((x) => x.significant);
  const summary = `${found.length} of ${channels.length} channels Granger-cause ${kpi} at 5% within ${maxlag} lags${found.length ? ` (${found.map((x) => `${x.channel} lag ${x.bestLag}, p ${pText(x.minPValue)}`).join("; ")})` : ""}. Granger tests assume stationary series: check stationarity first.`;
  return { kpi, maxlag, results, summary };
}

function decomposition(a: { column?: string; period?: number }, ctx: ToolContext) {
  const col = a.column ?? kpiOf(ctx);
  const s = seriesFor(ctx, [col]);
  const d = seasonalDecompose(s.columns[col]!, a.period ?? rolesOf(ctx).period);
  ctx.engine.analysis.setFigure("decomposition", decompositionFigure(s.index, s.columns[col]!, d, { column: col }), { fromModel: false });
  const profile = Array.from(d.seasonal.subarray(0, d.period));
  const peak = profile.indexOf(Math.max(...profile));
  const trough = profile.indexOf(Math.min(...profile));
  const cycles = Math.floor(s.index.length / d.period);
  const summary = `${label(col)}: seasonal strength ${sig(d.seasonalStrength, 2)}, trend strength ${sig(d.trendStrength, 2)} (period ${d.period}, ${cycles} full cycles); seasonal peak at position ${peak + 1}, trough at ${trough + 1}, swing ${fmtNumber(profile[peak]! - profile[trough]!)}.${cycles < 4 ? " With fewer than 4 cycles noise alone can read as seasonality (~0.5)." : ""}`;
  return { column: col, period: d.period, seasonalStrength: sig(d.seasonalStrength), trendStrength: sig(d.trendStrength), peakPosition: peak + 1, troughPosition: trough + 1, figure: "decomposition", summary };
}

const ANALYSES = ["multicollinearity", "stationarity", "granger", "decomposition", "mutual_information", "permutation_importance", "cross_validation", "stepwise"] as const;

const analyticsArgs = z.object({
  analysis: z.enum(ANALYSES),
  columns: columns.optional().describe("columns to analyse (defaults: see the description)"),
  kpi: z.string().optional().describe("KPI column (default: the profile's)"),
  regression: z.enum(["c", "ct"]).optional().describe("stationarity: c constant (default), ct constant and linear trend"),
  maxlag: z.number().int().min(0).max(26).optional().describe("stationarity: most lags tried (default Schwert's rule); granger: lags 1…maxlag (default 4)"),
  period: z.number().int().min(2).optional().describe("decomposition: cycle length in rows (default 52 weekly, 12 monthly, 7 daily)"),
  repeats: z.number().int().min(1).max(200).optional().describe("permutation_importance: shuffles per column (default 10)"),
  seed: z.number().int().min(0).optional(),
  folds: z.number().int().min(2).max(10).optional().describe("cross_validation: rolling-origin folds (default 4)"),
  backward: z.boolean().optional().describe("stepwise: after forward selection, drop controls while that lowers the AIC (default false)"),
});

/** run_analytics: one statistical check, chosen by `analysis`. */
function runAnalytics(a: z.output<typeof analyticsArgs>, ctx: ToolContext) {
  switch (a.analysis) {
    case "multicollinearity":
      return { analysis: a.analysis, ...multicollinearity(a, ctx) };
    case "stationarity":
      return { analysis: a.analysis, ...stationarity({ columns: a.columns ?? [kpiOf(ctx, a.kpi)], regression: a.regression, maxlag: a.maxlag }, ctx) };
    case "granger":
      return { analysis: a.analysis, ...granger({ kpi: a.kpi, channels: a.columns, maxlag: a.maxlag || undefined }, ctx) };
    case "decomposition":
      return { analysis: a.analysis, ...decomposition({ column: a.columns?.[0] ?? a.kpi, period: a.period }, ctx) };
    case "cross_validation":
      return { analysis: a.analysis, ...crossValidation({ folds: a.folds }, ctx) };
    case "stepwise":
      return { analysis: a.analysis, ...stepwise({ columns: a.columns, backward: a.backward }, ctx) };
    default:
      return { analysis: a.analysis, ...featureImportance({ method: a.analysis === "mutual_information" ? "mutual_information" : "permutation", columns: a.columns, repeats: a.repeats, seed: a.seed }, ctx) };
  }
}

export const analyticsTools: MmmTool[] = [
  defineTool({
    name: "run_analytics",
    category: "data",
    phase: "DATA_VALIDATION",
    description:
      "Statistical checks of the working table (one value per period, geos summed), each with a one-line summary. analysis: multicollinearity (VIF per channel/control, >10 = effects hard to separate, and PCA; default channels and controls); stationarity (augmented Dickey-Fuller, MacKinnon p; default the KPI; p < 0.05 = stationary); granger (F-test per lag: does each channel's past predict the KPI; maxlag 4); decomposition (trend + seasonal + residual of the KPI or columns[0]; chart); mutual_information (KSG, nats, each channel/control with the KPI; chart); permutation_importance (drop in the ridge fit's R² when a column is shuffled; chart); cross_validation (rolling-origin CV of the ridge fit: per-fold out-of-sample MAPE, R², RMSE; box plots vs the fit without controls / carry-over); stepwise (forward selection of controls by OLS AIC, media fixed; columns = candidates; backward: true also drops). The last three need run_ols_mmm (stepwise without it uses raw spends).",
    schema: analyticsArgs,
    run: (a, ctx) => runAnalytics(a, ctx),
  }),
  defineTool({
    name: "plot_data",
    category: "data",
    // A first look right after loading, and while profiling; not bound in validation (its scope is full).
    phase: "DATA_LOADING",
    alsoIn: ["DATA_PROFILING"],
    description:
      "Exploratory charts of the working table: correlation_heatmap, time_series (KPI on the left axis, channels on the right) distributions (a histogram per column) or scatter_matrix (every pair, at most 6 columns). Default columns: KPI, channels and controls (scatter_matrix: the first 6).",
    schema: z.object({ chart: z.enum(["correlation_heatmap", "time_series", "distributions", "scatter_matrix"]), columns: columns.optional(), method: z.enum(["pearson", "spearman"]).optional().describe("correlation method (heatmap)") }),
    run: (a, ctx) => analyticsCharts(a, ctx),
  }),
];
