/**
 * Hostile custom tools (issue #19, items 3 and 4): every case is real code run through the real
 * registry, sandbox and worker. Each must end within its time limit plus a margin, with a clear
 * error or a correct (capped) result, without the host's memory exploding or its event loop
 * stalling, and the same registry must run a normal tool right after.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { MMMAgent } from "../../kernel-lib/src";
import { MMMError } from "../../kernel-lib/src/errors";
import { CustomToolRegistry } from "../../kernel-lib/src/tools/sandbox/customTools";
import { DEFAULT_SANDBOX_LIMITS, type SandboxData, type SandboxRun } from "../../kernel-lib/src/tools/sandbox/runSandboxed";
import { DEFAULT_OUTPUT_CAPS } from "../../kernel-lib/src/tools/sandbox/outputCaps";

const LIMIT_MS = DEFAULT_SANDBOX_LIMITS.timeoutMs;
/** Loaded CI machines: generous, but far below the 12–120 s these cases took before. */
const MARGIN_MS = 3000;
const MAX_RSS_GROWTH = 600 * 2 ** 20;
/** The host's event loop must keep turning while a tool runs (it used to block for the whole call). */
const MAX_LOOP_GAP_MS = 1500;
/** An error an LLM can read in full: what happened and what to do, not megabytes of tool output. */
const MAX_ERROR_CHARS = 8000;

const TIMEOUT = /exceeded the time limit of 2 s and was stopped/;
const MEMORY = /exceeded the memory limit|used more than \d+ MB of memory/;

type Expect = { error: RegExp } | { check: (run: SandboxRun) => void };

interface Case {
  name: string;
  code: string;
  expect: Expect;
  data?: SandboxData;
}

const table: SandboxData = { columns: { week: [1, 2, 3], revenue: [10, 20, 30] } };
const fn = (body: string): string => `function tool_fn(args) { ${body} }`;
const HUGE_SLICE = "String.prototype.slice = function () { return String(this) + String(this) };";
const logsCapped = (run: SandboxRun): void => {
  const caps = DEFAULT_OUTPUT_CAPS;
  assert.ok(run.logs.length <= caps.logLines + 1, `${run.logs.length} lines`);
  assert.ok(
    run.logs.every((l) => l.length <= caps.logLineChars + 80),
    "a line over the cap",
  );
  assert.ok(run.logs.join("").length <= caps.logTotalChars + 200, "console total over the cap");
};

const CASES: Case[] = [
  // Non-interruptible native work and catch-loops: only the worker's termination stops them.
  { name: "bigint_pow_5x", code: fn("for (let i = 0; i < 5; i++) (3n ** 600000n).toString(); return 1"), expect: { error: TIMEOUT } },
  { name: "bigint_pow_20x", code: fn("for (let i = 0; i < 20; i++) (3n ** 600000n).toString(); return 1"), expect: { error: TIMEOUT } },
  { name: "bigint_top_level", code: `for (let i = 0; i < 5; i++) (3n ** 600000n).toString();\n${fn("return 1")}`, expect: { error: TIMEOUT } },
  { name: "bigint_thrown", code: fn("throw 3n ** 900000n"), expect: { error: /failed|time limit/ } },
  { name: "catch_loop_recursion", code: `function r() { try { r() } catch (e) { r() } }\n${fn("r(); return 1")}`, expect: { error: TIMEOUT } },
  { name: "swallow_interrupts", code: fn("for (;;) { try { for (;;) {} } catch (e) {} }"), expect: { error: TIMEOUT } },
  { name: "infinite_loop", code: fn("while (true) {}"), expect: { error: TIMEOUT } },
  { name: "infinite_async_loop", code: `async ${fn("for (;;) await null")}`, expect: { error: TIMEOUT } },
  { name: "regex_backtracking", code: fn("return /(a+)+$/.test('a'.repeat(40) + 'b')"), expect: { error: TIMEOUT } },
  { name: "getter_spins_in_error", code: fn("const e = new Error('x'); Object.defineProperty(e, 'message', { get() { for (;;) {} } }); throw e"), expect: { error: TIMEOUT } },
  { name: "atomics_wait", code: fn("return Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)"), expect: { error: /failed|time limit|not defined/ } },
  // Memory bombs.
  { name: "string_doubling", code: fn("let s = 'ab'; for (;;) s += s"), expect: { error: MEMORY } },
  { name: "string_repeat_huge", code: fn("return 'x'.repeat(2 ** 29).length"), expect: { error: MEMORY } },
  { name: "huge_array", code: fn("return new Array(1e9).fill(0).length"), expect: { error: MEMORY } },
  { name: "huge_typed_array", code: fn("return new Float64Array(2 ** 25).length"), expect: { error: MEMORY } },
  { name: "many_typed_arrays", code: fn("const a = []; for (;;) a.push(new Uint8Array(1 << 20))"), expect: { error: MEMORY } },
  // Prototype tampering: the caps hold whatever the tool replaces.
  {
    name: "patched_slice_console_flood",
    code: fn(`${HUGE_SLICE} const s = 'y'.repeat(1e6); for (let i = 0; i < 500; i++) console.log(s, s); return 'done'`),
    expect: { check: (run) => (assert.equal(run.result, "done"), logsCapped(run), assert.ok(run.logs.length > 0)) },
  },
  {
    name: "patched_slice_huge_error",
    code: fn(`${HUGE_SLICE} throw new Error('z'.repeat(4e7))`),
    expect: { error: /failed at line 1: Error: z+/ },
  },
  {
    name: "patched_builtins_console",
    code: fn("Array.prototype.join = () => 'j'.repeat(1e7); Array.prototype.map = function () { return this }; Reflect.apply = () => 'r'.repeat(1e7); String = () => 's'.repeat(1e7); console.log({ a: 1 }, 'b', 2); return 1"),
    expect: { check: (run) => (assert.deepEqual(run.logs, ['{"a":1} b 2']), assert.equal(run.result, 1)) },
  },
  {
    name: "patched_json_stringify",
    code: fn("JSON.stringify = () => '\"' + 'q'.repeat(1e7) + '\"'; JSON.parse = () => ({ hacked: true }); return { a: 1 }"),
    expect: { check: (run) => assert.deepEqual(run.result, { a: 1 }) },
  },
  {
    name: "redefine_console",
    code: fn(
      "const tries = []; try { Object.defineProperty(console, 'log', { value: () => {} }) } catch (e) { tries.push(e.name) } try { console.log = null } catch (e) { tries.push(e.name) } console.log('still captured'); globalThis.console = { log() {} }; console.log('lost'); return tries",
    ),
    expect: { check: (run) => (assert.deepEqual(run.result, ["TypeError", "TypeError"]), assert.deepEqual(run.logs, ["still captured"])) },
  },
  {
    name: "object_prototype_tojson",
    code: fn("Object.prototype.toJSON = function () { return 'p'.repeat(3e6) }; return { a: 1 }"),
    expect: { error: /returned too much: the result's JSON has 3,000,00\d characters, more than the 2,000,000 allowed/ },
  },
  // Floods and huge outputs without tampering.
  {
    name: "console_flood",
    code: fn("for (let i = 0; i < 1e6; i++) console.log('line', i); return 'ok'"),
    expect: { check: (run) => (logsCapped(run), assert.equal(run.logs.at(-1), "... (further console output dropped)")) },
  },
  {
    name: "huge_single_line",
    code: fn("console.log('w'.repeat(3e7)); return 1"),
    expect: { check: (run) => (logsCapped(run), assert.equal(run.logs[0], "w".repeat(DEFAULT_OUTPUT_CAPS.logLineChars))) },
  },
  { name: "huge_string_result", code: fn("return 'x'.repeat(3e6)"), expect: { error: /returned too much/ } },
  { name: "huge_array_result", code: fn("return Array.from({ length: 5e5 }, (_, i) => i + 0.123456789)"), expect: { error: /returned too much/ } },
  { name: "huge_error_message", code: fn("throw new Error('m'.repeat(3e7))"), expect: { error: /failed at line 1: Error: m+/ } },
  { name: "huge_error_name", code: fn("const e = new Error('short'); e.name = 'N'.repeat(3e7); throw e"), expect: { error: /failed at line 1: N+/ } },
  // Odd values thrown or returned.
  { name: "throw_plain_object", code: fn("throw { code: 42, why: 'no' }"), expect: { error: /failed: Error: \{"code":42,"why":"no"\}/ } },
  { name: "throw_number", code: fn("throw 42"), expect: { error: /failed: Error: 42/ } },
  { name: "throw_null", code: fn("throw null"), expect: { error: /failed: Error: null/ } },
  { name: "throw_symbol", code: fn("throw Symbol('s')"), expect: { error: /failed: Error: \(a Symbol\)/ } },
  { name: "throw_proxy", code: fn("throw new Proxy({}, { get() { throw new Error('trap') } })"), expect: { error: /failed: Error: \(unprintable\)/ } },
  { name: "cyclic_result", code: fn("const o = { a: {} }; o.a.o = o; return o"), expect: { error: /cycle/ } },
  { name: "proxy_result", code: fn("return new Proxy({}, { ownKeys() { for (;;) {} } })"), expect: { error: TIMEOUT } },
  { name: "symbol_result", code: fn("return { s: Symbol('x') }"), expect: { error: /result\.s is a symbol/ } },
  { name: "tojson_method_result", code: fn("return { toJSON() { return 'x'.repeat(3e6) } }"), expect: { error: /result\.toJSON is a function/ } },
  { name: "promise_never_resolves", code: fn("return new Promise(() => {})"), expect: { error: /never settled/ } },
  { name: "deep_recursion", code: `function r(n) { return r(n + 1) + 1 }\n${fn("return r(0)")}`, expect: { error: /stack limit/ } },
  // Escapes (these already failed; they must keep failing).
  { name: "escape_process", code: fn("return process.env"), expect: { error: /ReferenceError: 'process' is not defined/ } },
  { name: "escape_constructor", code: fn("return (() => {}).constructor.constructor('return process')().env"), expect: { error: /ReferenceError: 'process' is not defined/ } },
  { name: "escape_globalthis", code: fn("return ['require', 'process', 'Buffer', 'fetch', 'WebAssembly', 'Worker', 'postMessage'].filter((k) => k in globalThis)"), expect: { check: (run) => assert.deepEqual(run.result, []) } },
  { name: "escape_import", code: `async ${fn("try { await import('node:fs'); return 'loaded' } catch (e) { return String(e) }")}`, expect: { check: (run) => assert.match(String(run.result), /could not load module/) } },
  { name: "escape_require_string", code: fn("return globalThis['req' + 'uire']('fs')"), expect: { error: /not a function/ } },
];

/** How a call ended and what it cost the host. */
interface Observed<T> {
  value: T;
  ms: number;
  rssGrowth: number;
  maxGapMs: number;
}

type Attempt = { error?: unknown; run?: SandboxRun };

/** Add the case's tool (its top level runs in the sandbox too), then run it. */
async function attempt(tools: CustomToolRegistry, c: Case): Promise<Attempt> {
  try {
    await tools.add({ name: c.name, description: "hostile", code: c.code, params: {} });
    return { run: await tools.runDetailed(c.name, {}, c.data ?? table) };
  } catch (error) {
    return { error };
  }
}

describe("security: hostile custom tools (sandbox)", function () {
  this.timeout(60_000);
  const tools = new CustomToolRegistry();

  before(async () => {
    await tools.add({ name: "double", description: "2x", params: { x: "float" }, code: "function tool_fn({ x }) { return { y: 2 * x, n: data.nRows } }" });
  });

  it("has a catalogue of at least 25 distinct hostile cases", () => {
    assert.ok(CASES.length >= 25, `${CASES.length} cases`);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const seen = await observe(() => attempt(tools, c));
      const { error, run } = seen.value;
      assert.ok(seen.ms < LIMIT_MS + MARGIN_MS, `took ${Math.round(seen.ms)} ms`);
      assert.ok(seen.rssGrowth < MAX_RSS_GROWTH, `host RSS grew by ${Math.round(seen.rssGrowth / 2 ** 20)} MB`);
      assert.ok(seen.maxGapMs < MAX_LOOP_GAP_MS, `the host's event loop stalled for ${Math.round(seen.maxGapMs)} ms`);
      if ("error" in c.expect) {
        assert.ok(error instanceof MMMError, `expected an MMMError, got ${error === undefined ? JSON.stringify(run?.result)?.slice(0, 200) : String(error)}`);
        assert.match(error.message, c.expect.error);
        assert.match(error.message, new RegExp(`^custom tool '${c.name}'`));
        assert.ok(error.message.length < MAX_ERROR_CHARS, `error of ${error.message.length} characters`);
      } else {
        assert.equal(error, undefined, String(error));
        c.expect.check(run!);
      }
      await normalCallWorks(tools);
    });
  }

  it("several hostile tools at once: each stopped in time, the host responsive, normal calls fine", async () => {
    const bombs = ["bigint_pow_20x", "catch_loop_recursion", "infinite_loop"];
    const seen = await observe(() => Promise.allSettled(bombs.map((name) => tools.run(name, {}, table))));
    assert.ok(seen.ms < LIMIT_MS + MARGIN_MS, `took ${Math.round(seen.ms)} ms`);
    assert.ok(seen.maxGapMs < MAX_LOOP_GAP_MS, `event loop stalled ${Math.round(seen.maxGapMs)} ms`);
    for (const end of seen.value) {
      assert.equal(end.status, "rejected");
      assert.match(String((end as PromiseRejectedResult).reason), TIMEOUT);
    }
    await normalCallWorks(tools);
  });

  it("through an agent: a killed BigInt tool leaves the agent, its data and its built-in tools working", async () => {
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(path.resolve(__dirname, "../../kernel-lib/data/sample_weekly.csv"));
    await agent.addTool({ name: "bomb", description: "BigInt bomb", params: {}, code: fn("for (;;) (3n ** 600000n).toString()") });
    const t0 = performance.now();
    await assert.rejects(agent.customTools.run("bomb", {}, undefined), TIMEOUT);
    assert.ok(performance.now() - t0 < LIMIT_MS + MARGIN_MS);
    const run = await agent.ask("Profile this dataset and tell me if it's suitable for MMM");
    assert.equal(run.status, "completed");
    const tools = agent.trace.events.flatMap((e) => (e.type === "tool" && e.ok ? [e.tool] : []));
    assert.ok(tools.length > 0, "built-in tools ran");
    assert.equal(agent.engine.status().rows, 156);
  });

  it("is deterministic and stateless across calls, including after a stopped worker", async () => {
    await tools.add({ name: "stateful", description: "counter", params: {}, code: "function tool_fn() { globalThis.n = (globalThis.n || 0) + 1; return [globalThis.n, Math.random()] }" });
    const first = await tools.run("stateful", {}, table);
    assert.deepEqual(await tools.run("stateful", {}, table), first);
    await assert.rejects(tools.run("infinite_loop", {}, table), TIMEOUT);
    assert.deepEqual(await tools.run("stateful", {}, table), first);
    assert.equal((first as number[])[0], 1);
  });
});

/** Run `body` while sampling RSS and event-loop gaps every 20 ms. */
async function observe<T>(body: () => Promise<T>): Promise<Observed<T>> {
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  let last = performance.now();
  let maxGapMs = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const value = await body();
    const ms = performance.now() - t0;
    return { value, ms, rssGrowth: peak - rss0, maxGapMs: Math.max(maxGapMs, performance.now() - last) };
  } finally {
    clearInterval(sampler);
  }
}

/** The session still works: a normal tool, promptly, with the right answer. */
async function normalCallWorks(tools: CustomToolRegistry): Promise<void> {
  const t0 = performance.now();
  assert.deepEqual(await tools.run("double", { x: 21 }, table), { y: 42, n: 3 });
  assert.ok(performance.now() - t0 < MARGIN_MS, `the next normal call took ${Math.round(performance.now() - t0)} ms`);
}
