/**
 * Descriptive statistics on Float64Array (numeric core: no polars, no I/O).
 */
import { Matrix, inverse } from "ml-matrix";

/** Arithmetic mean (NaN for an empty array). */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Sample standard deviation (n - 1 denominator). */
export function std(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/** Pearson correlation of two equal-length arrays (NaN when either is constant). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Average ranks (ties share their mean rank), for Spearman correlation. */
export function ranks(x: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(x.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]!] === x[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/** Correlation matrix of columns (Pearson, or Spearman on ranks). */
export function correlationMatrix(columns: Float64Array[], method: "pearson" | "spearman" = "pearson"): number[][] {
  const cols = method === "spearman" ? columns.map(ranks) : columns;
  return cols.map((a, i) => cols.map((b, j) => (i === j ? 1 : pearson(a, b))));
}

/**
 * Variance inflation factors: VIF_j = 1 / (1 - R²_j) of column j regressed on the others,
 * read off the diagonal of the inverse correlation matrix. Infinity for exact collinearity.
 */
export function varianceInflation(columns: Float64Array[]): number[] {
  if (columns.length < 2) return columns.map(() => 1);
  const r = correlationMatrix(columns);
  if (r.some((row) => row.some((v) => !Number.isFinite(v)))) return columns.map(() => NaN);
  try {
    const inv = inverse(new Matrix(r));
    return columns.map((_, j) => {
      const v = inv.get(j, j);
      return v > 1e12 || !Number.isFinite(v) ? Infinity : Math.max(1, v);
    });
  } catch {
    return columns.map(() => Infinity);
  }
}
