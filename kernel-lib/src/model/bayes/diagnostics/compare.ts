/**
 * Ranking models by PSIS-LOO, as arviz `compare(..., ic="loo")`: best ELPD first, each model's
 * difference to the best and the standard error of that difference from the paired pointwise
 * values (dse = √(n·var(elpd_best,ᵢ − elpd_m,ᵢ))) — the difference is meaningful only relative to dse.
 */
import { MMMError } from "../../../errors";
import type { LooResult } from "./loo";

export interface LooComparisonRow {
  name: string;
  rank: number;
  elpd: number;
  se: number;
  pLoo: number;
  /** ELPD of the best model minus this one's (0 for the best). */
  elpdDiff: number;
  /** Standard error of elpdDiff (0 for the best). */
  dse: number;
  /** Points with k̂ above the threshold: this model's ELPD is less reliable. */
  highK: number;
}

/**
 * Rank models (all on the same observations) by ELPD-LOO.
 * @example
 * compareLoo([{ name: "geometric", loo: a }, { name: "delayed", loo: b }])[0]!.name; // the best
 */
export function compareLoo(models: readonly { name: string; loo: LooResult }[]): LooComparisonRow[] {
  const n = models[0]?.loo.points ?? 0;
  const bad = models.find((m) => m.loo.points !== n);
  if (bad) throw new MMMError("INVALID_ARGUMENT", `Model "${bad.name}" has ${bad.loo.points} observations, not ${n}.`, "Compare models fitted to the same weeks.", { value: bad.loo.points });
  const sorted = [...models].sort((a, b) => b.loo.elpd - a.loo.elpd);
  const best = sorted[0]?.loo.pointwise ?? [];
  return sorted.map(({ name, loo }, rank) => {
    const diff = best.map((v, i) => v - loo.pointwise[i]!);
    const mean = diff.reduce((a, b) => a + b, 0) / Math.max(1, n);
    const dse = Math.sqrt(diff.reduce((a, v) => a + (v - mean) ** 2, 0));
    return { name, rank, elpd: loo.elpd, se: loo.se, pLoo: loo.pLoo, elpdDiff: sorted[0]!.loo.elpd - loo.elpd, dse, highK: loo.highK.length };
  });
}
