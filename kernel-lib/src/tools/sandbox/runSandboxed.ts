/**
 * Run untrusted JavaScript/TypeScript (a custom tool written by the agent or a user) in QuickJS
 * compiled to WebAssembly. The code sees only the ECMAScript built-ins, a read-only `data` and a
 * capturing `console`: no `process`, `require`, `import`, `fetch`, timers, files or network.
 *
 * Limits: a time budget (an interrupt handler checks a deadline while the code runs), a memory
 * budget (QuickJS's allocator limit plus a fixed-size wasm memory as the hard cap) and a stack
 * budget. Every call gets a fresh wasm instance, so no failure can affect the next call or the host.
 *
 * Determinism: `Math.random` is a seeded PRNG (mulberry32, seed {@link DEFAULT_SEED} unless given),
 * so the same code, arguments and data give the same result. `Date` is the real clock.
 * The tool's code runs in strict mode: writing to the frozen `data` throws instead of being ignored.
 */
import { MMMError } from "../../errors";
import { prepareToolCode } from "./stripTypes";
import { SandboxFailure, toMMMError, type FailureContext } from "./sandboxErrors";
import { SandboxSession, type SessionSettings } from "./session";
import { newSandboxModule } from "./wasmInstance";

export interface SandboxLimits {
  /** Wall-clock budget for the tool's code, in ms (the code runs synchronously, so ≈ CPU time). */
  timeoutMs: number;
  /** Memory the tool may allocate beyond the engine and the copy of the data, in bytes. */
  memoryBytes: number;
  /** QuickJS stack budget in bytes; very deep recursion also stops at the host's stack. */
  maxStackBytes?: number;
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
}

/** A result with what the tool printed. */
export interface SandboxRun {
  result: unknown;
  logs: string[];
  elapsedMs: number;
}

export const DEFAULT_SEED = 20240611;
const DEFAULT_MAX_LOG_LINES = 50;
/** Wasm memory allowed per byte of the data's JSON (the JSON text, its parse, `rows()`). */
const DATA_MEMORY_FACTOR = 8;
const WASM_SLACK_BYTES = 8 * 1024 * 1024;

/**
 * Run `code` (which defines `function tool_fn(args) { ... }`) and return its JSON result.
 * @example
 * await runSandboxed("function tool_fn({ n }) { return { sum: data.column('x').slice(0, n).reduce((a, b) => a + b, 0) } }",
 *   { n: 2 }, { columns: { x: [1, 2, 3] } }); // { sum: 3 }
 */
export async function runSandboxed(
  code: string,
  args: Record<string, unknown>,
  data: SandboxData | undefined,
  limits?: Partial<SandboxLimits>,
  options?: SandboxOptions,
): Promise<unknown> {
  return (await runSandboxedDetailed(code, args, data, limits, options)).result;
}

/** {@link runSandboxed}, also returning the console output and the time taken. */
export async function runSandboxedDetailed(
  code: string,
  args: Record<string, unknown>,
  data: SandboxData | undefined,
  limits?: Partial<SandboxLimits>,
  options: SandboxOptions = {},
): Promise<SandboxRun> {
  const { js } = prepareToolCode(code, options.toolName ?? "anonymous");
  return runPreparedCode(js, args, data, limits, options);
}

/** Run code that is already plain JavaScript (types stripped). */
export async function runPreparedCode(
  js: string,
  args: unknown,
  data: SandboxData | undefined,
  limits?: Partial<SandboxLimits>,
  options: SandboxOptions = {},
): Promise<SandboxRun> {
  const argsJson = encodeArgs(args, options.toolName);
  const dataJson = data === undefined ? undefined : encodeData(data);
  return withSession(dataJson, limits, options, (session) => {
    const started = Date.now();
    session.evalTool(js);
    const result = decodeResult(session.call(argsJson));
    return { result, logs: [...session.logs], elapsedMs: Date.now() - started };
  });
}

/**
 * Check that code compiles and defines `tool_fn` by evaluating its top level (without data).
 * Throws an `MMMError` saying what to fix.
 */
export async function checkToolCode(js: string, toolName: string, limits?: Partial<SandboxLimits>): Promise<void> {
  const defined = await withSession(undefined, limits, { toolName }, (session) => {
    session.evalTool(js);
    return session.definesToolFn();
  });
  if (!defined) {
    throw new MMMError(
      "INVALID_ARGUMENT",
      `Custom tool '${toolName}' does not define tool_fn.`,
      "Define the entry point as function tool_fn(args) { ... return result; } (toolFn is accepted too); args holds the named parameters.",
    );
  }
}

async function withSession<T>(
  dataJson: string | undefined,
  partial: Partial<SandboxLimits> | undefined,
  options: SandboxOptions,
  body: (session: SandboxSession) => T,
): Promise<T> {
  const settings = resolveSettings(partial, options);
  const module = await newSandboxModule(
    settings.memoryBytes + WASM_SLACK_BYTES + (dataJson?.length ?? 0) * DATA_MEMORY_FACTOR,
  );
  const session = new SandboxSession(module, settings);
  try {
    session.install(dataJson);
    return body(session);
  } catch (err) {
    if (err instanceof MMMError) throw err;
    const context: FailureContext = { toolName: options.toolName ?? "anonymous", ...settings, logs: session.logs };
    throw toMMMError(asFailure(err, session), context);
  } finally {
    session.dispose();
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

function resolveSettings(partial: Partial<SandboxLimits> | undefined, options: SandboxOptions): SessionSettings {
  const limits = { ...DEFAULT_SANDBOX_LIMITS, ...stripUndefined(partial ?? {}) };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new MMMError("INVALID_ARGUMENT", `Sandbox limit ${key} must be a positive number, got ${String(value)}.`, "");
    }
  }
  return {
    timeoutMs: limits.timeoutMs,
    memoryBytes: limits.memoryBytes,
    maxStackBytes: limits.maxStackBytes ?? DEFAULT_SANDBOX_LIMITS.maxStackBytes!,
    maxLogLines: options.maxLogLines ?? DEFAULT_MAX_LOG_LINES,
    seed: options.seed ?? DEFAULT_SEED,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function encodeArgs(args: unknown, toolName = "anonymous"): string {
  const value = args ?? {};
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    json = undefined;
  }
  if (typeof value !== "object" || Array.isArray(value) || json === undefined) {
    throw new MMMError(
      "INVALID_ARGUMENT",
      `Arguments for custom tool '${toolName}' must be a JSON object of named values.`,
      "Pass e.g. { column: \"revenue\", lags: 52 }.",
    );
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
function decodeResult(json: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new SandboxFailure("result", "it is not valid JSON");
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
