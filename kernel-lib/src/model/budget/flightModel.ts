/**
 * A fitted model as the weekly flighting planner sees it: per channel, the observed spend (the
 * adstock state the plan starts from) and, per posterior draw (one for ridge), the adstock weights,
 * the saturation and the coefficient. Week t's contribution of a channel is
 * β · sat(Σ_i w_i · s_{t−i} / scale), s the observed spend followed by the plan — the same
 * composition the forecasts run (model/forecast), so a plan's response is a forecast's.
 */
import type { BayesPosterior } from "../bayes/bayesPosterior";
import type { ChannelParams } from "../bayes/mmmDensity";
import { thin } from "../bayes/outputs/bands";
import { resolveMedia } from "../media";
import { hasSpendCurve } from "../mmmData";
import type { RidgeModel } from "../ridge/fit";

/** One draw of one channel's media response. */
export interface FlightDraw {
  /** KPI per unit of saturation output. */
  beta: number;
  /** Adstock weights w_0 … w_{L−1} (lag 0 first). */
  weights: Float64Array;
  /** Saturation value and slope at an adstocked, scaled input a ≥ 0. */
  value(a: number): number;
  slope(a: number): number;
  /**
   * A reach & frequency channel's transform of a week's scaled spend before the adstock (its
   * reach curve × Hill on frequency, in KPI per week), value and slope; the saturation is then
   * the identity. Absent for spend channels.
   */
  input?: { value(x: number): number; slope(x: number): number };
}

export interface FlightChannel {
  name: string;
  /** Spend is divided by this before the adstock (the model's channel scale). */
  scale: number;
  /** Observed weekly spend, oldest first: the carry-over into the plan. */
  history: Float64Array;
  /** Average observed weekly spend. */
  currentWeekly: number;
  draws: FlightDraw[];
}

export interface FlightModel {
  /** "geo": the hierarchical geo fit, summed over its geos (geoFlightModel.ts). */
  model: "ridge" | "bayesian" | "geo";
  /** Epoch day of the last observed week (plan week k starts 7(k+1) days later). */
  lastDay: number;
  channels: FlightChannel[];
}

/** Draws the planner averages over on a Bayesian fit (the objective is the posterior-mean response). */
export const FLIGHT_DRAWS = 200;

/** The ridge fit's channels (one draw each: the point estimate). */
export function ridgeFlightModel(m: RidgeModel): FlightModel {
  const { data } = m;
  // Organic media have no spend to plan: they keep their history's carry-over out of the plan.
  const channels = data.channels.flatMap((ch, c) => {
    if (ch.organic) return [];
    const r = resolveMedia(m.media[c]!);
    const sp = r.saturation.checkParams(r.saturationParams);
    const draw: FlightDraw = {
      beta: m.fit.coef[c]!,
      weights: r.adstock.weights(r.adstockParams),
      value: (a) => r.saturation.valueAt(a, sp),
      slope: (a) => r.saturation.slopeAt(a, sp),
    };
    return [{ name: ch.name, scale: ch.scale, history: ch.spend, currentWeekly: ch.total / data.n, draws: [draw] }];
  });
  return { model: "ridge", lastDay: data.days[data.n - 1]!, channels };
}

/** The Bayesian fit's channels under ≤ `maxDraws` thinned posterior draws. */
export function bayesFlightModel(posterior: BayesPosterior, maxDraws = FLIGHT_DRAWS): FlightModel {
  const d = posterior.density;
  const used = thin(posterior.params, maxDraws);
  const channels = d.data.channels.flatMap((ch, c) => {
    if (!hasSpendCurve(ch)) return [];
    const layout = d.layout.channels[c]!;
    if (ch.rf) return [{ name: ch.name, scale: ch.scale, history: ch.spend, currentWeekly: ch.total / d.n, draws: used.map((p) => rfFlightDraw(d, c, p.channels[c]!)) }];
    const sat = layout.curve.transform;
    const draws = used.map((p): FlightDraw => {
      const cp = p.channels[c]!;
      // The registry's scalar value and slope: the density's own curve, without its parameter gradient.
      const sp = layout.curve.describe(cp.theta);
      return {
        beta: d.yScale * cp.beta,
        weights: layout.adstock.transform.weights(layout.adstock.describe(cp.adstock)),
        value: (a) => sat.valueAt(a, sp),
        slope: (a) => sat.slopeAt(a, sp),
      };
    });
    return [{ name: ch.name, scale: ch.scale, history: ch.spend, currentWeekly: ch.total / d.n, draws }];
  });
  return { model: "bayesian", lastDay: d.data.days[d.n - 1]!, channels };
}

/**
 * An R&F channel's draw: week t's input is the steady-state response of the week's spend (the
 * reach curve, rfSpend.ts), carried over by the normalised geometric adstock, with no saturation
 * after it (Meridian's form): constant spend gives the spend curve the budget reads.
 */
function rfFlightDraw(d: BayesPosterior["density"], c: number, cp: ChannelParams): FlightDraw {
  const scale = d.data.channels[c]!.scale;
  const layout = d.layout.channels[c]!;
  return {
    beta: 1,
    weights: layout.adstock.transform.weights(layout.adstock.describe(cp.adstock)),
    value: (a) => a,
    slope: () => 1,
    input: { value: (x) => d.response(cp, c, x * scale), slope: (x) => scale * d.marginal(cp, c, x * scale) },
  };
}

/** Longest adstock reach (weights) of any draw of any channel. */
export function maxLag(m: FlightModel): number {
  let L = 1;
  for (const ch of m.channels) for (const d of ch.draws) L = Math.max(L, d.weights.length);
  return L;
}

/** Spend from L − 1 weeks before the plan to the last counted week (history, plan, then zeros), scaled. */
function extended(ch: FlightChannel, plan: ArrayLike<number>, L: number, counted: number): Float64Array {
  const n = ch.history.length;
  const inv = ch.scale > 0 ? 1 / ch.scale : 0;
  const ext = new Float64Array(L - 1 + counted);
  for (let j = 0; j < ext.length; j++) {
    const k = j - (L - 1); // plan week k < 0 is history week n + k
    ext[j] = (k >= 0 ? (k < plan.length ? plan[k]! : 0) : n + k >= 0 ? ch.history[n + k]! : 0) * inv;
  }
  return ext;
}

/** a_t = Σ_i w_i · ext[t + L − 1 − i] for the counted weeks. */
function adstocked(ext: Float64Array, L: number, w: Float64Array, counted: number, out: Float64Array): void {
  for (let t = 0; t < counted; t++) {
    let a = 0;
    const top = t + L - 1;
    for (let i = 0; i < w.length; i++) a += w[i]! * ext[top - i]!;
    out[t] = a;
  }
}

/**
 * Posterior-mean contribution of channel `c` in each counted week into `weekly` (length `counted`),
 * and ∂(Σ weekly)/∂plan_k into `grad` (length H) when given. Returns Σ weekly per draw.
 */
export function channelFlight(ch: FlightChannel, plan: ArrayLike<number>, counted: number, weekly: Float64Array, grad?: Float64Array): Float64Array {
  let L = 1;
  for (const d of ch.draws) L = Math.max(L, d.weights.length);
  const ext = extended(ch, plan, L, counted);
  const a = new Float64Array(counted);
  const perDraw = new Float64Array(ch.draws.length);
  const inv = ch.scale > 0 ? 1 / ch.scale : 0;
  const share = 1 / ch.draws.length;
  weekly.fill(0);
  grad?.fill(0);
  const H = plan.length;
  const own = grad && ch.draws.some((d) => d.input) ? new Float64Array(H) : undefined;
  ch.draws.forEach((d, j) => {
    const x = d.input ? ext.map((v) => d.input!.value(v)) : ext;
    adstocked(x, L, d.weights, counted, a);
    let sum = 0;
    for (let t = 0; t < counted; t++) {
      const v = d.beta * d.value(a[t]!);
      weekly[t]! += share * v;
      sum += v;
    }
    perDraw[j] = sum;
    if (!grad) return;
    if (!d.input || !own) return addGradient(d, a, H, counted, share * inv, grad);
    // R&F: the input's slope at plan week k multiplies what reaches k through the adstock.
    own.fill(0);
    addGradient(d, a, H, counted, share * inv, own);
    for (let k = 0; k < H && k + L - 1 < ext.length; k++) grad[k]! += own[k]! * d.input.slope(ext[k + L - 1]!);
  });
  return perDraw;
}

/** Adds f · Σ_t β sat'(a_t) w_{t−k} to grad[k] for every plan week k (chain rule through the convolution). */
function addGradient(d: FlightDraw, a: Float64Array, H: number, counted: number, f: number, grad: Float64Array): void {
  const w = d.weights;
  for (let t = 0; t < counted; t++) {
    // Hill curves with S < 1 are vertical at zero: the slope just above it (as the steady-state marginals).
    const g = f * d.beta * d.slope(Math.max(a[t]!, 1e-9));
    if (g === 0) continue;
    // Plan week k = t − i reaches week t through lag i: 0 ≤ k < H.
    const last = Math.min(w.length - 1, t);
    for (let i = Math.max(0, t - H + 1); i <= last; i++) grad[t - i]! += g * w[i]!;
  }
}
