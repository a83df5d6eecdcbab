/**
 * The offline planner's what-if plan: scenario, budget-change, target, ranking and explanation
 * questions in plain words, answered with the scenario and optimiser tools an LLM would call.
 *
 * - scenario ("what if I cut TV by 20%?", "move 100k from tv to search", "what if we stop tv"):
 *   simulate_scenario at current spend (the baseline: current horizon spend per channel), then the
 *   scenario's budgets; the tool returns the change against current spend (and its HDI on a Bayesian fit);
 * - budget ("optimise a budget of 3M", "what if the total budget drops 10%"): the baseline, the same
 *   total cut or raised pro rata, then optimize_budget (wider bounds once if ±50% cannot reach it);
 * - target ("what does it take to reach 10% more revenue?"): the KPI's weekly average
 *   (get_column_stats), then optimize_budget at current spend and, when reallocating is not enough, its
 *   target mode (`target: { response }`: the least total whose best mix adds it) — or, out of reach, the
 *   honest answer with what +50% on every channel would give;
 * - efficiency ("what budget keeps ROAS above 3?") and flighting ("plan the next 13 weeks with 2M"):
 *   overTime.ts, through the optimiser's target mode and plan_flighting;
 * - rank ("which channel has the best ROI?", "rank channels by marginal ROAS") and explain ("why is
 *   search's ROAS low?", "how sure are you about tv?"): roi_summary, read as sentences.
 * Each first fits the ridge model when none exists (NO_MODEL), like the ROI and budget plans.
 */
import { called, latest, type Conversation } from "../../playbook/records";
import type { Step } from "../../playbook/steps";
import type { PlanLike } from "../../playbook/words";
import { EFFICIENCY, FLIGHTING } from "./overTime";
import { call, errorText, fitNote, isBaseline, reply, weeksOf, withModel } from "./whatIfSteps";
import { budgetChangeText, explainText, meanOf, notUnderstood, rankText, scenarioText, targetNeeded, targetText, type RoiLike, type ScenarioResultLike, type TargetFacts } from "./whatIfReply";
import { channelsIn, readBudget, readExplain, readRank, readScenario, readTarget, scenarioBudgets, whatIfKind, type BudgetChange, type WhatIfKind } from "./whatIfIntent";

const baseline = (c: Conversation) => c.records.find((x) => isBaseline(x) && x.ok)?.result as unknown as ScenarioResultLike | undefined;
const baselineSteps = withModel("simulate_scenario", (c, r) => ({ budgets: {}, weeks: weeksOf(c, r) }), isBaseline, "simulate current spend");

// ---- scenario -------------------------------------------------------------------------------

const SCENARIO: Step[] = [
  ...baselineSteps,
  (c) => {
    const base = baseline(c);
    if (!base || c.records.some((x) => x.name === "simulate_scenario" && !isBaseline(x))) return undefined;
    const change = readScenario(c.request, Object.keys(base.budgets));
    if (!change) return reply(notUnderstood("scenario", Object.keys(base.budgets)));
    const budgets = Object.fromEntries(Object.entries(scenarioBudgets(change, base.budgets)).map(([k, v]) => [k, Math.round(v)]));
    return call("simulate_scenario", { budgets, weeks: base.weeks });
  },
  (c) => {
    const base = baseline(c);
    const sim = latest(c, "simulate_scenario");
    if (!base || !sim) return undefined;
    if (!sim.ok) return reply(`I could not simulate that scenario: ${errorText(sim)}`);
    const change = readScenario(c.request, Object.keys(base.budgets))!;
    return reply(scenarioText(base, sim.result as unknown as ScenarioResultLike, change) + fitNote(c));
  },
];

// ---- budget change --------------------------------------------------------------------------

function newTotal(b: BudgetChange, current: number): number {
  return "total" in b ? b.total : "factor" in b ? b.factor * current : current + b.delta;
}

const optimizeCalls = (c: Conversation) => c.records.filter((x) => x.name === "optimize_budget");

const BUDGET: Step[] = [
  ...baselineSteps,
  (c) => {
    const base = baseline(c);
    if (!base || c.records.some((x) => x.name === "simulate_scenario" && !isBaseline(x))) return undefined;
    const b = readBudget(c.request);
    if (!b) return reply(notUnderstood("budget", Object.keys(base.budgets)));
    const total = newTotal(b, base.total);
    if (!(total > 0)) return reply(`A total budget of ${Math.round(total)} leaves nothing to allocate: every channel would stop. Ask "what if we stop all channels?" for that scenario.`);
    const scale = total / base.total;
    return call("simulate_scenario", { budgets: Object.fromEntries(Object.entries(base.budgets).map(([k, v]) => [k, Math.round(v * scale)])), weeks: base.weeks });
  },
  (c) => {
    const base = baseline(c);
    if (!base || optimizeCalls(c).length) return undefined;
    return call("optimize_budget", { total: Math.round(newTotal(readBudget(c.request)!, base.total)), weeks: base.weeks });
  },
  // ±50% of current spend cannot add up to this total: once more, each channel from 0 to twice its spend.
  (c) => {
    const tries = optimizeCalls(c);
    const first = tries[0];
    if (tries.length !== 1 || first!.ok || first!.result.code !== "BOUNDS_INFEASIBLE") return undefined;
    const base = baseline(c)!;
    return call("optimize_budget", { ...first!.args, bounds: Object.fromEntries(Object.keys(base.budgets).map((ch) => [ch, { pct: 1 }])) });
  },
  (c) => {
    const plan = optimizeCalls(c).at(-1);
    if (!plan) return undefined;
    if (!plan.ok) return reply(`I could not optimise that budget: ${errorText(plan)}`);
    const base = baseline(c)!;
    const proRata = c.records.find((x) => x.name === "simulate_scenario" && !isBaseline(x) && x.ok)?.result as unknown as ScenarioResultLike | undefined;
    return reply(budgetChangeText(plan.result as unknown as PlanLike, base.kpi ?? "KPI", base.model, proRata, !!plan.args.bounds) + fitNote(c));
  },
];

// ---- target ---------------------------------------------------------------------------------

const TARGET: Step[] = [
  ...baselineSteps,
  (c) => {
    const base = baseline(c);
    if (!base || called(c, "get_column_stats")) return undefined;
    if (!readTarget(c.request)) return reply(notUnderstood("target", Object.keys(base.budgets)));
    return call("get_column_stats", { column: base.kpi });
  },
  (c) => {
    const base = baseline(c);
    const stats = latest(c, "get_column_stats");
    if (!base || !stats) return undefined;
    if (!stats.ok || typeof stats.result.mean !== "number") return reply(`I could not read the KPI's level: ${errorText(stats)}`);
    const target = readTarget(c.request)!;
    const weeklyKpi = stats.result.mean;
    const facts: TargetFacts = { target, kpi: base.kpi ?? "KPI", model: base.model, weeks: base.weeks, weeklyKpi, currentTotal: base.total, needed: targetNeeded(target, weeklyKpi, base.weeks) };
    if (facts.needed <= 0) return reply(targetText(facts, undefined, undefined));
    const calls = optimizeCalls(c);
    const failed = calls.find((x) => !x.ok && x.result.code !== "TARGET_UNREACHABLE");
    if (failed) return reply(`I could not optimise the budget: ${errorText(failed)}`);
    // 1. Reallocating today's budget; 2. the optimiser's own target search (the least total whose best mix
    // adds what is needed); 3. when that is out of reach, every channel at +50% (the most the bounds allow) for the answer.
    const current = calls[0];
    if (!current) return call("optimize_budget", { total: Math.round(base.total), weeks: base.weeks });
    const now = current.result as unknown as PlanLike;
    if (now.uplift >= facts.needed) return reply(targetText(facts, now, undefined));
    const search = calls[1];
    if (!search) return call("optimize_budget", { weeks: base.weeks, target: { response: now.currentExpected + facts.needed } });
    if (search.ok) return reply(targetText(facts, search.result as unknown as PlanLike, undefined) + fitNote(c));
    const top = calls[2];
    if (!top) return call("optimize_budget", { total: Math.round(base.total * 1.5), weeks: base.weeks });
    return reply(targetText(facts, undefined, top.result as unknown as PlanLike));
  },
];

// ---- rankings and explanations --------------------------------------------------------------

const roiSteps = withModel(
  "roi_summary",
  () => ({}),
  () => true,
  "read the channels' ROI",
);
const roiOf = (c: Conversation) => {
  const r = latest(c, "roi_summary");
  return r?.ok ? (r.result as unknown as RoiLike) : undefined;
};

const RANK: Step[] = [
  ...roiSteps,
  (c) => {
    const roi = roiOf(c);
    if (!roi) return undefined;
    const { metric, worst } = readRank(c.request);
    return reply(rankText(roi, metric, worst) + fitNote(c));
  },
];

const EXPLAIN: Step[] = [
  ...roiSteps,
  (c) => {
    const roi = roiOf(c);
    if (!roi) return undefined;
    const kind = readExplain(c.request);
    const names = roi.channels.map((x) => x.name);
    let named = channelsIn(c.request, names);
    if (!named.length) {
      // "why is the ROAS low?" reads the lowest channel; "how sure are you?" covers them all.
      const byRoas = [...roi.channels].sort((a, b) => meanOf(a.roas) - meanOf(b.roas)).map((x) => x.name);
      named = kind === "why" ? byRoas.slice(0, 1) : byRoas.reverse();
    }
    return reply(named.map((ch) => explainText(roi, ch, kind)).join("\n\n") + fitNote(c));
  },
];

const PLANS: Record<WhatIfKind, Step[]> = { scenario: SCENARIO, budget: BUDGET, target: TARGET, efficiency: EFFICIENCY, flighting: FLIGHTING, rank: RANK, explain: EXPLAIN };

/** The what-if plan: the steps of the question's kind (read from the request each turn). */
export const WHAT_IF: Step[] = [
  (c, r) => {
    const kind = whatIfKind(c.request) ?? "scenario";
    for (const step of PLANS[kind]) {
      const action = step(c, r);
      if (action) return action;
    }
    return undefined;
  },
];
