/**
 * The offline planner's plans, one per kind of chat request. The full analysis is the playbook's
 * (playbook/fullPlan.ts, the same steps `fullAnalysis` runs without an agent); the others answer
 * one question each: roles, ROI, budget, the Bayesian fit, what-if, tools, history, help.
 */
import { FULL_ANALYSIS, codeOf, errorOf, failed, loadSteps, profileSteps } from "../../playbook/fullPlan";
import { bayesDone, bayesStep } from "../../playbook/bayesStep";
import { called, latest, type Conversation } from "../../playbook/records";
import { budgetText, caveats, fitLine, profileText, roiTable } from "../../playbook/reply";
import { once, profileOf, stopIf, type Step } from "../../playbook/steps";
import type { Intent } from "./intents";
import { rolesFromText } from "./roleIntent";
import { WHAT_IF } from "./whatIf";

const needsModel = (c: Conversation, tool: string) => failed(c, tool) && codeOf(c, tool) === "NO_MODEL";

/** "search, social and email are my channels": the named columns become those roles, then the profile shows them. */
const ROLES: Step[] = [
  once("inspect_data"),
  (c) => {
    if (called(c, "set_column_roles")) return undefined;
    const columns = (profileOf(c) as { columns?: string[] } | undefined)?.columns ?? [];
    const roles = rolesFromText(c.request, columns);
    if (Object.keys(roles).length === 0) return { kind: "reply", text: `I could not find those columns in the data. The columns are: ${columns.join(", ")}. Name them exactly, e.g. "tv_spend, search_spend are my channels".` };
    return { kind: "call", name: "set_column_roles", args: roles as Record<string, unknown> };
  },
  stopIf((c) => (failed(c, "set_column_roles") ? `I could not set those roles: ${errorOf(c, "set_column_roles")}` : undefined)),
  (c) => {
    const r = latest(c, "set_column_roles")?.result as { kpi?: string; channels?: string[]; controls?: string[]; negativeSpend?: unknown[] } | undefined;
    if (!r) return undefined;
    return {
      kind: "reply",
      text: `Roles set. **KPI**: ${r.kpi ?? "not set"}. **Channels** (${r.channels?.length ?? 0}): ${r.channels?.join(", ") || "none"}. **Controls**: ${r.controls?.join(", ") || "none"}.${r.negativeSpend?.length ? " Some channels have negative spend: the full analysis will ask what to do." : ""} Run the full analysis when ready.`,
    };
  },
];

const PLANS: Record<Exclude<Intent, "continue">, readonly Step[]> = {
  full: FULL_ANALYSIS,
  roles: ROLES,
  profile: [...profileSteps, once("validate_mmm_readiness"), (c) => ({ kind: "reply", text: profileText(c) })],
  roi: [
    once("roi_summary"),
    once(
      "run_ols_mmm",
      () => ({}),
      (c) => needsModel(c, "roi_summary"),
    ),
    (c) => (needsModel(c, "roi_summary") && latest(c, "run_ols_mmm")?.ok && c.records.filter((x) => x.name === "roi_summary").length < 2 ? { kind: "call", name: "roi_summary", args: {} } : undefined),
    (c) => ({ kind: "reply", text: roiTable(c) ? `${fitLine(c) ?? ""}\n\n${roiTable(c)}`.trim() : `No ROI is available yet: ${errorOf(c, "roi_summary")}` }),
  ],
  budget: [
    once("optimize_budget", (_c, r) => ({ total: r.budget, weeks: r.weeks })),
    once(
      "run_ols_mmm",
      () => ({}),
      (c) => needsModel(c, "optimize_budget"),
    ),
    (c, r) =>
      needsModel(c, "optimize_budget") && latest(c, "run_ols_mmm")?.ok && c.records.filter((x) => x.name === "optimize_budget").length < 2 ? { kind: "call", name: "optimize_budget", args: { total: r.budget, weeks: r.weeks } } : undefined,
    (c) => ({ kind: "reply", text: budgetText(c) ?? `I could not optimise the budget: ${errorOf(c, "optimize_budget")}` }),
  ],
  bayesian: [
    ...loadSteps,
    (c, r) => (!bayesDone(c) ? bayesStep(c, r) : undefined),
    once("model_diagnostics", () => ({}), bayesDone),
    once("roi_summary", () => ({}), bayesDone),
    (c) => ({ kind: "reply", text: bayesDone(c) ? [fitLine(c), roiTable(c), ...caveats(c).map((x) => `- ${x}`)].filter(Boolean).join("\n\n") : "I kept the ridge model; ask again when you want the Bayesian fit." }),
  ],
  whatif: WHAT_IF,
  tools: [once("list_all_tools"), (c) => ({ kind: "reply", text: toolsText(c) })],
  history: [once("get_analysis_history"), (c) => ({ kind: "reply", text: `\`\`\`json\n${JSON.stringify(latest(c, "get_analysis_history")?.result, null, 2)}\n\`\`\`` })],
  help: [
    once("get_data_status"),
    () => ({
      kind: "reply",
      text: 'I am the offline planner (no LLM is configured). I can: profile the data ("profile this dataset"), run a full analysis ("run a full analysis, budget 1,000,000"), show ROI ("which channel has the best ROAS?"), optimise the budget ("optimise a budget of 500k"), answer what-if questions ("what if I cut TV by 20%?", "move 100k from tv to search", "what does it take to reach 10% more revenue?", "why is search\'s ROAS low?"), plan weeks ("plan the next 13 weeks with 2M"), find a budget for a target ("what budget keeps ROAS above 3?"), fit the Bayesian model ("fit the Bayesian model"), and list tools. Configure an LLM (llm option, or DATABRICKS_HOST + DATABRICKS_TOKEN) for open questions.',
    }),
  ],
};

function toolsText(c: Conversation): string {
  const r = latest(c, "list_all_tools")?.result as { total?: number; builtIn?: number; byCategory?: Record<string, string[]> } | undefined;
  if (!r?.byCategory) return "I could not list the tools.";
  return `${r.total} tools (${r.builtIn} built in):\n${Object.entries(r.byCategory)
    .map(([k, v]) => `- **${k}** (${v.length}): ${v.join(", ")}`)
    .join("\n")}`;
}

export function planFor(intent: Intent): readonly Step[] {
  return PLANS[intent === "continue" ? "full" : intent];
}
