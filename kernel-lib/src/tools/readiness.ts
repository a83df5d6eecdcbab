/**
 * Is the working table ready for an MMM? Blockers stop a fit from being meaningful; warnings
 * weaken it. Each comes with the step that fixes it, so the agent can act on the answer.
 */
import type { DataProfile } from "../data/profile";

export interface Readiness {
  ready: boolean;
  blockers: string[];
  warnings: string[];
  nextSteps: string[];
  summary: { weeks?: number; kpi?: string; channels: string[]; controls: string[]; granularity: string };
}

/** Below this many weeks no MMM is meaningful: a model would have about as many parameters as weeks. */
const HARD_MIN_WEEKS = 26;

export function assessReadiness(p: DataProfile): Readiness {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const next = new Set<string>();
  const { roles, quality } = p;
  blockers.push(...roles.problems.map((p) => p.message));
  const has = (role: string) => roles.problems.some((p) => p.role === role);
  if (!roles.date && !has("date")) blockers.push("No date column was found: load the data with dateCol.");
  // A KPI-named column with bad values is already a blocker above, naming the column, row and value.
  if (!roles.kpi && !has("kpi")) blockers.push(`No KPI column is known${roles.kpiCandidates.length ? ` (candidates: ${roles.kpiCandidates.join(", ")})` : ""}: ask the user or pass kpi.`);
  else if (roles.kpi && quality[roles.kpi] && !quality[roles.kpi]!.numeric)
    blockers.push(`The KPI column '${roles.kpi}' is not numeric (${quality[roles.kpi]!.dtype}): check its number format (decimal commas, quoted thousands, text) or choose another KPI.`);
  if (roles.channels.length === 0)
    blockers.push(`No paid-media channel was found${roles.channelCandidates.length ? ` (${roles.channelCandidates.join(", ")} look like media)` : ""}: ask the analyst which columns are channels (set_column_roles).`);
  if (p.needsAggregation) {
    blockers.push(`The data is ${p.granularity}: aggregate to weeks first.`);
    next.add("aggregate_weekly");
  }
  const weeks = p.timeline?.weeks;
  if (!p.needsAggregation && roles.date && (weeks ?? 0) < HARD_MIN_WEEKS)
    blockers.push(`Only ${weeks ?? 0} weeks of history: too few to separate media from seasonality and carry-over (at least ${HARD_MIN_WEEKS}, ideally ${p.minRowsForMmm}). Load a longer history.`);
  else if (!p.needsAggregation && (weeks ?? 0) < p.minRowsForMmm) warnings.push(`Only ${weeks ?? 0} weeks of history (${p.minRowsForMmm} recommended): estimates will be uncertain; prefer the Bayesian model with informative priors.`);
  for (const c of roles.channels) {
    const q = quality[c];
    if (!q) continue;
    // The model leaves such a channel out with a warning; only when every channel is like this is there nothing to fit.
    if (q.allNull || q.constant)
      (roles.channels.every((x) => quality[x]?.allNull || quality[x]?.constant) ? blockers : warnings).push(
        `Channel '${c}' is ${q.allNull ? "entirely null" : "constant"}: it carries no signal, so the model leaves it out; fix the export if that is wrong.`,
      );
    if ((q.negatives ?? 0) > 0) {
      warnings.push(`Channel '${c}' has ${q.negatives} negative spend value(s).`);
      next.add("clean_data");
    }
    if (q.nulls > 0) {
      warnings.push(`Channel '${c}' has ${q.nulls} null(s) (treated as zero spend after clean_data).`);
      next.add("clean_data");
    }
    if ((q.vif ?? 0) > 10) warnings.push(`Channel '${c}' is highly collinear with others (VIF ${q.vif!.toFixed(1)}): its ROAS will be uncertain; consider a lift test or a ROAS prior.`);
  }
  if (roles.kpi && (quality[roles.kpi]?.nulls ?? 0) > 0) {
    warnings.push(`The KPI has ${quality[roles.kpi]!.nulls} null(s): those rows are dropped by clean_data.`);
    next.add("clean_data");
  }
  if ((p.timeline?.duplicateDates.count ?? 0) > 0 && !roles.geo && !p.needsAggregation) {
    // Fitted as they are, two rows of one date would count as two weeks.
    const ex = p.timeline!.duplicateDates.examples.map((e) => `${e.date} (${e.rows} rows)`).join(", ");
    blockers.push(`${p.timeline!.duplicateDates.count} date(s) occur on several rows, e.g. ${ex}: a model needs one row per week. Remove duplicate rows (clean_data) and sum the rest per week (aggregate_weekly), or fix the file.`);
    next.add("clean_data");
    next.add("aggregate_weekly");
  }
  if ((p.timeline?.gaps.missing ?? 0) > 0) warnings.push(`${p.timeline!.gaps.missing} missing period(s) in the time axis.`);
  if (blockers.length === 0) next.add("add_time_features");
  return {
    ready: blockers.length === 0,
    blockers,
    warnings,
    nextSteps: [...next],
    summary: { weeks, kpi: roles.kpi, channels: roles.channels, controls: roles.controls, granularity: p.granularity },
  };
}
