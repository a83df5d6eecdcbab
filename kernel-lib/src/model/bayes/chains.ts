/**
 * Running NUTS chains in parallel on worker threads. Each worker rebuilds the density from plain
 * data (the MmmData arrays and the model options) and runs whole chains from a queue, so chain k
 * always uses seed `seed + k` and init `inits[k]`: the draws are bit-identical to calling
 * `sampleChain` in-process, whatever the thread count. Workers report throttled progress (the main
 * thread stays free to render it) and stop within one iteration when a shared abort flag is set.
 */
import * as os from "node:os";
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../../util/startWorker";
import { MMMError, type ErrorLocation, type MMMErrorCode } from "../../errors";
import type { MmmData } from "../mmmData";
import { BayesMmmDensity } from "./mmmDensity";
import type { GeoMmmData } from "../geo/geoData";
import type { LogDensity } from "./density";
import { GeoMmmDensity } from "./geo/geoDensity";
import type { GeoModelOptions } from "./geo/geoLayout";
import { sampleChain, type ChainOptions, type ChainProgress, type ChainResult, type ChainStats } from "./sampler";

/** The density constructor's options (plain, structured-cloneable data). */
export type DensityModel = ConstructorParameters<typeof BayesMmmDensity>[1];

/** What a worker needs to rebuild the log density: the national MMM's, or (with `geo`) the hierarchical geo model's. */
export type ChainSpec = { data: MmmData; model: DensityModel } | { geo: GeoMmmData; model: GeoModelOptions };

/** The log density a spec describes. */
export function specDensity(spec: ChainSpec): LogDensity {
  return "geo" in spec ? new GeoMmmDensity(spec.geo, spec.model) : new BayesMmmDensity(spec.data, spec.model);
}

/** Where the chains start: what `RunChainsOptions.prepare` computes. */
export interface ChainStarts {
  inits: Float64Array[];
  initInverseMetric?: Float64Array;
  windows?: ChainOptions["windows"];
}

/** A progress report of one chain. */
export type ChainsProgress = ChainProgress & { chain: number };

/** Settings for `runChains`. */
export interface RunChainsOptions {
  chains: number;
  warmup: number;
  draws: number;
  /** Chain k uses seed `seed + k`. */
  seed: number;
  targetAccept?: number;
  maxTreeDepth?: number;
  /** One initial point (unconstrained) per chain (or from `prepare`). */
  inits?: Float64Array[];
  /** Initial inverse metric for every chain (d×d); default the identity. */
  initInverseMetric?: Float64Array;
  /** Warm-up windows for every chain (Stan's by default). */
  windows?: ChainOptions["windows"];
  /** Worker threads; default min(chains, available cores), at least one worker. 1 runs the chains in-process. */
  threads?: number;
  /**
   * From workers: about every 100 ms per chain, plus the first and last iteration of each phase
   * (delivered while the chains run). In-process: every iteration, synchronously.
   */
  onProgress?: (e: ChainsProgress) => void;
  /**
   * Computes the starts on this thread while the workers boot (module loading and isolate start-up
   * take ≈ 0.4 s, on their own threads): called once, before any chain is handed out; its fields
   * replace `inits`, `initInverseMetric` and `windows`. A throw rejects the run.
   */
  prepare?: () => ChainStarts;
  /** Aborting stops every chain within one iteration; the promise rejects (no partial result). */
  signal?: AbortSignal;
}

/** Per-chain settings that travel to a worker. */
export type ChainTask = Omit<ChainOptions, "onProgress" | "signal"> & { chain: number };

/** An error as it crosses the thread boundary (MMMError fields kept). */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  code?: MMMErrorCode;
  hint?: string;
  location?: ErrorLocation;
}

/** Messages from a chain worker. */
export type WorkerMessage =
  | { type: "ready" }
  | ({ type: "progress" } & ChainsProgress)
  | { type: "done"; chain: number; dim: number; draws: Float64Array; stats: ChainStats; inverseMetric: Float64Array }
  | { type: "error"; chain: number; error: WireError };

/** Data a worker starts with; `abort` is a shared flag (slot 0 ≠ 0 means stop). */
export type ChainWorkerData = ChainSpec & {
  abort: Int32Array;
};

/** Packs a chain's draws into one buffer so it moves to the main thread without copying. */
export function packChain(chain: number, dim: number, r: ChainResult): { message: WorkerMessage; transfer: ArrayBuffer[] } {
  const draws = new Float64Array(r.draws.length * dim);
  r.draws.forEach((d, i) => draws.set(d, i * dim));
  const { stats, inverseMetric } = r;
  const transfer = [draws, stats.treeDepth, stats.divergent, stats.energy, stats.acceptStat, stats.nLeapfrog, inverseMetric].map((a) => a.buffer as ArrayBuffer);
  return { message: { type: "done", chain, dim, draws, stats, inverseMetric }, transfer };
}

/** Rebuilds `ChainResult` from a packed chain; the draws are views on the one transferred buffer. */
export function unpackChain(m: Extract<WorkerMessage, { type: "done" }>): ChainResult {
  const n = m.dim > 0 ? m.draws.length / m.dim : m.stats.divergent.length;
  const draws = Array.from({ length: n }, (_, i) => m.draws.subarray(i * m.dim, (i + 1) * m.dim));
  return { draws, stats: m.stats, inverseMetric: m.inverseMetric };
}

/** Serialises what a worker threw, keeping an MMMError's code, hint and location. */
export function toWireError(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err) };
  const w: WireError = { name: err.name, message: err.message, stack: err.stack };
  if (err instanceof MMMError) Object.assign(w, { code: err.code, hint: err.hint, location: err.location });
  return w;
}

/** Rebuilds a worker's error on the main thread (an MMMError stays an MMMError). */
export function fromWireError(w: WireError): Error {
  let err: Error;
  if (w.code !== undefined) {
    const hint = w.hint ?? "";
    // MMMError's message is "what hint": strip the hint so the rebuilt message is not doubled.
    const what = hint && w.message.endsWith(` ${hint}`) ? w.message.slice(0, -hint.length - 1) : w.message;
    err = new MMMError(w.code, what, hint, w.location ?? {});
  } else {
    err = new Error(w.message);
    err.name = w.name;
  }
  if (w.stack) err.stack = w.stack; // where it failed, inside the worker
  return err;
}

function cancelled(signal: AbortSignal | undefined): MMMError {
  const err = new MMMError("NOT_AVAILABLE", "Sampling was cancelled; no draws were kept.", "Run the fit again to get draws.");
  (err as Error & { cause?: unknown }).cause = signal?.reason;
  return err;
}

function task(opts: RunChainsOptions, k: number): ChainTask {
  const { warmup, draws, targetAccept, maxTreeDepth, initInverseMetric, windows } = opts;
  return { chain: k, init: opts.inits![k]!, initInverseMetric, windows, warmup, draws, seed: opts.seed + k, targetAccept, maxTreeDepth };
}

function bad(what: string, hint: string, value: unknown): never {
  throw new MMMError("INVALID_ARGUMENT", what, hint, { value });
}

function checkRunOptions(opts: RunChainsOptions): void {
  if (!Number.isInteger(opts.chains) || opts.chains < 1) bad(`chains ${opts.chains} is not a positive integer.`, "Use e.g. chains: 4.", opts.chains);
  if (!opts.prepare) checkInits(opts);
  const t = opts.threads;
  if (t !== undefined && (!Number.isInteger(t) || t < 1)) bad(`threads ${t} is not a positive integer.`, "Use e.g. threads: 2, or 1 to sample in-process.", t);
}

function checkInits(opts: RunChainsOptions): void {
  const n = opts.inits?.length ?? 0;
  if (n !== opts.chains) bad(`${n} initial points for ${opts.chains} chains.`, "Pass one initial point per chain.", n);
}

/** The options with the starts from `prepare` in place (checked). */
function withStarts(opts: RunChainsOptions): RunChainsOptions {
  if (!opts.prepare) return opts;
  const out = { ...opts, ...opts.prepare(), prepare: undefined };
  checkInits(out);
  return out;
}

/** Runs the chains one after another on this thread, yielding to the event loop between chains. */
async function runInProcess(spec: ChainSpec, opts: RunChainsOptions, chains: number[], results: ChainResult[]): Promise<ChainResult[]> {
  const density = specDensity(spec);
  for (const k of chains) {
    if (opts.signal?.aborted) throw cancelled(opts.signal);
    const onProgress = opts.onProgress && ((e: ChainProgress) => opts.onProgress!({ ...e, chain: k }));
    try {
      results[k] = sampleChain(density, { ...task(opts, k), onProgress, signal: opts.signal });
    } catch (err) {
      throw opts.signal?.aborted ? cancelled(opts.signal) : err;
    }
    // Lets timers, progress rendering and abort handlers run before the next chain.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}

/** A chain worker, from compiled JS or from the TypeScript sources (see util/startWorker). */
function startChainWorker(workerData: ChainWorkerData): Worker {
  return startWorker(path.join(__dirname, "chainWorker"), { workerData });
}

interface PoolState {
  spec: ChainSpec;
  opts: RunChainsOptions;
  results: ChainResult[];
  abort: Int32Array;
  workers: Set<Worker>;
  next: number;
  done: number;
  settled: boolean;
  resolve: (r: ChainResult[]) => void;
  reject: (e: unknown) => void;
}

/** Stops every worker (the flag first, so none starts another iteration), then settles once. */
function settle(s: PoolState, err?: unknown): void {
  if (s.settled) return;
  s.settled = true;
  Atomics.store(s.abort, 0, 1);
  const exits = [...s.workers].map((w) => w.terminate().catch(() => undefined));
  // Settle only after the workers have exited: nothing keeps running (or the process alive) after.
  void Promise.all(exits).then(() => (err === undefined ? s.resolve(s.results) : s.reject(err)));
}

/** Gives an idle worker the next chain, or settles when every chain is done. */
function dispatch(s: PoolState, w: Worker): void {
  if (s.next < s.opts.chains) w.postMessage(task(s.opts, s.next++));
  else if (s.done === s.opts.chains) settle(s);
}

/** Routes a worker's message: progress to the caller, results into place, errors end the run. */
function onMessage(s: PoolState, w: Worker, m: WorkerMessage): void {
  if (s.settled) return;
  if (m.type === "ready") dispatch(s, w);
  else if (m.type === "progress") {
    const { chain, phase, iteration, divergences, stepSize } = m;
    try {
      s.opts.onProgress?.({ chain, phase, iteration, divergences, stepSize });
    } catch (err) {
      settle(s, err); // as in-process: a throwing callback ends the run
    }
  } else if (m.type === "done") {
    s.results[m.chain] = unpackChain(m);
    s.done++;
    dispatch(s, w);
  } else settle(s, fromWireError(m.error));
}

/** No worker could start, so no chain was handed out: run them all on this thread. */
function fallBack(s: PoolState): void {
  const all = Array.from({ length: s.opts.chains }, (_, k) => k);
  runInProcess(s.spec, s.opts, all, s.results).then(
    () => settle(s),
    (e: unknown) => settle(s, e),
  );
}

/** A worker that fails before it is ready is dropped; if none is left, the chains run in-process. */
function attach(s: PoolState, w: Worker): void {
  let ready = false;
  const lost = (err: Error) => {
    if (s.settled || !s.workers.delete(w)) return;
    if (ready) return settle(s, err);
    void w.terminate().catch(() => undefined);
    if (s.workers.size === 0) fallBack(s);
  };
  w.on("message", (m: WorkerMessage) => {
    if (m.type === "ready") ready = true;
    onMessage(s, w, m);
  });
  w.on("error", lost);
  w.on("exit", (code) => lost(new Error(`A sampling worker exited unexpectedly (code ${code}).`)));
}

function runInWorkers(spec: ChainSpec, opts: RunChainsOptions, threads: number): Promise<ChainResult[]> {
  return new Promise((resolve, reject) => {
    const abort = new Int32Array(new SharedArrayBuffer(4));
    const s: PoolState = { spec, opts, results: new Array(opts.chains), abort, workers: new Set(), next: 0, done: 0, settled: false, resolve, reject };
    const onAbort = () => settle(s, cancelled(opts.signal));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => opts.signal?.removeEventListener("abort", onAbort);
    s.resolve = (r) => (cleanup(), resolve(r));
    s.reject = (e) => (cleanup(), reject(e));
    try {
      for (let i = 0; i < threads; i++) {
        const w = startChainWorker({ ...spec, abort });
        s.workers.add(w);
        attach(s, w);
      }
    } catch {
      // Workers unavailable here (e.g. a restricted runtime): go on with those that started, if any.
    }
    // The workers boot on their own threads meanwhile; their "ready" waits for this thread.
    try {
      s.opts = withStarts(opts);
    } catch (err) {
      return settle(s, err);
    }
    if (s.workers.size === 0) fallBack(s);
  });
}

/**
 * Runs NUTS chains on the MMM posterior in parallel worker threads (a pool: each worker takes the
 * next chain when it finishes one). Chain k uses seed `seed + k` and init `inits[k]`, so the draws
 * are identical for any `threads`, and to `sampleChain` in-process. Rejects with an MMMError
 * ("NOT_AVAILABLE") when `signal` aborts, or with a worker's error (code and hint kept).
 * @example
 * const ctl = new AbortController();
 * const chains = await runChains({ data, model: { saturation: "hill" } }, {
 *   chains: 4, warmup: 1000, draws: 1000, seed: 42, inits, signal: ctl.signal,
 *   onProgress: (e) => bar.update(e.chain, e.phase, e.iteration),
 * });
 * chains[0].draws.length; // 1000, each a Float64Array of length density.dim
 */
export async function runChains(spec: ChainSpec, opts: RunChainsOptions): Promise<ChainResult[]> {
  checkRunOptions(opts);
  if (opts.signal?.aborted) throw cancelled(opts.signal);
  const threads = Math.min(opts.chains, opts.threads ?? os.availableParallelism());
  // Unless told to stay in-process (threads: 1), even one chain goes to a worker: the main thread
  // stays free to show progress in a notebook and to take a cancel.
  if (threads > 1 || opts.threads === undefined) return runInWorkers(spec, opts, threads);
  return runInProcess(
    spec,
    withStarts(opts),
    Array.from({ length: opts.chains }, (_, k) => k),
    new Array(opts.chains),
  );
}
