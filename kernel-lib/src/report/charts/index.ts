/** The report's Plotly charts, one file per chart. */
export { responseCurvesFigure, type CurveInput } from "./responseCurves";
export { contributionsFigure, stackedSeries, type DecompositionInput, type StackedSeries } from "./contributions";
export { actualVsFittedFigure, type FitInput } from "./fit";
export { roiBarsFigure, roiPoints, type RoiInput, type RoiPoint } from "./roi";
export { budgetFigure } from "./budget";
export { forecastFigure, type ForecastHistory } from "./forecast";
export { flightingFigure } from "./flighting";
export type { PlotlyFigure, PlotlyTrace, PlotlyLayout, ChartOptions } from "../figure";
