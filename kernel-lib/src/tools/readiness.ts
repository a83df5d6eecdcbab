/**
 * Is the working table ready for an MMM? Blockers stop a fit from being meaningful; warnings
 * weaken it. Each comes with the step that fixes it, so the agent can act on the answer.
 */
import type { DataProfile } from "../data/profile";

/** What an issue is about: plans and the quality gate branch on this, never on the message. */
export type ReadinessCode =
  | "ROLE_PROBLEM"
  | "NO_DATE"
  | "NO_KPI"
  | "KPI_NOT_NUMERIC"
  | "NO_CHANNEL"
  | "NEEDS_AGGREGATION"
  | "SHORT_HISTORY"
  | "NO_SIGNAL"
  | "NEGATIVE_SPEND"
  | "NULL_SPEND"
  | "COLLINEAR"
  | "KPI_NULLS"
  | "DUPLICATE_DATES"
  | "TIME_GAPS";

export interface ReadinessIssue {
  code: ReadinessCode;
  /** A blocker stops a fit from being meaningful; otherwise it is a warning. */
  blocker: boolean;
  message: string;
}

export interface Readiness {
  ready: boolean;
  /** Every blocker and warning with its code, in the order found. */
  issues: ReadinessIssue[];
  /** The blockers' messages (as `issues` with `blocker: true`). */
  blockers: string[];
  warnings: string[];
  nextSteps: string[];
  summary: { weeks?: number; kpi?: string; channels: string[]; controls: string[]; granularity: string };
}

/** Below this many weeks no MMM is meaningful: a model would have about as many parameters as weeks. */
const HARD_MIN_WEEKS = 26;

export function assessReadiness(p: DataProfile): Readiness {
  const issues: ReadinessIssue[] = [];
  const block = (code: ReadinessCode, message: string) => issues.push({ code, blocker: true, message });
  const warn = (code: ReadinessCode, message: string) => issues.push({ code, blocker: false, message });
  const next = new Set<string>();
  const { roles, quality } = p;
  for (const x of roles.problems) block("ROLE_PROBLEM", x.message);
  const has = (role: string) => roles.problems.some((p) => p.role === role);
  if (!roles.date && !has("date")) block("NO_DATE", "No date column was found: load the data with dateCol.");
  // A KPI-named column with bad values is already a blocker above, naming the column, row and value.
  if (!roles.kpi && !has("kpi")) block("NO_KPI", `No KPI column is known${roles.kpiCandidates.length ? ` (candidates: ${roles.kpiCandidates.join(", ")})` : ""}: ask the user or pass kpi.`);
  else if (roles.kpi && quality[roles.kpi] && !quality[roles.kpi]!.numeric)
    block("KPI_NOT_NUMERIC", `The KPI column '${roles.kpi}' is not numeric (${quality[roles.kpi]!.dtype}): check its number format (decimal commas, quoted thousands, text) or choose another KPI.`);
  if (roles.channels.length === 0 && roles.rf.length === 0)
    block("NO_CHANNEL", `No paid-media channel was found${roles.channelCandidates.length ? ` (${roles.channelCandidates.join(", ")} look like media)` : ""}: ask the analyst which columns are channels (set_column_roles).`);
  if (p.needsAggregation) {
    block("NEEDS_AGGREGATION", `The data is ${p.granularity}: aggregate to weeks first.`);
    next.add("aggregate_weekly");
  }
  const weeks = p.timeline?.weeks;
  if (!p.needsAggregation && roles.date && (weeks ?? 0) < HARD_MIN_WEEKS)
    block("SHORT_HISTORY", `Only ${weeks ?? 0} weeks of history: too few to separate media from seasonality and carry-over (at least ${HARD_MIN_WEEKS}, ideally ${p.minRowsForMmm}). Load a longer history.`);
  else if (!p.needsAggregation && (weeks ?? 0) < p.minRowsForMmm)
    warn("SHORT_HISTORY", `Only ${weeks ?? 0} weeks of history (${p.minRowsForMmm} recommended): estimates will be uncertain; prefer the Bayesian model with informative priors.`);
  for (const c of roles.channels) {
    const q = quality[c];
    if (!q) continue;
    // The model leaves such a channel out with a warning; only when every channel is like this is there nothing to fit.
    if (q.allNull || q.constant)
      (roles.channels.every((x) => quality[x]?.allNull || quality[x]?.constant) ? block : warn)(
        "NO_SIGNAL",
        `Channel '${c}' is ${q.allNull ? "entirely null" : "constant"}: it carries no signal, so the model leaves it out; fix the export if that is wrong.`,
      );
    if ((q.negatives ?? 0) > 0) {
      warn("NEGATIVE_SPEND", `Channel '${c}' has ${q.negatives} negative spend value(s).`);
      next.add("clean_data");
    }
    if (q.nulls > 0) {
      warn("NULL_SPEND", `Channel '${c}' has ${q.nulls} null(s) (treated as zero spend after clean_data).`);
      next.add("clean_data");
    }
    if ((q.vif ?? 0) > 10) warn("COLLINEAR", `Channel '${c}' is highly collinear with others (VIF ${q.vif!.toFixed(1)}): its ROAS will be uncertain; consider a lift test or a ROAS prior.`);
  }
  if (roles.kpi && (quality[roles.kpi]?.nulls ?? 0) > 0) {
    warn("KPI_NULLS", `The KPI has ${quality[roles.kpi]!.nulls} null(s): those rows are dropped by clean_data.`);
    next.add("clean_data");
  }
  if ((p.timeline?.duplicateDates.count ?? 0) > 0 && !roles.geo && !p.needsAggregation) {
    // Fitted as they are, two rows of one date would count as two weeks.
    const ex = p.timeline!.duplicateDates.examples.map((e) => `${e.date} (${e.rows} rows)`).join(", ");
    block(
      "DUPLICATE_DATES",
      `${p.timeline!.duplicateDates.count} date(s) occur on several rows, e.g. ${ex}: a model needs one row per week. Remove duplicate rows (clean_data) and sum the rest per week (aggregate_weekly), or fix the file.`,
    );
    next.add("clean_data");
    next.add("aggregate_weekly");
  }
  if ((p.timeline?.gaps.missing ?? 0) > 0) warn("TIME_GAPS", `${p.timeline!.gaps.missing} missing period(s) in the time axis.`);
  const blockers = issues.filter((x) => x.blocker).map((x) => x.message);
  if (blockers.length === 0) next.add("add_time_features");
  return {
    ready: blockers.length === 0,
    issues,
    blockers,
    warnings: issues.filter((x) => !x.blocker).map((x) => x.message),
    nextSteps: [...next],
    summary: { weeks, kpi: roles.kpi, channels: roles.channels, controls: roles.controls, granularity: p.granularity },
  };
}
