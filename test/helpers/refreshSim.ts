/**
 * Simulated data for a refresh (issue #16 item 5): `bayesSimulation`'s family where the first
 * channel's effect (β) is multiplied by `factor` from week `changeWeek` on, the other channels
 * constant. Returns the table, the true ROAS of each channel before the change (weeks before it)
 * and the first channel's ROAS under its new effect over the whole span (what a refit on all weeks
 * should move toward).
 */
import { bayesSimulation } from "./bayesSim";
import { pl } from "../../kernel-lib/src/data/polars";

export function effectChangeSimulation(seed: number, opts: { weeks?: number; changeWeek?: number; factor?: number; channels?: number; noise?: number } = {}) {
  const weeks = opts.weeks ?? 156;
  const cut = opts.changeWeek ?? 104;
  const factor = opts.factor ?? 2;
  const { sim } = bayesSimulation(seed, { weeks, channels: opts.channels ?? 3, noise: opts.noise ?? 0.02 });
  const t = sim.truth;
  const ch0 = t.channels[0]!;
  const kpi = (sim.data.getColumn("revenue").toArray() as number[]).map((y, w) => y + (w >= cut ? (factor - 1) * ch0.weekly[w]! : 0));
  const data = sim.data.withColumns(pl.Series("revenue", kpi, pl.Float64));
  const spendOf = (c: (typeof t.channels)[number]) => sim.data.getColumn(c.column).toArray() as number[];
  const sum = (v: readonly number[], from: number, to: number) => v.slice(from, to).reduce((a, x) => a + x, 0);
  const before = t.channels.map((c) => sum(c.weekly, 0, cut) / sum(spendOf(c), 0, cut));
  const after0 = (factor * sum(ch0.weekly, 0, weeks)) / sum(spendOf(ch0), 0, weeks);
  return { data, truth: t, cut, channels: t.channels.map((c) => c.column), before, after0 };
}
