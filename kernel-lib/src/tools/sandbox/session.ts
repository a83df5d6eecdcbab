/**
 * One sandboxed call: a QuickJS runtime and context inside a fresh wasm instance, with the prelude
 * installed, the tool's code evaluated and `run(argsJson)` called. Every handle is disposed here;
 * if the engine itself failed (a host-side stack overflow inside wasm, a trap) nothing is touched
 * again: the whole instance is dropped and garbage-collected.
 *
 * Nothing is copied out of QuickJS before its length is known: console lines, the result and error
 * texts over their caps are cut or refused, so a tool that patches the prelude's built-ins still
 * cannot make this thread copy gigabytes.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from "quickjs-emscripten";
import { DEFINES_TOOL_FN, PRELUDE } from "./prelude";
import type { OutputCaps, SessionSettings } from "./protocol";
import { classifyGuestError, SandboxFailure, type DumpedError } from "./sandboxErrors";

export type { SessionSettings } from "./protocol";

type EvalResult = { value: QuickJSHandle; error?: undefined } | { error: QuickJSHandle };

export class SandboxSession {
  readonly logs: string[] = [];
  private logChars = 0;
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private deadline = Number.POSITIVE_INFINITY;
  private timedOut = false;
  private runFn: QuickJSHandle | undefined;
  private describeFn: QuickJSHandle | undefined;
  private broken = false;

  constructor(
    module: QuickJSWASMModule,
    private readonly settings: SessionSettings,
    private readonly caps: OutputCaps,
  ) {
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
      ctx.newNumber(this.caps.logLineChars),
    ];
    try {
      const pair = this.unwrap(ctx.callFunction(setup, ctx.undefined, ...args));
      this.runFn = ctx.getProp(pair, 0);
      this.describeFn = ctx.getProp(pair, 1);
      pair.dispose();
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
      return this.context.typeof(h) === "boolean" && this.context.dump(h) === true;
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
      return ctx.typeof(out) === "string" ? this.resultText(out) : this.settle(out);
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
      for (const h of [this.runFn, this.describeFn]) if (h?.alive) h.dispose();
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
      return this.resultText(value);
    } finally {
      if (!state.notAPromise) value.dispose();
    }
  }

  /** The result's JSON, refused (not copied) when it is longer than the cap. */
  private resultText(h: QuickJSHandle): string {
    const n = this.context.getLength(h) ?? 0;
    if (n > this.caps.resultChars) throw new SandboxFailure("size", tooLong(n, this.caps.resultChars));
    return this.context.getString(h);
  }

  private unwrap(result: EvalResult): QuickJSHandle {
    if (result.error) this.fail(result.error);
    return result.value;
  }

  private fail(error: QuickJSHandle): never {
    let described: DumpedError;
    try {
      described = this.describe(error);
    } catch {
      described = { message: "unknown error" };
    } finally {
      error.dispose();
    }
    throw classifyGuestError(described, this.timedOut);
  }

  /** What was thrown, through the prelude's `describe` (texts already cut), length-checked here. */
  private describe(error: QuickJSHandle): DumpedError {
    const ctx = this.context;
    if (!this.describeFn) return { message: "the sandbox failed while starting" };
    const cap = ctx.newNumber(this.caps.errorChars);
    const res = ctx.callFunction(this.describeFn, ctx.undefined, error, cap);
    cap.dispose();
    if (res.error) {
      res.error.dispose();
      return { message: "the error could not be read" };
    }
    try {
      const [name, message, stack] = [0, 1, 2].map((i) => this.shortString(res.value, i));
      const line = ctx.getProp(res.value, 3);
      const lineNumber = ctx.typeof(line) === "number" ? ctx.getNumber(line) : -1;
      line.dispose();
      return { name: name || undefined, message, stack: stack || undefined, lineNumber: lineNumber >= 0 ? lineNumber : undefined };
    } finally {
      res.value.dispose();
    }
  }

  /** Element `i` of a guest array if it is a string within the error cap, else "". */
  private shortString(array: QuickJSHandle, i: number): string {
    const h = this.context.getProp(array, i);
    try {
      if (this.context.typeof(h) !== "string") return "";
      const n = this.context.getLength(h) ?? 0;
      return n <= this.caps.errorChars ? this.context.getString(h) : tooLong(n, this.caps.errorChars);
    } finally {
      h.dispose();
    }
  }

  private pushLog(line: QuickJSHandle): void {
    if (this.logs.length > this.settings.maxLogLines || this.logChars >= this.caps.logTotalChars) return;
    if (this.context.typeof(line) !== "string") return;
    const n = this.context.getLength(line) ?? 0;
    const text = n <= this.caps.logLineChars ? this.context.getString(line) : `(a console line was dropped: ${tooLong(n, this.caps.logLineChars)})`;
    this.logChars += text.length;
    this.logs.push(text);
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

function tooLong(n: number, cap: number): string {
  return `${n.toLocaleString("en-US")} characters, more than the ${cap.toLocaleString("en-US")} allowed`;
}
