/**
 * Caveats generated from the fit and the plan — the things an analyst would flag before anyone
 * acts on the numbers: weak fit, unconverged chains, excluded channels, short history, a plan
 * that leans on spend levels never observed.
 */
import type { BudgetPlan } from "../model/budget";
import { fmtNumber, fmtPct } from "./format";
import type { DataSummary, ModelView } from "./gather";

/** Thresholds of the automatic caveats (the usual rules of thumb). */
export const CAVEAT_THRESHOLDS = { r2: 0.5, rhat: 1.01, essBulk: 400, coverage94: 0.8, mape: 0.2 } as const;

/** Caveats about the fit of one model. */
export function modelCaveats(m: ModelView): string[] {
  const out: string[] = [];
  const name = m.kind === "bayesian" ? "Bayesian model" : "Ridge model";
  if (m.metrics.r2 < CAVEAT_THRESHOLDS.r2) out.push(`${name}: low R² (${fmtNumber(m.metrics.r2)}) — the model explains little of the KPI's variation; contributions and ROAS are uncertain.`);
  if (m.metrics.mape > CAVEAT_THRESHOLDS.mape) out.push(`${name}: weekly error is large (MAPE ${fmtPct(m.metrics.mape)}).`);
  const h = m.metrics.holdout;
  if (h && h.nrmse > 2 * m.metrics.nrmse + 0.05) out.push(`${name}: out-of-sample error on the last ${h.weeks} weeks (NRMSE ${fmtNumber(h.nrmse)}) is much larger than in-sample (${fmtNumber(m.metrics.nrmse)}) — possible overfitting.`);
  if (m.metrics.coverage94 !== undefined && m.metrics.coverage94 < CAVEAT_THRESHOLDS.coverage94) out.push(`${name}: only ${fmtPct(m.metrics.coverage94)} of weeks lie inside the 94% predictive band — the model misses structure in the KPI.`);
  const d = m.diagnostics;
  if (d) {
    if (d.maxRhat > CAVEAT_THRESHOLDS.rhat) out.push(`${name}: max R-hat ${fmtNumber(d.maxRhat)} > ${CAVEAT_THRESHOLDS.rhat} — the chains have not converged; rerun with more warm-up and draws before trusting the intervals.`);
    if (d.minEssBulk < CAVEAT_THRESHOLDS.essBulk) out.push(`${name}: min bulk ESS ${fmtNumber(d.minEssBulk)} < ${CAVEAT_THRESHOLDS.essBulk} — means and HDIs are noisy; draw more.`);
    if (d.divergences > 0) out.push(`${name}: ${fmtNumber(d.divergences)} divergent transition(s) — estimates may be biased (raise targetAccept or tighten priors).`);
  }
  for (const e of m.excluded) out.push(`Channel '${e.name}' was excluded from the ${m.kind} model: ${e.reason}`);
  const dead = m.roi.filter((c) => c.contribution === 0 && c.spend > 0).map((c) => c.name);
  if (dead.length) out.push(`${name}: no measurable effect for ${dead.join(", ")} (contribution 0) — this is "not detected", not "proven useless".`);
  return out;
}

/** Caveats about the data: short history, channels the profile found but no model used. */
export function dataCaveats(d: DataSummary, models: ModelView[]): string[] {
  const out: string[] = [];
  const weeks = models[0]?.weeks ?? d.weeks;
  if (weeks !== undefined && weeks < d.minRowsForMmm) out.push(`Short history: ${fmtNumber(weeks)} weeks (< ${d.minRowsForMmm}, two years) — seasonality and slow channels are hard to separate.`);
  const modelled = new Set(models.flatMap((m) => [...m.roi.map((c) => c.name), ...m.excluded.map((e) => e.name)]));
  const left = models.length ? d.channels.filter((c) => !modelled.has(c)) : [];
  if (left.length) out.push(`Spend column(s) not in the model: ${left.join(", ")} — their effect is absorbed by the baseline.`);
  return out;
}

/** Caveats about a budget plan: allocations beyond the highest weekly spend ever observed. */
export function budgetCaveats(plan: BudgetPlan, observedMax: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [name, total] of Object.entries(plan.allocation)) {
    const weekly = total / plan.weeks;
    const max = observedMax[name];
    if (max !== undefined && weekly > max * 1.001)
      out.push(`The plan puts ${name} at ${fmtNumber(weekly)} a week, above the highest weekly spend observed (${fmtNumber(max)}): that part of the response curve is extrapolated, not measured.`);
  }
  if (plan.upliftPosterior && plan.upliftPosterior.hdi94[0] <= 0)
    out.push(`The uplift's 94% HDI includes zero or less (${fmtNumber(plan.upliftPosterior.hdi94[0])} to ${fmtNumber(plan.upliftPosterior.hdi94[1])}): the model is not sure the reallocation pays.`);
  return out;
}
