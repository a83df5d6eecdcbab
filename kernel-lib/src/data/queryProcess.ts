/**
 * The query engine's process, seen from the kernel: started per loaded frame with a capped
 * address space (`ulimit -v`), no environment secrets and an IPC channel; queries are interrupted
 * at the time limit and the process is killed if it does not stop. A crash or an out-of-memory
 * abort ends only that process: the pending queries fail with a clear reason and the next query
 * starts a fresh one. At most two processes live at a time; an idle one ends after a minute.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { EngineSettings, FailureKind, FromWorker, QueryCaps, TableColumn } from "./queryProtocol";

/** Node reserves ~1.1 GB of address space and DuckDB ~0.3 GB before any data (measured, Node 20). */
const BASE_ADDRESS_SPACE = 1.6 * 1024 ** 3;
const KILL_GRACE_MS = 2000;
const IDLE_MS = 60_000;
const MAX_PROCESSES = 2;

/** A query outcome the caller turns into an MMMError. */
export class EngineFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export type EngineResult = Extract<FromWorker, { type: "result" }>;

interface Pending {
  resolve(r: EngineResult): void;
  reject(e: EngineFailure): void;
  timers: NodeJS.Timeout[];
  timedOut: boolean;
  timeoutMs: number;
}

const timeoutFailure = (p: Pending) => new EngineFailure("limit", `it ran longer than the ${p.timeoutMs / 1000} s time limit`);

const FROM_SOURCES = path.extname(__filename) === ".ts";

/**
 * `sh -c 'ulimit -v …; exec node worker settings'`: the cap applies to the engine only. From the
 * TypeScript sources the worker is transpiled by sucrase's hook (tsx instantiates WebAssembly,
 * whose address-space reservation no `ulimit -v` allows).
 */
function startChild(settings: EngineSettings): ChildProcess {
  const script = path.join(__dirname, `queryWorker${FROM_SOURCES ? ".ts" : ".js"}`);
  const node = FROM_SOURCES ? ["--require", require.resolve("sucrase/register/ts"), script] : [script];
  const kb = Math.floor((BASE_ADDRESS_SPACE + settings.memoryLimitBytes) / 1024);
  return spawn("/bin/sh", ["-c", `ulimit -v ${kb} && exec "$0" "$@"`, process.execPath, ...node, JSON.stringify(settings)], {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    serialization: "advanced",
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", LANG: "C.UTF-8" },
  });
}

/** One engine process holding one frame's table. */
export class QueryProcess {
  readonly ready: Promise<void>;
  #child: ChildProcess;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #stderr = "";
  #idle: NodeJS.Timeout | undefined;
  #dead: string | undefined;
  #retiring = false;

  constructor(
    columns: TableColumn[],
    readonly settings: EngineSettings,
  ) {
    this.#child = startChild(settings);
    this.#child.stderr?.on("data", (b: Buffer) => (this.#stderr = (this.#stderr + b.toString()).slice(-2000)));
    this.ready = new Promise<void>((resolve, reject) => {
      this.#child.on("message", (m: FromWorker) => {
        if (m.type === "loaded") resolve();
        else if (m.type === "loadFailed") reject(new EngineFailure(/memory|allocat/i.test(m.message) ? "limit" : "failed", `the table could not be loaded into the query engine (${m.message})`));
        else this.#settle(m);
      });
      this.#child.on("exit", (code, signal) => {
        this.#dead = signal ? `signal ${signal}` : `exit code ${code}`;
        const why = new EngineFailure("limit", `the query engine stopped (${this.#dead}; out of memory or killed at the time limit)${this.#stderrTail()}`);
        reject(why);
        for (const [id, p] of this.#pending) this.#finish(id, p, () => p.reject(p.timedOut ? timeoutFailure(p) : why));
      });
      this.#child.on("error", (err) => reject(new EngineFailure("failed", `the query engine could not start (${err.message})`)));
    });
    this.ready.catch(() => this.kill());
    this.#child.send({ type: "load", columns });
  }

  /**
   * True once the process has ended or hit a limit (a new one is needed): after an out-of-memory
   * error DuckDB's allocator may keep its address space, and the next allocation could abort.
   */
  get dead(): boolean {
    return this.#dead !== undefined || this.#retiring;
  }

  /** Run one query, interrupted after `timeoutMs`; rejects with an EngineFailure. */
  async query(sql: string, caps: QueryCaps, timeoutMs: number): Promise<EngineResult> {
    await this.ready;
    if (this.#dead) throw new EngineFailure("limit", `the query engine stopped (${this.#dead})`);
    const id = this.#nextId++;
    this.#setBusy(true);
    return new Promise<EngineResult>((resolve, reject) => {
      const p: Pending = { resolve, reject, timers: [], timedOut: false, timeoutMs };
      p.timers.push(
        setTimeout(() => {
          p.timedOut = true;
          this.#child.send({ type: "interrupt", id });
        }, timeoutMs),
      );
      p.timers.push(setTimeout(() => this.kill(), timeoutMs + KILL_GRACE_MS));
      this.#pending.set(id, p);
      this.#child.send({ type: "query", id, sql, caps });
    });
  }

  /** End the process now (pending queries fail). */
  kill(): void {
    if (!this.#dead) this.#child.kill("SIGKILL");
  }

  #settle(m: FromWorker): void {
    if (m.type !== "result" && m.type !== "error") return;
    const p = this.#pending.get(m.id);
    if (!p) return;
    if (m.type === "result") this.#finish(m.id, p, () => p.resolve(m));
    else {
      if (m.kind === "limit" && /memory|allocat/i.test(m.message)) this.#retiring = true;
      this.#finish(m.id, p, () => p.reject(p.timedOut && m.kind === "limit" ? timeoutFailure(p) : new EngineFailure(m.kind, m.message)));
    }
  }

  #finish(id: number, p: Pending, settle: () => void): void {
    p.timers.forEach(clearTimeout);
    this.#pending.delete(id);
    settle();
    if (this.#pending.size > 0) return;
    if (this.#retiring) this.kill();
    else this.#setBusy(false);
  }

  #stderrTail(): string {
    const lines = this.#stderr
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const line = lines.find((l) => /out of memory|fatal|error/i.test(l)) ?? lines.pop();
    return line ? `: ${line.slice(0, 200)}` : "";
  }

  /** A busy engine keeps the kernel alive (someone awaits it); an idle one ends after a minute. */
  #setBusy(busy: boolean): void {
    type Handle = { ref?(): void; unref?(): void } | null | undefined;
    const handles = [this.#child.channel as Handle, this.#child.stderr as Handle];
    if (this.#idle) clearTimeout(this.#idle);
    if (busy) {
      this.#child.ref();
      handles.forEach((h) => h?.ref?.());
      return;
    }
    this.#child.unref();
    handles.forEach((h) => h?.unref?.());
    this.#idle = setTimeout(() => this.kill(), IDLE_MS);
    this.#idle.unref();
  }
}

const live: { key: object; proc: QueryProcess }[] = [];

/**
 * The engine process for `key` (the loaded frame), started with `columns()` when there is none or
 * the last one died. The least recently used process beyond two is ended.
 */
export function queryProcessFor(key: object, columns: () => TableColumn[], settings: EngineSettings): QueryProcess {
  const i = live.findIndex((e) => e.key === key);
  if (i >= 0) {
    const [entry] = live.splice(i, 1);
    if (!entry!.proc.dead && entry!.proc.settings.memoryLimitBytes === settings.memoryLimitBytes && entry!.proc.settings.threads === settings.threads) {
      live.push(entry!);
      return entry!.proc;
    }
    entry!.proc.kill();
  }
  const proc = new QueryProcess(columns(), settings);
  live.push({ key, proc });
  while (live.length > MAX_PROCESSES) live.shift()!.proc.kill();
  return proc;
}
