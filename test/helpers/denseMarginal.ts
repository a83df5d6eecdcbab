/** Independent reference for integrated-out linear blocks: log Normal_n(y; μ, σ²I + X diag(d²) Xᵀ) by an n × n Cholesky. */
import { cholesky } from "../../kernel-lib/src/math/linalg";

export function denseMarginal(y: Float64Array, mu: Float64Array, sigma: number, X: readonly Float64Array[], d: readonly number[]): number {
  const n = y.length;
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = (i === j ? sigma * sigma : 0) + X.reduce((a, c, k) => a + d[k]! ** 2 * c[i]! * c[j]!, 0);
  const L = cholesky(S, n)!;
  const z = new Float64Array(n);
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    let v = y[i]! - mu[i]!;
    for (let k = 0; k < i; k++) v -= L[i * n + k]! * z[k]!;
    z[i] = v / L[i * n + i]!;
    logDet += 2 * Math.log(L[i * n + i]!);
  }
  return -0.5 * n * Math.log(2 * Math.PI) - 0.5 * logDet - 0.5 * z.reduce((a, v) => a + v * v, 0);
}
