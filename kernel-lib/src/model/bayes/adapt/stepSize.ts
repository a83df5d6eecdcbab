/**
 * Step-size adaptation: Nesterov dual averaging as in Stan's `stepsize_adaptation` (Hoffman &
 * Gelman 2014, §3.2), and Stan's heuristic for a reasonable initial step size (`init_stepsize`).
 */
import { MMMError } from "../../../errors";
import type { Rng } from "../../../math/random";
import type { LogDensity } from "../density";
import { energy, leapfrog, withMomentum, type PhasePoint } from "../hamiltonian";
import type { DenseMetric } from "../metric";

/** Dual-averaging settings (Stan's defaults). */
export interface DualAveragingOptions {
  /** Target mean acceptance statistic δ. */
  targetAccept?: number;
  gamma?: number;
  t0?: number;
  kappa?: number;
}

/**
 * Dual averaging of log step size towards a target acceptance statistic.
 * @example
 * const da = new DualAveraging(0.5);
 * let eps = da.update(0.9); // after each warm-up transition
 * eps = da.final; // at the end of warm-up
 */
export class DualAveraging {
  readonly targetAccept: number;
  readonly #gamma: number;
  readonly #t0: number;
  readonly #kappa: number;
  #mu = 0;
  #sBar = 0;
  #xBar = 0;
  #counter = 0;

  constructor(initialStepSize: number, opts: DualAveragingOptions = {}) {
    this.targetAccept = opts.targetAccept ?? 0.8;
    this.#gamma = opts.gamma ?? 0.05;
    this.#t0 = opts.t0 ?? 10;
    this.#kappa = opts.kappa ?? 0.75;
    if (!(this.targetAccept > 0 && this.targetAccept < 1)) {
      throw new MMMError("INVALID_ARGUMENT", `Target acceptance ${this.targetAccept} is not in (0, 1).`, "Use e.g. targetAccept: 0.8 (0.9–0.99 for difficult posteriors).", { value: this.targetAccept });
    }
    this.restart(initialStepSize);
  }

  /** Starts over, shrinking towards 10 × `stepSize` (Stan: μ = log(10ε)). */
  restart(stepSize: number): void {
    this.#mu = Math.log(10 * stepSize);
    this.#sBar = 0;
    this.#xBar = 0;
    this.#counter = 0;
  }

  /** Learns from one transition's acceptance statistic; returns the next step size. */
  update(acceptStat: number): number {
    this.#counter++;
    const a = acceptStat > 1 ? 1 : Number.isNaN(acceptStat) ? 0 : acceptStat;
    const eta = 1 / (this.#counter + this.#t0);
    this.#sBar = (1 - eta) * this.#sBar + eta * (this.targetAccept - a);
    const x = this.#mu - (this.#sBar * Math.sqrt(this.#counter)) / this.#gamma;
    const xEta = this.#counter ** -this.#kappa;
    this.#xBar = (1 - xEta) * this.#xBar + xEta * x;
    return Math.exp(x);
  }

  /** The averaged step size to use after warm-up. */
  get final(): number {
    return Math.exp(this.#xBar);
  }
}

/**
 * Stan's `init_stepsize`: doubles or halves `stepSize` until one leapfrog step from `z` (with fresh
 * momenta) crosses an acceptance probability of 0.8. Consumes normals from `rng`.
 * @example eps = findReasonableStepSize(density, metric, z, 1, rng);
 */
export function findReasonableStepSize(density: LogDensity, metric: DenseMetric, z: PhasePoint, stepSize: number, rng: Rng): number {
  if (!(stepSize > 0) || stepSize > 1e7) return stepSize;
  const p = new Float64Array(z.q.length);
  const deltaH = (eps: number): number => {
    metric.sampleMomentum(rng, p);
    const z0 = withMomentum(z, metric, p);
    return energy(z0) - energy(leapfrog(density, metric, z0, eps));
  };
  const logTarget = Math.log(0.8);
  const direction = deltaH(stepSize) > logTarget ? 1 : -1;
  let eps = stepSize;
  for (;;) {
    const dh = deltaH(eps);
    if (direction === 1 && !(dh > logTarget)) break;
    if (direction === -1 && !(dh < logTarget)) break;
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7) {
      throw new MMMError("INVALID_ARGUMENT", "Step size search diverged to infinity: the posterior looks improper.", "Check that the log density is proper (priors on every parameter).");
    }
    if (eps === 0) {
      throw new MMMError("INVALID_ARGUMENT", "Step size search collapsed to 0: the log density or its gradient is not finite near the initial point.", "Check the gradient (finite differences) and the initial values.");
    }
  }
  return eps;
}
