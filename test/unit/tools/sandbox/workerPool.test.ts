/**
 * The worker threads custom tools run in: stopped at the time limit whatever the code does, killed
 * alone when their V8 heap runs out, kept warm between calls, and never keeping a process alive.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_OUTPUT_CAPS } from "../../../../kernel-lib/src/tools/sandbox/outputCaps";
import type { SandboxJob } from "../../../../kernel-lib/src/tools/sandbox/protocol";
import { runSandboxed } from "../../../../kernel-lib/src/tools/sandbox/runSandboxed";
import { idleSandboxWorkers, KILL_GRACE_MS, runInWorker } from "../../../../kernel-lib/src/tools/sandbox/workerPool";
import { rejectsWithMMMError } from "../../../helpers/assertions";
import { runNode } from "../../../helpers/runNode";

const ROOT = path.resolve(__dirname, "../../../..");

function job(js: string, timeoutMs = 2000, dataJson?: string): SandboxJob {
  const settings = { timeoutMs, memoryBytes: 64 * 2 ** 20, maxStackBytes: 256 * 1024, maxLogLines: 50, seed: 1 };
  return { op: "run", toolName: "t", js, argsJson: "{}", dataJson, settings, caps: DEFAULT_OUTPUT_CAPS };
}

/** A normal call, a BigInt bomb stopped by the host, a normal call; then the process must exit by itself. */
const CHILD = `
const { runSandboxed } = require(process.env.SANDBOX_MODULE);
(async () => {
  const out = [await runSandboxed("function tool_fn({ x }) { return x + 1 }", { x: 1 }, undefined)];
  const t0 = Date.now();
  try { await runSandboxed("function tool_fn() { for (;;) (3n ** 600000n).toString() }", {}, undefined, { timeoutMs: 500 }); }
  catch (e) { out.push(e.message.split(".")[0], Date.now() - t0 < 5000); }
  out.push(await runSandboxed("function tool_fn() { return 'again' }", {}, undefined));
  console.log(JSON.stringify(out));
})();
`;

describe("sandbox worker pool", function () {
  this.timeout(60_000);

  it("terminates a worker stuck in native BigInt work just after the limit, and the next job runs", async () => {
    const t0 = performance.now();
    const end = await runInWorker(job("function tool_fn() { for (;;) (3n ** 600000n).toString() }", 500));
    const ms = performance.now() - t0;
    assert.deepEqual(end, { kind: "timeout" });
    assert.ok(ms >= 500 && ms < 500 + KILL_GRACE_MS + 2500, `${Math.round(ms)} ms`);
    const next = await runInWorker(job("function tool_fn() { return [1, 2] }"));
    assert.deepEqual(next, { kind: "done", outcome: { ok: true, resultJson: "[1,2]", logs: [], elapsedMs: (next as { outcome: { elapsedMs: number } }).outcome.elapsedMs } });
  });

  it("a worker that runs out of its V8 heap is killed alone, with a clear error, and the sandbox goes on", async () => {
    const columns = { x: Array.from({ length: 2e6 }, (_, i) => i * 1.5) };
    const end = await runInWorker(job("function tool_fn() { return data.nRows }", 2000, JSON.stringify(columns)), 16);
    assert.deepEqual(end, { kind: "heap", heapMb: 16 });
    await rejectsWithMMMError(runSandboxed("function tool_fn() { return data.nRows }", {}, { columns }, { workerHeapMb: 16 }, { toolName: "wide" }), /^custom tool 'wide' used more than 16 MB of memory and was stopped\./);
    assert.equal(await runSandboxed("function tool_fn() { return data.nRows }", {}, { columns: { x: [1, 2] } }), 2);
  });

  it("keeps a warm worker after a call and reuses it", async () => {
    await runSandboxed("function tool_fn() { return 1 }", {}, undefined);
    assert.ok(idleSandboxWorkers() >= 1);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) assert.equal(await runSandboxed("function tool_fn({ i }) { return i }", { i }, undefined), i);
    assert.ok(performance.now() - t0 < 5 * 500, `5 warm calls took ${Math.round(performance.now() - t0)} ms`);
  });

  for (const [label, module, loader] of [
    ["the TypeScript sources (tsx)", "kernel-lib/src/tools/sandbox/runSandboxed.ts", ["-r", "tsx/cjs"]],
    ["the compiled dist", "kernel-lib/dist/tools/sandbox/runSandboxed.js", []],
  ] as const) {
    it(`from ${label}: stops a bomb, runs again, and lets the process exit`, async function () {
      const file = path.join(ROOT, module);
      const worker = path.join(ROOT, "kernel-lib/src/tools/sandbox/workerPool.ts");
      if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < fs.statSync(worker).mtimeMs) {
        console.log(`      (skipped: ${module} is missing or older than workerPool.ts — run \`npm run build\`; \`npm test\` builds first)`);
        this.skip();
      }
      const r = await runNode([...loader, "-e", CHILD], 45_000, { SANDBOX_MODULE: file });
      assert.equal(r.code, 0, `child exit ${r.code} (killed if null: a worker kept it alive)\n${r.err}`);
      assert.deepEqual(JSON.parse(r.out), [2, "custom tool 'anonymous' exceeded the time limit of 500 ms and was stopped", true, "again"]);
    });
  }
});
