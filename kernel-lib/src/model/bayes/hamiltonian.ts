/**
 * Phase-space points and the leapfrog integrator for H(q, p) = −log p(q) + ½·pᵀM⁻¹p.
 */
import { evaluateLogDensity, type LogDensity } from "./density";
import type { DenseMetric } from "./metric";

/** A point in phase space with its cached log density, gradient, velocity M⁻¹p and kinetic energy. */
export interface PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  /** ∂log p/∂q at q. */
  readonly grad: Float64Array;
  /** M⁻¹p. */
  readonly v: Float64Array;
  /** log p(q); −Infinity outside the support. */
  readonly logp: number;
  readonly kinetic: number;
}

/**
 * H = kinetic − log p; +Infinity outside the support or when not a number.
 * @example energy(phasePoint(stdNormal, DenseMetric.identity(2), q, p))
 */
export function energy(z: PhasePoint): number {
  const h = z.kinetic - z.logp;
  return Number.isNaN(h) ? Infinity : h;
}

/** A phase point at (q, p), evaluating the density (copies q and p). */
export function phasePoint(density: LogDensity, metric: DenseMetric, q: Float64Array, p: Float64Array): PhasePoint {
  const qc = Float64Array.from(q);
  const grad = new Float64Array(density.dim);
  const logp = evaluateLogDensity(density, qc, grad);
  return withMomentum({ q: qc, p, grad, v: p, logp, kinetic: 0 }, metric, p);
}

/** The same position (density and gradient reused) with momentum `p` (copied). */
export function withMomentum(z: PhasePoint, metric: DenseMetric, p: Float64Array): PhasePoint {
  const pc = Float64Array.from(p);
  const v = new Float64Array(pc.length);
  metric.velocity(pc, v);
  return { q: z.q, p: pc, grad: z.grad, v, logp: z.logp, kinetic: metric.kinetic(pc, v) };
}

/**
 * One leapfrog step of size `eps` (negative steps integrate backward in time). Returns a new point;
 * `z` is not modified. A fatal density error propagates; a recoverable one gives logp = −Infinity.
 * @example const z1 = leapfrog(density, metric, z0, 0.1);
 */
export function leapfrog(density: LogDensity, metric: DenseMetric, z: PhasePoint, eps: number): PhasePoint {
  const d = z.q.length;
  const q = new Float64Array(d);
  const p = new Float64Array(d);
  const grad = new Float64Array(d);
  const v = new Float64Array(d);
  const half = 0.5 * eps;
  for (let i = 0; i < d; i++) p[i] = z.p[i]! + half * z.grad[i]!;
  metric.velocity(p, v);
  for (let i = 0; i < d; i++) q[i] = z.q[i]! + eps * v[i]!;
  const logp = evaluateLogDensity(density, q, grad);
  if (logp > -Infinity) for (let i = 0; i < d; i++) p[i] = p[i]! + half * grad[i]!;
  metric.velocity(p, v);
  return { q, p, grad, v, logp, kinetic: metric.kinetic(p, v) };
}
