/**
 * The worker thread that runs custom tools: one job at a time, each in its own QuickJS instance.
 * The host terminates this thread when a job overruns its time limit, whatever the job is doing.
 */
import { parentPort } from "node:worker_threads";
import { executeJob } from "./execute";
import type { SandboxJob, WorkerMessage } from "./protocol";
import { warmUpSandbox } from "./wasmInstance";

const port = parentPort!;
const send = (m: WorkerMessage): void => port.postMessage(m);

// Compile the wasm while the thread waits for its first job.
void warmUpSandbox().catch(() => undefined);

port.on("message", (job: SandboxJob) => {
  void executeJob(job, () => send({ type: "started" })).then((outcome) => send({ type: "done", outcome }));
});
