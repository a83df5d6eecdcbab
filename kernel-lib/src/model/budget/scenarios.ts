/**
 * Budget scenarios: the expected KPI of a given allocation (`simulateScenario`) and a ranked
 * comparison of several (`compareScenarios`). Money is horizon money over `weeks` weeks.
 */
import { closestNames, MMMError } from "../../errors";
import type { ChannelResponse } from "../response";
import { resolveWeeks, validateChannelList } from "./constraints";

/** One channel in a simulated scenario. */
export interface ScenarioChannel {
  name: string;
  /** Horizon spend. */
  spend: number;
  weeklySpend: number;
  /** Expected incremental KPI over the horizon. */
  contribution: number;
  /** contribution / spend (0 when spend is 0). */
  roas: number;
  /** Marginal ROAS at this spend. */
  mroas: number;
}

/** A simulated scenario. */
export interface ScenarioResult {
  /** The horizon budget used per channel (channels not given kept their current spend). */
  budgets: Record<string, number>;
  weeks: number;
  total: number;
  /** Expected incremental KPI over the horizon. */
  expected: number;
  roas: number;
  perChannel: ScenarioChannel[];
  warnings: string[];
}

/** Options of the scenario functions. */
export interface ScenarioOptions {
  /** Horizon in weeks (default 52). */
  weeks?: number;
}

function invalid(what: string, hint: string, location: { column?: string; value?: unknown } = {}): MMMError {
  return new MMMError("INVALID_ARGUMENT", what, hint, location);
}

function checkBudgets(budgets: Record<string, number>, names: string[]): void {
  if (!budgets || typeof budgets !== "object" || Array.isArray(budgets)) {
    throw invalid("A scenario's budgets are not an object of channel → amount.", "Pass e.g. { tv: 200000, search: 150000 } (horizon money).");
  }
  for (const [key, value] of Object.entries(budgets)) {
    if (!names.includes(key)) {
      const near = closestNames(key, names);
      throw invalid(`Unknown channel "${key}" in the scenario budgets.`, near.length > 0 ? `Did you mean ${near.map((n) => `"${n}"`).join(", ")}?` : `Channels: ${names.join(", ")}.`, { column: key });
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw invalid(`The scenario budget of "${key}" (${String(value)}) is not a number >= 0.`, "Pass horizon spend per channel as non-negative numbers.", { column: key, value });
    }
  }
}

function simulateChannel(ch: ChannelResponse, spend: number, weeks: number): ScenarioChannel {
  const weekly = spend / weeks;
  const contribution = weeks * ch.response(weekly);
  const mroas = ch.marginal(weekly);
  if (!Number.isFinite(contribution) || !Number.isFinite(mroas)) {
    throw invalid(`Channel "${ch.name}" has no fitted response at weekly spend ${weekly}: got ${contribution / weeks}.`, "Refit the model, or leave the channel out.", { column: ch.name, value: weekly });
  }
  return { name: ch.name, spend, weeklySpend: weekly, contribution, roas: spend > 0 ? contribution / spend : 0, mroas };
}

/**
 * Expected KPI of a budget: `budgets` maps channel → horizon spend; channels left out keep their
 * current spend (currentWeekly × weeks), which `warnings` lists.
 * @example simulateScenario({ tv: 300_000, search: 120_000 }, channels, { weeks: 52 }).expected
 */
export function simulateScenario(budgets: Record<string, number>, channels: readonly ChannelResponse[], opts: ScenarioOptions = {}): ScenarioResult {
  validateChannelList(channels);
  const weeks = resolveWeeks(opts.weeks);
  const names = channels.map((c) => c.name);
  checkBudgets(budgets, names);
  const used: Record<string, number> = {};
  const kept: string[] = [];
  const perChannel = channels.map((ch) => {
    const given = budgets[ch.name];
    if (given === undefined) kept.push(ch.name);
    const spend = given ?? ch.currentWeekly * weeks;
    used[ch.name] = spend;
    return simulateChannel(ch, spend, weeks);
  });
  const total = perChannel.reduce((s, c) => s + c.spend, 0);
  const expected = perChannel.reduce((s, c) => s + c.contribution, 0);
  const warnings = kept.length > 0 ? [`Not in the scenario, kept at current spend: ${kept.join(", ")}.`] : [];
  return { budgets: used, weeks, total, expected, roas: total > 0 ? expected / total : 0, perChannel, warnings };
}

/** One row of a scenario comparison. */
export interface ScenarioRow {
  rank: number;
  name: string;
  total: number;
  expected: number;
  roas: number;
  /** Differences against the first scenario given (the baseline). */
  deltaExpected: number;
  /** deltaExpected / baseline expected × 100 (0 when the baseline expects 0). */
  deltaPct: number;
  deltaTotal: number;
  /** Contribution difference per channel against the baseline. */
  deltaByChannel: Record<string, number>;
}

/** A ranked comparison of scenarios. */
export interface ScenarioComparison {
  weeks: number;
  /** Name of the first scenario, against which deltas are taken. */
  baseline: string;
  /** Ranked by expected KPI, best first. */
  rows: ScenarioRow[];
  /** Full simulations, in the order given. */
  scenarios: (ScenarioResult & { name: string })[];
}

function checkScenarioList(scenarios: readonly { name: string; budgets: Record<string, number> }[]): void {
  if (!Array.isArray(scenarios) || scenarios.length === 0) {
    throw invalid("No scenarios to compare.", 'Pass [{ name: "current", budgets: {...} }, { name: "shift to search", budgets: {...} }].');
  }
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (!s || typeof s.name !== "string" || s.name.length === 0) {
      throw invalid("A scenario has no name.", "Give each scenario a non-empty name.");
    }
    if (seen.has(s.name)) throw invalid(`Scenario "${s.name}" appears more than once.`, "Give each scenario a distinct name.", { value: s.name });
    seen.add(s.name);
  }
}

/**
 * Simulates each scenario and ranks them by expected KPI, with deltas against the first one.
 * @example compareScenarios([{ name: "now", budgets: {} }, { name: "plan", budgets: plan.allocation }], channels)
 */
export function compareScenarios(scenarios: readonly { name: string; budgets: Record<string, number> }[], channels: readonly ChannelResponse[], opts: ScenarioOptions = {}): ScenarioComparison {
  checkScenarioList(scenarios);
  const sims = scenarios.map((s) => ({ name: s.name, ...simulateScenario(s.budgets, channels, opts) }));
  const base = sims[0]!;
  const rows = sims
    .map((s): ScenarioRow => {
      const deltaByChannel: Record<string, number> = {};
      s.perChannel.forEach((c, i) => (deltaByChannel[c.name] = c.contribution - base.perChannel[i]!.contribution));
      const deltaExpected = s.expected - base.expected;
      return {
        rank: 0,
        name: s.name,
        total: s.total,
        expected: s.expected,
        roas: s.roas,
        deltaExpected,
        deltaPct: base.expected === 0 ? 0 : (100 * deltaExpected) / Math.abs(base.expected),
        deltaTotal: s.total - base.total,
        deltaByChannel,
      };
    })
    .sort((a, b) => b.expected - a.expected);
  rows.forEach((r, i) => (r.rank = i + 1));
  return { weeks: sims[0]!.weeks, baseline: base.name, rows, scenarios: sims };
}
