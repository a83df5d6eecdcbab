/**
 * The search's candidate models for the out-of-sample selection: the best in-sample fits that
 * differ from each other (the polish evaluates many near-copies of one point), plus the Pareto
 * front of (NRMSE, DECOMP.RSSD), so the selection sees both the fit-driven and the
 * plausibility-driven alternatives.
 */
import type { MediaParams } from "../media";
import type { Score } from "./objective";
import { paretoFront } from "./pareto";
import { encode, type SearchSpace } from "./space";

export type Evaluated = Score & { params: () => MediaParams[] };

/** Up to `top` distinct best fits (unit-box distance > `minDistance` in some coordinate) + the front. */
export function candidateModels(points: Evaluated[], space: SearchSpace, top = 24, front = 60, minDistance = 0.04): (Score & { params: MediaParams[] })[] {
  const sorted = points.filter((p) => Number.isFinite(p.nrmse)).sort((a, b) => a.nrmse - b.nrmse);
  const kept: { s: Score; params: MediaParams[]; u: number[] }[] = [];
  const add = (p: Evaluated) => {
    const params = p.params();
    const u = params.flatMap((m) => encode(m, space));
    if (kept.some((k) => k.u.every((v, i) => Math.abs(v - u[i]!) <= minDistance))) return;
    kept.push({ s: p, params, u });
  };
  for (const p of sorted) {
    if (kept.length >= top) break;
    add(p);
  }
  for (const p of paretoFront(points, front)) add(p);
  return kept.map((k) => ({ nrmse: k.s.nrmse, decompRssd: k.s.decompRssd, params: k.params }));
}
