/**
 * How well a fit agrees with its lift tests: each test's model lift over the draws against the
 * measured lift, in units of its standard error. A calibrated model that still sits several σ from a
 * test means the time series pulls the other way — typically demand that moves spend and the KPI
 * together (a confounder); the warning says what to try.
 */
import type { LiftTest } from "../model/liftTests";
import type { BayesMmmDensity } from "../mmmDensity";
import { uncertain, type Uncertain } from "../posterior";
import { thin } from "./bands";

/** One lift test against the model. */
export interface LiftFit {
  channel: string;
  start: string;
  end: string;
  measured: number;
  sigma: number;
  /** The model's lift over the draws (KPI units). */
  model: Uncertain;
  /** (model mean − measured) / sigma. */
  z: number;
}

/** Each test's model lift over (≤ 1000 thinned) draws, and a warning per test more than 2σ away. */
export function liftFit(density: BayesMmmDensity, draws: readonly Float64Array[], tests: readonly LiftTest[]): { tests: LiftFit[]; warnings: string[] } {
  if (tests.length === 0) return { tests: [], warnings: [] };
  const lifts = thin(draws).map((q) => density.liftsAt(q));
  const rows = tests.map((t, i): LiftFit => {
    const sigma = (t.sigma ?? t.sd)!;
    const model = uncertain(Float64Array.from(lifts, (l) => l[i]!));
    return { channel: t.channel, start: t.start, end: t.end, measured: t.lift, sigma, model, z: (model.mean - t.lift) / sigma };
  });
  const warnings = rows
    .filter((r) => Math.abs(r.z) > 2)
    .map(
      (r) =>
        `Lift test on ${r.channel} (${r.start} to ${r.end}): the model's lift ${r.model.mean.toPrecision(3)} is ${Math.abs(r.z).toFixed(1)} standard errors from the measured ${r.measured.toPrecision(3)} — the time series pulls the other way, often demand that moves this channel's spend and the KPI together. Try baseline "hsgp" with a short length-scale (hsgp: { lengthscale: { lower: 4, upper: 52 }, m: 60 }) so the baseline can carry it, and check the test's dates and spend change.`,
    );
  return { tests: rows, warnings };
}
