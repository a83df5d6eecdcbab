/**
 * Lift-test calibration (as PyMC-Marketing's add_lift_test_measurements): each experiment's
 * measured incremental KPI enters as an extra Normal likelihood on the channel's steady-state
 * saturation curve, lift_obs ~ Normal(weeks·β·(h(x+Δx) − h(x)), sd). Here only the inputs are
 * checked and scaled; the density evaluates the term.
 */
import { MMMError, closestNames } from "../../../errors";
import type { MmmData } from "../../mmmData";

/** One geo/holdout experiment on a channel. */
export interface LiftTest {
  /** Channel (spend column) that was changed. */
  channel: string;
  /** First and last day of the test, ISO dates. */
  start: string;
  end: string;
  /** Extra spend over the whole test (negative for a holdout). */
  deltaSpend: number;
  /** Measured incremental KPI over the whole test. */
  lift: number;
  /** Standard error of `lift`. */
  sd: number;
  /** Weekly spend before the change; default: the channel's average weekly spend in the test window. */
  spend?: number;
}

/** A lift test on the model's scales: spend / channel scale, KPI / KPI scale. */
export interface ScaledLiftTest {
  channel: number;
  weeks: number;
  x0: number;
  x1: number;
  obs: number;
  sd: number;
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

function baselineSpend(data: MmmData, c: number, from: number, to: number): number {
  const spend = data.channels[c]!.spend;
  let sum = 0;
  let k = 0;
  // Weeks are labelled by their start: a week overlaps the test if it starts ≤ 6 days before it.
  for (let t = 0; t < data.n; t++) {
    if (data.days[t]! >= from - 6 && data.days[t]! <= to) {
      sum += spend[t]!;
      k++;
    }
  }
  return k > 0 ? sum / k : data.channels[c]!.total / data.n;
}

/** Check lift tests against the model's channels and put them on the model's scales. */
export function scaleLiftTests(tests: readonly LiftTest[], data: MmmData, yScale: number): ScaledLiftTest[] {
  const names = data.channels.map((c) => c.name);
  return tests.map((lt, i) => {
    const c = names.indexOf(lt.channel);
    if (c < 0) {
      const near = closestNames(String(lt.channel), names);
      bad(i, `channel "${lt.channel}" is not a channel of the model.`, near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : `Use one of: ${names.join(", ")}.`, lt.channel);
    }
    for (const f of ["deltaSpend", "lift", "sd"] as const) if (!Number.isFinite(lt[f])) bad(i, `${f} is ${String(lt[f])}, not a finite number.`, `Give ${f} as a number in the KPI's or spend's units.`, lt[f]);
    if (!(lt.sd > 0)) bad(i, `sd must be positive, got ${lt.sd}.`, "Give the standard error of the measured lift.", lt.sd);
    const from = epochDay(i, "start", lt.start);
    const to = epochDay(i, "end", lt.end);
    if (to < from) bad(i, `end ${lt.end} is before start ${lt.start}.`, "Swap start and end.", [lt.start, lt.end]);
    const weeks = Math.floor((to - from) / 7) + 1;
    const x0 = lt.spend ?? baselineSpend(data, c, from, to);
    if (!(x0 >= 0) || x0 + lt.deltaSpend / weeks < 0) bad(i, `weekly spend ${x0} with change ${lt.deltaSpend / weeks} per week goes below zero.`, "Check spend and deltaSpend (deltaSpend is the total over the test).", lt.deltaSpend);
    const scale = data.channels[c]!.scale;
    return { channel: c, weeks, x0: x0 / scale, x1: (x0 + lt.deltaSpend / weeks) / scale, obs: lt.lift / yScale, sd: lt.sd / yScale };
  });
}
