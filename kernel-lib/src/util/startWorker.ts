/**
 * The one bootstrap for the library's worker threads. Compiled (dist) the worker is a `.js` file
 * next to its caller; from the TypeScript sources (tests and benchmarks run through tsx) the worker
 * is a `.ts` file that Node cannot load by itself, so the thread registers tsx first.
 */
import * as path from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** True when this library runs from its `.ts` sources rather than compiled JavaScript. */
const FROM_SOURCES = path.extname(__filename) === ".ts";

/**
 * Start the worker module `modulePath` (no extension), e.g. `path.join(__dirname, "chainWorker")`.
 * @example const w = startWorker(path.join(__dirname, "scoreWorker"), { workerData });
 */
export function startWorker(modulePath: string, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  if (!FROM_SOURCES) return new Worker(`${modulePath}.js`, options);
  const file = `${modulePath}.ts`;
  return new Worker(`require("tsx/cjs"); require(${JSON.stringify(file)});`, { ...options, eval: true });
}
