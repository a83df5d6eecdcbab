/**
 * The Pareto front of evaluated models on (NRMSE, DECOMP.RSSD): the models no other model beats
 * on both — the set Robyn asks the analyst to choose from.
 */
import type { MediaParams } from "../media";

/** A model on the front: its two scores and its media parameters per channel. */
export interface ParetoPoint {
  nrmse: number;
  decompRssd: number;
  params: Record<string, MediaParams>;
}

/** Non-dominated points, sorted by NRMSE, at most `max` evenly spread along the front. */
export function paretoFront<P extends { nrmse: number; decompRssd: number }>(points: P[], max = 20): P[] {
  const sorted = [...points].sort((a, b) => a.nrmse - b.nrmse || a.decompRssd - b.decompRssd);
  const front: P[] = [];
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
