/**
 * Building blocks of the offline planner's plans. A step looks at the conversation and either
 * returns the next action (a tool call, a question, the final reply) or nothing (done or not
 * needed), and the planner takes the first step that acts.
 */
import { called, latest, type Conversation } from "./records";
import type { AnalysisRequest } from "./request";

export type Action = { kind: "call"; name: string; args: Record<string, unknown> } | { kind: "reply"; text: string };
export type Step = (c: Conversation, req: AnalysisRequest) => Action | undefined;

/** The first action of `plan` for this conversation (the final reply "Done." when no step acts). */
export function nextStep(plan: readonly Step[], c: Conversation, req: AnalysisRequest): Action {
  for (const step of plan) {
    const action = step(c, req);
    if (action) return action;
  }
  return { kind: "reply", text: "Done." };
}

/** Call `tool` once (if `when` allows). */
export function once(tool: string, args: (c: Conversation, req: AnalysisRequest) => Record<string, unknown> = () => ({}), when: (c: Conversation, req: AnalysisRequest) => boolean = () => true): Step {
  return (c, req) => (!called(c, tool) && when(c, req) ? { kind: "call", name: tool, args: stripUndefined(args(c, req)) } : undefined);
}

/** Call `tool` once with these `args` (a tool with an analysis switch is called once per analysis). */
export function onceWith(tool: string, args: Record<string, unknown>, when: (c: Conversation, req: AnalysisRequest) => boolean = () => true): Step {
  const same = (x: Record<string, unknown>) => Object.entries(args).every(([k, v]) => x[k] === v);
  return (c, req) => (!c.records.some((r) => r.name === tool && same(r.args)) && when(c, req) ? { kind: "call", name: tool, args } : undefined);
}

/** Stop with `text` when `cond` holds. */
export function stopIf(cond: (c: Conversation, req: AnalysisRequest) => string | undefined): Step {
  return (c, req) => {
    const text = cond(c, req);
    return text === undefined ? undefined : { kind: "reply", text };
  };
}

export function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Where in the conversation the question whose text starts with `prefix` was asked (−1 if not). */
export function askedAt(c: Conversation, prefix: string): number {
  return c.records.findIndex((x) => (x.name === "ask_user_to_choose" || x.name === "ask_user") && String(x.args.question ?? "").startsWith(prefix));
}

/** The answer the analyst gave to the question whose text starts with `prefix`. */
export function answerTo(c: Conversation, prefix: string): unknown {
  return c.records[askedAt(c, prefix)]?.result.answer;
}

export function asked(c: Conversation, prefix: string): boolean {
  return askedAt(c, prefix) >= 0;
}

type Profile = {
  roles?: { kpi?: string; kpiGiven?: boolean; kpiCandidates?: string[]; channels?: string[]; controls?: string[]; impressions?: string[]; categorical?: string[]; problems?: { role: string }[] };
  needsAggregation?: boolean;
  granularity?: string;
};

export const profileOf = (c: Conversation): Profile | undefined => latest(c, "inspect_data")?.result as Profile | undefined;

export const KPI_QUESTION = "Which column is the KPI to model?";

/** The KPI: stated in the request, chosen by the analyst, or the profile's. */
export function kpiOf(c: Conversation, req: AnalysisRequest): string | undefined {
  const chosen = answerTo(c, KPI_QUESTION);
  return req.kpi ?? (typeof chosen === "string" ? chosen : undefined);
}

/**
 * Several plausible KPI columns, none given — or none at all: ask rather than stop. With no
 * candidate by name, every numeric column is offered.
 */
export const askKpi: Step = (c, req) => {
  const p = profileOf(c);
  const r = p?.roles;
  const cands = r?.kpiCandidates ?? [];
  if (req.kpi || r?.kpiGiven || asked(c, KPI_QUESTION)) return undefined;
  if (cands.length >= 2) return { kind: "call", name: "ask_user_to_choose", args: { question: `${KPI_QUESTION} Several columns look like one.`, options: cands.slice(0, 8), default: r?.kpi } };
  // A KPI-named column with bad values needs fixing in the file, not a different KPI.
  if (r?.kpi || cands.length || r?.problems?.some((x) => x.role === "kpi")) return undefined;
  const numeric = [...(r?.controls ?? []), ...(r?.impressions ?? []), ...(r?.channels ?? [])].filter((x) => !(r?.categorical ?? []).includes(x));
  if (numeric.length < 2) return undefined;
  return { kind: "call", name: "ask_user_to_choose", args: { question: `${KPI_QUESTION} No column is named like one (revenue, sales, conversions, ...).`, options: numeric.slice(0, 20) } };
};
