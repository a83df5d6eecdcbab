/**
 * The geo step of the full analysis (issue #15 item 1): when the data have a geo column, the
 * hierarchical geo model is fitted after the national Bayesian fit (run_bayesian_mmm with geo: true),
 * asking the analyst first when the tool predicts a long run (run it, a shorter fit, or keep the
 * national model); then its ROI, and the budget is allocated per geo × channel. Data without a geo
 * column, or an analysis whose Bayesian fit was declined or skipped, never reach it.
 */
import type { Conversation, ToolRecord } from "./records";
import { BAYES_QUESTION, bayesDone } from "./bayesStep";
import { answerTo, asked, kpiOf, profileOf, stripUndefined, type Step } from "./steps";

export const GEO_QUESTION = "The geo model is predicted to take";
export const GEO_OPTIONS = ["Run the geo model", "Run a shorter geo fit (2 chains × 500 + 500)", "Skip it and keep the national model"] as const;

/** A run_bayesian_mmm call of the geo model (the national steps leave these out). */
export const isGeoFit = (r: ToolRecord): boolean => r.name === "run_bayesian_mmm" && r.args.geo === true;

/** The profile's geo column, if the data have one. */
export const geoColumn = (c: Conversation): string | undefined => (profileOf(c) as { roles?: { geo?: string } } | undefined)?.roles?.geo;

/** True once the geo model produced a result (not a confirmation request). */
export const geoDone = (c: Conversation): boolean => c.records.some((r) => isGeoFit(r) && r.ok && !r.result.needsConfirmation);

/**
 * The ROAS priors of the latest national Bayesian fit (the analyst's, or the quality gate's refit): beliefs
 * about a channel's national ROAS hold for the geo model as well.
 */
function nationalRoasPriors(c: Conversation): unknown {
  return c.records.filter((r) => r.name === "run_bayesian_mmm" && r.args.geo !== true && r.ok && !r.result.needsConfirmation).at(-1)?.args.roasPriors;
}

/** The geo fit: once the national Bayesian fit is done (not skipped), with the analyst's say on a long run. */
export const geoStep: Step = (c, req) => {
  if (!req.bayesian || !geoColumn(c) || !bayesDone(c) || String(answerTo(c, BAYES_QUESTION) ?? "").startsWith("Skip")) return undefined;
  const fits = c.records.filter(isGeoFit);
  const last = fits.at(-1);
  const kpi = kpiOf(c, req);
  const roasPriors = nationalRoasPriors(c);
  if (!last) return { kind: "call", name: "run_bayesian_mmm", args: stripUndefined({ kpi, geo: true, roasPriors }) };
  if (!last.result.needsConfirmation) return undefined;
  if (!asked(c, GEO_QUESTION)) {
    const r = last.result as { predictedSeconds?: number; geos?: number };
    return {
      kind: "call",
      name: "ask_user_to_choose",
      args: { question: `${GEO_QUESTION} about ${Number(r.predictedSeconds)} s on ${Number(r.geos)} geos. It gives ROAS per geo and a budget per geo. How should I proceed?`, options: [...GEO_OPTIONS], default: GEO_OPTIONS[0] },
    };
  }
  const answer = String(answerTo(c, GEO_QUESTION) ?? "");
  if (answer.startsWith("Skip")) return undefined;
  const shorter = answer.startsWith("Run a shorter") ? { chains: 2, warmup: 500, draws: 500 } : {};
  return { kind: "call", name: "run_bayesian_mmm", args: stripUndefined({ kpi, geo: true, roasPriors, ...shorter, confirmed: true }) };
};

/** roi_summary again once the geo fit exists: the model in use is then the geo one. */
export const afterGeoRoi: Step = (c) => {
  if (!geoDone(c)) return undefined;
  const fit = c.records.findLastIndex((r) => isGeoFit(r) && r.ok && !r.result.needsConfirmation);
  return c.records.some((x, i) => x.name === "roi_summary" && i > fit) ? undefined : { kind: "call", name: "roi_summary", args: {} };
};
