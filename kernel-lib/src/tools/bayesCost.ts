/**
 * A rough prediction of a Bayesian fit's wall time, so the agent can ask before a long run.
 * Cost ≈ chains × iterations × leapfrogs per iteration × seconds per gradient / parallel threads;
 * a gradient costs about 0.05 µs per channel-week plus a fixed 10 µs, and warm-up averages about
 * 60 leapfrogs per iteration on the bench models (measured on a 2-core VM, see README). The
 * time-varying baseline (HSGP) takes about 7× the leapfrogs per draw (133 vs 19 on the 200-week ×
 * 8-channel bench) and ~15% more per gradient: the quality gate turns it on for a drifting baseline,
 * and the analyst must be asked before such a run.
 */
import * as os from "node:os";

export interface BayesCostInput {
  weeks: number;
  channels: number;
  chains: number;
  warmup: number;
  draws: number;
  threads?: number;
  /** "hsgp": the time-varying baseline. */
  baseline?: string;
}

export function predictBayesSeconds(c: BayesCostInput): number {
  const hsgp = c.baseline === "hsgp";
  const perGradient = (0.053e-6 * c.weeks * c.channels + 10e-6) * (hsgp ? 1.15 : 1);
  const threads = Math.max(1, Math.min(c.chains, c.threads ?? os.availableParallelism()));
  const rounds = Math.ceil(c.chains / threads);
  return rounds * (c.warmup + c.draws) * 60 * (hsgp ? 7 : 1) * perGradient + 1;
}
