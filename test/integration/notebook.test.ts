/**
 * The notebook layer in a real tslab kernel: initMMM shows a summary; a run that needs the analyst
 * ends its cell showing the question; `nb.answer` in the next cell resumes it; errors are one short
 * line and the session stays usable; every output carries our MIME type with text/html and
 * text/plain fallbacks; no output contains a secret set in the kernel's environment.
 */
import { strict as assert } from "node:assert";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { kernelAvailable, REPO_ROOT, runCells, type CellResult } from "./kernel/kernel";

const NOTEBOOKS = path.join(REPO_ROOT, "notebooks");
const SECRET = "dapi-notebook-secret-4f7a9c21e0b3";

const mimes = (r: CellResult) => r.outputs.flatMap((o) => Object.keys(o.data));
const bundle = (r: CellResult, mime: string) => r.outputs.find((o) => mime in o.data)?.data;

describe("notebook layer in a real tslab kernel", function () {
  this.timeout(300_000);
  let results: CellResult[] = [];

  const cells = [
    // 0: two KPI-like columns, so a full analysis must ask which one
    `import { initMMM, samplePath, pl } from "agentic-mmm";
     const df = pl.readCSV(samplePath("sample"));
     const nb = await initMMM({ source: df.withColumns(df.getColumn("revenue").mul(0.8).alias("sales")) });`,
    // 1: the run stops at the question; the cell finishes showing it
    `const first = await nb.runFullAnalysis({ bayesian: false });
     console.log("status", first.status);`,
    // 2: the answer resumes the same run in the next cell
    `const done = await nb.answer(nb.state.pendingQuestion!.id, "revenue");
     console.log("resumed", done.status, done.phase);`,
    // 3: a bad call: one clear line
    `await nb.answer("no-such-question", 1);`,
    // 4: the session is still usable
    `const roi = await nb.ask("Which channel has the best ROAS?");
     console.log("after error", roi.status, nb.state.phase);`,
    // 5: the chat handle and the tool list
    `nb.chat(); const tools = nb.listTools(); console.log("tools", tools.length);`,
    // 6: a wrong source in initMMM: short message, earlier session untouched
    `await initMMM({ source: "no/such/file.csv" });`,
    `console.log("still", nb.engine.status().rows);`,
  ];

  before(async function () {
    const avail = kernelAvailable();
    if (!avail.ok) {
      if (process.env.AGENTIC_MMM_REQUIRE_KERNEL === "1") throw new Error(`tslab kernel required but unavailable: ${avail.reason}`);
      console.log(`    skipping notebook kernel tests: ${avail.reason}`);
      this.skip();
    }
    mkdirSync(NOTEBOOKS, { recursive: true });
    results = await runCells(cells, { cwd: NOTEBOOKS, cellTimeoutSeconds: 120, env: { DATABRICKS_TOKEN: SECRET } });
  });

  it("initMMM shows the data summary as markdown with html and plain fallbacks", () => {
    const r = results[0]!;
    assert.equal(r.status, "ok", r.stderr);
    const b = bundle(r, "text/markdown")!;
    assert.match(String(b["text/markdown"]), /\*\*KPI\*\*: revenue \(candidates: revenue, sales\)/);
    assert.ok(String(b["text/html"]).length > 100 && String(b["text/plain"]).length > 50);
  });

  it("a question ends the cell showing it; nb.answer in the next cell resumes the run to REPORTING", () => {
    const [ask, resume] = [results[1]!, results[2]!];
    assert.equal(ask.status, "ok", ask.stderr);
    assert.match(ask.stdout, /status waiting_for_user/);
    const q = bundle(ask, "application/vnd.agentic-mmm.question+json")!;
    const payload = q["application/vnd.agentic-mmm.question+json"] as { id: string; options: string[]; answerCode: string };
    assert.ok(payload.options.includes("sales"));
    assert.match(payload.answerCode, /^await nb\.answer\("/);
    assert.match(String(q["text/html"]), /The agent asks/);
    assert.match(String(q["text/plain"]), /Answer in the next cell/);
    assert.equal(resume.status, "ok", resume.stderr);
    assert.match(resume.stdout, /resumed completed REPORTING/);
    assert.ok(mimes(resume).includes("application/vnd.agentic-mmm.trace+json"));
    assert.ok(mimes(resume).includes("application/vnd.plotly.v1+json"), "response curves chart");
    assert.ok(mimes(resume).includes("text/markdown"), "the report");
  });

  it("every bundle of ours has non-empty text/html and text/plain", () => {
    const ours = results.flatMap((r) => r.outputs).filter((o) => Object.keys(o.data).some((k) => k.startsWith("application/vnd.")));
    assert.ok(ours.length >= 5);
    for (const o of ours) {
      assert.ok(String(o.data["text/html"] ?? "").trim().length > 0, JSON.stringify(Object.keys(o.data)));
      assert.ok(String(o.data["text/plain"] ?? "").trim().length > 0);
    }
  });

  it("errors are one short line and the session stays usable", () => {
    const bad = results[3]!;
    assert.equal(bad.status, "error");
    assert.match(bad.stderr, /agentic-mmm: .*No question is waiting|is not the pending one/);
    assert.ok(bad.stderr.trim().split("\n").length <= 3, bad.stderr);
    assert.equal(results[4]!.status, "ok", results[4]!.stderr);
    assert.match(results[4]!.stdout, /after error completed REPORTING/);
    const load = results[6]!;
    assert.equal(load.status, "error");
    assert.match(load.stderr, /agentic-mmm: File not found: 'no\/such\/file\.csv'/);
    assert.ok(load.stderr.trim().split("\n").length <= 3, load.stderr);
    assert.match(results[7]!.stdout, /still 156/);
  });

  it("chat() shows the chat handle; no output contains the secret", () => {
    const chat = bundle(results[5]!, "application/vnd.agentic-mmm.chat+json")!;
    assert.match(String(chat["text/plain"]), /await nb\.say\("…"\)/);
    assert.match(results[5]!.stdout, /tools 44/);
    assert.ok(!JSON.stringify(results).includes(SECRET));
  });
});
