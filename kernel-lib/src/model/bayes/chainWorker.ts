/**
 * Worker thread of `runChains`: rebuilds the density once, then runs whole chains as the main
 * thread hands them out, posting throttled progress and the packed result (or the error) of each.
 * See chains.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { packChain, specDensity, toWireError, type ChainTask, type ChainWorkerData, type WorkerMessage } from "./chains";
import type { LogDensity } from "./density";
import { sampleChain, type ChainProgress } from "./sampler";

/** Progress messages at most this often per chain (plus phase starts and ends). */
const PROGRESS_MS = 100;

const { abort, ...spec } = workerData as ChainWorkerData;
const port = parentPort!;
let density: LogDensity | undefined;

const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

/**
 * Posting every iteration would flood the main thread (thousands of messages per second on small
 * models); a progress bar needs the phase boundaries, the last iteration and ~10 updates a second.
 */
function reporter(t: ChainTask): (e: ChainProgress) => void {
  let phase = "";
  let last = -Infinity;
  return (e) => {
    const now = performance.now();
    const end = (e.phase === "warmup" ? t.warmup : t.draws) - 1;
    if (e.phase === phase && e.iteration !== end && now - last < PROGRESS_MS) return;
    phase = e.phase;
    last = now;
    post({ type: "progress", chain: t.chain, ...e });
  };
}

function run(t: ChainTask): void {
  try {
    density ??= specDensity(spec);
    // sampleChain is synchronous and checks its signal before every iteration; the main thread
    // cannot reach this thread's AbortController, so it sets a shared flag that we poll per iteration.
    const ctl = new AbortController();
    if (Atomics.load(abort, 0) !== 0) ctl.abort();
    const report = reporter(t);
    const result = sampleChain(density, {
      ...t,
      signal: ctl.signal,
      onProgress: (e) => {
        if (Atomics.load(abort, 0) !== 0) ctl.abort();
        report(e);
      },
    });
    const { message, transfer } = packChain(t.chain, density.dim, result);
    post(message, transfer);
  } catch (err) {
    const error = toWireError(err);
    try {
      post({ type: "error", chain: t.chain, error });
    } catch {
      // The error's location holds something that cannot be cloned: send it without.
      post({ type: "error", chain: t.chain, error: { ...error, location: {} } });
    }
  }
}

port.on("message", run);
post({ type: "ready" });
