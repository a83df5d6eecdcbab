/**
 * PSIS-LOO (Vehtari, Gelman & Gabry 2017): the expected log predictive density of each observation
 * left out, estimated from one posterior by Pareto-smoothed importance weights (psis.ts), with its
 * standard error, the effective number of parameters p_loo, and each point's k̂ — as arviz `loo`
 * computes them (checked against arviz in test/unit/model/bayes/loo.test.ts).
 */
import { MMMError } from "../../../errors";
import { essMean } from "./ess";
import type { Chains } from "./normalize";
import { logSumExp, psis } from "./psis";

/** k̂ above this: the point's importance weights are unreliable (Vehtari et al. 2024). */
export const PARETO_K_THRESHOLD = 0.7;

export interface LooResult {
  /** Σᵢ elpd_loo,ᵢ on the log scale (higher is better). */
  elpd: number;
  /** Its standard error √(n·var(elpdᵢ)). */
  se: number;
  /** Effective number of parameters: lppd − elpd_loo. */
  pLoo: number;
  /** Per observation: elpd_loo,ᵢ and the Pareto k̂ of its weights. */
  pointwise: number[];
  paretoK: number[];
  /** min(1 − 1/log10 S, 0.7): the k̂ above which a point is flagged (arviz's good_k). */
  goodK: number;
  /** Indices of the points with k̂ above goodK. */
  highK: number[];
  samples: number;
  points: number;
  reff: number;
  warnings: string[];
}

/**
 * Relative efficiency of the draws for the PSIS tail length: the mean "mean" ESS of the parameters
 * over the number of draws (arviz's default), 1 for a single chain.
 */
export function relativeEfficiency(parameters: readonly Chains[]): number {
  const chains = parameters[0]?.length ?? 0;
  if (chains < 2) return 1;
  const samples = chains * parameters[0]![0]!.length;
  const ess = parameters.map((p) => essMean(p)).filter(Number.isFinite);
  return ess.length ? ess.reduce((a, b) => a + b, 0) / ess.length / samples : 1;
}

function highKWarning(high: number[], goodK: number, labels?: readonly string[]): string[] {
  if (!high.length) return [];
  const named = high.slice(0, 5).map((i) => labels?.[i] ?? `point ${i}`);
  return [
    `${high.length} observation(s) have Pareto k̂ above ${goodK.toFixed(2)} (${named.join(", ")}${high.length > 5 ? ", …" : ""}): PSIS-LOO is unreliable there — those weeks are highly influential (outliers or events the model misses). Check them, add a control for them, or use likelihood "studentT"; treat the ELPD comparison with care.`,
  ];
}

/**
 * PSIS-LOO of a pointwise log-likelihood matrix `logLik[s][i]` (draw s of all chains pooled, point i).
 * `labels` name the points in warnings (e.g. week dates).
 * @example
 * const r = psisLoo(logLik, { reff: relativeEfficiency(paramChains) });
 * r.elpd; r.se; r.highK;
 */
export function psisLoo(logLik: readonly ArrayLike<number>[], opts: { reff?: number; labels?: readonly string[] } = {}): LooResult {
  const S = logLik.length;
  const n = logLik[0]?.length ?? 0;
  if (S < 5 || n === 0) throw new MMMError("INVALID_ARGUMENT", `PSIS-LOO needs draws and observations (got ${S} draws of ${n} points).`, "Fit with at least a few hundred draws.", { value: S });
  const reff = opts.reff ?? 1;
  const col = new Float64Array(S);
  const pointwise: number[] = [];
  const paretoK: number[] = [];
  let lppd = 0;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < S; s++) col[s] = -logLik[s]![i]!;
    const { logWeights, k } = psis(col, reff);
    // log Σ w·p(yᵢ|θ) with the ratios' own log-lik added back.
    for (let s = 0; s < S; s++) logWeights[s]! -= col[s]!;
    pointwise.push(logSumExp(logWeights));
    paretoK.push(k);
    for (let s = 0; s < S; s++) col[s] = -col[s]!;
    lppd += logSumExp(col) - Math.log(S);
  }
  const elpd = pointwise.reduce((a, b) => a + b, 0);
  const mean = elpd / n;
  const se = Math.sqrt(pointwise.reduce((a, v) => a + (v - mean) ** 2, 0)); // √(n · var) with var over n
  const goodK = Math.min(1 - 1 / Math.log10(S), PARETO_K_THRESHOLD);
  const highK = paretoK.flatMap((k, i) => (k > goodK ? [i] : []));
  return { elpd, se, pLoo: lppd - elpd, pointwise, paretoK, goodK, highK, samples: S, points: n, reff, warnings: highKWarning(highK, goodK, opts.labels) };
}
