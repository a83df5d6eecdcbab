/**
 * Ordinary least squares on a design given column by column: coefficients, standard errors,
 * t-values, residual sum of squares and AIC, as statsmodels' OLS reports them. Solved through a
 * QR decomposition (not the normal equations) so that levels in the millions next to a constant
 * keep their precision.
 */
import { inverse, Matrix, QrDecomposition } from "ml-matrix";
import { MMMError } from "../../errors";

export interface OlsFit {
  coef: Float64Array;
  /** Standard errors, sqrt(s² (XᵀX)⁻¹ⱼⱼ) with s² = ssr / (n − k). */
  se: Float64Array;
  t: Float64Array;
  ssr: number;
  nobs: number;
  /** Residual degrees of freedom, n − k. */
  dfResid: number;
  /** statsmodels' AIC: −2 log L + 2k with the Gaussian log-likelihood at σ̂² = ssr / n. */
  aic: number;
}

/** The residual sum of squares only (for F-tests): cheaper than `ols`, no standard errors. */
export function olsSsr(columns: readonly Float64Array[], y: Float64Array): number {
  return olsSolve(columns, y).ssr;
}

function olsSolve(columns: readonly Float64Array[], y: Float64Array): { qr: QrDecomposition; coef: Float64Array; ssr: number } {
  const n = y.length;
  const k = columns.length;
  if (n <= k) throw new MMMError("INVALID_ARGUMENT", `A regression with ${k} terms needs more than ${k} rows; it has ${n}.`, "Use a longer series or fewer lags.");
  const x = new Matrix(n, k);
  columns.forEach((c, j) => {
    for (let i = 0; i < n; i++) x.set(i, j, c[i]!);
  });
  const qr = new QrDecomposition(x);
  if (!qr.isFullRank()) throw new MMMError("INVALID_ARGUMENT", "The regression's columns are collinear (a constant or duplicated series).", "Drop the constant or duplicated column.");
  const coef = Float64Array.from(qr.solve(Matrix.columnVector(Array.from(y))).getColumn(0));
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < k; j++) fit += columns[j]![i]! * coef[j]!;
    ssr += (y[i]! - fit) ** 2;
  }
  return { qr, coef, ssr };
}

/** OLS of `y` on `columns` (include a column of ones for a constant). */
export function ols(columns: readonly Float64Array[], y: Float64Array): OlsFit {
  const { qr, coef, ssr } = olsSolve(columns, y);
  const n = y.length;
  const k = columns.length;
  // (XᵀX)⁻¹ = R⁻¹R⁻ᵀ: its diagonal is the squared row norms of R⁻¹.
  const rInv = inverse(qr.upperTriangularMatrix);
  const s2 = ssr / (n - k);
  const se = new Float64Array(k);
  const t = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let d = 0;
    for (let m = 0; m < k; m++) d += rInv.get(j, m) ** 2;
    se[j] = Math.sqrt(s2 * d);
    t[j] = coef[j]! / se[j]!;
  }
  const aic = n * (Math.log(2 * Math.PI) + Math.log(ssr / n) + 1) + 2 * k;
  return { coef, se, t, ssr, nobs: n, dfResid: n - k, aic };
}

/** A column of ones of length `n`. */
export const ones = (n: number): Float64Array => new Float64Array(n).fill(1);
