/**
 * The series generators behind `simulateMMM`: calendar, spend with flighting, media response,
 * controls, events and latent demand. Internal to the simulator.
 */
import type { Rng } from "../../math/random";
import { mediaFeature, resolveMedia } from "../media";
import type { ResolvedSimulateOptions } from "./types";

type ResolvedChannel = ResolvedSimulateOptions["channels"][number];
type ResolvedControl = ResolvedSimulateOptions["controls"][number];

const DAY_MS = 86_400_000;
const WEEKS_PER_YEAR = 365.25 / 7;

/**
 * Mondays (UTC midnight) of `weeks` consecutive weeks from `start`.
 * @example weekDates("2021-01-04", 2); // [2021-01-04, 2021-01-11]
 */
export function weekDates(start: string, weeks: number): Date[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: weeks }, (_, i) => new Date(t0 + i * 7 * DAY_MS));
}

function dayOfYear(d: Date): number {
  return (d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS + 1;
}

/**
 * Yearly Fourier terms on day-of-year / 365.25 (PyMC-Marketing's convention), scaled by `scale`.
 * @example fourierSeasonality(weekDates("2021-01-04", 52), [[0.1, 0]], 1000); // one sine cycle, amplitude 100
 */
export function fourierSeasonality(dates: Date[], coefs: Array<[number, number]>, scale: number): Float64Array {
  return Float64Array.from(dates, (d) => {
    const phase = (2 * Math.PI * dayOfYear(d)) / 365.25;
    let s = 0;
    coefs.forEach(([a, b], k) => {
      s += a * Math.sin((k + 1) * phase) + b * Math.cos((k + 1) * phase);
    });
    return scale * s;
  });
}

/**
 * Linear trend starting at 0 in the first week; `perYear` is in KPI units per year.
 * @example trendSeries(3, 365.25 / 7); // [0, 1, 2]
 */
export function trendSeries(weeks: number, perYear: number): Float64Array {
  return Float64Array.from({ length: weeks }, (_, t) => (perYear * t) / WEEKS_PER_YEAR);
}

/**
 * A stationary AR(1) series with unit variance.
 * @example ar1(createRng(1), 156, 0.85); // smooth latent demand
 */
export function ar1(rng: Rng, n: number, rho: number): Float64Array {
  const z = new Float64Array(n);
  const innovation = Math.sqrt(1 - rho * rho);
  for (let t = 0; t < n; t++) z[t] = t === 0 ? rng.normal() : rho * z[t - 1]! + innovation * rng.normal();
  return z;
}

/**
 * On/off flighting as a two-state Markov chain whose stationary on-share is `onProbability`
 * and whose on-bursts last `flightWeeks` on average (media plans run in bursts, not coin flips).
 * @example flighting(createRng(1), 10, 0.5, 3); // e.g. [1, 1, 1, 0, 0, 0, 1, 1, 0, 0]
 */
export function flighting(rng: Rng, weeks: number, onProbability: number, flightWeeks: number): Uint8Array {
  const on = new Uint8Array(weeks);
  if (onProbability >= 1) return on.fill(1);
  const stop = 1 / flightWeeks;
  const restart = Math.min(1, (onProbability / (1 - onProbability)) * stop);
  let state = rng.uniform() < onProbability;
  for (let t = 0; t < weeks; t++) {
    if (t > 0) state = state ? rng.uniform() >= stop : rng.uniform() < restart;
    on[t] = state ? 1 : 0;
  }
  return on;
}

function lognormalFactor(rng: Rng, cv: number): number {
  const s = Math.sqrt(Math.log(1 + cv * cv));
  return Math.exp(s * rng.normal() - (s * s) / 2);
}

/**
 * Weekly spend of one channel in one geo: level × flight × yearly cycle × log-normal noise,
 * times `exp(logShift)` when a confounder drives it. Draws one noise value per week, on air or
 * not, so the stream stays aligned whatever the flights.
 * @example channelSpend(rng, dates, resolved.channels[0], 1, flights[0]);
 */
export function channelSpend(rng: Rng, dates: Date[], ch: ResolvedChannel, size: number, on: Uint8Array, logShift?: Float64Array): Float64Array {
  const { mean, variability, seasonalAmplitude, peakWeek } = ch.spend;
  return Float64Array.from(dates, (d, t) => {
    const noise = lognormalFactor(rng, variability);
    if (!on[t]) return 0;
    const cycle = 1 + seasonalAmplitude * Math.cos((2 * Math.PI * (dayOfYear(d) / 7 - peakWeek)) / WEEKS_PER_YEAR);
    return mean * size * cycle * noise * (logShift ? Math.exp(logShift[t]!) : 1);
  });
}

/**
 * A channel's KPI contribution: `beta × saturation(adstock(spend / max(spend)))`.
 * @example mediaResponse(spend, resolved.channels[0], 120_000); // KPI units per week
 */
export function mediaResponse(spend: Float64Array, ch: ResolvedChannel, beta: number): Float64Array {
  let max = 0;
  for (const v of spend) max = Math.max(max, v);
  // The model's own media transform (the registry's), so simulated truth and fits share one definition.
  return mediaFeature(spend, max, ch).map((v) => beta * v);
}

/**
 * Reach and frequency of a week's impressions (Meridian's simulation, without its noise): reach =
 * population·(1 − e^(−impressions/population)) ≤ impressions, so frequency = impressions / reach ≥ 1.
 */
export function reachFrequency(spend: Float64Array, cpm: number, population: number): { reach: Float64Array; frequency: Float64Array } {
  const imp = spend.map((v) => (v / cpm) * 1000);
  const reach = imp.map((i) => population * -Math.expm1(-i / population));
  return { reach, frequency: imp.map((i, t) => (reach[t]! > 0 ? i / reach[t]! : 0)) };
}

/** An R&F channel's response: beta × adstock(reach / max reach × saturation(frequency)) with the channel's own transforms. */
export function rfMediaResponse(reach: Float64Array, frequency: Float64Array, ch: ResolvedChannel, beta: number): Float64Array {
  const m = resolveMedia({ adstock: ch.adstock, saturation: ch.saturation });
  const max = reach.reduce((a, v) => Math.max(a, v), 0) || 1;
  const hill = m.saturation.apply(frequency, m.saturationParams);
  const x = reach.map((r, t) => (r > 0 ? (r / max) * hill[t]! : 0));
  return m.adstock.apply(x, m.adstockParams).map((v) => beta * v);
}

/**
 * Impressions bought: spend / CPM × 1000 with 10% log-normal price noise, whole numbers.
 * @example impressionsSeries(rng, Float64Array.of(1200, 0), 12); // ≈ [100000, 0]
 */
export function impressionsSeries(rng: Rng, spend: Float64Array, cpm: number): Float64Array {
  return spend.map((v) => Math.round(((v / cpm) * 1000) / lognormalFactor(rng, 0.1)));
}

/**
 * One control's values in one geo (see `ControlSpec.kind`).
 * @example controlSeries(rng, dates, { name: "price_index", kind: "price", mean: 1, sd: 0.03, coef: -3e5 }, 1);
 */
export function controlSeries(rng: Rng, dates: Date[], c: ResolvedControl, size: number): Float64Array {
  const n = dates.length;
  switch (c.kind) {
    case "price":
      return ar1(rng, n, 0.9).map((z) => c.mean + c.sd * z);
    case "competitor": {
      const cycle = fourierSeasonality(dates, [[0.05, 0.08]], 1);
      return ar1(rng, n, 0.7).map((z, t) => c.mean * size * (1 + cycle[t]!) * Math.exp(c.sd * z - (c.sd * c.sd) / 2));
    }
    case "normal":
      return Float64Array.from({ length: n }, () => rng.normal(c.mean, c.sd));
    case "random_walk": {
      let level = c.mean;
      return Float64Array.from({ length: n }, () => (level += rng.normal(0, c.sd)));
    }
  }
}

/**
 * True when the week starting on `monday` holds Black Friday or Christmas Day.
 * @example isHolidayWeek(new Date("2021-11-22")); // true (Black Friday 2021-11-26)
 */
export function isHolidayWeek(monday: Date): boolean {
  const y = monday.getUTCFullYear();
  const nov1 = new Date(Date.UTC(y, 10, 1)).getUTCDay();
  const thanksgiving = 1 + ((4 - nov1 + 7) % 7) + 21;
  const holidays = [Date.UTC(y, 10, thanksgiving + 1), Date.UTC(y, 11, 25)];
  const t = monday.getTime();
  return holidays.some((h) => h >= t && h < t + 7 * DAY_MS);
}

/**
 * The national event calendar: "holiday", "promo" or "na" per week.
 * @example eventCalendar(rng, weekDates("2021-11-22", 2), 0); // ["holiday", "na"]
 */
export function eventCalendar(rng: Rng, dates: Date[], promoProbability: number): string[] {
  return dates.map((d) => {
    const promo = rng.uniform() < promoProbability;
    return isHolidayWeek(d) ? "holiday" : promo ? "promo" : "na";
  });
}
