/**
 * Ridge regression with an unpenalised intercept, standardised predictors, optional
 * non-negativity per coefficient (an active set: the most negative constrained coefficient is
 * pinned at zero and the rest refitted), and the penalty chosen by generalised cross-validation
 * (closed form along the path from one eigendecomposition) or by rolling-origin time-series CV.
 *
 * Everything is solved from centred cross-products (XcᵀXc, Xcᵀyc), so callers that know part of
 * them in advance (the hyper-parameter search: the baseline columns never change) skip most work.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { choleskySolve } from "./linalg";

/** Row-major design matrix and target. */
export interface RidgeProblem {
  x: Float64Array;
  y: Float64Array;
  n: number;
  p: number;
  /** Columns whose coefficient must be ≥ 0 (media). */
  nonNegative?: boolean[];
}

/** Centred cross-products of a design: everything a ridge fit needs. */
export interface CrossProducts {
  n: number;
  p: number;
  mean: Float64Array;
  ymean: number;
  /** XcᵀXc, p × p row-major. */
  xx: Float64Array;
  /** Xcᵀyc. */
  xy: Float64Array;
  /** ycᵀyc. */
  yy: number;
}

export interface RidgeFit {
  /** Coefficients in the units of the original columns. */
  coef: Float64Array;
  intercept: number;
  /** Penalty on the standardised scale, per observation. */
  lambda: number;
  /** Effective degrees of freedom (excluding the intercept); NaN when not computed. */
  df: number;
  rss: number;
  /** Columns pinned at zero: constant columns and violated non-negativity constraints. */
  zeroed: number[];
}

/** Centred cross-products of a row-major design. */
export function crossProducts(pr: RidgeProblem): CrossProducts {
  const { x, y, n, p } = pr;
  const mean = new Float64Array(p);
  let ymean = 0;
  for (let r = 0; r < n; r++) {
    ymean += y[r]!;
    for (let j = 0; j < p; j++) mean[j]! += x[r * p + j]!;
  }
  ymean /= n;
  for (let j = 0; j < p; j++) mean[j]! /= n;
  const xx = new Float64Array(p * p);
  const xy = new Float64Array(p);
  let yy = 0;
  const row = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    const yc = y[r]! - ymean;
    yy += yc * yc;
    for (let j = 0; j < p; j++) row[j] = x[r * p + j]! - mean[j]!;
    for (let i = 0; i < p; i++) {
      const ri = row[i]!;
      xy[i]! += ri * yc;
      for (let j = i; j < p; j++) xx[i * p + j]! += ri * row[j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) xx[i * p + j] = xx[j * p + i]!;
  return { n, p, mean, ymean, xx, xy, yy };
}

/** Population standard deviations of the columns, from the cross-products. */
function columnSd(cp: CrossProducts): Float64Array {
  return Float64Array.from({ length: cp.p }, (_, j) => Math.sqrt(Math.max(0, cp.xx[j * cp.p + j]!) / cp.n));
}

/** Standardised Gram ZᵀZ and Zᵀyc over the given columns. */
function standardised(cp: CrossProducts, cols: number[], sd: Float64Array): { g: Float64Array; c: Float64Array } {
  const k = cols.length;
  const g = new Float64Array(k * k);
  const c = new Float64Array(k);
  cols.forEach((a, i) => {
    c[i] = cp.xy[a]! / sd[a]!;
    cols.forEach((b, j) => (g[i * k + j] = cp.xx[a * cp.p + b]! / (sd[a]! * sd[b]!)));
  });
  return { g, c };
}

/** Ridge coefficients from cross-products at penalty `lambda`, honouring non-negativity. */
export function solveCentred(cp: CrossProducts, lambda: number, nonNegative?: boolean[]): { coef: Float64Array; intercept: number; zeroed: number[] } {
  const sd = columnSd(cp);
  const zeroed = new Set([...Array(cp.p).keys()].filter((j) => !(sd[j]! > 1e-12 * (Math.abs(cp.mean[j]!) + 1))));
  for (let guard = 0; guard <= cp.p; guard++) {
    const cols = [...Array(cp.p).keys()].filter((j) => !zeroed.has(j));
    const beta = solveColumns(cp, cols, sd, lambda);
    let worst = -1;
    let min = -1e-12;
    cols.forEach((j, i) => {
      if (nonNegative?.[j] && beta[i]! < min) [min, worst] = [beta[i]!, j];
    });
    if (worst >= 0) {
      zeroed.add(worst);
      continue;
    }
    const coef = new Float64Array(cp.p);
    let intercept = cp.ymean;
    cols.forEach((j, i) => {
      coef[j] = beta[i]! / sd[j]!;
      intercept -= coef[j]! * cp.mean[j]!;
    });
    return { coef, intercept, zeroed: [...zeroed].sort((a, b) => a - b) };
  }
  throw new Error("ridge: active set did not converge");
}

function solveColumns(cp: CrossProducts, cols: number[], sd: Float64Array, lambda: number): Float64Array {
  const k = cols.length;
  if (k === 0) return new Float64Array(0);
  const { g, c } = standardised(cp, cols, sd);
  for (let j = 0; j < k; j++) g[j * k + j]! += lambda * cp.n;
  // A zero penalty on exactly collinear columns is singular: retry with a tiny ridge.
  return choleskySolve(g, c, k) ?? solveColumns(cp, cols, sd, Math.max(lambda * 10, 1e-8));
}

/**
 * Fit at a fixed penalty, honouring non-negativity. `df: false` skips the eigendecomposition
 * behind the degrees of freedom.
 */
export function ridgeFit(pr: RidgeProblem, lambda: number, opts: { df?: boolean } = {}): RidgeFit {
  const cp = crossProducts(pr);
  const { coef, intercept, zeroed } = solveCentred(cp, lambda, pr.nonNegative);
  let rss = 0;
  for (let r = 0; r < pr.n; r++) {
    let f = intercept;
    for (let j = 0; j < pr.p; j++) f += pr.x[r * pr.p + j]! * coef[j]!;
    rss += (pr.y[r]! - f) ** 2;
  }
  const free = [...Array(pr.p).keys()].filter((j) => !zeroed.includes(j));
  const df = (opts.df ?? true) ? eigen(standardised(cp, free, columnSd(cp)).g, free.length).values.reduce((a, l) => a + l / (l + lambda * pr.n), 0) : NaN;
  return { coef, intercept, lambda, df, rss, zeroed };
}

function eigen(g: Float64Array, k: number): { values: number[]; vectors: Matrix } {
  if (k === 0) return { values: [], vectors: new Matrix(0, 0) };
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
  const cp = crossProducts(pr);
  const sd = columnSd(cp);
  const cols = [...Array(pr.p).keys()].filter((j) => sd[j]! > 1e-12 * (Math.abs(cp.mean[j]!) + 1));
  const { g, c } = standardised(cp, cols, sd);
  const { values, vectors } = eigen(g, cols.length);
  const zc = values.map((_, i) => cols.reduce((a, _j, r) => a + vectors.get(r, i) * c[r]!, 0));
  const path = lambdas.map((lambda) => {
    const L = lambda * pr.n;
    let rss = cp.yy;
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
      const fit = ridgeFit({ ...pr, n: cut, x: pr.x.subarray(0, cut * pr.p), y: pr.y.subarray(0, cut) }, lambda, { df: false });
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
