import { strict as assert } from "node:assert";
import { runSandboxed, runSandboxedDetailed, type SandboxData } from "../../../../kernel-lib/src/tools/sandbox/runSandboxed";
import { rejectsWithMMMError } from "../../../helpers/assertions";

const rejects = rejectsWithMMMError;

const table = (): SandboxData => ({ columns: { week: [1, 2, 3], revenue: [10, 20, 30], region: ["n", "s", "n"] } });

describe("runSandboxed", () => {
  it("runs tool_fn with named args and the read-only data, and returns its JSON result", async () => {
    const code = `function tool_fn({ scale }) {
      const rev = data.column("revenue");
      return { total: rev.reduce((a, b) => a + b, 0) * scale, second: data.rows()[1], n: data.nRows };
    }`;
    assert.deepEqual(await runSandboxed(code, { scale: 2 }, table()), {
      total: 120,
      second: { week: 2, revenue: 20, region: "s" },
      n: 3,
    });
  });

  it("accepts toolFn, async functions, and a returned JSON string (parsed, like json.dumps)", async () => {
    assert.equal(await runSandboxed("const toolFn = (a) => a.x + 1;", { x: 1 }, undefined), 2);
    assert.equal(await runSandboxed("async function tool_fn() { await null; return 'ok' }", {}, undefined), "ok");
    assert.deepEqual(await runSandboxed("function tool_fn() { return JSON.stringify({ a: [1, 2] }) }", {}, undefined), { a: [1, 2] });
    assert.equal(await runSandboxed("function tool_fn() { return 'plain text' }", {}, undefined), "plain text");
  });

  it("strips TypeScript types before running", async () => {
    const code = [
      "interface Args { xs: number[]; power?: number }",
      "type Out = { sum: number };",
      "export function tool_fn(args: Args): Out {",
      "  const p: number = args.power ?? 1;",
      "  return { sum: args.xs.map((x: number) => (x as number) ** p).reduce((a, b) => a + b, 0) };",
      "}",
    ].join("\n");
    assert.deepEqual(await runSandboxed(code, { xs: [1, 2, 3], power: 2 }, undefined), { sum: 14 });
  });

  it("captures console output alongside the result", async () => {
    const run = await runSandboxedDetailed("function tool_fn() { console.log('n =', 3, { a: 1 }); return 1 }", {}, undefined);
    assert.deepEqual(run.logs, ['n = 3 {"a":1}']);
    const many = await runSandboxedDetailed("function tool_fn() { for (let i = 0; i < 100; i++) console.log(i); return 1 }", {}, undefined, undefined, { maxLogLines: 3 });
    assert.deepEqual(many.logs, ["0", "1", "2", "... (further console output dropped)"]);
  });

  describe("isolation", () => {
    it("has no process, require, fetch, timers or other host objects", async () => {
      const code = `function tool_fn() {
        const names = ["process", "require", "module", "exports", "fetch", "setTimeout", "setInterval",
          "Buffer", "global", "XMLHttpRequest", "WebAssembly", "__dirname", "std", "os"];
        return names.filter((n) => typeof globalThis[n] !== "undefined");
      }`;
      assert.deepEqual(await runSandboxed(code, {}, undefined), []);
    });

    it("the Function constructor and eval only reach the sandbox's own global", async () => {
      const code = `function tool_fn() {
        const g1 = Function("return this")();
        const g2 = (0, eval)("this");
        const viaCtor = (() => {}).constructor.constructor("return typeof process + typeof require")();
        return { same: g1 === globalThis && g2 === globalThis, viaCtor, keys: Object.getOwnPropertyNames(g1).includes("process") };
      }`;
      assert.deepEqual(await runSandboxed(code, {}, undefined), { same: true, viaCtor: "undefinedundefined", keys: false });
    });

    it("import() cannot load modules", async () => {
      const code = "async function tool_fn() { try { await import('fs'); return 'loaded' } catch (e) { return String(e) } }";
      assert.match(String(await runSandboxed(code, {}, undefined)), /could not load module/);
      await rejects(runSandboxed("import fs from 'fs'; function tool_fn() { return 1 }", {}, undefined), /import\/require/);
      await rejects(runSandboxed("function tool_fn() { return require('fs') }", {}, undefined), /import\/require/);
      await rejects(runSandboxed("function tool_fn() { return globalThis['req' + 'uire']('fs') }", {}, undefined), /not a function/);
    });

    it("tool code mutating data cannot change the host's arrays", async () => {
      const data = table();
      const code = `function tool_fn() {
        const tries = [];
        for (const f of [() => { data.columns.revenue[0] = 999 }, () => data.columns.revenue.push(1),
                         () => { data.columns.extra = [] }, () => { data.rows()[0].revenue = 5 }]) {
          try { f(); tries.push("changed") } catch (e) { tries.push(e.name) }
        }
        return { tries, first: data.columns.revenue[0] };
      }`;
      const out = (await runSandboxed(code, {}, data)) as { tries: string[]; first: number };
      assert.deepEqual(out.tries, ["TypeError", "TypeError", "TypeError", "TypeError"]);
      assert.equal(out.first, 10);
      assert.deepEqual(data.columns["revenue"], [10, 20, 30]);
      await rejects(runSandboxed("function tool_fn() { data.columns.week[0] = 0 }", {}, data), /read-only[\s\S]*frozen copy/);
    });

    it("data.column names the available columns when one is unknown; no data gives a clear error", async () => {
      await rejects(runSandboxed("function tool_fn() { return data.column('revnue') }", {}, table()), /Unknown column "revnue"\. Available columns: week, revenue, region/);
      await rejects(runSandboxed("function tool_fn() { return data.nRows }", {}, undefined), /No data is loaded/);
    });

    it("is deterministic: Math.random is seeded", async () => {
      const code = "function tool_fn() { return [Math.random(), Math.random(), Math.random()] }";
      const a = (await runSandboxed(code, {}, undefined)) as number[];
      assert.deepEqual(await runSandboxed(code, {}, undefined), a);
      assert.ok(a.every((x) => x >= 0 && x < 1) && new Set(a).size === 3);
      assert.notDeepEqual(await runSandboxed(code, {}, undefined, undefined, { seed: 7 }), a);
    });
  });

  describe("limits", () => {
    it("stops an infinite loop at the time limit, a memory bomb at the memory limit, and still works after", async () => {
      const t0 = Date.now();
      await rejects(runSandboxed("function tool_fn() { while (true) {} }", {}, undefined, { timeoutMs: 300 }, { toolName: "spin" }), /custom tool 'spin' exceeded the time limit of 300 ms/);
      assert.ok(Date.now() - t0 < 3000);
      await rejects(runSandboxed("function tool_fn() { const a = []; while (true) a.push(new Array(1000).fill(1.5)); }", {}, undefined, { memoryBytes: 16 * 2 ** 20 }), /exceeded the memory limit of 16 MB/);
      await rejects(runSandboxed("function tool_fn() { const a = []; while (true) a.push('x'.repeat(1e5) + a.length); }", {}, undefined, { memoryBytes: 16 * 2 ** 20 }), /exceeded the memory limit/);
      await rejects(runSandboxed("function tool_fn() { const a = []; while (true) a.push(new Float64Array(1 << 16)); }", {}, undefined, { memoryBytes: 16 * 2 ** 20 }), /exceeded the memory limit/);
      await rejects(runSandboxed("function tool_fn() { let s = 'ab'; while (true) s += s; }", {}, undefined), /exceeded the memory limit/);
      assert.deepEqual(await runSandboxed("function tool_fn({ x }) { return { y: x * 2 } }", { x: 21 }, table()), { y: 42 });
    });

    it("stops deep recursion at the stack limit, inside QuickJS or at the host's stack", async () => {
      await rejects(runSandboxed("function r(n) { return r(n + 1) + 1 } function tool_fn() { return r(0) }", {}, undefined), /exceeded the stack limit/);
      const nested = "function tool_fn() { const o = {}; let c = o; for (let i = 0; i < 3e5; i++) { c.a = {}; c = c.a } return JSON.stringify(o).length }";
      await rejects(runSandboxed(nested, {}, undefined, { timeoutMs: 10000 }), /exceeded the stack limit|exceeded the memory limit/);
      assert.equal(await runSandboxed("function tool_fn() { return 'still fine' }", {}, undefined), "still fine");
    });
  });

  describe("errors", () => {
    it("reports syntax errors with the line number", async () => {
      await rejects(runSandboxed("function tool_fn(a) {\n  const x = 1;\n  return (x + ;\n}", {}, undefined), /syntax error at line 3/);
      // One that only QuickJS's parser catches.
      const err = await rejects(runSandboxed("function tool_fn() {\n  return 1;\n}\nlet q = 1; let q = 2;", {}, undefined), /syntax error at line 4/);
      assert.equal(err.code, "QUERY_FAILED");
    });

    it("reports errors thrown by the tool with their message and line", async () => {
      await rejects(runSandboxed("function tool_fn() {\n\n  throw new Error('no revenue column');\n}", {}, undefined, undefined, { toolName: "t" }), /custom tool 't' failed at line 3: Error: no revenue column/);
      await rejects(runSandboxed("function tool_fn() { return undefinedThing + 1 }", {}, undefined), /ReferenceError/);
    });

    it("rejects results JSON cannot hold, naming where they are", async () => {
      const cases: [string, RegExp][] = [
        ["return { f: () => 1 }", /result\.f is a function/],
        ["", /returned undefined/],
        ["return { a: [1, undefined] }", /result\.a\[1\] is undefined/],
        ["return { x: NaN }", /result\.x is NaN/],
        ["return [Infinity]", /result\[0\] is Infinity/],
        ["const o = { k: {} }; o.k.back = o; return o", /result\.k\.back refers back .* cycle/],
        ["return { m: new Map([[1, 2]]) }", /result\.m is a Map/],
        ["return 10n", /BigInt/],
      ];
      for (const [body, pattern] of cases) {
        await rejects(runSandboxed(`function tool_fn() { ${body} }`, {}, undefined), pattern);
      }
      assert.equal(await runSandboxed("function tool_fn() { return new Date(0) }", {}, undefined), "1970-01-01T00:00:00.000Z");
    });

    it("explains code without tool_fn and arguments that are not a JSON object", async () => {
      await rejects(runSandboxed("function helper() {}", {}, undefined), /does not define tool_fn/);
      await rejects(runSandboxed("function tool_fn() { return 1 }", { big: 1n } as never, undefined), /must be a JSON object/);
    });
  });
});
