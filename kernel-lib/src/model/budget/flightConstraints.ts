/**
 * The feasible set of a weekly flighting plan and the Euclidean projection onto it. Spend x[t, c]
 * (week t, channel c) must add up to the total, stay inside each channel's weekly [min, max] and
 * respect ramp limits |x[t] − x[t−1]| ≤ abs and (1 − pct)·x[t−1] ≤ x[t] ≤ (1 + pct)·x[t−1], the first
 * plan week measured from the last observed week. The ramp limits imply tighter weekly boxes
 * (propagated forward from the last observed spend), which also decide feasibility exactly: a total
 * is reachable iff it lies between the sums of those boxes' lower and upper ends. The projection is
 * Dykstra's alternating projection over the box-and-total set (exact, `clampedSum`) and the ramp
 * half-spaces, grouped so the pairs inside one group never overlap (each group projects in closed form).
 */
import { closestNames, MMMError } from "../../errors";
import { clampedSum } from "./problem";

/** A ramp limit: the most a channel's weekly spend may change from one week to the next. */
export interface RampLimit {
  /** Fraction of the previous week's spend (0.2 = ±20%). */
  pct?: number;
  /** Money per week. */
  abs?: number;
}

/** One group of ramp half-spaces a_i·x_i + a_j·x_j ≤ b on disjoint pairs (i, j) of flat indices. */
interface PairGroup {
  i: number[];
  j: number[];
  ai: number[];
  aj: number[];
  b: number[];
}

/** The resolved feasible set; x is flat, channel-major: x[c · H + t]. */
export interface FlightSet {
  H: number;
  names: string[];
  total: number;
  /** Weekly boxes after ramp propagation, flat. */
  lo: Float64Array;
  hi: Float64Array;
  groups: PairGroup[];
}

const money = (v: number): string => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : String(+v.toPrecision(6)));

function invalid(what: string, hint: string, column?: string, value?: unknown): MMMError {
  return new MMMError("INVALID_ARGUMENT", what, hint, { column, value });
}

/** Per-channel entries of a `{ channel: v, "*": v }` option, unknown names refused. */
export function perChannel<T>(kind: string, given: Record<string, T> | undefined, names: readonly string[]): (T | undefined)[] {
  for (const k of Object.keys(given ?? {})) {
    if (k !== "*" && !names.includes(k)) {
      const near = closestNames(k, [...names]);
      throw invalid(`Unknown channel "${k}" in ${kind}.`, `${near.length ? `Did you mean "${near[0]}"? ` : ""}Channels: ${names.join(", ")} (or "*" for all).`, k);
    }
  }
  return names.map((n) => given?.[n] ?? given?.["*"]);
}

function checkRamp(name: string, r: RampLimit): void {
  for (const v of [r.pct, r.abs]) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw invalid(`The ramp limit of "${name}" (${JSON.stringify(r)}) is not a number >= 0.`, "Use { pct: 0.2 } for ±20% a week or { abs: 5000 } for ±5,000 a week.", name, r);
  }
}

/** Weekly boxes implied by [lo, hi] and the ramp from the last observed week's spend `last` (null: no ramp into week 0). */
function propagate(H: number, lo: number, hi: number, r: RampLimit | undefined, last: number | null): [Float64Array, Float64Array] {
  const L = new Float64Array(H);
  const U = new Float64Array(H);
  const up = (v: number) => Math.min(r?.abs !== undefined ? v + r.abs : Infinity, r?.pct !== undefined ? (1 + r.pct) * v : Infinity);
  const down = (v: number) => Math.max(r?.abs !== undefined ? v - r.abs : -Infinity, r?.pct !== undefined ? (1 - r.pct) * v : -Infinity);
  let pu = last === null ? Infinity : up(last);
  let pl = last === null ? -Infinity : down(last);
  for (let t = 0; t < H; t++) {
    U[t] = Math.min(hi, pu);
    L[t] = Math.max(lo, pl);
    pu = up(U[t]!);
    pl = down(L[t]!);
  }
  return [L, U];
}

/** Ramp half-spaces of one channel (weeks `base` … `base` + H − 1 of the flat vector), by parity and kind. */
function rampGroups(H: number, base: number, r: RampLimit, groups: Map<string, PairGroup>): void {
  const add = (key: string, t: number, ai: number, aj: number, b: number) => {
    const g = groups.get(key) ?? { i: [], j: [], ai: [], aj: [], b: [] };
    groups.set(key, g);
    g.i.push(base + t - 1);
    g.j.push(base + t);
    g.ai.push(ai);
    g.aj.push(aj);
    g.b.push(b);
  };
  for (let t = 1; t < H; t++) {
    const parity = t % 2;
    if (r.abs !== undefined) {
      add(`up${parity}`, t, -1, 1, r.abs);
      add(`down${parity}`, t, 1, -1, r.abs);
    }
    if (r.pct !== undefined) {
      add(`pup${parity}`, t, -(1 + r.pct), 1, 0);
      add(`pdown${parity}`, t, 1 - r.pct, -1, 0);
    }
  }
}

/** Inputs of `resolveFlightSet`, per channel in model order. */
export interface FlightSetInput {
  names: string[];
  H: number;
  total: number;
  bounds: ([number, number] | undefined)[];
  ramp: (RampLimit | undefined)[];
  /** Last observed weekly spend per channel, or null when week 0 is free of the ramp. */
  last: (number | null)[];
}

/**
 * Validates bounds and ramps and builds the feasible set.
 * @throws MMMError BOUNDS_INFEASIBLE when no plan can spend `total` within the bounds and ramps.
 */
export function resolveFlightSet(inp: FlightSetInput): FlightSet {
  const { names, H, total } = inp;
  const C = names.length;
  const lo = new Float64Array(C * H);
  const hi = new Float64Array(C * H);
  const groups = new Map<string, PairGroup>();
  names.forEach((name, c) => {
    const [bl, bh] = inp.bounds[c] ?? [0, total];
    if (!(Number.isFinite(bl) && bl >= 0 && bh >= bl)) throw invalid(`The weekly bound of "${name}" [${bl}, ${bh}] is not a valid range.`, "Use [min, max] weekly spend with 0 <= min <= max.", name, [bl, bh]);
    const r = inp.ramp[c];
    if (r) checkRamp(name, r);
    const [L, U] = propagate(H, bl, Math.min(bh, total), r, r ? inp.last[c]! : null);
    const bad = L.findIndex((v, t) => v > U[t]! * (1 + 1e-12) + 1e-12);
    if (bad >= 0) {
      throw new MMMError(
        "BOUNDS_INFEASIBLE",
        `"${name}" cannot meet its weekly bounds in plan week ${bad + 1}: the ramp from ${money(inp.last[c] ?? 0)} allows [${money(L[bad]!)}, ${money(U[bad]!)}] but the bounds are [${money(bl)}, ${money(bh)}].`,
        "Loosen the ramp limit or the weekly bounds of this channel.",
        { column: name },
      );
    }
    lo.set(L, c * H);
    hi.set(U, c * H);
    if (r && H > 1) rampGroups(H, c * H, r, groups);
  });
  checkTotal(lo, hi, total);
  return { H, names, total, lo, hi, groups: [...groups.values()] };
}

function checkTotal(lo: Float64Array, hi: Float64Array, total: number): void {
  const sumLo = lo.reduce((a, v) => a + v, 0);
  const sumHi = hi.reduce((a, v) => a + v, 0);
  const tol = 1e-12 * total;
  if (sumLo > total + tol)
    throw new MMMError(
      "BOUNDS_INFEASIBLE",
      `The weekly minimums (with the ramp limits) add up to ${money(sumLo)}, more than the total ${money(total)}.`,
      `Raise the total to at least ${money(sumLo)}, or lower the weekly minimums / loosen the ramps.`,
      { value: sumLo },
    );
  if (sumHi < total - tol)
    throw new MMMError(
      "BOUNDS_INFEASIBLE",
      `The weekly maximums (with the ramp limits) allow at most ${money(sumHi)}, less than the total ${money(total)}.`,
      `Lower the total to at most ${money(sumHi)}, or raise the weekly maximums / loosen the ramps.`,
      { value: sumHi },
    );
}

/** Projects x onto one group of disjoint half-spaces, in place. */
function projectGroup(g: PairGroup, x: Float64Array): void {
  for (let k = 0; k < g.i.length; k++) {
    const i = g.i[k]!;
    const j = g.j[k]!;
    const ai = g.ai[k]!;
    const aj = g.aj[k]!;
    const v = ai * x[i]! + aj * x[j]! - g.b[k]!;
    if (v <= 0) continue;
    const s = v / (ai * ai + aj * aj);
    x[i] = x[i]! - s * ai;
    x[j] = x[j]! - s * aj;
  }
}

/** Largest ramp violation of x (money). */
export function rampViolation(set: FlightSet, x: ArrayLike<number>): number {
  let worst = 0;
  for (const g of set.groups) {
    for (let k = 0; k < g.i.length; k++) worst = Math.max(worst, g.ai[k]! * x[g.i[k]!]! + g.aj[k]! * x[g.j[k]!]! - g.b[k]!);
  }
  return worst;
}

/**
 * Euclidean projection of y onto the feasible set by Dykstra's algorithm (the box-and-total set
 * last, so the result meets the total and the boxes exactly; ramp violations ≤ `tol` money).
 */
export function projectFlight(set: FlightSet, y: ArrayLike<number>, tol: number, maxSweeps = 5000): Float64Array {
  const x = Float64Array.from(y);
  const out = new Float64Array(x.length);
  if (set.groups.length === 0) return clampedSum(x, null, set.lo, set.hi, set.total, out);
  const incr = [...set.groups, null].map(() => new Float64Array(x.length));
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = 0;
    for (let k = 0; k < incr.length; k++) {
      const p = incr[k]!;
      for (let i = 0; i < x.length; i++) out[i] = x[i]! + p[i]!;
      const g = set.groups[k];
      if (g) projectGroup(g, out);
      else clampedSum(Float64Array.from(out), null, set.lo, set.hi, set.total, out);
      for (let i = 0; i < x.length; i++) {
        const z = x[i]! + p[i]!;
        p[i] = z - out[i]!;
        moved = Math.max(moved, Math.abs(out[i]! - x[i]!));
        x[i] = out[i]!;
      }
    }
    if (moved <= tol && rampViolation(set, x) <= tol) break;
  }
  return x;
}
