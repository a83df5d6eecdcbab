/**
 * Custom tools run in worker threads so the host can always stop them. QuickJS's interrupt handler
 * never fires inside native work (a huge BigInt power or `toString`, a loop that catches its own
 * stack overflows), but `Worker.terminate()` stops the thread whatever it does. Each worker also
 * has V8 resource limits, so memory that escapes QuickJS's own limits kills only that worker.
 *
 * A worker that finished a job stays warm (idle, unref'd) for the next one; a stopped worker is
 * replaced by a fresh warm one straight away. Every job still gets a fresh QuickJS instance inside
 * the worker, so reuse never carries state from one call to the next.
 */
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../../util/startWorker";
import type { SandboxJob, WorkerMessage } from "./protocol";

/** How a job ended, as seen by the host. */
export type JobEnd = { kind: "done"; outcome: unknown } | { kind: "timeout" } | { kind: "heap"; heapMb: number } | { kind: "crashed"; detail: string };

/** Time the worker may take past the tool's own limit (QuickJS usually stops it first, cleanly). */
export const KILL_GRACE_MS = 250;
/** Starting a worker and installing the data (host work, not the tool's) must finish within this. */
const SETUP_LIMIT_MS = 60_000;
/** How long to wait for a terminated thread to be gone before answering anyway. */
const TERMINATE_WAIT_MS = 2000;
const MAX_IDLE = 2;
/** The worker's own code, the wasm glue and one call's strings need far less than this. */
const BASE_HEAP_MB = 192;

interface PooledWorker {
  worker: Worker;
  heapMb: number;
}

const idle: PooledWorker[] = [];

/** The V8 heap a job's worker gets: a base plus room for its data and arguments (in 64 MB steps). */
export function heapMbFor(job: SandboxJob): number {
  const inputChars = (job.dataJson?.length ?? 0) + job.argsJson.length + job.js.length;
  return BASE_HEAP_MB + 64 * Math.ceil((4 * inputChars) / (64 * 1024 * 1024));
}

/** Run `job` in a worker; resolves (never rejects) when it is done, stopped or dead. */
export function runInWorker(job: SandboxJob, heapMb = heapMbFor(job)): Promise<JobEnd> {
  const pooled = takeIdle(heapMb) ?? spawn(heapMb);
  const w = pooled.worker;
  return new Promise<JobEnd>((resolve) => {
    let timer = setTimeout(() => void stop({ kind: "crashed", detail: `it did not start within ${SETUP_LIMIT_MS / 1000} s` }), SETUP_LIMIT_MS);
    let ended = false;
    const detach = (): void => {
      ended = true;
      clearTimeout(timer);
      w.off("message", onMessage).off("error", onError).off("exit", onExit);
    };
    const stop = async (end: JobEnd): Promise<void> => {
      if (ended) return;
      detach();
      await terminate(w);
      prewarm(heapMb);
      resolve(end);
    };
    const onMessage = (m: WorkerMessage): void => {
      if (ended) return;
      if (m?.type === "started") {
        clearTimeout(timer);
        timer = setTimeout(() => void stop({ kind: "timeout" }), job.settings.timeoutMs + KILL_GRACE_MS);
      } else if (m?.type === "done") {
        detach();
        release(pooled);
        resolve({ kind: "done", outcome: m.outcome });
      }
    };
    const onError = (err: Error & { code?: string }): void => {
      void stop(err?.code === "ERR_WORKER_OUT_OF_MEMORY" ? { kind: "heap", heapMb } : { kind: "crashed", detail: String(err?.message ?? err) });
    };
    const onExit = (code: number): void => void stop({ kind: "crashed", detail: `its thread exited with code ${code}` });
    w.on("message", onMessage).on("error", onError).on("exit", onExit);
    w.ref(); // a job someone awaits keeps the process alive
    w.postMessage(job);
  });
}

/** Stop every idle worker (tests, shutdown); running jobs are not affected. */
export async function closeIdleSandboxWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((p) => terminate(p.worker)));
}

/** Idle workers right now (for tests and diagnostics). */
export function idleSandboxWorkers(): number {
  return idle.length;
}

function spawn(heapMb: number): PooledWorker {
  const worker = startWorker(path.join(__dirname, "sandboxWorker"), {
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  const pooled: PooledWorker = { worker, heapMb };
  // Idle workers must never crash the host with an unhandled 'error' event, nor linger once dead.
  worker.on("error", () => undefined);
  worker.on("exit", () => {
    const i = idle.indexOf(pooled);
    if (i >= 0) idle.splice(i, 1);
  });
  worker.unref();
  return pooled;
}

function takeIdle(heapMb: number): PooledWorker | undefined {
  const i = idle.findIndex((p) => p.heapMb === heapMb);
  return i >= 0 ? idle.splice(i, 1)[0] : undefined;
}

function release(pooled: PooledWorker): void {
  pooled.worker.unref();
  idle.push(pooled);
  while (idle.length > MAX_IDLE) void terminate(idle.shift()!.worker);
}

/** A fresh worker for the next call after one was stopped, so that call does not pay the start-up. */
function prewarm(heapMb: number): void {
  if (idle.length < MAX_IDLE && !idle.some((p) => p.heapMb === heapMb)) idle.push(spawn(heapMb));
}

async function terminate(w: Worker): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, TERMINATE_WAIT_MS)));
  await Promise.race([w.terminate().catch(() => undefined), waited]);
  clearTimeout(timer);
}
