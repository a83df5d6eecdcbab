/**
 * Runs the extension's small calls on the notebook's tslab kernel (`requestExecute`, silent, not
 * in history) and reports what happens, with tslab's quirks handled (STACK.md):
 * - a request arriving just after a failed cell is answered `abort`: retry with backoff;
 * - errors come only as the reply's `error` status plus `stderr` stream text (no iopub `error`):
 *   both are collected and reported;
 * - executions are serialised, so a request sent while a cell runs waits: reported as
 *   "waiting for the kernel" until ours starts. tslab publishes `status: busy` for a request as
 *   soon as it arrives, queued or not, so that is no sign; ours has started once the request that
 *   was running goes idle (the kernel's iopub, any parent) or ours shows output.
 * `stop_on_error: false` so a failing call of ours never aborts the analyst's queued cells.
 * No DOM and no JupyterLab imports: the kernel is anything with `requestExecute` (structurally
 * JupyterLab's `Kernel.IKernelConnection`).
 */
import { ERROR_MARK, explainKernelError } from "../code";
import type { SendStatus } from "../events";

export interface IOPubLike {
  header: { msg_type: string };
  content: unknown;
}

export interface ReplyLike {
  content: { status: string; ename?: string; evalue?: string };
}

export interface FutureLike {
  done: Promise<ReplyLike>;
  onIOPub: (msg: IOPubLike) => void;
  /** The request as sent (JupyterLab futures have it): its id marks the replies that belong to it. */
  readonly msg?: { header: { msg_id: string } };
}

export interface ExecuteContent {
  code: string;
  silent: boolean;
  store_history: boolean;
  allow_stdin: boolean;
  stop_on_error: boolean;
}

/** An iopub message with its parent (the request it belongs to). */
export interface ParentedIOPub extends IOPubLike {
  parent_header?: { msg_id?: string } | object;
}

type IOPubSlot = (sender: unknown, msg: ParentedIOPub) => void;

export interface KernelLike {
  readonly status?: string;
  requestExecute(content: ExecuteContent, disposeOnDone?: boolean): FutureLike;
  /** Every iopub message of the kernel (JupyterLab's `iopubMessage` signal). */
  readonly iopubMessage?: { connect(slot: IOPubSlot): boolean; disconnect(slot: IOPubSlot): boolean };
}

export interface BridgeOptions {
  /** Retries after `abort` replies (default 5). */
  retries?: number;
  /** First retry delay; doubles each time (default 250 ms: 250, 500, 1000, 2000, 4000). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * How many other requests the kernel has taken and not finished (the follower counts them from
   * the notebook's iopub). A queued request of ours starts when this is 0 at another's idle; without
   * it, at the first such idle.
   */
  othersInFlight?: () => number;
}

export interface BridgeResult {
  ok: boolean;
  /** The error to show when not ok. */
  error?: string;
  /** display_data, update_display_data, execute_result and stdout messages of the request. */
  outputs: IOPubLike[];
  attempts: number;
}

type Listener = (status: SendStatus) => void;

export interface ExecuteHooks {
  onStatus?: Listener;
  /** Each output message of the request, as it arrives. */
  onOutput?: (msg: IOPubLike) => void;
  /** The id of each execute_request sent (one per attempt). */
  onSent?: (msgId: string) => void;
}

const content = (m: IOPubLike) => (m.content ?? {}) as Record<string, unknown>;

export class KernelBridge {
  readonly #kernel: () => KernelLike | null | undefined;
  readonly #retries: number;
  readonly #backoff: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #othersInFlight: () => number;

  constructor(kernel: () => KernelLike | null | undefined, options: BridgeOptions = {}) {
    this.#kernel = kernel;
    this.#retries = options.retries ?? 5;
    this.#backoff = options.backoffMs ?? 250;
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#othersInFlight = options.othersInFlight ?? (() => 0);
  }

  /** Run `code` on the kernel. Never rejects: failures are in the result and `onStatus`. */
  async execute(code: string, hooks: ExecuteHooks = {}): Promise<BridgeResult> {
    const outputs: IOPubLike[] = [];
    const onStatus = hooks.onStatus ?? (() => undefined);
    for (let attempt = 1; ; attempt++) {
      const r = await this.#once(code, onStatus, hooks.onSent, (m) => {
        outputs.push(m);
        hooks.onOutput?.(m);
      });
      if (r !== "abort") {
        const result = { ...r, outputs, attempts: attempt };
        onStatus(r.ok ? { state: "done" } : { state: "error", message: r.error! });
        return result;
      }
      if (attempt > this.#retries) {
        const error = `The kernel refused the request ${attempt} times (reply 'abort', which tslab sends just after a cell fails). Try again in a moment.`;
        onStatus({ state: "error", message: error });
        return { ok: false, error, outputs, attempts: attempt };
      }
      const delayMs = this.#backoff * 2 ** (attempt - 1);
      onStatus({ state: "retrying", attempt: attempt + 1, delayMs });
      await this.#sleep(delayMs);
    }
  }

  async #once(code: string, onStatus: Listener, onSent: ((id: string) => void) | undefined, onOutput: (m: IOPubLike) => void): Promise<{ ok: boolean; error?: string } | "abort"> {
    const kernel = this.#kernel();
    if (!kernel) return { ok: false, error: "This notebook has no running kernel: start (or select) its kernel first." };
    if (kernel.status === "dead") return { ok: false, error: "The notebook's kernel is dead: restart it." };
    const queued = kernel.status === "busy" || kernel.status === "starting" || kernel.status === "restarting";
    onStatus(queued ? { state: "waiting", message: "Waiting for the kernel: a cell is still running…" } : { state: "sending" });
    let running = false;
    let ours: string | undefined;
    const started = () => {
      if (running) return;
      running = true;
      onStatus({ state: "running" });
    };
    const onKernelIOPub: IOPubSlot = (_, m) => {
      const parent = (m.parent_header as { msg_id?: string } | undefined)?.msg_id;
      if (m.header.msg_type === "status" && content(m).execution_state === "idle" && parent !== ours && this.#othersInFlight() === 0) started();
    };
    if (queued) kernel.iopubMessage?.connect(onKernelIOPub);
    try {
      return await this.#send(
        kernel,
        code,
        (id) => ((ours = id), onSent?.(id)),
        onOutput,
        () => (queued ? undefined : started()),
        started,
      );
    } finally {
      if (queued) kernel.iopubMessage?.disconnect(onKernelIOPub);
    }
  }

  /** One execute_request and its reply. `onBusy`: our status busy; `onFirstOutput`: any output. */
  async #send(kernel: KernelLike, code: string, onSent: (id: string) => void, onOutput: (m: IOPubLike) => void, onBusy: () => void, onFirstOutput: () => void): Promise<{ ok: boolean; error?: string } | "abort"> {
    const stderr: string[] = [];
    let iopubError = "";
    let future: FutureLike;
    try {
      future = kernel.requestExecute({ code, silent: true, store_history: false, allow_stdin: false, stop_on_error: false }, true);
    } catch (e) {
      return { ok: false, error: `The kernel cannot take the request: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (future.msg) onSent(future.msg.header.msg_id);
    future.onIOPub = (msg) => {
      const c = content(msg);
      const type = msg.header.msg_type;
      if (type === "status") {
        if (c.execution_state === "busy") onBusy();
        return;
      }
      onFirstOutput();
      if (type === "stream" && c.name === "stderr") stderr.push(String(c.text ?? ""));
      else if (type === "error") iopubError = `${String(c.ename ?? "Error")}: ${String(c.evalue ?? "")}`;
      else if (type === "display_data" || type === "update_display_data" || type === "execute_result" || type === "stream") onOutput(msg);
    };
    let reply: ReplyLike;
    try {
      reply = await future.done;
    } catch (e) {
      return { ok: false, error: `The request did not finish (was the kernel restarted or shut down?): ${e instanceof Error ? e.message : String(e)}` };
    }
    const status = reply.content.status;
    // Our calls catch their own failures (code.ts): the message follows ERROR_MARK on stderr.
    const caught = stderr.join("").split(ERROR_MARK)[1];
    if (status === "ok") return caught === undefined ? { ok: true } : { ok: false, error: explainKernelError(caught) };
    if (status === "abort" || status === "aborted") return "abort";
    const replyError = reply.content.ename || reply.content.evalue ? `${reply.content.ename ?? "Error"}: ${reply.content.evalue ?? ""}` : "";
    const message = stderr.join("").trim() || iopubError || replyError || `The kernel answered '${status}'.`;
    return { ok: false, error: explainKernelError(message) };
  }
}
