import { strict as assert } from "node:assert";
import { CustomToolRegistry, type CustomToolSpec } from "../../../../kernel-lib/src/tools/sandbox/customTools";
import type { SandboxData } from "../../../../kernel-lib/src/tools/sandbox/runSandboxed";
import { fixtureRng } from "../../../helpers/fixtures";
import { rejectsWithMMMError } from "../../../helpers/assertions";

const rejects = rejectsWithMMMError;

/** The seed's example tool, in TypeScript: autocorrelation for lags 1..lags, and its peak. */
const DETECT_SEASONALITY: CustomToolSpec = {
  name: "detect_seasonality",
  description: "Autocorrelation of a column for lags 1..lags; returns the lag with the highest autocorrelation.",
  params: {
    column: { type: "str", description: "numeric column to analyse" },
    lags: { type: "int", description: "largest lag to try", default: 52 },
  },
  code: `
function tool_fn(args: { column: string; lags: number }) {
  const xs: readonly number[] = data.column(args.column) as number[];
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const centred = xs.map((x) => x - mean);
  const variance = centred.reduce((a, d) => a + d * d, 0);
  let best = { lag: 0, acf: -Infinity };
  for (let lag = 1; lag <= Math.min(args.lags, n - 1); lag++) {
    let s = 0;
    for (let t = lag; t < n; t++) s += centred[t] * centred[t - lag];
    const acf = s / variance;
    if (acf > best.acf) best = { lag, acf };
  }
  return JSON.stringify({
    peak_autocorrelation_lag: best.lag,
    peak_acf_value: Math.round(best.acf * 1000) / 1000,
    likely_seasonality: best.acf > 0.3 ? best.lag + " periods" : "none detected",
  });
}`,
};

function seasonalData(period: number, weeks: number): SandboxData {
  const rand = fixtureRng(13);
  const sales = Array.from({ length: weeks }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / period) + (rand() - 0.5));
  return { columns: { week: Array.from({ length: weeks }, (_, t) => t + 1), sales } };
}

describe("CustomToolRegistry", () => {
  it("runs the seed's detect_seasonality (TypeScript) and finds a 13-week period", async () => {
    const tools = new CustomToolRegistry();
    const info = await tools.add(DETECT_SEASONALITY);
    assert.equal(info.language, "typescript");
    assert.deepEqual(info.params["lags"], { type: "integer", optional: true, default: 52, description: "largest lag to try" });
    const data = seasonalData(13, 156);
    const out = (await tools.run("detect_seasonality", { column: "sales" }, data)) as Record<string, unknown>;
    assert.equal(out["peak_autocorrelation_lag"], 13);
    assert.ok((out["peak_acf_value"] as number) > 0.8);
    assert.equal(out["likely_seasonality"], "13 periods");
    const short = (await tools.run("detect_seasonality", { column: "sales", lags: 10 }, data)) as Record<string, unknown>;
    assert.notEqual(short["peak_autocorrelation_lag"], 13);
    assert.equal(tools.get("detect_seasonality")!.calls, 2);
  });

  it("lists, gets, replaces and removes tools; returned infos are copies", async () => {
    const tools = new CustomToolRegistry();
    await tools.add({ name: "double", description: "2x", params: { x: "float" }, code: "function tool_fn({ x }) { return 2 * x }" });
    await tools.add({ name: "triple", description: "3x", params: { x: "number" }, code: "const toolFn = ({ x }) => 3 * x;" });
    assert.deepEqual(
      tools.list().map((t) => t.name),
      ["double", "triple"],
    );
    assert.equal(tools.get("double")!.language, "javascript");
    assert.match(tools.get("double")!.createdAt, /^\d{4}-\d{2}-\d{2}T/);
    tools.get("double")!.params["x"]!.type = "string";
    assert.equal(tools.get("double")!.params["x"]!.type, "number");
    await tools.add({ name: "double", description: "2x+1", params: { x: "float" }, code: "function tool_fn({ x }) { return 2 * x + 1 }" });
    assert.equal(await tools.run("double", { x: 1 }, undefined), 3);
    assert.equal(tools.list().length, 2);
    assert.equal(tools.remove("double"), true);
    assert.equal(tools.remove("double"), false);
    assert.equal(tools.get("double"), undefined);
    await rejects(tools.run("doubel", { x: 1 }, undefined), /No custom tool named 'doubel'/);
  });

  it("validates the name: snake_case and not a built-in", async () => {
    const tools = new CustomToolRegistry();
    const spec = (name: string): CustomToolSpec => ({ name, description: "d", params: {}, code: "function tool_fn() { return 1 }" });
    for (const name of ["DetectSeasonality", "detect-seasonality", "1tool", "", "a".repeat(65)]) {
      await rejects(tools.add(spec(name)), /not snake_case/);
    }
    const err = await rejects(tools.add(spec("load_data"), { reservedNames: ["load_data", "run_ols_mmm"] }), /taken by a built-in tool/);
    assert.equal(err.code, "INVALID_ARGUMENT");
    assert.equal(tools.list().length, 0);
  });

  it("rejects code that does not compile, does not define tool_fn, or fails at its top level", async () => {
    const tools = new CustomToolRegistry();
    const spec = (code: string): CustomToolSpec => ({ name: "t", description: "d", params: {}, code });
    await rejects(tools.add(spec("function tool_fn() {\n  return [1, 2;\n}")), /syntax error at line 2/);
    await rejects(tools.add(spec("function tool_fn() { return 1 }\nconst a = 1;\nconst a = 2;")), /syntax error at line 3/);
    await rejects(tools.add(spec("function compute() { return 1 }")), /does not define tool_fn/);
    await rejects(tools.add(spec("throw new Error('top level');\nfunction tool_fn() {}")), /failed at line 1: Error: top level/);
    await rejects(tools.add(spec("while (true) {}\nfunction tool_fn() {}")), /exceeded the time limit/);
    await rejects(tools.add(spec("")), /has no code/);
    await rejects(tools.add({ ...spec("function tool_fn() {}"), description: " " }), /needs a description/);
    await rejects(tools.add({ ...spec("function tool_fn() {}"), params: { n: "integr" as never } }), /unknown type "integr"/);
    await rejects(tools.add({ ...spec("function tool_fn() {}"), params: { n: { type: "int", default: 1.5 } } }), /default of parameter 'n'/);
    assert.equal(tools.list().length, 0);
  });

  it("builds a zod schema from params and rejects bad arguments before running", async () => {
    const tools = new CustomToolRegistry();
    await tools.add({
      name: "summarise",
      description: "d",
      params: {
        column: "string",
        n: "int",
        weight: { type: "float", optional: true },
        flags: "list",
        options: "object",
        verbose: { type: "bool", default: false },
      },
      code: "function tool_fn(a) { return a }",
    });
    const schema = tools.schema("summarise");
    assert.deepEqual(Object.keys(schema.shape), ["column", "n", "weight", "flags", "options", "verbose"]);
    const ok = { column: "sales", n: 3, flags: ["a", 1], options: { k: 1 } };
    assert.deepEqual(await tools.run("summarise", ok, undefined), { ...ok, verbose: false });
    const before = tools.get("summarise")!.calls;
    await rejects(tools.run("summarise", { ...ok, n: 2.5 }, undefined), /Invalid arguments for custom tool 'summarise': n: .*int/i);
    await rejects(tools.run("summarise", { ...ok, column: 1 }, undefined), /column: .*string/i);
    await rejects(tools.run("summarise", { n: 1, flags: [], options: {} }, undefined), /column:/);
    await rejects(tools.run("summarise", { ...ok, colour: "red" }, undefined), /colour/);
    const err = await rejects(tools.run("summarise", { ...ok, flags: "a" }, undefined), /flags: .*array/i);
    assert.match(err.hint, /Expected parameters: column \(string\); n \(integer\); weight \(number, optional\)/);
    assert.equal(tools.get("summarise")!.calls, before);
  });

  it("passes per-call limits to the sandbox, and the registry keeps working after a failure", async () => {
    const tools = new CustomToolRegistry({ limits: { timeoutMs: 1000 } });
    await tools.add({ name: "spin", description: "d", params: {}, code: "function tool_fn() { while (true) {} }" });
    await tools.add({ name: "one", description: "d", params: {}, code: "function tool_fn() { return 1 }" });
    await rejects(tools.run("spin", {}, undefined, { timeoutMs: 200 }), /custom tool 'spin' exceeded the time limit of 200 ms/);
    assert.equal(await tools.run("one", {}, undefined), 1);
    const run = await tools.runDetailed("one", undefined, undefined);
    assert.deepEqual(run.logs, []);
  });
});
