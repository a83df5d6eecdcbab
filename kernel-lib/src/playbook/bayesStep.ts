/**
 * The Bayesian step of the offline planner: fit, and when the tool predicts a long run, ask the
 * analyst first (run it, run a shorter fit, or keep the ridge model), then act on the answer.
 */
import { called, type Conversation } from "./records";
import type { AnalysisRequest } from "./request";
import { bayesGateArgs } from "./gateSteps";
import { answerTo, asked, kpiOf, stripUndefined, type Action } from "./steps";

export const BAYES_QUESTION = "The Bayesian fit is predicted to take";
export const BAYES_OPTIONS = ["Run the full Bayesian fit", "Run a shorter fit (2 chains × 500 + 500)", "Skip it and keep the ridge model"] as const;

export function bayesStep(c: Conversation, req: AnalysisRequest): Action | undefined {
  // The national fits only: the geo model's (args.geo) are geoStep.ts's.
  const fits = c.records.filter((r) => r.name === "run_bayesian_mmm" && r.args.geo !== true);
  const last = fits[fits.length - 1];
  const kpi = kpiOf(c, req);
  // The ridge gate's fixes (a time-varying baseline for a drifting one) and the analyst's choices (ROAS priors).
  // The saturation is chosen by LOO between logistic and the search's Hill ("auto"): neither suits all data.
  const gate = { saturation: "auto", ...bayesGateArgs(c) };
  if (!last) return { kind: "call", name: "run_bayesian_mmm", args: stripUndefined({ kpi, ...gate }) };
  if (!last.result.needsConfirmation) return undefined;
  if (!asked(c, BAYES_QUESTION)) {
    const secs = Number(last.result.predictedSeconds);
    return { kind: "call", name: "ask_user_to_choose", args: { question: `${BAYES_QUESTION} about ${secs} s on this machine. How should I proceed?`, options: [...BAYES_OPTIONS], default: BAYES_OPTIONS[0] } };
  }
  const answer = String(answerTo(c, BAYES_QUESTION) ?? "");
  if (answer.startsWith("Skip")) return undefined;
  const shorter = answer.startsWith("Run a shorter") ? { chains: 2, warmup: 500, draws: 500 } : {};
  return { kind: "call", name: "run_bayesian_mmm", args: stripUndefined({ kpi, ...gate, ...shorter, confirmed: true }) };
}

/** True once a national Bayesian fit produced a result (not a confirmation request). */
export const bayesDone = (c: Conversation): boolean => called(c, "run_bayesian_mmm") && c.records.some((r) => r.name === "run_bayesian_mmm" && r.args.geo !== true && r.ok && !r.result.needsConfirmation);
