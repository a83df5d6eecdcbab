/**
 * Budget optimiser benchmark: 12 channels (6 concave exponential, 6 S-shaped Hill curves), a
 * 52-week horizon with the total at current spend, a ±50% bound on two channels and one fixed.
 * Reports the mean time of the gradient method alone and with the differential-evolution check,
 * and the relative gap between the two methods' optima.
 * Run alone: `node --import tsx bench/budget.ts`.
 */
import { optimizeBudget, type BudgetOptions } from "../kernel-lib/src/model/budget";
import type { ChannelResponse } from "../kernel-lib/src/model/response";

function channels(): ChannelResponse[] {
  const out: ChannelResponse[] = [];
  for (let i = 0; i < 6; i++) {
    const c = 4000 + 900 * i;
    const k = 600 + 250 * i;
    out.push({
      name: `concave_${i}`,
      currentWeekly: 500 + 120 * i,
      response: (s) => c * (1 - Math.exp(-s / k)),
      marginal: (s) => (c / k) * Math.exp(-s / k),
    });
  }
  for (let i = 0; i < 6; i++) {
    const b = 5000 + 700 * i;
    const K = 800 + 300 * i;
    const S = 1.4 + 0.4 * i;
    out.push({
      name: `hill_${i}`,
      currentWeekly: 400 + 150 * i,
      response: (s) => (b * s ** S) / (K ** S + s ** S),
      marginal: (s) => (s <= 0 ? (S > 1 ? 0 : S === 1 ? b / K : Infinity) : (b * S * K ** S * s ** (S - 1)) / (K ** S + s ** S) ** 2),
    });
  }
  return out;
}

function meanMs(runs: number, f: () => void): number {
  f(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) f();
  return (performance.now() - t0) / runs;
}

/** Timing and agreement figures for the budget optimiser (12 channels). */
export function budgetBench(): object {
  const chs = channels();
  const weeks = 52;
  const total = chs.reduce((s, c) => s + c.currentWeekly, 0) * weeks;
  const opts: BudgetOptions = { weeks, bounds: { concave_0: { pct: 0.5 }, hill_2: { pct: 0.5 } }, fixed: { hill_5: 20_000 } };
  const gradientMs = meanMs(200, () => optimizeBudget(total, chs, { ...opts, check: false }));
  const checkedMs = meanMs(10, () => optimizeBudget(total, chs, { ...opts, check: true }));
  const gaps: number[] = [];
  for (const scale of [0.5, 1, 2]) {
    for (const seed of [1, 2, 3]) {
      const plan = optimizeBudget(total * scale, chs, { ...opts, seed, check: true });
      gaps.push(plan.check!.gap);
    }
  }
  const plan = optimizeBudget(total, chs, opts);
  return {
    channels: chs.length,
    weeks,
    gradientMsPerOptimisation: +gradientMs.toFixed(3),
    withDeCheckMsPerOptimisation: +checkedMs.toFixed(2),
    maxRelativeGapToDe: Math.max(...gaps),
    upliftPct: +plan.upliftPct.toFixed(3),
    method: plan.method,
  };
}

if (require.main === module) console.log(JSON.stringify(budgetBench(), null, 2));
