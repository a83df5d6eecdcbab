/**
 * One NUTS chain with Stan's warm-up: dual-averaging step size, windowed dense mass-matrix
 * adaptation (step size re-initialised and its adaptation restarted after each metric update),
 * then sampling with the adapted step size and metric fixed.
 */
import { MMMError } from "../../errors";
import { createRng, type Rng } from "../../math/random";
import { CovarianceAdaptation, type WindowOptions } from "./adapt/massMatrix";
import { DualAveraging, findReasonableStepSize } from "./adapt/stepSize";
import type { LogDensity } from "./density";
import { phasePoint, refreshGradient, refreshMomentum, type PhasePoint } from "./hamiltonian";
import { DenseMetric } from "./metric";
import { NutsWorkspace, type Transition } from "./nuts";

/** Progress report, once per iteration. */
export interface ChainProgress {
  phase: "warmup" | "sampling";
  /** 0-based iteration within the phase. */
  iteration: number;
  /** Divergences so far in this phase. */
  divergences: number;
  stepSize: number;
}

/** Settings for `sampleChain`. */
export interface ChainOptions {
  /** Initial position (unconstrained), length `density.dim`. */
  init: Float64Array;
  /** Initial inverse metric (d×d, e.g. a Laplace covariance); default the identity. */
  initInverseMetric?: Float64Array;
  /**
   * Warm-up windows (Stan's defaults: initBuffer 75, baseWindow 25, termBuffer 50). A chain that
   * starts inside the typical set (e.g. at a Laplace draw) can start learning the metric sooner.
   */
  windows?: WindowOptions;
  warmup: number;
  draws: number;
  seed: number;
  maxTreeDepth?: number;
  targetAccept?: number;
  onProgress?: (e: ChainProgress) => void;
  /** Checked before every iteration; when aborted, `sampleChain` throws an MMMError (no partial result). */
  signal?: AbortSignal;
}

/** Per-draw sampler statistics (sampling phase only). */
export interface ChainStats {
  /** Step size used for sampling. */
  stepSize: number;
  treeDepth: Int32Array;
  divergent: Uint8Array;
  energy: Float64Array;
  acceptStat: Float64Array;
  nLeapfrog: Int32Array;
}

/** A chain's draws, statistics and adapted inverse metric (d×d row-major). */
export interface ChainResult {
  draws: Float64Array[];
  stats: ChainStats;
  inverseMetric: Float64Array;
}

interface ChainState {
  readonly density: LogDensity;
  readonly rng: Rng;
  /** Buffers reused by every transition; holds the current metric. */
  readonly nuts: NutsWorkspace;
  metric: DenseMetric;
  /** The current state, overwritten in place by each transition. */
  readonly point: PhasePoint;
  stepSize: number;
}

function checkOptions(density: LogDensity, opts: ChainOptions): void {
  const bad = (what: string, hint: string, value: unknown): never => {
    throw new MMMError("INVALID_ARGUMENT", what, hint, { value });
  };
  if (opts.init.length !== density.dim) bad(`Initial point has length ${opts.init.length}, the density has dimension ${density.dim}.`, "Pass one initial value per parameter.", opts.init.length);
  if (!Number.isInteger(opts.warmup) || opts.warmup < 0) bad(`warmup ${opts.warmup} is not a non-negative integer.`, "Use e.g. warmup: 1000.", opts.warmup);
  if (!Number.isInteger(opts.draws) || opts.draws < 0) bad(`draws ${opts.draws} is not a non-negative integer.`, "Use e.g. draws: 1000.", opts.draws);
  const depth = opts.maxTreeDepth ?? 10;
  if (!Number.isInteger(depth) || depth < 1 || depth > 30) bad(`maxTreeDepth ${depth} is not an integer in [1, 30].`, "Use e.g. maxTreeDepth: 10.", depth);
}

function checkAbort(signal: AbortSignal | undefined, phase: string, iteration: number, total: number): void {
  if (signal?.aborted) {
    const err = new MMMError("NOT_AVAILABLE", `Sampling was aborted at ${phase} iteration ${iteration} of ${total}.`, "Run the chain again to get draws; no partial result is kept.");
    (err as Error & { cause?: unknown }).cause = signal.reason;
    throw err;
  }
}

/** Draws fresh momentum (into the state's own buffer) and makes one NUTS transition. */
function step(s: ChainState): Transition {
  s.metric.sampleMomentum(s.rng, s.point.p);
  refreshMomentum(s.point, s.metric);
  s.nuts.metric = s.metric;
  return s.nuts.transition(s.point, s.stepSize);
}

function warmUp(s: ChainState, opts: ChainOptions): void {
  const stepAdapt = new DualAveraging(s.stepSize, { targetAccept: opts.targetAccept ?? 0.8 });
  const covAdapt = new CovarianceAdaptation(s.point.q.length, opts.warmup, opts.windows);
  let divergences = 0;
  for (let it = 0; it < opts.warmup; it++) {
    checkAbort(opts.signal, "warm-up", it, opts.warmup);
    const t = step(s);
    if (t.divergent) divergences++;
    s.stepSize = stepAdapt.update(t.acceptStat);
    const inv = covAdapt.learn(s.point.q, s.metric.inverse);
    if (inv !== null) {
      s.metric = new DenseMetric(inv, s.point.q.length);
      refreshGradient(s.point, s.metric); // the state caches M⁻¹·grad for the old metric
      s.stepSize = findReasonableStepSize(s.density, s.metric, s.point, s.stepSize, s.rng);
      stepAdapt.restart(s.stepSize);
    }
    if (it === opts.warmup - 1) s.stepSize = stepAdapt.final;
    opts.onProgress?.({ phase: "warmup", iteration: it, divergences, stepSize: s.stepSize });
  }
}

function sample(s: ChainState, opts: ChainOptions): { draws: Float64Array[]; stats: ChainStats } {
  const n = opts.draws;
  const stats: ChainStats = {
    stepSize: s.stepSize,
    treeDepth: new Int32Array(n),
    divergent: new Uint8Array(n),
    energy: new Float64Array(n),
    acceptStat: new Float64Array(n),
    nLeapfrog: new Int32Array(n),
  };
  const draws: Float64Array[] = [];
  let divergences = 0;
  for (let it = 0; it < n; it++) {
    checkAbort(opts.signal, "sampling", it, n);
    const t = step(s);
    draws.push(Float64Array.from(s.point.q));
    stats.treeDepth[it] = t.treeDepth;
    stats.divergent[it] = t.divergent ? 1 : 0;
    stats.energy[it] = t.energy;
    stats.acceptStat[it] = t.acceptStat;
    stats.nLeapfrog[it] = t.nLeapfrog;
    if (t.divergent) divergences++;
    opts.onProgress?.({ phase: "sampling", iteration: it, divergences, stepSize: s.stepSize });
  }
  return { draws, stats };
}

/**
 * Runs one NUTS chain: `warmup` adaptation iterations, then `draws` draws. Deterministic: the same
 * density, options and seed give bit-identical draws. Synchronous — an `AbortSignal` can only be
 * triggered from inside `onProgress` (or another thread's shared state) while it runs.
 * @example
 * const { draws, stats, inverseMetric } = sampleChain(density, { init: new Float64Array(density.dim), warmup: 1000, draws: 1000, seed: 1 });
 * draws.length; // 1000, each a Float64Array of length density.dim
 * stats.divergent.reduce((a, b) => a + b, 0); // divergences after warm-up
 */
export function sampleChain(density: LogDensity, opts: ChainOptions): ChainResult {
  checkOptions(density, opts);
  const dim = density.dim;
  const rng = createRng(opts.seed);
  const metric = opts.initInverseMetric ? new DenseMetric(opts.initInverseMetric, dim) : DenseMetric.identity(dim);
  const point = phasePoint(density, metric, opts.init, new Float64Array(dim));
  if (!(point.logp > -Infinity)) {
    throw new MMMError("INVALID_ARGUMENT", "The log density (or its gradient) is not finite at the initial point.", "Choose initial values inside the support of the posterior.", { value: Array.from(opts.init) });
  }
  const nuts = new NutsWorkspace(density, metric, rng, opts.maxTreeDepth ?? 10);
  const s: ChainState = { density, rng, nuts, metric, point, stepSize: 1 };
  s.stepSize = findReasonableStepSize(density, metric, point, 1, rng);
  warmUp(s, opts);
  const { draws, stats } = sample(s, opts);
  return { draws, stats, inverseMetric: Float64Array.from(s.metric.inverse) };
}
