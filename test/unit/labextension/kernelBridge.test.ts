/**
 * The kernel bridge against a fake kernel: an object implementing `requestExecute` and its future
 * (`done`, `onIOPub`, `msg`) the way JupyterLab's kernel connection does, scripted to answer like
 * tslab (abort just after a failed cell, errors as reply status + stderr). The real kernel is the
 * end-to-end test's job.
 */
import assert from "node:assert/strict";
import { ERROR_MARK } from "../../../labextension/src/code";
import type { SendStatus } from "../../../labextension/src/events";
import { KernelBridge, type ExecuteContent, type FutureLike, type IOPubLike, type KernelLike, type ReplyLike } from "../../../labextension/src/panel/kernelBridge";

type Script = { reply?: ReplyLike["content"]; iopub?: IOPubLike[]; reject?: Error; throws?: Error; delayMs?: number };

const msg = (msg_type: string, content: Record<string, unknown>): IOPubLike => ({ header: { msg_type }, content });
const busy = msg("status", { execution_state: "busy" });
const idle = msg("status", { execution_state: "idle" });

class FakeKernel implements KernelLike {
  status = "idle";
  readonly requests: { content: ExecuteContent; disposeOnDone?: boolean }[] = [];
  constructor(private readonly script: Script[]) {}

  requestExecute(content: ExecuteContent, disposeOnDone?: boolean): FutureLike {
    const step = this.script[this.requests.length] ?? this.script[this.script.length - 1]!;
    this.requests.push({ content, disposeOnDone });
    if (step.throws) throw step.throws;
    const future: FutureLike = {
      msg: { header: { msg_id: `m${this.requests.length}` } },
      onIOPub: () => undefined,
      done: new Promise<ReplyLike>((resolve, reject) =>
        setTimeout(() => {
          for (const m of step.iopub ?? [busy, idle]) future.onIOPub(m);
          if (step.reject) reject(step.reject);
          else resolve({ content: step.reply ?? { status: "ok" } });
        }, step.delayMs ?? 1),
      ),
    };
    return future;
  }
}

function bridgeOf(kernel: KernelLike | null, retries = 5) {
  const sleeps: number[] = [];
  const bridge = new KernelBridge(() => kernel, { retries, sleep: async (ms) => void sleeps.push(ms) });
  const statuses: SendStatus[] = [];
  return { bridge, sleeps, statuses, onStatus: (s: SendStatus) => statuses.push(s) };
}

describe("labextension kernel bridge", () => {
  it("runs a silent call outside history and collects its displays", async () => {
    const display = msg("display_data", { data: { "text/markdown": "Done." }, metadata: {} });
    const kernel = new FakeKernel([{ iopub: [busy, display, msg("stream", { name: "stdout", text: "[agentic-mmm] completed\n" }), idle] }]);
    const { bridge, statuses, onStatus } = bridgeOf(kernel);
    const sent: string[] = [];
    const seen: IOPubLike[] = [];
    const r = await bridge.execute("await f();", { onStatus, onSent: (id) => sent.push(id), onOutput: (m) => seen.push(m) });
    assert.deepEqual(kernel.requests[0], { content: { code: "await f();", silent: true, store_history: false, allow_stdin: false, stop_on_error: false }, disposeOnDone: true });
    assert.equal(r.ok, true);
    assert.equal(r.attempts, 1);
    assert.deepEqual(
      r.outputs.map((m) => m.header.msg_type),
      ["display_data", "stream"],
    );
    assert.deepEqual(seen, r.outputs);
    assert.deepEqual(sent, ["m1"]);
    assert.deepEqual(
      statuses.map((s) => s.state),
      ["sending", "running", "done"],
    );
  });

  it("retries with backoff when tslab answers abort after a failed cell", async () => {
    const kernel = new FakeKernel([{ reply: { status: "abort" }, iopub: [] }, { reply: { status: "aborted" }, iopub: [] }, {}]);
    const { bridge, sleeps, statuses, onStatus } = bridgeOf(kernel);
    const r = await bridge.execute("x;", { onStatus });
    assert.equal(r.ok, true);
    assert.equal(r.attempts, 3);
    assert.equal(kernel.requests.length, 3);
    assert.deepEqual(sleeps, [250, 500]);
    assert.deepEqual(
      statuses.filter((s) => s.state === "retrying"),
      [
        { state: "retrying", attempt: 2, delayMs: 250 },
        { state: "retrying", attempt: 3, delayMs: 500 },
      ],
    );
    assert.equal(statuses[statuses.length - 1]!.state, "done");
  });

  it("gives up after the retries with a clear error", async () => {
    const kernel = new FakeKernel([{ reply: { status: "abort" }, iopub: [] }]);
    const { bridge, sleeps, statuses, onStatus } = bridgeOf(kernel, 3);
    const r = await bridge.execute("x;", { onStatus });
    assert.equal(r.ok, false);
    assert.equal(r.attempts, 4);
    assert.deepEqual(sleeps, [250, 500, 1000]);
    assert.match(r.error!, /refused the request 4 times/);
    assert.deepEqual(statuses[statuses.length - 1], { state: "error", message: r.error });
  });

  it("reports tslab errors from stderr (reply status error, no iopub error)", async () => {
    const stderr = msg("stream", { name: "stderr", text: "Error: No agentic-mmm session 's9' in this kernel: run initMMM first.\n    at get\n" });
    const kernel = new FakeKernel([{ reply: { status: "error", ename: "", evalue: "" }, iopub: [busy, stderr, idle] }]);
    const { bridge, statuses, onStatus } = bridgeOf(kernel);
    const r = await bridge.execute("x;", { onStatus });
    assert.equal(r.ok, false);
    assert.match(r.error!, /^Error: No agentic-mmm session 's9'/);
    assert.equal(kernel.requests.length, 1, "an error is not retried");
    assert.equal(statuses[statuses.length - 1]!.state, "error");
  });

  it("a call that caught its own failure (reply ok, the mark on stderr) is an error; other stderr text is not", async () => {
    const failed = await bridgeOf(new FakeKernel([{ iopub: [busy, msg("stream", { name: "stderr", text: `${ERROR_MARK}Question 'q' is not the pending one.\n` }), idle] }])).bridge.execute("x;");
    assert.deepEqual([failed.ok, failed.error], [false, "Question 'q' is not the pending one."]);
    const warned = await bridgeOf(new FakeKernel([{ iopub: [busy, msg("stream", { name: "stderr", text: "New LangChain packages are available\n" }), idle] }])).bridge.execute("x;");
    assert.equal(warned.ok, true);
  });

  it("falls back to the reply's ename/evalue and explains a kernel without agentic-mmm", async () => {
    const kernel = new FakeKernel([{ reply: { status: "error", ename: "TypeError", evalue: "Cannot read properties of undefined (reading 'say')" } }]);
    const r = await bridgeOf(kernel).bridge.execute("x;");
    assert.match(r.error!, /^agentic-mmm is not loaded in this kernel.*run initMMM/);
    const viaIopub = await bridgeOf(new FakeKernel([{ reply: { status: "error" }, iopub: [msg("error", { ename: "RangeError", evalue: "bad", traceback: [] })] }])).bridge.execute("x;");
    assert.equal(viaIopub.error, "RangeError: bad");
  });

  it("shows 'waiting for the kernel' while a cell is running, until ours starts", async () => {
    const kernel = new FakeKernel([{}]);
    kernel.status = "busy";
    const { bridge, statuses, onStatus } = bridgeOf(kernel);
    await bridge.execute("x;", { onStatus });
    assert.deepEqual(
      statuses.map((s) => s.state),
      ["waiting", "done"],
      "without the kernel's iopub, waiting until the reply",
    );
    assert.match((statuses[0] as { message: string }).message, /Waiting for the kernel/);
  });

  it("like tslab, our 'busy' arrives while still queued: waiting lasts until the running cell goes idle", async () => {
    const slots = new Set<(s: unknown, m: IOPubLike & { parent_header?: { msg_id?: string } }) => void>();
    const kernel = Object.assign(new FakeKernel([{ delayMs: 30 }]), {
      iopubMessage: { connect: (f: never) => (slots.add(f), true), disconnect: (f: never) => slots.delete(f) },
    });
    kernel.status = "busy";
    const { bridge, statuses, onStatus } = bridgeOf(kernel);
    const seen: string[] = [];
    const done = bridge.execute("x;", { onStatus: (s) => (onStatus(s), seen.push(`${s.state}@${slots.size}`)) });
    // The analyst's cell (another parent) finishes while ours is queued: then ours runs.
    await new Promise((r) => setTimeout(r, 0));
    for (const f of [...slots]) f(null, { header: { msg_type: "status" }, parent_header: { msg_id: "m1" }, content: { execution_state: "idle" } });
    for (const f of [...slots]) f(null, { header: { msg_type: "status" }, parent_header: { msg_id: "cell-7" }, content: { execution_state: "idle" } });
    await done;
    assert.deepEqual(
      statuses.map((s) => s.state),
      ["waiting", "running", "done"],
    );
    assert.equal(slots.size, 0, "the kernel listener is removed");
    assert.deepEqual(seen, ["waiting@0", "running@1", "done@0"], "our own idle did not count; the cell's did");
  });

  it("behind several queued cells (Run all), waiting lasts until none of them is left", async () => {
    const slots = new Set<(s: unknown, m: IOPubLike & { parent_header?: { msg_id?: string } }) => void>();
    const kernel = Object.assign(new FakeKernel([{ delayMs: 30 }]), {
      iopubMessage: { connect: (f: never) => (slots.add(f), true), disconnect: (f: never) => slots.delete(f) },
    });
    kernel.status = "busy";
    let inFlight = 2; // two of the analyst's cells still to finish
    const statuses: SendStatus[] = [];
    const bridge = new KernelBridge(() => kernel, { othersInFlight: () => inFlight });
    const done = bridge.execute("x;", { onStatus: (s) => statuses.push(s) });
    await new Promise((r) => setTimeout(r, 0));
    const idleOf = (id: string) => [...slots].forEach((f) => f(null, { header: { msg_type: "status" }, parent_header: { msg_id: id }, content: { execution_state: "idle" } }));
    inFlight = 1;
    idleOf("cell-1");
    assert.deepEqual(
      statuses.map((s) => s.state),
      ["waiting"],
      "one cell still queued before ours",
    );
    inFlight = 0;
    idleOf("cell-2");
    assert.deepEqual(
      statuses.map((s) => s.state),
      ["waiting", "running"],
    );
    await done;
  });

  it("a queued request that shows output has started", async () => {
    const kernel = new FakeKernel([{ iopub: [busy, msg("stream", { name: "stdout", text: "hi" }), idle] }]);
    kernel.status = "busy";
    const { bridge, statuses, onStatus } = bridgeOf(kernel);
    await bridge.execute("x;", { onStatus });
    assert.deepEqual(
      statuses.map((s) => s.state),
      ["waiting", "running", "done"],
    );
  });

  it("reports a missing or dead kernel, a refused request and a restart mid-call", async () => {
    assert.match((await bridgeOf(null).bridge.execute("x;")).error!, /no running kernel/);
    const dead = new FakeKernel([{}]);
    dead.status = "dead";
    assert.match((await bridgeOf(dead).bridge.execute("x;")).error!, /dead/);
    assert.match((await bridgeOf(new FakeKernel([{ throws: new Error("Kernel is disposed") }])).bridge.execute("x;")).error!, /cannot take the request: Kernel is disposed/);
    const restarted = await bridgeOf(new FakeKernel([{ reject: new Error("Canceled future for execute_request message before replies were done") }])).bridge.execute("x;");
    assert.match(restarted.error!, /did not finish.*Canceled future/);
  });
});
