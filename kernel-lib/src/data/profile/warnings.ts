/**
 * Plain-language warnings from a profile: each says what is wrong, where, and what to do.
 */
import type { ColumnQuality } from "./quality";
import type { Roles } from "./roles";
import type { Timeline } from "./timeline";

interface WarningInput {
  rows: number;
  roles: Roles;
  quality: Record<string, ColumnQuality>;
  timeline?: Timeline;
  minRows: number;
  needsAggregation: boolean;
  sufficient: boolean;
}

/** All warnings for a profile, most important first. */
export function profileWarnings(p: WarningInput): string[] {
  return [...structureWarnings(p), ...timelineWarnings(p), ...columnWarnings(p)];
}

function structureWarnings({ roles }: WarningInput): string[] {
  const w: string[] = [...roles.problems.map((p) => p.message), ...roles.rfNotes];
  const has = (role: string) => roles.problems.some((p) => p.role === role);
  if (!roles.date && !has("date")) w.push("No date column found: name it e.g. 'date' or pass dateCol.");
  if (!roles.kpi && !has("kpi")) w.push("No KPI column found (revenue, sales, conversions, ...): pass kpiCol.");
  if (roles.channels.length === 0 && roles.rf.length === 0)
    w.push(
      `No paid-media channel found (names with spend, cost, a currency unit or a channel word such as tv or search)${roles.channelCandidates.length ? `; ${roles.channelCandidates.join(", ")} look like media by their values` : ""}: list them as channels (setRoles({ channels: [...] })).`,
    );
  if (roles.kpiCandidates.length > 1 && !roles.reasons[roles.kpi ?? ""]?.startsWith("given")) {
    w.push(`Several KPI candidates (${roles.kpiCandidates.join(", ")}); using '${roles.kpi}'. Pass kpiCol to choose another.`);
  }
  return w;
}

function timelineWarnings({ timeline: t, minRows, needsAggregation, sufficient }: WarningInput): string[] {
  if (!t) return [];
  const w: string[] = [];
  if (!sufficient) w.push(`Only ${t.weeks} weeks of history; MMM needs about ${minRows} (two years) for reliable adstock and seasonality. Results will be indicative; prefer a simple model and strong priors.`);
  if (needsAggregation) w.push(`Data is ${t.granularity}: aggregate to weeks before modelling (aggregate_weekly).`);
  if (t.granularity === "monthly") w.push("Data is monthly: adstock and weekly effects cannot be resolved; results will be coarse.");
  if (t.gaps.missing > 0) w.push(`${t.gaps.missing} missing ${t.granularity} period(s), first: ${t.gaps.examples.join(", ")}. Fill them (zero spend) or check the export.`);
  if (t.duplicateDates.count > 0) {
    const ex = t.duplicateDates.examples.map((e) => `${e.date}${e.geo ? `/${e.geo}` : ""} (${e.rows} rows)`).join(", ");
    w.push(`${t.duplicateDates.count} date(s) occur more than once, e.g. ${ex}. Remove duplicates (clean_data) or aggregate.`);
  }
  if (t.mixedWeekdays) w.push("Weekly dates fall on different weekdays: aggregate_weekly aligns them to week starts.");
  return w;
}

function columnWarnings({ roles, quality }: WarningInput): string[] {
  const w: string[] = [];
  const modelled = [roles.kpi, ...roles.channels, ...roles.controls].filter((c): c is string => Boolean(c));
  for (const c of modelled) {
    const q = quality[c];
    if (!q) continue;
    if (q.allNull) w.push(`Column '${c}' is entirely null: drop it or fix the export.`);
    else if (q.nulls > 0) w.push(`Column '${c}' has ${q.nulls} null(s) (${q.nullPct}%): clean_data fills spend with 0 and drops rows without KPI.`);
    if (q.constant && !q.allNull) w.push(`Column '${c}' is constant: it carries no information; drop it.`);
    if ((q.negatives ?? 0) > 0 && roles.channels.includes(c)) w.push(`Spend column '${c}' has ${q.negatives} negative value(s): refunds or errors? clean_data can set them to 0.`);
    if (q.vif !== undefined && q.vif > 10) w.push(`Column '${c}' is highly collinear with the other drivers (VIF ${q.vif}): its effect will be hard to separate; consider merging channels or using priors.`);
  }
  for (const c of roles.channels) {
    const q = quality[c];
    if (q && q.zeros !== undefined && q.zeros / Math.max(1, q.zeros + q.unique) > 0.8) w.push(`Channel '${c}' is zero in most periods: its effect will be poorly identified.`);
  }
  if (roles.kpi && quality[roles.kpi] && !quality[roles.kpi]!.numeric) w.push(`KPI column '${roles.kpi}' is not numeric (${quality[roles.kpi]!.dtype}).`);
  return w;
}
