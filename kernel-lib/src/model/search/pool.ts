/**
 * Scoring a batch of candidate parameter vectors on several threads while the search stays a
 * plain synchronous function: worker threads share memory with the main thread, which writes the
 * batch, wakes them with Atomics.notify, scores its own share and waits (Atomics.wait) for the
 * rest. Each thread owns a Scorer, so results are identical to scoring on one thread.
 */
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../../util/startWorker";
import type { MmmData } from "../mmmData";
import type { Score } from "./objective";
import type { SearchSpace } from "./space";

/** Control slots in the shared Int32Array. */
export const CTRL = { generation: 0, pending: 1, ready: 2, stop: 3 } as const;

export interface PoolShared {
  ctrl: Int32Array;
  /** [lambda, batch size]. */
  meta: Float64Array;
  input: Float64Array;
  output: Float64Array;
}

/** A scoring worker, from compiled JS or from the TypeScript sources (see util/startWorker). */
function startScoreWorker(workerData: object): Worker {
  return startWorker(path.join(__dirname, "scoreWorker"), { workerData });
}

export class ScorePool {
  readonly #workers: Worker[];
  readonly #shared: PoolShared;
  readonly #dims: number;
  readonly #maxBatch: number;

  private constructor(workers: Worker[], shared: PoolShared, dims: number, maxBatch: number) {
    this.#workers = workers;
    this.#shared = shared;
    this.#dims = dims;
    this.#maxBatch = maxBatch;
  }

  /** Start `threads − 1` workers (the main thread is one of the threads); undefined if they cannot start. */
  static open(data: MmmData, space: SearchSpace, lambda: number, dims: number, threads: number, maxBatch = 512): ScorePool | undefined {
    if (threads < 2) return undefined;
    const shared: PoolShared = {
      ctrl: new Int32Array(new SharedArrayBuffer(16)),
      meta: new Float64Array(new SharedArrayBuffer(16)),
      input: new Float64Array(new SharedArrayBuffer(8 * maxBatch * dims)),
      output: new Float64Array(new SharedArrayBuffer(16 * maxBatch)),
    };
    shared.meta[0] = lambda;
    const workers: Worker[] = [];
    try {
      for (let k = 0; k < threads - 1; k++) {
        const w = startScoreWorker({ data, space, dims, shared, index: k + 1, total: threads });
        w.on("error", () => undefined); // a worker that fails to start is handled by the ready timeout below
        w.unref(); // a finished search never keeps the process alive
        workers.push(w);
      }
      // Workers start on their own threads; wait (bounded) until each has built its Scorer.
      const deadline = Date.now() + 5_000;
      while (Atomics.load(shared.ctrl, CTRL.ready) < workers.length) {
        if (Date.now() > deadline) throw new Error("workers did not start");
        Atomics.wait(shared.ctrl, CTRL.ready, Atomics.load(shared.ctrl, CTRL.ready), 50);
      }
      return new ScorePool(workers, shared, dims, maxBatch);
    } catch {
      for (const w of workers) void w.terminate();
      return undefined;
    }
  }

  /** Use a new ridge penalty from the next batch on. */
  setLambda(lambda: number): void {
    this.#shared.meta[0] = lambda;
  }

  /** Score every vector; `local` scores the main thread's share. */
  scoreBatch(us: Float64Array[], local: (u: Float64Array) => Score): Score[] {
    const out: Score[] = [];
    for (let s = 0; s < us.length; s += this.#maxBatch) out.push(...this.#chunk(us.slice(s, s + this.#maxBatch), local));
    return out;
  }

  #chunk(us: Float64Array[], local: (u: Float64Array) => Score): Score[] {
    const { ctrl, meta, input, output } = this.#shared;
    const total = this.#workers.length + 1;
    us.forEach((u, i) => input.set(u, i * this.#dims));
    meta[1] = us.length;
    Atomics.store(ctrl, CTRL.pending, this.#workers.length);
    Atomics.add(ctrl, CTRL.generation, 1);
    Atomics.notify(ctrl, CTRL.generation);
    const scores: Score[] = new Array(us.length);
    for (let i = 0; i < us.length; i += total) scores[i] = local(us[i]!);
    for (let p = Atomics.load(ctrl, CTRL.pending); p > 0; p = Atomics.load(ctrl, CTRL.pending)) {
      if (Atomics.wait(ctrl, CTRL.pending, p, 60_000) === "timed-out") throw new Error("search worker did not answer within 60 s");
    }
    for (let i = 0; i < us.length; i++) if (i % total !== 0) scores[i] = { nrmse: output[2 * i]!, decompRssd: output[2 * i + 1]! };
    return scores;
  }

  close(): void {
    Atomics.store(this.#shared.ctrl, CTRL.stop, 1);
    Atomics.add(this.#shared.ctrl, CTRL.generation, 1);
    Atomics.notify(this.#shared.ctrl, CTRL.generation);
  }
}
