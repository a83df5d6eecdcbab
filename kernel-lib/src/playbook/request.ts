/**
 * What the analyst asked a full analysis for, typed: `nb.runFullAnalysis(options)` and
 * `fullAnalysis(engine, options)` pass these values as they are (never as a sentence to parse back);
 * an LLM receives them as JSON beside the request.
 */
import type { RoleOptions } from "../data/roleOptions";

export interface FullAnalysisOptions extends RoleOptions {
  /** Budget over the horizon to allocate (default: current spend). */
  budget?: number;
  /** The budget's horizon in weeks (default: the optimiser's). */
  weeks?: number;
  /**
   * The Bayesian fit after the ridge preview (default "auto": run it when its predicted time is
   * under the confirmation threshold, ask when over; `true` does the same; `false` skips it). The
   * report then gives the Bayesian numbers, ridge being the quick preview.
   */
  bayesian?: boolean | "auto";
  /** Also write the report here. */
  exportDir?: string;
}

/** The parameters every plan reads (the chat's plans add the kind of request, agent/offline/intents.ts). */
export interface AnalysisRequest {
  kpi?: string;
  budget?: number;
  weeks?: number;
  /** The Bayesian fit is wanted: by default, unless declined. */
  bayesian: boolean;
  source?: string;
  exportDir?: string;
}

/** The typed request of a full analysis. */
export function requestFromOptions(o: FullAnalysisOptions): AnalysisRequest {
  return { kpi: o.kpiCol, budget: o.budget, weeks: o.weeks, bayesian: o.bayesian !== false, exportDir: o.exportDir };
}
