/**
 * Reporting: Plotly charts of engine results, the Markdown analysis report with its tables, and
 * its export to files. Re-exported by the package barrel.
 */
export { buildReport, type AnalysisReport, type ReportOptions, type ReportSections } from "./report";
export { exportReport, type ExportOptions, type ExportResult } from "./export";
export type { AnalysisNote } from "./sections";
export * from "./charts";
export { channelColors, withFigureKey, figureKey, type PlotlyFigure, type PlotlyTrace, type PlotlyLayout, type ChartOptions } from "./figure";
export { figureHtml, figureFragment, figureBundle, figureFromHtml, PLOTLY_CDN } from "./html";
export { fmtNumber, fmtPct, fmtInterval } from "./format";
