/**
 * Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): how much the
 * model's R² drops when one input column is shuffled, breaking its link to the KPI while keeping
 * its distribution. Averaged over seeded repeats; the model is not refitted.
 */
import { MMMError } from "../../errors";
import { createRng } from "../../math/random";

export interface PermutationImportance {
  /** Mean drop in R² over the repeats (larger = the model leans on the column more). */
  mean: number;
  /** Standard deviation of the drop over repeats. */
  sd: number;
  drops: number[];
}

function r2(y: Float64Array, yhat: Float64Array): number {
  const m = y.reduce((s, v) => s + v, 0) / y.length;
  let ss = 0;
  let tot = 0;
  for (let i = 0; i < y.length; i++) [ss, tot] = [ss + (y[i]! - yhat[i]!) ** 2, tot + (y[i]! - m) ** 2];
  return 1 - ss / tot;
}

/**
 * Importance of each of `columns` for `predict` (which maps columns to predictions of `y`).
 * @example
 * permutationImportance(features, kpi, (cols) => predictRidge(cols), { repeats: 10, seed: 1 })[0].mean; // 0.21
 */
export function permutationImportance(
  columns: readonly Float64Array[],
  y: Float64Array,
  predict: (cols: readonly Float64Array[]) => Float64Array,
  opts: { repeats?: number; seed?: number; only?: readonly number[] } = {},
): PermutationImportance[] {
  const repeats = opts.repeats ?? 10;
  if (!Number.isInteger(repeats) || repeats < 1) throw new MMMError("INVALID_ARGUMENT", `repeats ${repeats} is not a positive integer.`, "Use e.g. repeats: 10.");
  if (columns.some((c) => c.length !== y.length)) throw new MMMError("INVALID_ARGUMENT", "Columns and KPI differ in length.", "Pass columns of the same rows as the KPI.");
  const rng = createRng(opts.seed ?? 0);
  const base = r2(y, predict(columns));
  const which = opts.only ?? columns.map((_, j) => j);
  return which.map((j) => {
    const drops = Array.from({ length: repeats }, () => {
      const order = rng.shuffle(Array.from({ length: y.length }, (_, i) => i));
      const shuffled = columns.map((c, k) => (k === j ? Float64Array.from(order, (i) => c[i]!) : c));
      return base - r2(y, predict(shuffled));
    });
    const mean = drops.reduce((s, v) => s + v, 0) / repeats;
    const sd = repeats > 1 ? Math.sqrt(drops.reduce((s, v) => s + (v - mean) ** 2, 0) / (repeats - 1)) : 0;
    return { mean, sd, drops };
  });
}
