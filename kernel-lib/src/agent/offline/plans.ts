/**
 * The offline planner's plans, one per kind of request. The full analysis walks every phase:
 * profile → validate → features → adstock search → ridge → evaluation → (Bayesian) → budget →
 * report, asking the analyst only where the data cannot decide (an ambiguous KPI, a long MCMC run).
 */
import { called, latest, type Conversation } from "./history";
import type { Intent } from "./intents";
import { bayesDone, bayesStep } from "./bayesStep";
import { budgetText, caveats, finalReport, fitLine, profileText, roiTable, topChannel } from "./reply";
import { askKpi, kpiOf, once, profileOf, stopIf, type Step } from "./steps";
import { applyDuplicateDates, applyNegativeSpend, setKpi, askChannels, askDuplicateDates, askNegativeSpend, refreshProfile, setChannels } from "./roleSteps";
import { rolesFromText } from "./roleIntent";
import { WHAT_IF } from "./whatIf";

const notLoaded = (c: Conversation) => latest(c, "get_data_status")?.result.loaded === false;
const failed = (c: Conversation, tool: string) => latest(c, tool)?.ok === false;
/** The `MMMError` code of the tool's latest failure (tool results carry it; the planner branches on it, never on message text). */
const codeOf = (c: Conversation, tool: string) => latest(c, tool)?.result.code;
const errorOf = (c: Conversation, tool: string) => `${String(latest(c, tool)?.result.error ?? "")} ${String(latest(c, tool)?.result.hint ?? "")}`.trim();

const loadSteps: Step[] = [
  once("get_data_status"),
  once(
    "load_data",
    (_c, r) => ({ source: r.source, kpiCol: r.kpi }),
    (c, r) => notLoaded(c) && !!r.source,
  ),
  stopIf((c, r) => (notLoaded(c) && !r.source ? 'No data is loaded. Load a table first: `await initMMM({ source: "path/to/weekly.csv" })`, or ask me to "load data/weekly.csv".' : undefined)),
  stopIf((c) => (failed(c, "load_data") ? `Loading failed: ${errorOf(c, "load_data")}` : undefined)),
];

const profileSteps: Step[] = [...loadSteps, once("inspect_data"), stopIf((c) => (failed(c, "inspect_data") ? `Profiling failed: ${errorOf(c, "inspect_data")}` : undefined))];

function hasStep(c: Conversation, step: string): boolean {
  const s = latest(c, "get_data_status")?.result.steps as { step: string }[] | undefined;
  return !!s?.some((x) => x.step === step) || called(c, step);
}

const ready = (c: Conversation) => latest(c, "validate_mmm_readiness")?.result as { ready?: boolean; blockers?: string[] } | undefined;

const modelSteps: Step[] = [
  once("get_adstock_recommendations", (c, r) => ({ kpi: kpiOf(c, r) })),
  once("optimize_all_adstock_parameters", (c, r) => ({ kpi: kpiOf(c, r), seed: 1, evaluations: 10_000 })),
  once("run_ols_mmm", (c, r) => ({ kpi: kpiOf(c, r) })),
  stopIf((c) => (failed(c, "run_ols_mmm") ? `The ridge fit failed: ${errorOf(c, "run_ols_mmm")}` : undefined)),
  once("model_diagnostics"),
  once("roi_summary"),
];

/**
 * A budget far from current spend cannot keep every channel within ±50% of today: retry once
 * letting each channel range from 0 to twice its current spend, and say so.
 */
const widenBudgetBounds: Step = (c, r) => {
  const tries = c.records.filter((x) => x.name === "optimize_budget");
  if (tries.length !== 1 || tries[0]!.ok || tries[0]!.result.code !== "BOUNDS_INFEASIBLE") return undefined;
  const channels = (latest(c, "roi_summary")?.result.channels as { name: string }[] | undefined)?.map((x) => x.name) ?? [];
  return { kind: "call", name: "optimize_budget", args: { total: r.budget, weeks: r.weeks, bounds: Object.fromEntries(channels.map((ch) => [ch, { pct: 1 }])) } };
};

/** Evaluate again once the Bayesian fit exists (the report reads the latest model). */
function afterBayes(tool: string): Step {
  return (c, r) => {
    if (!r.bayesian || !bayesDone(c)) return undefined;
    const fit = c.records.findIndex((y) => y.name === "run_bayesian_mmm" && y.ok && !y.result.needsConfirmation);
    return c.records.some((x, i) => x.name === tool && i > fit) ? undefined : { kind: "call", name: tool, args: {} };
  };
}

/** The roles the data cannot settle by itself: KPI, channels, negative spend (each a question, then a tool call). */
const roleSteps: Step[] = [askKpi, setKpi, refreshProfile, askChannels, setChannels, refreshProfile, askNegativeSpend, applyNegativeSpend, refreshProfile, askDuplicateDates, applyDuplicateDates];

const FULL: Step[] = [
  ...profileSteps,
  ...roleSteps,
  once("validate_mmm_readiness"),
  // Aggregation is fixed below; any other blocker needs the analyst.
  stopIf((c) => {
    const b = (ready(c)?.blockers ?? []).filter((x) => !/aggregate to weeks/.test(x));
    return b.length ? `${profileText(c)}\n\nThe data is not ready for MMM:\n${b.map((x) => `- ${x}`).join("\n")}` : undefined;
  }),
  once("clean_data"),
  once(
    "aggregate_weekly",
    () => ({}),
    (c) => profileOf(c)?.needsAggregation === true && !hasStep(c, "aggregate_weekly"),
  ),
  once(
    "add_time_features",
    () => ({ fourierOrder: 2 }),
    (c) => !hasStep(c, "add_time_features"),
  ),
  ...modelSteps,
  (c, r) => (r.bayesian && !bayesDone(c) ? bayesStep(c, r) : undefined),
  afterBayes("model_diagnostics"),
  afterBayes("roi_summary"),
  once("optimize_budget", (_c, r) => ({ total: r.budget, weeks: r.weeks })),
  widenBudgetBounds,
  once("plot_response_curves"),
  once("add_analysis_note", (c) => {
    const top = topChannel(c);
    const fit = fitLine(c)?.replace(/^- /gm, "") ?? "no model";
    return { note: `${fit}${top ? ` Highest ROAS: ${top.name} (${top.roas.toFixed(2)}).` : ""}`, category: "insight" };
  }),
  once(
    "export_report",
    (_c, r) => ({ dir: r.exportDir }),
    (_c, r) => !!r.exportDir,
  ),
  (c) => ({ kind: "reply", text: finalReport(c) }),
];

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

const PLANS: Record<Exclude<Intent, "continue">, Step[]> = {
  full: FULL,
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
      text: 'I am the offline planner (no LLM is configured). I can: profile the data ("profile this dataset"), run a full analysis ("run a full analysis, budget 1,000,000"), show ROI ("which channel has the best ROAS?"), optimise the budget ("optimise a budget of 500k"), answer what-if questions ("what if I cut TV by 20%?", "move 100k from tv to search", "what does it take to reach 10% more revenue?", "why is search\'s ROAS low?"), fit the Bayesian model ("fit the Bayesian model"), and list tools. Configure an LLM (llm option, or DATABRICKS_HOST + DATABRICKS_TOKEN) for open questions.',
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

export function planFor(intent: Intent): Step[] {
  return PLANS[intent === "continue" ? "full" : intent];
}
