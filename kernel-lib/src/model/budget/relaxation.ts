/**
 * Concave-hull relaxation of the budget problem (the global step of the gradient method).
 * Each channel's horizon value f_c is sampled over [lo_c, hi_c] and replaced by its upper concave
 * hull. The relaxed problem is solved exactly by water-filling: hull segments are bought in order
 * of falling slope (marginal ROAS) until the total is spent. For concave curves this is the
 * optimum up to sampling; for S-shaped curves (Hill with slope > 1) the hull bridges the convex
 * start of the curve, so the relaxation decides globally which channels are worth lifting over
 * their threshold. Because the relaxation can be loose by one such decision, `flipPins` lists the
 * alternatives (each bridged channel switched on or off) for kkt.ts to try.
 */
import { channelValue, projectToBudget, type BudgetProblem } from "./problem";

/** Points per channel for the hull relaxation: a geometric and a quadratic grid over [lo, hi]. */
const GEOMETRIC = 40;
const QUADRATIC = 64;

/**
 * Where to sample channel c: geometric from 1e-6 of its range (response curves can bend at spends
 * far below the total), quadratic over the range, and multiples of its current spend (fitted
 * curves have their features near the spend seen in the data). Sorted, distinct, within bounds.
 */
function samplePoints(p: BudgetProblem, c: number): number[] {
  const lo = p.lo[c]!;
  const range = p.hi[c]! - lo;
  const ts: number[] = [0, 1];
  for (let k = 0; k < GEOMETRIC; k++) ts.push(1e-6 * 1e6 ** (k / GEOMETRIC));
  for (let k = 1; k < QUADRATIC; k++) ts.push((k / QUADRATIC) ** 2);
  const xs = ts.map((t) => lo + range * t);
  const cur = p.current[c]!;
  if (cur > 0) for (const m of [0.1, 0.25, 0.5, 1, 2, 4]) if (cur * m > lo && cur * m < lo + range) xs.push(cur * m);
  xs.sort((a, b) => a - b);
  return xs.filter((x, i) => i === 0 || x > xs[i - 1]!);
}

export interface Segment {
  c: number;
  /** Position of the segment among channel c's hull segments (they must be bought in order). */
  order: number;
  x0: number;
  x1: number;
  slope: number;
  /** Sample intervals bridged: > 1 means the curve is not concave under this segment. */
  span: number;
}

/** Upper concave hull of channel c's value sampled over [lo_c, hi_c], as segments of falling slope. */
export function hullSegments(p: BudgetProblem, c: number): Segment[] {
  if (!(p.hi[c]! > p.lo[c]!)) return [];
  const xs: number[] = [];
  const vs: number[] = [];
  const idx: number[] = [];
  samplePoints(p, c).forEach((x, k) => {
    const v = channelValue(p, c, x);
    while (xs.length >= 2) {
      const n = xs.length;
      const cross = (xs[n - 1]! - xs[n - 2]!) * (v - vs[n - 2]!) - (vs[n - 1]! - vs[n - 2]!) * (x - xs[n - 2]!);
      if (cross < 0) break;
      xs.pop();
      vs.pop();
      idx.pop();
    }
    xs.push(x);
    vs.push(v);
    idx.push(k);
  });
  const segs: Segment[] = [];
  for (let i = 1; i < xs.length; i++) {
    const slope = (vs[i]! - vs[i - 1]!) / (xs[i]! - xs[i - 1]!);
    segs.push({ c, order: i - 1, x0: xs[i - 1]!, x1: xs[i]!, slope, span: idx[i]! - idx[i - 1]! });
  }
  return segs;
}

/** Result of the water-filling on the hulls. */
export interface Relaxation {
  x: Float64Array;
  /** The segment left part-filled, if any. */
  partial?: Segment;
}

/**
 * Water-filling on the concave hulls: every channel starts at its lower bound and hull segments
 * are bought in order of falling slope until the total is spent. `pin` holds one channel at a value.
 */
export function relax(p: BudgetProblem, hulls: Hulls, pin?: Pin): Relaxation {
  const x = Float64Array.from(p.lo);
  let rest = p.total;
  for (let c = 0; c < x.length; c++) rest -= x[c]!;
  if (pin) {
    rest -= pin.x - x[pin.c]!;
    x[pin.c] = pin.x;
  }
  let partial: Segment | undefined;
  for (const s of hulls.sorted) {
    if (rest <= 0) break;
    if (pin && s.c === pin.c) continue;
    const take = Math.min(s.x1 - s.x0, rest);
    x[s.c] = x[s.c]! + take;
    rest -= take;
    if (rest <= 0 && take < s.x1 - s.x0) partial = s;
  }
  return partial ? { x, partial } : { x };
}

/** Every channel's hull segments, and all of them in buying order (falling slope). */
export interface Hulls {
  perChannel: Segment[][];
  sorted: Segment[];
}

/** Hull segments of every channel. */
export function allHulls(p: BudgetProblem): Hulls {
  const perChannel = p.names.map((_, c) => hullSegments(p, c));
  const sorted = perChannel.flat().sort((a, b) => b.slope - a.slope || a.c - b.c || a.order - b.order);
  return { perChannel, sorted };
}

/** Starting points for the local method: the relaxation, and both ends of a bridged part-filled segment. */
export function relaxedStarts(p: BudgetProblem, hulls: Hulls): Float64Array[] {
  const base = relax(p, hulls);
  const starts = [base.x];
  const s = base.partial;
  if (s && s.span > 1) {
    starts.push(relax(p, hulls, { c: s.c, x: s.x0 }).x, relax(p, hulls, { c: s.c, x: s.x1 }).x);
  }
  return starts.map((x) => projectToBudget(p, x));
}

/** A channel held at one value while the others are water-filled. */
export interface Pin {
  c: number;
  x: number;
}

/**
 * On/off alternatives to allocation x: for every channel whose hull bridges a non-concave
 * stretch [x0, x1], switch it to x0 if it is above, and to x1 if it is below.
 */
export function flipPins(hulls: Hulls, x: ArrayLike<number>, tol: number): Pin[] {
  const pins: Pin[] = [];
  hulls.perChannel.forEach((segs, c) => {
    const bridge = segs.find((s) => s.span > 1);
    if (!bridge) return;
    if (x[c]! > bridge.x0 + tol) pins.push({ c, x: bridge.x0 });
    if (x[c]! < bridge.x1 - tol) pins.push({ c, x: bridge.x1 });
  });
  return pins;
}
