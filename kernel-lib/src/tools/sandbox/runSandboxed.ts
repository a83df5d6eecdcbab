/**
 * Run untrusted JavaScript/TypeScript (a custom tool written by the agent or a user) in QuickJS
 * compiled to WebAssembly. The code sees only the ECMAScript built-ins, a read-only `data` and a
 * capturing `console`: no `process`, `require`, `import`, `fetch`, timers, files or network.
 *
 * Limits: a time budget (an interrupt handler checks a deadline while the code runs; the worker
 * thread the call runs in is terminated shortly after it, whatever the code does), a memory budget
 * (QuickJS's allocator limit plus a fixed-size wasm memory, and V8 limits on the worker) and a stack
 * budget. Every call gets a fresh wasm instance, so no failure can affect the next call or the host.
 * What comes back (result, console, errors) is capped by the host (outputCaps.ts).
 *
 * Determinism: `Math.random` is a seeded PRNG (mulberry32, seed {@link DEFAULT_SEED} unless given),
 * so the same code, arguments and data give the same result. `Date` is the real clock.
 * The tool's code runs in strict mode: writing to the frozen `data` throws instead of being ignored.
 */
import { MMMError } from "../../errors";
import { acceptOutcome, DEFAULT_OUTPUT_CAPS, type AcceptedRun } from "./outputCaps";
import type { OutputCaps, SandboxJob, SessionSettings } from "./protocol";
import { SandboxFailure, toMMMError } from "./sandboxErrors";
import { prepareToolCode } from "./stripTypes";
import { heapMbFor, runInWorker } from "./workerPool";

export interface SandboxLimits {
  /** Wall-clock budget for the tool's code, in ms (the code runs synchronously, so ≈ CPU time). */
  timeoutMs: number;
  /** Memory the tool may allocate beyond the engine and the copy of the data, in bytes. */
  memoryBytes: number;
  /** QuickJS stack budget in bytes; very deep recursion also stops at the host's stack. */
  maxStackBytes?: number;
  /**
   * V8 heap of the worker thread the call runs in, in MB (default 192 plus four times the data's
   * JSON): a backstop for anything that escapes QuickJS's own memory limit.
   */
  workerHeapMb?: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = Object.freeze({
  timeoutMs: 2000,
  memoryBytes: 64 * 1024 * 1024,
  maxStackBytes: 256 * 1024,
});

/** The table a tool may read, column-major (dates as ISO strings). */
export interface SandboxData {
  columns: Record<string, (number | string | boolean | null)[]>;
}

export interface SandboxOptions {
  /** Used in error messages ("custom tool 'x' exceeded ..."). */
  toolName?: string;
  /** Lines of `console.log` output kept (default 50, each cut at 2,000 characters). */
  maxLogLines?: number;
  /** Seed of the sandbox's `Math.random`. */
  seed?: number;
  /** Characters of result JSON a tool may return (default 2,000,000); more is refused. */
  maxResultChars?: number;
}

/** A result with what the tool printed. */
export interface SandboxRun {
  result: unknown;
  logs: string[];
  elapsedMs: number;
}

export const DEFAULT_SEED = 20240611;
const DEFAULT_MAX_LOG_LINES = DEFAULT_OUTPUT_CAPS.logLines;

/**
 * Run `code` (which defines `function tool_fn(args) { ... }`) and return its JSON result.
 * @example
 * await runSandboxed("function tool_fn({ n }) { return { sum: data.column('x').slice(0, n).reduce((a, b) => a + b, 0) } }",
 *   { n: 2 }, { columns: { x: [1, 2, 3] } }); // { sum: 3 }
 */
export async function runSandboxed(code: string, args: Record<string, unknown>, data: SandboxData | undefined, limits?: Partial<SandboxLimits>, options?: SandboxOptions): Promise<unknown> {
  return (await runSandboxedDetailed(code, args, data, limits, options)).result;
}

/** {@link runSandboxed}, also returning the console output and the time taken. */
export async function runSandboxedDetailed(code: string, args: Record<string, unknown>, data: SandboxData | undefined, limits?: Partial<SandboxLimits>, options: SandboxOptions = {}): Promise<SandboxRun> {
  const { js } = prepareToolCode(code, options.toolName ?? "anonymous");
  return runPreparedCode(js, args, data, limits, options);
}

/** Run code that is already plain JavaScript (types stripped). */
export async function runPreparedCode(js: string, args: unknown, data: SandboxData | undefined, limits?: Partial<SandboxLimits>, options: SandboxOptions = {}): Promise<SandboxRun> {
  const argsJson = encodeArgs(args, options.toolName);
  const dataJson = data === undefined ? undefined : encodeData(data);
  const run = await runJob({ op: "run", js, argsJson, dataJson, ...jobSettings(limits, options) }, limits?.workerHeapMb);
  return { result: decodeResult(run.resultJson, options.toolName), logs: run.logs, elapsedMs: run.elapsedMs };
}

/**
 * Check that code compiles and defines `tool_fn` by evaluating its top level (without data).
 * Throws an `MMMError` saying what to fix.
 */
export async function checkToolCode(js: string, toolName: string, limits?: Partial<SandboxLimits>): Promise<void> {
  const run = await runJob({ op: "check", js, argsJson: "{}", dataJson: undefined, ...jobSettings(limits, { toolName }) }, limits?.workerHeapMb);
  if (run.resultJson !== "true") {
    throw new MMMError("INVALID_ARGUMENT", `Custom tool '${toolName}' does not define tool_fn.`, "Define the entry point as function tool_fn(args) { ... return result; } (toolFn is accepted too); args holds the named parameters.");
  }
}

/** One job in a worker; the host's caps and its own reading of how the worker ended. */
async function runJob(job: SandboxJob, heapMb: number | undefined): Promise<AcceptedRun> {
  const end = await runInWorker(job, heapMb ?? heapMbFor(job));
  const ctx = { toolName: job.toolName, timeoutMs: job.settings.timeoutMs, memoryBytes: job.settings.memoryBytes };
  switch (end.kind) {
    case "done":
      return acceptOutcome(end.outcome, job.caps, ctx);
    case "timeout":
      throw toMMMError(new SandboxFailure("timeout", "stopped"), { ...ctx, logs: [] });
    case "heap":
      throw toMMMError(new SandboxFailure("heap", "out of memory"), { ...ctx, logs: [], workerHeapMb: end.heapMb });
    case "crashed":
      throw toMMMError(new SandboxFailure("crashed", end.detail), { ...ctx, logs: [] });
  }
}

function jobSettings(limits: Partial<SandboxLimits> | undefined, options: SandboxOptions): Pick<SandboxJob, "toolName" | "settings" | "caps"> {
  const settings = resolveSettings(limits, options);
  const caps: OutputCaps = { ...DEFAULT_OUTPUT_CAPS, logLines: settings.maxLogLines };
  if (options.maxResultChars !== undefined) caps.resultChars = positive("maxResultChars", options.maxResultChars);
  return { toolName: options.toolName ?? "anonymous", settings, caps };
}

function resolveSettings(partial: Partial<SandboxLimits> | undefined, options: SandboxOptions): SessionSettings {
  const limits = { ...DEFAULT_SANDBOX_LIMITS, ...stripUndefined(partial ?? {}) };
  for (const [key, value] of Object.entries(limits)) positive(key, value);
  return {
    timeoutMs: limits.timeoutMs,
    memoryBytes: limits.memoryBytes,
    maxStackBytes: limits.maxStackBytes ?? DEFAULT_SANDBOX_LIMITS.maxStackBytes!,
    maxLogLines: options.maxLogLines ?? DEFAULT_MAX_LOG_LINES,
    seed: options.seed ?? DEFAULT_SEED,
  };
}

function positive(key: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new MMMError("INVALID_ARGUMENT", `Sandbox limit ${key} must be a positive number, got ${String(value)}.`, "");
  }
  return value;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function encodeArgs(args: unknown, toolName = "anonymous"): string {
  const value = args ?? {};
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (typeof value !== "object" || Array.isArray(value) || json === undefined) {
    throw new MMMError("INVALID_ARGUMENT", `Arguments for custom tool '${toolName}' must be a JSON object of named values.`, 'Pass e.g. { column: "revenue", lags: 52 }.');
  }
  return json;
}

function encodeData(data: SandboxData): string {
  const columns = data?.columns;
  if (typeof columns !== "object" || columns === null) {
    throw new MMMError("INVALID_ARGUMENT", "Sandbox data must be { columns: { name: values[] } }.", "");
  }
  const lengths = new Set<number>();
  for (const [name, values] of Object.entries(columns)) {
    if (!Array.isArray(values)) {
      throw new MMMError("INVALID_ARGUMENT", `Sandbox data column '${name}' is not an array.`, "", { column: name });
    }
    lengths.add(values.length);
  }
  if (lengths.size > 1) {
    throw new MMMError("INVALID_ARGUMENT", "Sandbox data columns have different lengths.", "Pass a rectangular table.");
  }
  return JSON.stringify(columns);
}

/** The guest's JSON string; a JSON string returned on purpose (like Python's json.dumps) is parsed too. */
function decodeResult(json: string, toolName = "anonymous"): unknown {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    const ctx = { toolName, timeoutMs: 0, memoryBytes: 0, logs: [] };
    throw toMMMError(new SandboxFailure("result", "it is not valid JSON"), ctx);
  }
  if (typeof value === "string" && /^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}
