/**
 * Small dense linear algebra on row-major Float64Array, for the regression hot path
 * (hyper-parameter search fits thousands of ~20-column ridge models a second). Bigger or rarer
 * decompositions use ml-matrix.
 */

/**
 * Lower Cholesky factor (row-major) of a symmetric positive-definite d×d matrix, or null when a
 * pivot is not finite or not above `relTol` × max(1, diagonal entry) (not numerically positive definite).
 * @example cholesky(new Float64Array([4, 2, 2, 5]), 2) // Float64Array [2, 0, 1, 2]
 */
export function cholesky(a: Float64Array, d: number, relTol = 0): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(s > relTol * Math.max(1, a[i * d + i]!)) || !Number.isFinite(s)) return null;
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j]!;
    }
  }
  return l;
}

/**
 * Solve A b = c for symmetric positive-definite A (p × p) by Cholesky; returns undefined when A is
 * not numerically positive definite (the caller adds ridge or reports collinearity).
 */
export function choleskySolve(a: Float64Array, c: Float64Array, p: number): Float64Array | undefined {
  const l = cholesky(a, p, 1e-12);
  if (!l) return undefined;
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = c[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * z[k]!;
    z[i] = s / l[i * p + i]!;
  }
  const b = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * b[k]!;
    b[i] = s / l[i * p + i]!;
  }
  return b;
}
