/**
 * A fitted model as the weekly flighting planner sees it: per channel, the observed spend (the
 * adstock state the plan starts from) and, per posterior draw (one for ridge), the adstock weights,
 * the saturation and the coefficient. Week t's contribution of a channel is
 * β · sat(Σ_i w_i · s_{t−i} / scale), s the observed spend followed by the plan — the same
 * composition the forecasts run (model/forecast), so a plan's response is a forecast's.
 */
import type { BayesPosterior } from "../bayes/bayesPosterior";
import { thin } from "../bayes/outputs/bands";
import { resolveMedia } from "../media";
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
  model: "ridge" | "bayesian";
  /** Epoch day of the last observed week (plan week k starts 7(k+1) days later). */
  lastDay: number;
  channels: FlightChannel[];
}

/** Draws the planner averages over on a Bayesian fit (the objective is the posterior-mean response). */
export const FLIGHT_DRAWS = 200;

/** The ridge fit's channels (one draw each: the point estimate). */
export function ridgeFlightModel(m: RidgeModel): FlightModel {
  const { data } = m;
  const channels = data.channels.map((ch, c) => {
    const r = resolveMedia(m.media[c]!);
    const sp = r.saturation.checkParams(r.saturationParams);
    const draw: FlightDraw = {
      beta: m.fit.coef[c]!,
      weights: r.adstock.weights(r.adstockParams),
      value: (a) => r.saturation.valueAt(a, sp),
      slope: (a) => r.saturation.slopeAt(a, sp),
    };
    return { name: ch.name, scale: ch.scale, history: ch.spend, currentWeekly: ch.total / data.n, draws: [draw] };
  });
  return { model: "ridge", lastDay: data.days[data.n - 1]!, channels };
}

/** The Bayesian fit's channels under ≤ `maxDraws` thinned posterior draws. */
export function bayesFlightModel(posterior: BayesPosterior, maxDraws = FLIGHT_DRAWS): FlightModel {
  const d = posterior.density;
  const used = thin(posterior.params, maxDraws);
  const channels = d.data.channels.map((ch, c) => {
    const layout = d.layout.channels[c]!;
    const draws = used.map((p): FlightDraw => {
      const cp = p.channels[c]!;
      const theta = Float64Array.from(cp.theta);
      const ev = new Float64Array(2 + theta.length);
      return {
        beta: d.yScale * cp.beta,
        weights: layout.adstock.transform.weights(layout.adstock.describe(cp.adstock)),
        value: (a) => layout.curve.value(a, theta),
        slope: (a) => {
          layout.curve.evaluate(a, theta, ev);
          return ev[1]!;
        },
      };
    });
    return { name: ch.name, scale: ch.scale, history: ch.spend, currentWeekly: ch.total / d.n, draws };
  });
  return { model: "bayesian", lastDay: d.data.days[d.n - 1]!, channels };
}

/** Longest adstock reach (weights) of any draw of any channel. */
export function maxLag(m: FlightModel): number {
  let L = 1;
  for (const ch of m.channels) for (const d of ch.draws) L = Math.max(L, d.weights.length);
  return L;
}

/**
 * The adstocked, scaled input of plan weeks 0 … counted−1 for one draw: past spend and the plan
 * (`plan`, H weeks; zero after it) convolved with the weights.
 */
function adstocked(ch: FlightChannel, w: Float64Array, plan: ArrayLike<number>, counted: number, out: Float64Array): void {
  const n = ch.history.length;
  const H = plan.length;
  const inv = ch.scale > 0 ? 1 / ch.scale : 0;
  for (let t = 0; t < counted; t++) {
    let a = 0;
    for (let i = 0; i < w.length; i++) {
      const k = t - i; // plan week k < 0 is history week n + k
      const s = k >= 0 ? (k < H ? plan[k]! : 0) : n + k >= 0 ? ch.history[n + k]! : 0;
      a += w[i]! * s;
    }
    out[t] = a * inv;
  }
}

/**
 * Posterior-mean contribution of channel `c` in each counted week into `weekly` (length `counted`),
 * and ∂(Σ weekly)/∂plan_k into `grad` (length H) when given. Returns Σ weekly per draw.
 */
export function channelFlight(ch: FlightChannel, plan: ArrayLike<number>, counted: number, weekly: Float64Array, grad?: Float64Array): Float64Array {
  const a = new Float64Array(counted);
  const perDraw = new Float64Array(ch.draws.length);
  const inv = ch.scale > 0 ? 1 / ch.scale : 0;
  const share = 1 / ch.draws.length;
  weekly.fill(0);
  grad?.fill(0);
  ch.draws.forEach((d, j) => {
    adstocked(ch, d.weights, plan, counted, a);
    let sum = 0;
    for (let t = 0; t < counted; t++) {
      const v = d.beta * d.value(a[t]!);
      weekly[t]! += share * v;
      sum += v;
    }
    perDraw[j] = sum;
    if (grad) addGradient(d, a, plan.length, counted, share * inv, grad);
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
    for (let i = 0; i < w.length; i++) {
      const k = t - i;
      if (k >= 0 && k < H) grad[k]! += g * w[i]!;
    }
  }
}
