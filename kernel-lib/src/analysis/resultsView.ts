/**
 * `AnalysisResults`: the familiar `agent.results.ridge / bayesian / budget / figures / exported`
 * shape, as a read-only live view of an `Analysis`. Every read goes to the owner, so it always
 * shows the latest fits; nothing can be written through it.
 */
import type { RidgeResult } from "../model/ridge/result";
import type { BayesianResult } from "../model/bayes/result";
import type { BudgetPlan, FlightPlan, ScenarioComparison } from "../model/budget";
import type { SearchResult } from "../model/search/search";
import type { PlotlyFigure } from "./figure";
import type { Analysis } from "./analysis";

/** The latest results of the analysis (what reports, diagnostics and charts read). */
export interface AnalysisResults {
  /** The latest ridge fit's result. */
  readonly ridge?: RidgeResult;
  /** The latest Bayesian fit's result. */
  readonly bayesian?: BayesianResult;
  readonly search?: SearchResult;
  /** The budget plan made from the current model (none after a refit until the optimiser runs again). */
  readonly budget?: BudgetPlan;
  readonly scenarios?: ScenarioComparison;
  /** The weekly flighting plan made from the current model. */
  readonly flighting?: FlightPlan;
  /** Charts of the current model by key (Plotly figure JSON), shown by the notebook and the side panel. */
  readonly figures?: Record<string, PlotlyFigure>;
  /** Files written by export_report. */
  readonly exported?: { dir: string; files: string[] };
}

/**
 * A live, read-only view of `analysis`.
 * @example
 * const results = resultsView(engine.analysis);
 * engine.runRidgeMMM();
 * results.ridge?.metrics.r2; // the fit just made
 */
export function resultsView(analysis: Analysis): AnalysisResults {
  return Object.freeze({
    get ridge() {
      return analysis.ridge?.result;
    },
    get bayesian() {
      return analysis.bayesian?.result;
    },
    get search() {
      return analysis.search;
    },
    get budget() {
      return analysis.budget;
    },
    get scenarios() {
      return analysis.scenarios;
    },
    get flighting() {
      return analysis.flighting;
    },
    get figures() {
      const figs = analysis.figures;
      return Object.keys(figs).length ? figs : undefined;
    },
    get exported() {
      return analysis.exported;
    },
  });
}
