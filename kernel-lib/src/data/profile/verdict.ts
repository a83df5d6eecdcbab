/**
 * Is this table suitable for an MMM as it stands? "Yes" only when it is: a date, a numeric KPI
 * with values, at least one channel, and enough weekly history — otherwise the reasons, each
 * naming what is missing and what to do.
 */
import type { ColumnQuality } from "./quality";
import type { Roles } from "./roles";
import type { Timeline } from "./timeline";

export interface Verdict {
  /** Enough weekly history and a usable KPI. */
  sufficient: boolean;
  /** Ready to model once the listed preparation (aggregation, cleaning) is done. */
  suitable: boolean;
  /** Why not, one actionable line each (empty when suitable). */
  reasons: string[];
}

/** The verdict on a profiled table. */
export function verdictOf(roles: Roles, quality: Record<string, ColumnQuality>, timeline: Timeline | undefined, minRows: number): Verdict {
  const reasons: string[] = roles.problems.map((p) => p.message);
  const has = (role: string) => roles.problems.some((p) => p.role === role);
  if (!roles.date && !has("date")) reasons.push("no date column was found: pass dateCol (or check that the dates parse).");
  const kpi = roles.kpi ? quality[roles.kpi] : undefined;
  if (!roles.kpi) {
    if (!has("kpi")) reasons.push(`no KPI column is known${roles.kpiCandidates.length ? ` (candidates: ${roles.kpiCandidates.join(", ")})` : ""}: pass kpiCol.`);
  } else if (!kpi?.numeric) reasons.push(`the KPI column '${roles.kpi}' is not numeric (${kpi?.dtype ?? "?"}): check its format (decimal commas, thousands separators, text) or choose another kpiCol.`);
  else if (kpi.allNull) reasons.push(`the KPI column '${roles.kpi}' has no values.`);
  if (roles.channels.length === 0 && roles.rf.length === 0)
    reasons.push(`no paid-media channel was found${roles.channelCandidates.length ? ` (look-alikes: ${roles.channelCandidates.join(", ")})` : ""}: name them with channels, e.g. setRoles({ channels: [...] }).`);
  const weeks = timeline?.weeks ?? 0;
  const enough = weeks >= minRows;
  if (roles.date && !enough) reasons.push(`only ${weeks} weeks of history; an MMM needs about ${minRows} (two years) to separate carry-over and seasonality.`);
  const kpiUsable = !!kpi?.numeric && !kpi.allNull;
  return { sufficient: enough && kpiUsable, suitable: reasons.length === 0, reasons };
}
