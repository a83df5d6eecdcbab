/**
 * One sandbox job, run inside a worker thread: a fresh wasm instance and QuickJS session, the
 * tool's code evaluated, `tool_fn` called (or only checked for). Never throws: every outcome,
 * failures included, becomes plain data for the host (protocol.ts).
 */
import { MMMError } from "../../errors";
import type { JobOutcome, SandboxJob, WireError } from "./protocol";
import { SandboxFailure, toMMMError, type FailureContext } from "./sandboxErrors";
import { SandboxSession } from "./session";
import { newSandboxModule } from "./wasmInstance";

/** Wasm memory allowed per byte of the data's JSON (the JSON text, its parse, `rows()`). */
const DATA_MEMORY_FACTOR = 8;
const WASM_SLACK_BYTES = 8 * 1024 * 1024;

/** Run `job`; `onStart` is called just before the tool's own code starts (its time limit starts there). */
export async function executeJob(job: SandboxJob, onStart: () => void): Promise<JobOutcome> {
  let logs: readonly string[] = [];
  try {
    const settings = job.settings;
    const extra = settings.memoryBytes + WASM_SLACK_BYTES + (job.dataJson?.length ?? 0) * DATA_MEMORY_FACTOR;
    const session = new SandboxSession(await newSandboxModule(extra), settings, job.caps);
    logs = session.logs;
    try {
      session.install(job.dataJson);
      onStart();
      const started = Date.now();
      session.evalTool(job.js);
      const resultJson = job.op === "check" ? String(session.definesToolFn()) : session.call(job.argsJson);
      return { ok: true, resultJson, logs: [...session.logs], elapsedMs: Date.now() - started };
    } catch (err) {
      throw err instanceof MMMError ? err : toMMMError(asFailure(err, session), context(job, logs));
    } finally {
      session.dispose();
    }
  } catch (err) {
    return { ok: false, error: toWire(err, job, logs) };
  }
}

/** Errors from outside the guest (the engine itself) mean the instance must not be touched again. */
function asFailure(err: unknown, session: SandboxSession): SandboxFailure {
  if (err instanceof SandboxFailure) return err;
  session.markBroken();
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (err instanceof RangeError && /call stack/i.test(err.message)) return new SandboxFailure("stack", message);
  return new SandboxFailure("thrown", `the sandbox engine failed (${message})`);
}

function context(job: SandboxJob, logs: readonly string[]): FailureContext {
  return { toolName: job.toolName, timeoutMs: job.settings.timeoutMs, memoryBytes: job.settings.memoryBytes, logs };
}

function toWire(err: unknown, job: SandboxJob, logs: readonly string[]): WireError {
  const e = err instanceof MMMError ? err : toMMMError(new SandboxFailure("crashed", String(err)), context(job, logs));
  return { code: e.code, what: e.what, hint: e.hint };
}
