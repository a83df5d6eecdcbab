/**
 * Dense mass-matrix adaptation with Stan's windowed warm-up (`windowed_adaptation`,
 * `covar_adaptation`): a fast initial window (step size only), slow windows doubling in length in
 * which the posterior covariance is estimated (Welford), and a fast terminal window.
 * At the end of each slow window the inverse metric becomes the regularised sample covariance
 * w·Σ + (1 − w)·diag(Σ) + 1e-10·(1 − w)·I with w = n/(n+5), and the caller restarts step-size
 * adaptation. Stan shrinks toward 1e-3·I instead; that floor is far above the variance of an MMM's
 * well-identified coefficients (~1e-7 on the scaled target), which made the metric 60× too wide in
 * those directions and cut the step size ~8×. Shrinking correlations toward the diagonal keeps the
 * matrix well conditioned at any scale. With `priorDraws` the result is then shrunk toward the
 * metric in use, so a good initial metric is not thrown away for an estimate from a few draws.
 */

/** Window sizes in iterations (Stan's defaults). */
export interface WindowOptions {
  initBuffer?: number;
  termBuffer?: number;
  baseWindow?: number;
  /**
   * Pseudo-draws the current metric counts for when a window closes (default 0, as Stan): the new
   * inverse metric is (n·Σ̂ + k·current)/(n + k). A good initial metric (e.g. a Laplace covariance)
   * then survives the first short windows, whose few draws cannot estimate a dense d×d covariance.
   */
  priorDraws?: number;
}

/** Running mean and covariance (Welford), d×d row-major. */
export class WelfordCovariance {
  readonly dim: number;
  #n = 0;
  readonly #mean: Float64Array;
  readonly #m2: Float64Array;
  readonly #delta: Float64Array;

  constructor(dim: number) {
    this.dim = dim;
    this.#mean = new Float64Array(dim);
    this.#m2 = new Float64Array(dim * dim);
    this.#delta = new Float64Array(dim);
  }

  get count(): number {
    return this.#n;
  }

  add(q: Float64Array): void {
    const d = this.dim;
    this.#n++;
    for (let i = 0; i < d; i++) {
      this.#delta[i] = q[i]! - this.#mean[i]!;
      this.#mean[i] = this.#mean[i]! + this.#delta[i]! / this.#n;
    }
    for (let i = 0; i < d; i++) {
      const r = q[i]! - this.#mean[i]!;
      for (let j = 0; j < d; j++) this.#m2[i * d + j] = this.#m2[i * d + j]! + r * this.#delta[j]!;
    }
  }

  /** Sample covariance (divides by n − 1; symmetrised). */
  covariance(): Float64Array {
    const d = this.dim;
    const out = new Float64Array(d * d);
    const den = Math.max(this.#n - 1, 1);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = (0.5 * (this.#m2[i * d + j]! + this.#m2[j * d + i]!)) / den;
    }
    return out;
  }

  reset(): void {
    this.#n = 0;
    this.#mean.fill(0);
    this.#m2.fill(0);
  }
}

/**
 * Windowed covariance adaptation. Call `learn(q)` once per warm-up iteration with the new
 * position; it returns the new inverse metric at the end of each slow window, otherwise null.
 * With fewer than 20 warm-up iterations no metric is learned (as in Stan).
 * @example
 * const ad = new CovarianceAdaptation(dim, 1000);
 * const inv = ad.learn(q); // Float64Array (d×d) at iterations 99, 149, 249, 449, 949
 */
export class CovarianceAdaptation {
  readonly numWarmup: number;
  readonly initBuffer: number;
  readonly termBuffer: number;
  readonly baseWindow: number;
  readonly priorDraws: number;
  readonly #estimator: WelfordCovariance;
  #counter = 0;
  #windowSize: number;
  #nextWindow: number;

  constructor(dim: number, numWarmup: number, opts: WindowOptions = {}) {
    this.numWarmup = numWarmup;
    let init = opts.initBuffer ?? 75,
      term = opts.termBuffer ?? 50,
      base = opts.baseWindow ?? 25;
    if (numWarmup >= 20 && init + term + base > numWarmup) {
      init = Math.floor(0.15 * numWarmup);
      term = Math.floor(0.1 * numWarmup);
      base = numWarmup - (init + term);
    }
    this.initBuffer = init;
    this.termBuffer = term;
    this.baseWindow = base;
    this.priorDraws = opts.priorDraws ?? 0;
    this.#estimator = new WelfordCovariance(dim);
    this.#windowSize = base;
    this.#nextWindow = init + base - 1;
  }

  #inWindow(): boolean {
    const c = this.#counter;
    return this.numWarmup >= 20 && c >= this.initBuffer && c < this.numWarmup - this.termBuffer && c !== this.numWarmup;
  }

  #endOfWindow(): boolean {
    return this.numWarmup >= 20 && this.#counter === this.#nextWindow && this.#counter !== this.numWarmup;
  }

  #computeNextWindow(): void {
    const lastEnd = this.numWarmup - this.termBuffer - 1;
    if (this.#nextWindow === lastEnd) return;
    this.#windowSize *= 2;
    this.#nextWindow = this.#counter + this.#windowSize;
    if (this.#nextWindow !== lastEnd && this.#nextWindow + 2 * this.#windowSize >= this.numWarmup - this.termBuffer) {
      this.#nextWindow = lastEnd;
    }
  }

  /**
   * Adds a warm-up draw; returns the new inverse metric when a slow window closes (`current`, the
   * inverse metric in use, is needed when `priorDraws` > 0).
   */
  learn(q: Float64Array, current?: Float64Array): Float64Array | null {
    if (this.#inWindow()) this.#estimator.add(q);
    let out: Float64Array | null = null;
    if (this.#endOfWindow()) {
      this.#computeNextWindow();
      out = this.#estimator.covariance();
      const n = this.#estimator.count;
      const d = this.#estimator.dim;
      const w = n / (n + 5);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) if (i !== j) out[i * d + j] = w * out[i * d + j]!;
        out[i * d + i] = out[i * d + i]! + 1e-10 * (1 - w);
      }
      const k = this.priorDraws;
      if (k > 0 && current) for (let i = 0; i < d * d; i++) out[i] = (n * out[i]! + k * current[i]!) / (n + k);
      this.#estimator.reset();
    }
    this.#counter++;
    return out;
  }
}
