/**
 * The Pareto front of evaluated models on (NRMSE, DECOMP.RSSD): the models no other model beats
 * on both — the set Robyn asks the analyst to choose from.
 */
import type { MediaParams } from "../media";

export interface ParetoPoint {
  nrmse: number;
  decompRssd: number;
  params?: MediaParams[];
}

/** Non-dominated points, sorted by NRMSE, at most `max` evenly spread along the front. */
export function paretoFront(points: ParetoPoint[], max = 20): ParetoPoint[] {
  const sorted = [...points].sort((a, b) => a.nrmse - b.nrmse || a.decompRssd - b.decompRssd);
  const front: ParetoPoint[] = [];
  let bestRssd = Infinity;
  for (const p of sorted) {
    if (p.decompRssd < bestRssd) {
      front.push(p);
      bestRssd = p.decompRssd;
    }
  }
  if (front.length <= max) return front;
  return Array.from({ length: max }, (_, i) => front[Math.round((i * (front.length - 1)) / (max - 1))]!);
}
