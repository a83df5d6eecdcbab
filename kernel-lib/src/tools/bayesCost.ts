/**
 * A rough prediction of a Bayesian fit's wall time, so the agent can ask before a long run.
 * Cost ≈ chains × iterations × leapfrogs per iteration × seconds per gradient / parallel threads;
 * a gradient costs about 0.05 µs per channel-week plus a fixed 10 µs, and warm-up averages about
 * 60 leapfrogs per iteration on the bench models (measured on a 2-core VM, see README). The
 * time-varying baseline (HSGP) under the Normal likelihood integrates its coefficients out
 * (model/integratedBaseline.ts): about the linear baseline's leapfrogs per draw (15 vs 15 on the
 * 200-week × 8-channel bench) at ~1.6× the cost per gradient (55 vs 35 µs: the p × p factorisation); under
 * Student-t it samples them: about 7× the leapfrogs per draw (133 vs 19) and ~15% more per gradient,
 * so that run is asked first. A geo panel (`geos`) costs per gradient about
 * 0.035 µs per geo-channel-week, 0.07 µs per geo-week (the per-geo baselines and likelihood) and
 * 1 ns per squared parameter (the dense metric's product per leapfrog), with ~170 leapfrogs per
 * iteration (the hierarchical posterior's longer trajectories: 170 a draw on Meridian's 40 × 156 × 5
 * panel, see bench/geo.ts).
 */
import * as os from "node:os";
import type { ToolContext } from "./types";

/**
 * Leapfrogs per iteration of the geo model (warm-up and sampling averaged; 15.8 a draw on Meridian's panel with
 * the normal geo effects integrated out, 51 with the old sampled log-normal ones).
 */
const GEO_LEAPFROGS = 16;

export interface BayesCostInput {
  weeks: number;
  channels: number;
  chains: number;
  warmup: number;
  draws: number;
  threads?: number;
  /** "hsgp": the time-varying baseline. */
  baseline?: string;
  /** "studentT" samples the HSGP's coefficients (slower); otherwise they are integrated out. */
  likelihood?: string;
  /** Geos of a hierarchical geo fit (omitted: the national model). */
  geos?: number;
}

export function predictBayesSeconds(c: BayesCostInput): number {
  if (c.geos !== undefined) return predictGeoSeconds(c, c.geos);
  const hsgp = c.baseline === "hsgp";
  const sampled = hsgp && c.likelihood === "studentT";
  const perGradient = (0.053e-6 * c.weeks * c.channels + 10e-6) * (sampled ? 1.15 : hsgp ? 1.6 : 1);
  const threads = Math.max(1, Math.min(c.chains, c.threads ?? os.availableParallelism()));
  const rounds = Math.ceil(c.chains / threads);
  return rounds * (c.warmup + c.draws) * 60 * (sampled ? 7 : 1) * perGradient + 1;
}

function predictGeoSeconds(c: BayesCostInput, geos: number): number {
  const geoWeeks = geos * c.weeks;
  // Sampled: σ, the week effects and per channel μ, log τ and 2 transform parameters (the geo effects and
  // baselines are integrated out). Per geo-week: the channel series, and the integrated block's columns — 2·C·p
  // products with p = 6 + C columns (intercept, trend, 4 Fourier terms, the channels). Meridian's panel: 2.07 ms measured.
  const dim = c.weeks + 4 * c.channels + 1;
  const perGradient = geoWeeks * (0.035e-6 * c.channels + 0.07e-6 + 1e-9 * 2 * c.channels * (6 + c.channels)) + 1e-9 * dim * dim + 10e-6;
  const threads = Math.max(1, Math.min(c.chains, c.threads ?? os.availableParallelism()));
  return Math.ceil(c.chains / threads) * (c.warmup + c.draws) * GEO_LEAPFROGS * perGradient + 1;
}

/**
 * The answer that asks the analyst before a fit predicted to run longer than the configured threshold
 * (`hint` says what to ask and how to call again); undefined when it may run now or was confirmed.
 */
export function askBeforeLongRun(ctx: Pick<ToolContext, "config">, predicted: number, confirmed: boolean | undefined, hint: (seconds: number) => string, extra: Record<string, unknown> = {}) {
  if (predicted <= ctx.config.confirmBayesAboveSeconds || confirmed) return undefined;
  const seconds = Math.round(predicted);
  return { needsConfirmation: true as const, predictedSeconds: seconds, ...extra, hint: hint(seconds) };
}

/** The sampler's progress on the tool's bar: "<label>chain 2 warmup 340", as a fraction of the run when its length is known. */
export function chainProgress(ctx: Pick<ToolContext, "progress">, label: string, run?: { warmup: number; draws: number }) {
  return (e: { chain: number; phase: string; iteration: number }) =>
    ctx.progress({ tool: "run_bayesian_mmm", message: `${label}chain ${e.chain + 1} ${e.phase} ${e.iteration}`, ...(run ? { fraction: e.iteration / (run.warmup + run.draws) } : {}) });
}
