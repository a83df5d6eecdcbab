/**
 * Small dense linear algebra on row-major Float64Array, for the regression hot path
 * (hyper-parameter search fits thousands of ~20-column ridge models a second). Bigger or rarer
 * decompositions use ml-matrix.
 */

/** Gram matrix XᵀX (p × p, row-major) of an n × p row-major matrix. */
export function gram(x: Float64Array, n: number, p: number): Float64Array {
  const g = new Float64Array(p * p);
  for (let r = 0; r < n; r++) {
    const o = r * p;
    for (let i = 0; i < p; i++) {
      const xi = x[o + i]!;
      if (xi === 0) continue;
      const gi = i * p;
      for (let j = i; j < p; j++) g[gi + j]! += xi * x[o + j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) g[i * p + j] = g[j * p + i]!;
  return g;
}

/** Xᵀy (length p) of an n × p row-major matrix. */
export function xty(x: Float64Array, y: ArrayLike<number>, n: number, p: number): Float64Array {
  const out = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    const yr = y[r]!;
    const o = r * p;
    for (let j = 0; j < p; j++) out[j]! += x[o + j]! * yr;
  }
  return out;
}

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

/** y = X b for an n × p row-major X. */
export function matVec(x: Float64Array, b: ArrayLike<number>, n: number, p: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    const o = r * p;
    for (let j = 0; j < p; j++) s += x[o + j]! * b[j]!;
    out[r] = s;
  }
  return out;
}
