/**
 * The chat's questions about budgets over time and efficiency targets, answered with the
 * optimiser's own modes: "plan the next 13 weeks with 2M" → plan_flighting (week-by-week spend with
 * carry-over); "what budget keeps ROAS above 3?", "the most we can spend at a CPA of 25" →
 * optimize_budget's target mode. Each first fits the ridge model when none exists; an unreachable
 * target is answered with the best the model can reach (the tool's code, never its message).
 */
import type { Conversation, ToolRecord } from "../../playbook/records";
import type { Step } from "../../playbook/steps";
import { short, whole } from "../../playbook/words";
import { parseAmount } from "./whatIfIntent";
import { fitNote, reply, weeksOf, withModel } from "./whatIfSteps";

export type Efficiency = { roas: number } | { cpa: number } | { mroas: number };

const NUM = String.raw`[$€£]?\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m|million|thousand)?`;

/** "ROAS above 3", "a target ROAS of 2.5", "CPA of 25", "marginal ROAS at least 1". */
export function readEfficiency(text: string): Efficiency | undefined {
  const after = (word: string) => new RegExp(String.raw`\b${word}\b[^0-9$€£]{0,30}${NUM}`, "i").exec(text);
  const m = after("marginal roas") ?? after("mroas");
  if (m) return { mroas: parseAmount(m[1]!, m[2]) };
  const r = after("roas") ?? after("roi");
  if (r) return { roas: parseAmount(r[1]!, r[2]) };
  const c = after("cpa") ?? after("cost per (?:acquisition|conversion)");
  return c ? { cpa: parseAmount(c[1]!, c[2]) } : undefined;
}

/** The spend the flighting question names ("with 2M", "a budget of 500k"), if any. */
function totalIn(text: string): number | undefined {
  const m = new RegExp(String.raw`\b(?:with|of|budget|spend(?:ing)?|total)\s+(?:of\s+)?${NUM}(?![\d%])(?!\s*weeks?)`, "i").exec(text);
  return m ? parseAmount(m[1]!, m[2]) : undefined;
}

const isTarget = (r: ToolRecord) => r.name === "optimize_budget" && r.args.target !== undefined;

type FlightRows = {
  model: string;
  weeks: number;
  from: string;
  to: string;
  total: number;
  incremental: number;
  roas: number;
  evenWeeks: { incremental: number };
  spendByChannel: Record<string, number>;
  weekly: Record<string, number | string>[];
  warnings?: string[];
};

function flightingText(p: FlightRows, kpi: string): string {
  const timing = p.incremental - p.evenWeeks.incremental;
  const head = `**A ${p.weeks}-week plan (${p.from} to ${p.to}) for ${short(p.total)}** adds an estimated ${short(p.incremental)} ${kpi} (ROAS ${p.roas.toFixed(2)}) on top of the carry-over of past spend; the timing is worth ${timing >= 0 ? "+" : "−"}${short(Math.abs(timing))} against spreading each channel's total evenly over the weeks.`;
  const channels = Object.keys(p.spendByChannel);
  const rows = p.weekly.slice(0, 13).map((w) => `| ${w.date} | ${channels.map((c) => whole(Number(w[c] ?? 0))).join(" | ")} |`);
  const more = p.weekly.length > 13 ? `\n\n(first 13 of ${p.weekly.length} weeks; the chart "flighting" shows them all)` : "";
  const assumptions = `Assumptions: the current ${p.model} model; each channel between 0 and twice its highest observed week; carry-over after the plan counted.`;
  return `${head}\n\n| week | ${channels.join(" | ")} |\n|---|${channels.map(() => "---:").join("|")}|\n${rows.join("\n")}${more}\n\n${assumptions}${p.warnings?.length ? `\n\n${p.warnings.map((w) => `- ${w}`).join("\n")}` : ""}`;
}

/** The KPI's name as the tools give it (the plan's own, or any earlier result's). */
const kpiOf = (c: Conversation) => String([...c.records].reverse().find((r) => typeof r.result.kpi === "string")?.result.kpi ?? "KPI");

export const FLIGHTING: Step[] = [
  ...withModel(
    "plan_flighting",
    (c) => ({ weeks: /\b(\d+)\s*weeks?\b/i.exec(c.request) ? Number(/\b(\d+)\s*weeks?\b/i.exec(c.request)![1]) : undefined, total: totalIn(c.request) }),
    () => true,
    "plan the weeks",
  ),
  (c) => {
    const last = c.records.filter((r) => r.name === "plan_flighting").at(-1);
    return last?.ok ? reply(flightingText(last.result as unknown as FlightRows, kpiOf(c)) + fitNote(c)) : undefined;
  },
];

type TargetRows = { total: number; weeks: number; expected: number; allocation: Record<string, number>; current: Record<string, number>; target: { kind: string; value: number; achieved: number; binding: boolean } };

const WORDS: Record<string, (v: number) => string> = {
  roas: (v) => `keeps ROAS (incremental KPI per unit of spend) at or above ${v}`,
  cpa: (v) => `keeps the cost per unit of KPI at or below ${v}`,
  mroas: (v) => `keeps the marginal ROAS (the last unit's return) at or above ${v}`,
};

function efficiencyText(p: TargetRows, kpi: string): string {
  const t = p.target;
  const rows = Object.entries(p.allocation).map(([ch, v]) => `| ${ch} | ${whole(p.current[ch] ?? 0)} | ${whole(v)} |`);
  const head = t.binding
    ? `**The most you can spend over ${p.weeks} weeks and still meet it is about ${short(p.total)}**: the best mix of that ${WORDS[t.kind]!(t.value)} (achieved ${t.achieved.toFixed(2)}), for ${short(p.expected)} ${kpi} from media.`
    : `**Every total up to ${short(p.total)} over ${p.weeks} weeks meets it** (the largest searched, within ±50% of current spend per channel): the best mix ${WORDS[t.kind]!(t.value)} with ${t.achieved.toFixed(2)}.`;
  return `${head}\n\n| channel | current | at that total |\n|---|---:|---:|\n${rows.join("\n")}\n\nAssumptions: the current model; each channel within ±50% of its current spend.`;
}

export const EFFICIENCY: Step[] = [
  (c) => (readEfficiency(c.request) ? undefined : reply('Say the target with its number, e.g. "what budget keeps ROAS above 3?" or "the most we can spend at a CPA of 25".')),
  ...withModel("optimize_budget", (c, r) => ({ weeks: weeksOf(c, r), target: readEfficiency(c.request) }), isTarget, "find that budget"),
  (c) => {
    const last = c.records.filter(isTarget).at(-1);
    if (!last) return undefined;
    if (last.ok) return reply(efficiencyText(last.result as unknown as TargetRows, kpiOf(c)) + fitNote(c));
    return undefined;
  },
];
