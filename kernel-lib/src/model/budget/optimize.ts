/**
 * `optimizeBudget`: the allocation of a horizon budget across channels that maximises the expected
 * incremental KPI, by the hull-relaxation + active-set Newton method of kkt.ts, checked (and, if it
 * ever finds a better basin, refined) by seeded differential evolution.
 */
import { createRng } from "../../math/random";
import type { ChannelResponse } from "../response";
import { resolveProblem, type BudgetOptions } from "./constraints";
import type { GeoSplit } from "./geoSplit";
import { multiStartEvolution } from "./evolution";
import { newtonPolish, solveKkt, type LocalOptimum } from "./kkt";
import { channelGrad, totalValue, type BudgetProblem } from "./problem";

export type { BudgetBound, BudgetOptions } from "./constraints";

/**
 * Where a channel ends up relative to its bounds: strictly inside ("interior", marginal ROAS at
 * the common level), at its lower or its given upper bound, or "fixed" (a fixed budget, or a ±pct
 * bound around zero current spend).
 */
export type ChannelStatus = "interior" | "lower" | "upper" | "fixed";

/**
 * The optimised plan. Money is horizon money (spend over `weeks` weeks); KPI is the expected
 * incremental KPI from media over the horizon (baseline excluded). JSON-serialisable.
 */
export interface BudgetPlan {
  /** Optimal horizon budget per channel; sums to `total`. Weekly spend = allocation / weeks. */
  allocation: Record<string, number>;
  /** Current spend over the horizon: currentWeekly × weeks. */
  current: Record<string, number>;
  /** Expected incremental KPI over the horizon at `allocation`. */
  expected: number;
  /** Expected incremental KPI over the horizon at current spend. */
  currentExpected: number;
  uplift: number;
  /** uplift / currentExpected × 100 (0 when currentExpected is 0). */
  upliftPct: number;
  /** Marginal ROAS at the optimum (equal on all `interior` channels). */
  mroas: Record<string, number>;
  /** Each channel's position relative to its bounds. */
  status: Record<string, ChannelStatus>;
  weeks: number;
  total: number;
  method: string;
  /**
   * Global check: the best of several seeded differential-evolution runs, each refined by Newton
   * (`deExpected`), and its relative shortfall against `expected` (≥ 0; ~0 when both methods find
   * the same optimum). When DE finds a better basin, its allocation is the one reported.
   */
  check?: { deExpected: number; gap: number };
  /** On a Bayesian fit: the uplift under every posterior draw (mean, sd, 94% HDI). */
  upliftPosterior?: { mean: number; sd: number; hdi94: [number, number] };
  /** A per-geo plan (geoBudget.ts; allocation keys are `channel@geo` cells): sums per cell, geo and channel. */
  geo?: GeoSplit;
  warnings: string[];
}

const METHOD = "concave-hull relaxation + active-set Newton (KKT)";

/**
 * Maximises expected KPI = weeks × Σ_c response_c(allocation_c / weeks) subject to
 * Σ allocation = total and per-channel bounds / fixed budgets.
 * @param total spend over the horizon (default horizon 52 weeks).
 * @example
 * const plan = optimizeBudget(1_000_000, channels, { bounds: { tv: { pct: 0.2 } }, fixed: { ooh: 50_000 } });
 * plan.allocation; // { tv: …, search: …, ooh: 50000 }
 */
export function optimizeBudget(total: number, channels: readonly ChannelResponse[], opts: BudgetOptions = {}): BudgetPlan {
  const p = resolveProblem(total, channels, opts);
  const seed = opts.seed ?? 1;
  createRng(seed); // validates the seed before any work
  let best: LocalOptimum = solveKkt(p, [p.current]);
  let method = METHOD;
  const warnings: string[] = [...p.notes];
  let check: BudgetPlan["check"];
  if (opts.check ?? true) {
    const de = multiStartEvolution(p, { seed, refine: (x) => newtonPolish(p, x) });
    if (de.value > best.value + 1e-9 * Math.abs(best.value)) {
      warnings.push(`Differential evolution found a better allocation than the gradient method (+${relGap(de.value, best.value)}%); it is reported.`);
      best = { x: de.x, value: de.value, iterations: 0 };
      method = `${METHOD}; differential evolution found the better basin`;
    }
    check = { deExpected: de.value, gap: Math.max(0, (best.value - de.value) / Math.max(Math.abs(best.value), 1e-300)) };
    method += `, checked by differential evolution (${de.restarts} seeded runs, each Newton-refined)`;
  }
  return buildPlan(p, best.x, method, warnings, check);
}

function relGap(a: number, b: number): string {
  return ((100 * (a - b)) / Math.max(Math.abs(b), 1e-300)).toPrecision(3);
}

function statusOf(p: BudgetProblem, c: number, x: number): ChannelStatus {
  const lo = p.lo[c]!;
  const hi = p.hi[c]!;
  const tol = 1e-9 * p.total;
  if (hi - lo <= tol) return "fixed";
  if (x - lo <= tol) return "lower";
  if (p.hiGiven[c]! - x <= tol) return "upper";
  return "interior";
}

function buildPlan(p: BudgetProblem, x: Float64Array, method: string, warnings: string[], check: BudgetPlan["check"]): BudgetPlan {
  const allocation: Record<string, number> = {};
  const current: Record<string, number> = {};
  const mroas: Record<string, number> = {};
  const status: Record<string, ChannelStatus> = {};
  p.names.forEach((name, c) => {
    allocation[name] = x[c]!;
    current[name] = p.current[c]!;
    mroas[name] = channelGrad(p, c, x[c]!);
    status[name] = statusOf(p, c, x[c]!);
  });
  const expected = totalValue(p, x);
  const currentExpected = totalValue(p, p.current);
  const uplift = expected - currentExpected;
  if (currentExpected === 0) warnings.push("The current allocation has zero expected KPI, so upliftPct is reported as 0.");
  warnings.push(...planWarnings(p, mroas, status));
  const plan: BudgetPlan = {
    allocation,
    current,
    expected,
    currentExpected,
    uplift,
    upliftPct: currentExpected === 0 ? 0 : (100 * uplift) / Math.abs(currentExpected),
    mroas,
    status,
    weeks: p.weeks,
    total: p.total,
    method,
    warnings,
  };
  if (check) plan.check = check;
  return plan;
}

const fmt = (v: number): string => String(+v.toPrecision(3));

/** Notes an analyst should see: total vs current spend, and channels held by their bounds. */
function planWarnings(p: BudgetProblem, mroas: Record<string, number>, status: Record<string, ChannelStatus>): string[] {
  const out: string[] = [];
  let currentTotal = 0;
  for (const v of p.current) currentTotal += v;
  if (currentTotal > 0 && Math.abs(p.total - currentTotal) > 0.01 * currentTotal) {
    const pct = (100 * (p.total - currentTotal)) / currentTotal;
    out.push(`The total ${Math.round(p.total)} is ${fmt(Math.abs(pct))}% ${pct > 0 ? "above" : "below"} current spend over ${p.weeks} weeks (${Math.round(currentTotal)}); the uplift includes the effect of that change.`);
  }
  const interior = p.names.filter((n) => status[n] === "interior").map((n) => mroas[n]!);
  if (interior.length === 0) return out;
  const level = interior.sort((a, b) => a - b)[interior.length >> 1]!;
  for (const name of p.names) {
    const m = mroas[name]!;
    if (status[name] === "upper" && m > level * 1.001) {
      out.push(`"${name}" is held at its upper bound: its marginal ROAS ${fmt(m)} is above the others' ${fmt(level)}, so a looser bound would raise the KPI.`);
    } else if (status[name] === "lower" && m < level * 0.999 && p.lo[p.names.indexOf(name)]! > 0) {
      out.push(`"${name}" is held at its lower bound: its marginal ROAS ${fmt(m)} is below the others' ${fmt(level)}, so a lower minimum would raise the KPI.`);
    }
  }
  return out;
}
