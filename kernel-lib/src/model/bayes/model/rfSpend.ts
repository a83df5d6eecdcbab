/**
 * The spend → response curve of a reach & frequency channel, for its marginal ROAS, response
 * curve, budget, targets, scenarios and uplift.
 *
 * Assumption (documented in README/CHANGELOG): spend buys impressions at the channel's historical
 * cost per impression, and impressions buy reach along the channel's own reach curve
 * R(I) = P·(1 − e^(−I/(f₀·P))), fitted to its weekly (impressions, reach): far from the audience
 * P, reach grows in proportion to spend at frequency f₀ (Meridian's "reach scales with spend at
 * the historical frequency"); near it, reach is capped by P and extra impressions raise the
 * frequency I/R, which the fitted Hill on frequency values. Meridian keeps the frequency fixed and
 * scales reach without a cap, which makes the curve a straight line with no optimum short of a
 * bound. When the data show no sign of saturating reach, P is capped at 100× the largest weekly
 * reach, so the curve is nearly straight.
 *
 * The curve is calibrated per draw so that a constant weekly spend equal to the historical mean
 * gives the draw's fitted contribution per week (multiplier 1 = the fit):
 * response(w) = ROAS · w̄ · g(w)/g(w̄), g(w) = R(I)·Hill(I/R), I = w / cost per impression.
 */
import type { MmmChannel } from "../../mmmData";
import type { RfInput } from "./rfMedia";
import type { BayesSaturation } from "./saturation";

/** Reach as a function of weekly impressions: R(I) = P·(1 − e^(−I/(f₀·P))). */
export interface ReachCurve {
  /** Reachable audience P (people). */
  population: number;
  /** Frequency at low spend f₀ (≥ 1). */
  minFrequency: number;
  /** Spend per impression, Σspend / Σ(reach × frequency). */
  costPerImpression: number;
  /** Historical mean weekly spend w̄ (the calibration point). */
  weeklySpend: number;
}

/** Upper bound of P in multiples of the largest weekly reach: "no saturation seen". */
export const MAX_AUDIENCE_MULTIPLE = 100;

/** R(I), dR/dI and R − I·dR/dI (for d frequency / dI without cancellation at small I). */
export function reachAt(c: Pick<ReachCurve, "population" | "minFrequency">, impressions: number): { reach: number; slope: number; rest: number } {
  const P = c.population;
  const u = impressions / (c.minFrequency * P);
  const e = Math.exp(-u);
  // 1 − e^(−u)(1 + u), series at small u (u²/2 − u³/3): the difference cancels in floating point.
  const rest = P * (u < 1e-4 ? u * u * (0.5 - u / 3) : -Math.expm1(-u) - u * e);
  return { reach: -P * Math.expm1(-u), slope: e / c.minFrequency, rest };
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Minimum of a unimodal f on [a, b] (golden section). */
function golden(f: (x: number) => number, a: number, b: number, iters = 60): { x: number; fx: number } {
  let lo = a;
  let hi = b;
  let x1 = hi - GOLDEN * (hi - lo);
  let x2 = lo + GOLDEN * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let k = 0; k < iters; k++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - GOLDEN * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + GOLDEN * (hi - lo);
      f2 = f(x2);
    }
  }
  return f1 <= f2 ? { x: x1, fx: f1 } : { x: x2, fx: f2 };
}

/**
 * Least squares on log reach over the weeks with reach: a grid over log P (the curve need not be
 * unimodal in P), golden sections on log f₀ inside, then a golden section on log P around the best.
 */
export function fitReachCurve(spend: ArrayLike<number>, reach: ArrayLike<number>, frequency: ArrayLike<number>): ReachCurve {
  const weeks: { I: number; logR: number }[] = [];
  let [spent, imps, maxR, maxF] = [0, 0, 0, 1];
  for (let t = 0; t < reach.length; t++) {
    const I = reach[t]! * frequency[t]!;
    spent += spend[t]!;
    imps += I;
    if (reach[t]! > 0 && I > 0) {
      weeks.push({ I, logR: Math.log(reach[t]!) });
      maxR = Math.max(maxR, reach[t]!);
      maxF = Math.max(maxF, frequency[t]!);
    }
  }
  const base = { costPerImpression: imps > 0 ? spent / imps : 1, weeklySpend: spent / Math.max(1, reach.length) };
  if (!weeks.length) return { population: 1, minFrequency: 1, ...base };
  const sse = (P: number, f0: number) => weeks.reduce((s, w) => s + (w.logR - Math.log(reachAt({ population: P, minFrequency: f0 }, w.I).reach)) ** 2, 0);
  const inner = (logP: number) => golden((lf) => sse(Math.exp(logP), Math.exp(lf)), 0, Math.log(maxF) + 1e-9, 40);
  const [lo, hi] = [Math.log(maxR * 1.0001), Math.log(maxR * MAX_AUDIENCE_MULTIPLE)];
  const grid = Array.from({ length: 41 }, (_, k) => lo + ((hi - lo) * k) / 40);
  const scores = grid.map((lp) => inner(lp).fx);
  const best = scores.indexOf(Math.min(...scores));
  const step = (hi - lo) / 40;
  const lp = golden((x) => inner(x).fx, Math.max(lo, grid[best]! - step), Math.min(hi, grid[best]! + step), 40).x;
  return { population: Math.exp(lp), minFrequency: Math.exp(inner(lp).x), ...base };
}

const cache = new WeakMap<MmmChannel, ReachCurve>();

/** The channel's reach curve, fitted once per channel data. */
export function channelReachCurve(ch: MmmChannel): ReachCurve {
  let c = cache.get(ch);
  if (!c) {
    if (!ch.rf) throw new Error(`channelReachCurve: '${ch.name}' is not a reach & frequency channel`);
    c = fitReachCurve(ch.spend, ch.rf.reach, ch.rf.frequency);
    cache.set(ch, c);
  }
  return c;
}

/** g(w) = R(I)·Hill(I/R) and dg/dw at weekly spend w (Hill on frequency with parameters θ). */
export function rfInputAt(c: ReachCurve, hill: BayesSaturation, theta: Float64Array, weekly: number, ev = new Float64Array(4)): { g: number; dg: number } {
  const I = Math.max(weekly, 0) / c.costPerImpression;
  if (!(I > 0)) return { g: 0, dg: hill.value(c.minFrequency, theta) / c.minFrequency / c.costPerImpression };
  const { reach: R, slope, rest } = reachAt(c, I);
  const f = I / R;
  hill.evaluate(f, theta, ev);
  const dfdI = rest / (R * R);
  return { g: R * ev[0]!, dg: (slope * ev[0]! + R * ev[1]! * dfdI) / c.costPerImpression };
}

/**
 * Steady-state weekly KPI of the R&F channel at weekly spend w and its derivative (the marginal
 * ROAS) under one draw: ROAS·w̄·g(w)/g(w̄), so at w̄ it is the draw's contribution per week.
 */
export function rfResponse(ch: MmmChannel, hill: BayesSaturation, theta: Float64Array, roas: number, weekly: number): { value: number; marginal: number } {
  const c = channelReachCurve(ch);
  const ref = rfInputAt(c, hill, theta, c.weeklySpend).g;
  if (!(ref > 0)) return { value: 0, marginal: 0 };
  const { g, dg } = rfInputAt(c, hill, theta, weekly);
  const k = (roas * c.weeklySpend) / ref;
  return { value: k * g, marginal: k * dg };
}

/**
 * A lift test's weeks of an R&F channel as reach and frequency (scaled by the channel's largest
 * reach, as the fit): `weeks[k]` is the data week of slice week k (−1 outside the data). A week
 * whose spend is the data's keeps its observed reach and frequency; a changed spend moves the
 * week's impressions at the cost per impression and its reach along the reach curve, in
 * proportion to the observed reach (R(I′)/R(I)), or from the curve alone where nobody was reached.
 */
export function rfLiftInput(ch: MmmChannel, spend: Float64Array, weeks: ArrayLike<number>): RfInput {
  const c = channelReachCurve(ch);
  const rf = ch.rf!;
  const max = rf.reach.reduce((m, v) => Math.max(m, v), 0) || 1;
  const reach = new Float64Array(spend.length);
  const frequency = new Float64Array(spend.length);
  spend.forEach((s, k) => {
    const t = weeks[k]!;
    if (t >= 0 && s === ch.spend[t]) {
      [reach[k], frequency[k]] = [rf.reach[t]!, rf.frequency[t]!];
      return;
    }
    const I = s / c.costPerImpression;
    if (!(I > 0)) return;
    const seen = t >= 0 ? rf.reach[t]! * rf.frequency[t]! : 0;
    const r = t >= 0 && rf.reach[t]! > 0 && seen > 0 ? (rf.reach[t]! * reachAt(c, I).reach) / reachAt(c, seen).reach : reachAt(c, I).reach;
    [reach[k], frequency[k]] = [r, Math.max(1, I / r)];
  });
  return { reach: reach.map((v) => v / max), frequency, reachRef: 0, frequencyRef: 0, work: new Float64Array(spend.length) };
}
