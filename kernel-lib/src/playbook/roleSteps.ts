/**
 * The offline planner's questions about column roles: which columns are paid media (when none was
 * found, or some only look like media by their values), and what to do with negative spend. Each
 * question resumes into a tool call (set_column_roles or clean_data), then the profile is re-read.
 */
import { latest, type Conversation } from "./records";
import { answerTo, asked, askedAt, KPI_QUESTION, profileOf, type Step } from "./steps";

export const CHANNEL_QUESTION = "Which columns are paid media channels?";
export const NEGATIVE_QUESTION = "Some spend columns have negative values.";
export const NEGATIVE_OPTIONS = ["Set the negative values to 0", "Drop the rows with negative spend", "Treat those columns as controls, not channels"] as const;

interface RoleFacts {
  channels?: string[];
  channelsGiven?: boolean;
  controls?: string[];
  channelCandidates?: string[];
  impressions?: string[];
  kpi?: string;
  why?: Record<string, string>;
  negativeSpend?: { column: string; count: number; min: number; firstRow: number }[];
}

const rolesOf = (c: Conversation): RoleFacts => (profileOf(c)?.roles ?? {}) as RoleFacts;
const indexOf = (c: Conversation, tool: string) => c.records.map((r) => r.name).lastIndexOf(tool);

/** Columns to offer as channels: the detected ones, the look-alikes, then impressions and other numeric controls. */
function channelOptions(r: RoleFacts): string[] {
  const all = [...(r.channels ?? []), ...(r.channelCandidates ?? []), ...(r.impressions ?? []), ...(r.controls ?? [])];
  return [...new Set(all)].filter((c) => c !== r.kpi).slice(0, 20);
}

/** No channel found, or columns that only look like media: ask, never guess. */
export const askChannels: Step = (c) => {
  const r = rolesOf(c);
  if (r.channelsGiven || asked(c, CHANNEL_QUESTION)) return undefined;
  const candidates = r.channelCandidates ?? [];
  if ((r.channels?.length ?? 0) > 0 && candidates.length === 0) return undefined;
  const options = channelOptions(r);
  if (options.length < 2) return undefined;
  const found = r.channels?.length ? `I took ${r.channels.join(", ")} as channels by their names.` : "No column is named like media spend (spend, cost, a channel name such as tv or search).";
  const look = candidates.map((x) => `${x} (${r.why?.[x]?.replace(/^low: content: /, "") ?? "looks like media"})`);
  const question = `${CHANNEL_QUESTION} ${found}${look.length ? ` These look like media by their values: ${look.join("; ")}.` : ""} Pick every paid-media column.`;
  return { kind: "call", name: "ask_user_to_choose", args: { question, options, multiple: true, default: (r.channels?.length ? r.channels : candidates).join(", ") || undefined } };
};

/** The analyst's KPI choice is recorded on the engine, so every later step (and the profile) uses it. */
export const setKpi: Step = (c) => {
  const answer = answerTo(c, KPI_QUESTION);
  if (typeof answer !== "string" || c.records.some((x) => x.name === "set_column_roles" && x.args.kpiCol === answer)) return undefined;
  return { kind: "call", name: "set_column_roles", args: { kpiCol: answer } };
};

/** The analyst's channel choice becomes the exact channel list. */
export const setChannels: Step = (c) => {
  const answer = answerTo(c, CHANNEL_QUESTION);
  const at = askedAt(c, CHANNEL_QUESTION);
  if (answer === undefined || c.records.some((x, i) => i > at && x.name === "set_column_roles" && x.args.channels)) return undefined;
  const channels = (Array.isArray(answer) ? answer : [answer]).map(String).filter(Boolean);
  if (channels.length === 0)
    return { kind: "reply", text: 'No channel was chosen, so there is nothing to model. Tell me which columns are paid media, e.g. `await nb.setRoles({ channels: ["tv", "search"] })`, then run the analysis again.' };
  return { kind: "call", name: "set_column_roles", args: { channels } };
};

/** Spend below zero (refunds, typos): the analyst decides, the question says where. */
export const askNegativeSpend: Step = (c) => {
  const neg = rolesOf(c).negativeSpend ?? [];
  if (neg.length === 0 || asked(c, NEGATIVE_QUESTION)) return undefined;
  const where = neg.map((n) => `'${n.column}': ${n.count} negative value(s), first at row ${n.firstRow}, lowest ${n.min}`).join("; ");
  return { kind: "call", name: "ask_user_to_choose", args: { question: `${NEGATIVE_QUESTION} ${where}. Spend cannot be negative (a refund or a typo?). What should I do?`, options: [...NEGATIVE_OPTIONS], default: NEGATIVE_OPTIONS[0] } };
};

/** Apply the negative-spend answer once: clean with the chosen policy, or move the columns to controls. */
export const applyNegativeSpend: Step = (c) => {
  const answer = answerTo(c, NEGATIVE_QUESTION);
  if (answer === undefined) return undefined;
  const at = askedAt(c, NEGATIVE_QUESTION);
  if (c.records.some((x, i) => i > at && (x.name === "clean_data" || x.name === "set_column_roles"))) return undefined;
  if (answer === NEGATIVE_OPTIONS[0]) return { kind: "call", name: "clean_data", args: { negativeSpend: "zero" } };
  if (answer === NEGATIVE_OPTIONS[1]) return { kind: "call", name: "clean_data", args: { negativeSpend: "drop" } };
  const r = rolesOf(c);
  const moved = (r.negativeSpend ?? []).map((n) => n.column);
  return { kind: "call", name: "set_column_roles", args: { channels: (r.channels ?? []).filter((x) => !moved.includes(x)), controls: [...(r.controls ?? []), ...moved] } };
};

/** After roles or the data changed, profile again so the next steps read the new roles. */
export const refreshProfile: Step = (c) => {
  const cleanedNegatives = c.records.map((r, i) => (r.name === "clean_data" && r.args.negativeSpend ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  const changed = Math.max(indexOf(c, "set_column_roles"), cleanedNegatives);
  return changed > indexOf(c, "inspect_data") && latest(c, "inspect_data") ? { kind: "call", name: "inspect_data", args: {} } : undefined;
};

export const DUPLICATE_QUESTION = "Some dates occur on more than one row";
export const DUPLICATE_OPTIONS = ["Drop exact duplicate rows, then sum the rows of each week", "Stop: I will fix the file"] as const;

type Timeline = { duplicateDates?: number };

/** Two rows for one date would be fitted as two weeks: ask whether to sum them. */
export const askDuplicateDates: Step = (c) => {
  const p = profileOf(c) as { timeline?: Timeline; roles?: { geo?: string }; needsAggregation?: boolean } | undefined;
  if (!p?.timeline?.duplicateDates || p.roles?.geo || p.needsAggregation || asked(c, DUPLICATE_QUESTION)) return undefined;
  return {
    kind: "call",
    name: "ask_user_to_choose",
    args: { question: `${DUPLICATE_QUESTION} (${p.timeline.duplicateDates} dates): a model needs one row per week. What should I do?`, options: [...DUPLICATE_OPTIONS], default: DUPLICATE_OPTIONS[0] },
  };
};

/** Act on the duplicate-date answer: de-duplicate, then sum per week; or stop with what to fix. */
export const applyDuplicateDates: Step = (c) => {
  const answer = answerTo(c, DUPLICATE_QUESTION);
  if (answer === undefined) return undefined;
  if (answer === DUPLICATE_OPTIONS[1]) return { kind: "reply", text: "Stopped so you can fix the file: remove or merge the repeated dates (the profile's warnings list examples), load it again and run the analysis." };
  const at = askedAt(c, DUPLICATE_QUESTION);
  const after = (tool: string) => c.records.some((x, i) => i > at && x.name === tool);
  if (!after("clean_data")) return { kind: "call", name: "clean_data", args: { dropDuplicates: true } };
  if (!after("aggregate_weekly")) return { kind: "call", name: "aggregate_weekly", args: {} };
  return after("inspect_data") ? undefined : { kind: "call", name: "inspect_data", args: {} };
};
