/**
 * Phase-space points and the leapfrog integrator for H(q, p) = −log p(q) + ½·pᵀM⁻¹p.
 * The sampler's hot loop advances points in place (`leapfrogInPlace`): no allocation per step, and
 * one dense matrix–vector product per step (points cache M⁻¹·∇log p, so the velocity M⁻¹p follows
 * the momentum's half steps by vector updates instead of being recomputed twice).
 */
import { evaluateLogDensity, type LogDensity } from "./density";
import type { DenseMetric } from "./metric";

/**
 * A point in phase space with its cached log density, gradient, velocity M⁻¹p and kinetic energy.
 * The buffers belong to the point; the sampler overwrites them in place.
 */
export interface PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  /** ∂log p/∂q at q. */
  readonly grad: Float64Array;
  /** M⁻¹p. */
  readonly v: Float64Array;
  /** M⁻¹·grad (for the metric the point is integrated with). */
  readonly w: Float64Array;
  /** log p(q); −Infinity outside the support. */
  logp: number;
  kinetic: number;
}

/**
 * H = kinetic − log p; +Infinity outside the support or when not a number.
 * @example energy(phasePoint(stdNormal, DenseMetric.identity(2), q, p))
 */
export function energy(z: PhasePoint): number {
  const h = z.kinetic - z.logp;
  return Number.isNaN(h) ? Infinity : h;
}

/** A zero point of dimension `dim` (buffers to be filled by `copyPoint` or the integrator). */
export function emptyPoint(dim: number): PhasePoint {
  return { q: new Float64Array(dim), p: new Float64Array(dim), grad: new Float64Array(dim), v: new Float64Array(dim), w: new Float64Array(dim), logp: -Infinity, kinetic: 0 };
}

/** dst ← src, buffers copied. */
export function copyPoint(dst: PhasePoint, src: PhasePoint): void {
  dst.q.set(src.q);
  dst.p.set(src.p);
  dst.grad.set(src.grad);
  dst.v.set(src.v);
  dst.w.set(src.w);
  dst.logp = src.logp;
  dst.kinetic = src.kinetic;
}

/** Recomputes the velocity and kinetic energy of `z` from its momentum (after p or the metric changed). */
export function refreshMomentum(z: PhasePoint, metric: DenseMetric): void {
  metric.velocity(z.p, z.v);
  z.kinetic = metric.kinetic(z.p, z.v);
}

/** Recomputes M⁻¹·grad of `z` (after the metric changed). */
export function refreshGradient(z: PhasePoint, metric: DenseMetric): void {
  metric.velocity(z.grad, z.w);
}

/** A phase point at (q, p), evaluating the density (copies q and p). */
export function phasePoint(density: LogDensity, metric: DenseMetric, q: Float64Array, p: Float64Array): PhasePoint {
  const z = emptyPoint(density.dim);
  z.q.set(q);
  z.p.set(p);
  z.logp = evaluateLogDensity(density, z.q, z.grad);
  refreshGradient(z, metric);
  refreshMomentum(z, metric);
  return z;
}

/** A copy of `z` (density and gradient reused, not re-evaluated) with momentum `p`. */
export function withMomentum(z: PhasePoint, metric: DenseMetric, p: Float64Array): PhasePoint {
  const out = emptyPoint(z.q.length);
  copyPoint(out, z);
  out.p.set(p);
  refreshGradient(out, metric);
  refreshMomentum(out, metric);
  return out;
}

/**
 * One leapfrog step of size `eps` (negative steps integrate backward in time), overwriting `z`.
 * `z.v` and `z.w` must be M⁻¹·z.p and M⁻¹·z.grad for this metric. A fatal density error
 * propagates (z is then left half-updated); a recoverable one gives logp = −Infinity (and the
 * momentum after the first half step only).
 */
export function leapfrogInPlace(density: LogDensity, metric: DenseMetric, z: PhasePoint, eps: number): void {
  const d = z.q.length;
  const { q, p, grad, v, w } = z;
  const half = 0.5 * eps;
  // p ← p + ε/2·∇, hence M⁻¹p ← M⁻¹p + ε/2·M⁻¹∇: no product needed.
  for (let i = 0; i < d; i++) {
    p[i] = p[i]! + half * grad[i]!;
    v[i] = v[i]! + half * w[i]!;
    q[i] = q[i]! + eps * v[i]!;
  }
  const logp = evaluateLogDensity(density, q, grad);
  z.logp = logp;
  if (logp > -Infinity) {
    metric.velocity(grad, w);
    for (let i = 0; i < d; i++) {
      p[i] = p[i]! + half * grad[i]!;
      v[i] = v[i]! + half * w[i]!;
    }
  }
  z.kinetic = metric.kinetic(p, v);
}

/**
 * One leapfrog step of size `eps` into a new point; `z` is not modified (its cached products are
 * recomputed for `metric`, so any point will do). A fatal density error propagates; a recoverable
 * one gives logp = −Infinity.
 * @example const z1 = leapfrog(density, metric, z0, 0.1);
 */
export function leapfrog(density: LogDensity, metric: DenseMetric, z: PhasePoint, eps: number): PhasePoint {
  const out = emptyPoint(z.q.length);
  copyPoint(out, z);
  refreshGradient(out, metric);
  refreshMomentum(out, metric);
  leapfrogInPlace(density, metric, out, eps);
  return out;
}
