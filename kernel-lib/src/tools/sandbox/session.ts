/**
 * One sandboxed call: a QuickJS runtime and context inside a fresh wasm instance, with the prelude
 * installed, the tool's code evaluated and `run(argsJson)` called. Every handle is disposed here;
 * if the engine itself failed (a host-side stack overflow inside wasm, a trap) nothing is touched
 * again: the whole instance is dropped and garbage-collected.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from "quickjs-emscripten";
import { DEFINES_TOOL_FN, PRELUDE } from "./prelude";
import { classifyGuestError, SandboxFailure } from "./sandboxErrors";

export interface SessionSettings {
  timeoutMs: number;
  memoryBytes: number;
  maxStackBytes: number;
  maxLogLines: number;
  seed: number;
}

type EvalResult = { value: QuickJSHandle; error?: undefined } | { error: QuickJSHandle };

export class SandboxSession {
  readonly logs: string[] = [];
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private deadline = Number.POSITIVE_INFINITY;
  private timedOut = false;
  private runFn: QuickJSHandle | undefined;
  private broken = false;

  constructor(module: QuickJSWASMModule, private readonly settings: SessionSettings) {
    this.runtime = module.newRuntime();
    this.runtime.setMaxStackSize(settings.maxStackBytes);
    this.runtime.setInterruptHandler(() => {
      if (Date.now() <= this.deadline) return false;
      this.timedOut = true;
      return true;
    });
    this.context = this.runtime.newContext();
  }

  /** Prelude and data (host work: not counted against the tool's time or memory budget). */
  install(dataJson: string | undefined): void {
    const ctx = this.context;
    const setup = this.unwrap(ctx.evalCode(PRELUDE, "prelude.js", { type: "global", strict: true }));
    const args = [
      dataJson === undefined ? ctx.undefined : ctx.newString(dataJson),
      ctx.newFunction("hostLog", (line) => this.pushLog(line)),
      ctx.newNumber(this.settings.seed),
      ctx.newNumber(this.settings.maxLogLines),
    ];
    try {
      this.runFn = this.unwrap(ctx.callFunction(setup, ctx.undefined, ...args));
    } finally {
      for (const h of [setup, ...args]) if (h.alive && h !== ctx.undefined) h.dispose();
    }
    this.runtime.setMemoryLimit(this.memoryUsed() + this.settings.memoryBytes);
  }

  /** Evaluate the tool's code (top level only); the time limit starts here. */
  evalTool(js: string): void {
    this.deadline = Date.now() + this.settings.timeoutMs;
    this.unwrap(this.context.evalCode(js, "tool.js", { type: "global", strict: true })).dispose();
  }

  /** Whether the evaluated code defines `tool_fn` (or `toolFn`). */
  definesToolFn(): boolean {
    const h = this.unwrap(this.context.evalCode(DEFINES_TOOL_FN, "check.js", { type: "global" }));
    try {
      return this.context.dump(h) === true;
    } finally {
      h.dispose();
    }
  }

  /** Call `tool_fn` with the arguments; returns the result as a JSON string. */
  call(argsJson: string): string {
    const ctx = this.context;
    const arg = ctx.newString(argsJson);
    let out: QuickJSHandle;
    try {
      out = this.unwrap(ctx.callFunction(this.runFn!, ctx.undefined, arg));
    } finally {
      arg.dispose();
    }
    try {
      return ctx.typeof(out) === "string" ? ctx.getString(out) : this.settle(out);
    } finally {
      out.dispose();
    }
  }

  /** Mark the engine as unusable: `dispose` then leaves it to the garbage collector. */
  markBroken(): void {
    this.broken = true;
  }

  dispose(): void {
    if (this.broken) return;
    try {
      if (this.runFn?.alive) this.runFn.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      // The instance is per call and about to be dropped: a failed cleanup cannot leak into the next.
    }
  }

  /** An async `tool_fn`: run the job queue (still under the deadline), then read the promise. */
  private settle(promise: QuickJSHandle): string {
    const ctx = this.context;
    const jobs = this.runtime.executePendingJobs();
    if (jobs.error) this.fail(jobs.error);
    const state = ctx.getPromiseState(promise);
    if (state.type === "pending") {
      throw new SandboxFailure("contract", "tool_fn returned a promise that never settled (there are no timers, files or network to wait for)");
    }
    if (state.type === "rejected") this.fail(state.error);
    const value = state.value;
    try {
      if (ctx.typeof(value) !== "string") throw new SandboxFailure("result", "the result is not a JSON string");
      return ctx.getString(value);
    } finally {
      if (!state.notAPromise) value.dispose();
    }
  }

  private unwrap(result: EvalResult): QuickJSHandle {
    if (result.error) this.fail(result.error);
    return result.value;
  }

  private fail(error: QuickJSHandle): never {
    let dumped: unknown;
    try {
      dumped = this.context.dump(error);
    } catch {
      dumped = { message: "unknown error" };
    } finally {
      error.dispose();
    }
    throw classifyGuestError(dumped, this.timedOut);
  }

  private pushLog(line: QuickJSHandle): void {
    if (this.logs.length > this.settings.maxLogLines) return;
    if (this.context.typeof(line) === "string") this.logs.push(this.context.getString(line));
  }

  private memoryUsed(): number {
    const h = this.runtime.computeMemoryUsage();
    try {
      const usage = this.context.dump(h) as { memory_used_size?: number };
      return usage.memory_used_size ?? 0;
    } finally {
      h.dispose();
    }
  }
}
