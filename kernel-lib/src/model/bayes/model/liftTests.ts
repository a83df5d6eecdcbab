/**
 * Lift-test calibration inputs (as PyMC-Marketing's add_lift_measurements_to_likelihood, but through
 * the adstock): each experiment's measured incremental KPI is compared with the model's lift — the
 * channel's response to its spend with the test's change minus its response to the spend without
 * it, summed over the test's weeks and an optional carry-over tail, through the channel's own adstock
 * and saturation. Here the inputs are checked and turned into two short spend slices on the model's
 * scales (with and without the change, lMax lead-in weeks first so the adstock starts right);
 * liftTerm.ts evaluates the likelihood and its gradient.
 */
import { MMMError, closestNames } from "../../../errors";
import type { MmmData } from "../../mmmData";
import { adstockInput, type AdstockInput } from "./adstock";
import type { RfInput } from "./rfMedia";
import { rfLiftInput } from "./rfSpend";

/** Likelihood of a measured lift: "gamma" (PyMC-Marketing's; on the lift's size in the direction of the spend change) or "normal". */
export type LiftLikelihood = "gamma" | "normal";

/** One geo/holdout/go-dark experiment on a channel. */
export interface LiftTest {
  /** Channel (spend column) that was changed. */
  channel: string;
  /** First and last day of the test, ISO dates; every data week that overlaps them is a test week. */
  start: string;
  end: string;
  /**
   * Spend change over the whole test (negative for a holdout; minus the window's spend for go-dark).
   * Without `spend` it is spread over the test weeks in proportion to their spend in the data (evenly
   * if they had none); with `spend`, evenly.
   */
  deltaSpend: number;
  /** Measured incremental KPI over the test weeks plus `tailWeeks` (same sign as the response: negative for go-dark). */
  lift: number;
  /** Standard error of `lift`. */
  sigma?: number;
  /** Former name of `sigma` (accepted as it). */
  sd?: number;
  /**
   * Weekly spend level before the change: the test runs at this steady level x (x + deltaSpend/weeks
   * in the test weeks) instead of the data's spend — for tests in a market or period the data does
   * not hold. Default: the data's own weekly spend.
   */
  spend?: number;
  /** Weeks after `end` whose carry-over the measured lift includes (default 0: the test weeks only). */
  tailWeeks?: number;
  /** Default "gamma". */
  likelihood?: LiftLikelihood;
}

/** A lift test on the model's scales: spend / channel scale, KPI / KPI scale. */
export interface ScaledLiftTest {
  channel: number;
  /** Scaled spend slices without and with the test's change: lead-in, test weeks, tail. */
  base: AdstockInput;
  test: AdstockInput;
  /** Test weeks (without the tail). */
  weeks: number;
  obs: number;
  sd: number;
  /** Direction of the spend change: the Gamma likelihood is on sign·lift. */
  sign: 1 | -1;
  likelihood: LiftLikelihood;
  /** An R&F channel's slices as reach and frequency (rfSpend.ts), run by rfSeries with `lMax` lags instead of `base`/`test`. */
  rf?: { base: RfInput; test: RfInput; lMax: number };
}

const DAY_MS = 86_400_000;

function bad(i: number, what: string, hint: string, value: unknown): never {
  throw new MMMError("INVALID_ARGUMENT", `Lift test ${i + 1}: ${what}`, hint, { value });
}

function epochDay(i: number, field: string, s: string): number {
  const ms = Date.parse(s);
  if (typeof s !== "string" || !Number.isFinite(ms)) bad(i, `${field} "${String(s)}" is not a date.`, "Use ISO dates such as 2024-03-04.", s);
  return Math.floor(ms / DAY_MS);
}

function channelIndex(i: number, lt: LiftTest, data: MmmData): number {
  const names = data.channels.map((c) => c.name);
  const c = names.indexOf(lt.channel);
  if (c >= 0) return c;
  const near = closestNames(String(lt.channel), names);
  return bad(i, `channel "${lt.channel}" is not a channel of the model.`, near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : `Use one of: ${names.join(", ")}.`, lt.channel);
}

/** The numbers of a test, checked: standard error, tail weeks, likelihood and the lift's direction. */
function checkNumbers(i: number, lt: LiftTest): { sd: number; tail: number; likelihood: LiftLikelihood; sign: 1 | -1 } {
  const sd = lt.sigma ?? lt.sd;
  for (const [f, v] of [
    ["deltaSpend", lt.deltaSpend],
    ["lift", lt.lift],
    ["sigma", sd],
  ] as const) {
    if (!Number.isFinite(v)) bad(i, `${f} is ${String(v)}, not a finite number.`, `Give ${f} as a number in the KPI's or spend's units.`, v);
  }
  if (!(sd! > 0)) bad(i, `sigma must be positive, got ${sd}.`, "Give the standard error of the measured lift (sigma; formerly sd).", sd);
  if (lt.deltaSpend === 0) bad(i, "deltaSpend is 0: a test without a spend change measures nothing.", "Give the spend change over the test (negative for a holdout or go-dark).", lt.deltaSpend);
  const tail = lt.tailWeeks ?? 0;
  if (!Number.isInteger(tail) || tail < 0 || tail > 52) bad(i, `tailWeeks must be a whole number of weeks in [0, 52], got ${tail}.`, "Give the weeks after the test whose carry-over the measured lift includes.", tail);
  const likelihood = lt.likelihood ?? "gamma";
  if (likelihood !== "gamma" && likelihood !== "normal") bad(i, `unknown likelihood "${String(likelihood)}".`, 'Use "gamma" (the default) or "normal".', likelihood);
  const sign = lt.deltaSpend > 0 ? 1 : -1;
  if (likelihood === "gamma" && !(sign * lt.lift > 0)) {
    bad(
      i,
      `measured lift ${lt.lift} goes against the spend change ${lt.deltaSpend}; the Gamma likelihood needs a lift in the change's direction (negative for a holdout).`,
      'Check the sign of lift, or use likelihood "normal" for a lift that may be zero or of either sign.',
      lt.lift,
    );
  }
  return { sd: sd!, tail, likelihood, sign };
}

/** The data's weeks that overlap [from, to] (weeks are labelled by their first day). */
function testWeeks(i: number, data: MmmData, from: number, to: number): [number, number] {
  let first = -1;
  let last = -1;
  for (let t = 0; t < data.n; t++) {
    if (data.days[t]! >= from - 6 && data.days[t]! <= to) {
      if (first < 0) first = t;
      last = t;
    }
  }
  if (first < 0 || from < data.days[0]! || to > data.days[data.n - 1]! + 6) {
    bad(i, "the test's dates are not all inside the data's weeks, so its spend without the change is unknown.", "Give spend (the channel's weekly spend level during the test) to place the test outside the data.", [from, to]);
  }
  return [first, last];
}

/** Slices on the data's own spend: lMax lead-in weeks, the test weeks with the change spread by their spend, the tail. */
function dataSlices(i: number, lt: LiftTest, x: Float64Array, [first, last]: [number, number], tail: number, lMax: number): [Float64Array, Float64Array] {
  const from = sliceStart(first, lMax);
  const base = x.slice(from, Math.min(x.length, last + 1 + tail));
  const test = Float64Array.from(base);
  const window = x.subarray(first, last + 1);
  const total = window.reduce((a, v) => a + v, 0);
  const weeks = last - first + 1;
  for (let t = first; t <= last; t++) {
    const share = total > 0 ? x[t]! / total : 1 / weeks;
    const v = x[t]! + lt.deltaSpend * share;
    if (v < -1e-9 * Math.max(1, Math.abs(x[t]!)))
      bad(i, `the spend change ${lt.deltaSpend} is more than the ${total} spent in the test weeks.`, "deltaSpend is the total change over the test; a go-dark test is minus the test weeks' spend.", lt.deltaSpend);
    test[t - from] = Math.max(0, v);
  }
  return [base, test];
}

/** The first data week of a data slice (lMax lead-in weeks before the test, inside the data). */
const sliceStart = (first: number, lMax: number) => Math.max(0, first - lMax);

/** Slices at a steady level x: lMax lead-in weeks at x, the test weeks at x + Δ/weeks, the tail at x. */
function levelSlices(i: number, lt: LiftTest, x0: number, weeks: number, tail: number, lMax: number): [Float64Array, Float64Array] {
  const x1 = x0 + lt.deltaSpend / weeks;
  if (!(x0 >= 0) || x1 < 0) bad(i, `weekly spend ${x0} with change ${lt.deltaSpend / weeks} per week goes below zero.`, "Check spend and deltaSpend (deltaSpend is the total over the test).", lt.deltaSpend);
  const base = new Float64Array(lMax + weeks + tail).fill(x0);
  const test = Float64Array.from(base).fill(x1, lMax, lMax + weeks);
  return [base, test];
}

/**
 * Check lift tests against the model's channels and dates and put them on the model's scales.
 * @throws MMMError INVALID_ARGUMENT naming the test and the field (unknown channel, bad dates, sigma ≤ 0, a go-dark larger than the spend, a Gamma lift against the change).
 */
export function scaleLiftTests(tests: readonly LiftTest[], data: MmmData, yScale: number, lMax = 8): ScaledLiftTest[] {
  return tests.map((lt, i) => {
    const c = channelIndex(i, lt, data);
    const { sd, tail, likelihood, sign } = checkNumbers(i, lt);
    const from = epochDay(i, "start", lt.start);
    const to = epochDay(i, "end", lt.end);
    if (to < from) bad(i, `end ${lt.end} is before start ${lt.start}.`, "Swap start and end.", [lt.start, lt.end]);
    const ch = data.channels[c]!;
    let weeks = Math.floor((to - from) / 7) + 1;
    let slices: [Float64Array, Float64Array];
    // Data week of each slice week (−1: a steady level outside the data).
    let at = (_k: number) => -1;
    if (lt.spend === undefined) {
      const span = testWeeks(i, data, from, to);
      weeks = span[1] - span[0] + 1;
      slices = dataSlices(i, lt, ch.spend, span, tail, lMax);
      const start = sliceStart(span[0], lMax);
      at = (k) => start + k;
    } else slices = levelSlices(i, lt, lt.spend, weeks, tail, lMax);
    const [base, test] = slices.map((s) =>
      adstockInput(
        s.map((v) => v / ch.scale),
        lMax,
      ),
    ) as [AdstockInput, AdstockInput];
    const rf = ch.rf && {
      base: rfLiftInput(
        ch,
        slices[0],
        slices[0].map((_, k) => at(k)),
      ),
      test: rfLiftInput(
        ch,
        slices[1],
        slices[1].map((_, k) => at(k)),
      ),
      lMax,
    };
    return { channel: c, base, test, weeks, obs: lt.lift / yScale, sd: sd / yScale, sign, likelihood, ...(rf ? { rf } : {}) };
  });
}
