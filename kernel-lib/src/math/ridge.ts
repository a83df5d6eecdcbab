/**
 * Ridge regression with an unpenalised intercept, standardised predictors, optional
 * non-negativity per coefficient (an active set: the most negative constrained coefficient is
 * pinned at zero and the rest refitted), and the penalty chosen by generalised cross-validation
 * (closed form along the path from one eigendecomposition) or by rolling-origin time-series CV.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { choleskySolve, gram, xty } from "./linalg";

/** Row-major design matrix and target. */
export interface RidgeProblem {
  x: Float64Array;
  y: Float64Array;
  n: number;
  p: number;
  /** Columns whose coefficient must be ≥ 0 (media). */
  nonNegative?: boolean[];
}

export interface RidgeFit {
  /** Coefficients in the units of the original columns. */
  coef: Float64Array;
  intercept: number;
  /** Penalty on the standardised scale, per observation. */
  lambda: number;
  /** Effective degrees of freedom (excluding the intercept). */
  df: number;
  rss: number;
  /** Columns pinned at zero: constant columns and violated non-negativity constraints. */
  zeroed: number[];
}

interface Standardised {
  z: Float64Array;
  yc: Float64Array;
  mean: Float64Array;
  sd: Float64Array;
  ymean: number;
}

function standardise(pr: RidgeProblem, cols: number[]): Standardised {
  const { x, y, n, p } = pr;
  const k = cols.length;
  const mean = new Float64Array(k);
  const sd = new Float64Array(k);
  cols.forEach((c, j) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += x[r * p + c]!;
    mean[j] = s / n;
    let v = 0;
    for (let r = 0; r < n; r++) v += (x[r * p + c]! - mean[j]!) ** 2;
    sd[j] = Math.sqrt(v / n);
  });
  const z = new Float64Array(n * k);
  for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) z[r * k + j] = sd[j]! > 0 ? (x[r * p + cols[j]!]! - mean[j]!) / sd[j]! : 0;
  let ymean = 0;
  for (let r = 0; r < n; r++) ymean += y[r]!;
  ymean /= n;
  return { z, yc: Float64Array.from(y, (v) => v - ymean), mean, sd, ymean };
}

/**
 * Fit at a fixed penalty, honouring non-negativity. `df: false` skips the eigendecomposition
 * behind the degrees of freedom (hyper-parameter search fits thousands of models).
 */
export function ridgeFit(pr: RidgeProblem, lambda: number, opts: { df?: boolean } = {}): RidgeFit {
  const zeroed = new Set<number>();
  for (let guard = 0; guard <= pr.p; guard++) {
    const cols = [...Array(pr.p).keys()].filter((c) => !zeroed.has(c));
    const s = standardise(pr, cols);
    cols.forEach((c, j) => s.sd[j] === 0 && zeroed.add(c));
    const beta = solveStandardised(s, pr.n, cols.length, lambda);
    const worst = mostNegative(beta, cols, pr.nonNegative);
    if (worst !== undefined && !zeroed.has(worst)) {
      zeroed.add(worst);
      continue;
    }
    return assemble(pr, s, cols, beta, lambda, zeroed, opts.df ?? true);
  }
  throw new Error("ridgeFit: active set did not converge");
}

function solveStandardised(s: Standardised, n: number, k: number, lambda: number): Float64Array {
  if (k === 0) return new Float64Array(0);
  const g = gram(s.z, n, k);
  for (let j = 0; j < k; j++) g[j * k + j]! += lambda * n + (s.sd[j] === 0 ? 1 : 0);
  const b = choleskySolve(g, xty(s.z, s.yc, n, k), k);
  // A zero penalty on exactly collinear columns is singular: fall back to a tiny ridge.
  return b ?? solveStandardised(s, n, k, Math.max(lambda * 10, 1e-8));
}

function mostNegative(beta: Float64Array, cols: number[], nonNeg?: boolean[]): number | undefined {
  let worst: number | undefined;
  let min = -1e-12;
  cols.forEach((c, j) => {
    if (nonNeg?.[c] && beta[j]! < min) [min, worst] = [beta[j]!, c];
  });
  return worst;
}

function assemble(pr: RidgeProblem, s: Standardised, cols: number[], beta: Float64Array, lambda: number, zeroed: Set<number>, withDf: boolean): RidgeFit {
  const coef = new Float64Array(pr.p);
  let intercept = s.ymean;
  cols.forEach((c, j) => {
    if (s.sd[j] === 0) return;
    coef[c] = beta[j]! / s.sd[j]!;
    intercept -= coef[c]! * s.mean[j]!;
  });
  let rss = 0;
  for (let r = 0; r < pr.n; r++) {
    let f = intercept;
    for (let c = 0; c < pr.p; c++) f += pr.x[r * pr.p + c]! * coef[c]!;
    rss += (pr.y[r]! - f) ** 2;
  }
  return { coef, intercept, lambda, df: withDf ? effectiveDf(s, pr.n, cols.length, lambda) : NaN, rss, zeroed: [...zeroed].sort((a, b) => a - b) };
}

function effectiveDf(s: Standardised, n: number, k: number, lambda: number): number {
  if (k === 0) return 0;
  const ev = eigen(gram(s.z, n, k), k).values;
  return ev.reduce((a, l) => a + l / (l + lambda * n), 0);
}

function eigen(g: Float64Array, k: number): { values: number[]; vectors: Matrix } {
  const m = new Matrix(Array.from({ length: k }, (_, i) => Array.from(g.subarray(i * k, i * k + k))));
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  return { values: e.realEigenvalues.map((v) => Math.max(0, v)), vectors: e.eigenvectorMatrix };
}

/** Log-spaced penalties from 1e-6 to 10 (standardised scale, per observation). */
export function defaultLambdas(count = 50): number[] {
  return Array.from({ length: count }, (_, i) => 10 ** (-6 + (7 * i) / (count - 1)));
}

/**
 * GCV(λ) = n·RSS(λ) / (n − 1 − df(λ))² for every λ, from one eigendecomposition of ZᵀZ
 * (unconstrained fit), then the constrained fit at the minimiser.
 */
export function ridgeGcv(pr: RidgeProblem, lambdas = defaultLambdas()): RidgeFit & { gcv: number; path: { lambda: number; gcv: number }[] } {
  const cols = [...Array(pr.p).keys()];
  const s = standardise(pr, cols);
  const { values, vectors } = eigen(gram(s.z, pr.n, pr.p), pr.p);
  const c = xty(s.z, s.yc, pr.n, pr.p);
  const zc = values.map((_, i) => cols.reduce((a, j) => a + vectors.get(j, i) * c[j]!, 0));
  const yy = s.yc.reduce((a, v) => a + v * v, 0);
  const path = lambdas.map((lambda) => {
    const L = lambda * pr.n;
    let rss = yy;
    let df = 0;
    values.forEach((l, i) => {
      rss -= zc[i]! ** 2 * (2 / (l + L) - l / (l + L) ** 2);
      df += l / (l + L);
    });
    return { lambda, gcv: (pr.n * Math.max(rss, 0)) / Math.max(pr.n - 1 - df, 1e-9) ** 2 };
  });
  const best = path.reduce((a, b) => (b.gcv < a.gcv ? b : a));
  return { ...ridgeFit(pr, best.lambda), gcv: best.gcv, path };
}

/**
 * Rolling-origin time-series CV: for each fold, fit on rows [0, cut) and score squared error on
 * the next `horizon` rows; the penalty with the lowest mean error wins.
 */
export function ridgeTimeSeriesCv(pr: RidgeProblem, opts: { folds?: number; horizon?: number; lambdas?: number[] } = {}): RidgeFit & { cvError: number } {
  const folds = opts.folds ?? 4;
  const horizon = opts.horizon ?? Math.max(4, Math.floor(pr.n / 10));
  const lambdas = opts.lambdas ?? defaultLambdas(25);
  const first = pr.n - folds * horizon;
  if (first < Math.max(10, pr.p + 2)) return { ...ridgeGcv(pr, lambdas), cvError: NaN };
  let best = { lambda: lambdas[0]!, err: Infinity };
  for (const lambda of lambdas) {
    let err = 0;
    for (let f = 0; f < folds; f++) {
      const cut = first + f * horizon;
      const fit = ridgeFit({ ...pr, n: cut, x: pr.x.subarray(0, cut * pr.p), y: pr.y.subarray(0, cut) }, lambda);
      for (let r = cut; r < cut + horizon; r++) {
        let yhat = fit.intercept;
        for (let c = 0; c < pr.p; c++) yhat += pr.x[r * pr.p + c]! * fit.coef[c]!;
        err += (pr.y[r]! - yhat) ** 2;
      }
    }
    if (err < best.err) best = { lambda, err };
  }
  return { ...ridgeFit(pr, best.lambda), cvError: best.err / (folds * horizon) };
}
