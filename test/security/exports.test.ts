/**
 * Hostile catalogue, exports: the agent's export_report confined to its export root (traversal,
 * absolute paths, symlinks at every level, hard links, special filesystems, unicode and very long
 * names), the analyst's nb.export (/proc, /sys, /dev, symlinked targets, hand-written files and
 * `overwrite`). Each case ends in a clear MMMError or a correct export, and the tree outside the
 * export root is byte-for-byte the same before and after.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMAgent, MMMEngine, MMMError, NotebookMMM, samplePath } from "../../kernel-lib/src";
import { buildReport, exportReport, type AnalysisReport, type ExportOptions } from "../../kernel-lib/src/report";
import { MANIFEST } from "../../kernel-lib/src/report/exportManifest";
import { REPO, tempDir } from "../helpers/fixtures";
import { startOpenAiServer, toolMessages } from "../helpers/openaiServer";
import { snapshotTree } from "../helpers/treeSnapshot";

/** A world: the export root, and outside it a victim file, a victim directory and a hand-written report. */
function world() {
  const top = tempDir("ammm-exp-");
  const root = path.join(top, "root");
  const outside = path.join(top, "outside");
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, "victim.txt"), "do not touch");
  fs.writeFileSync(path.join(outside, "report.md"), "# my own notes\n");
  return { top, root, outside };
}

describe("security: exports", function () {
  this.timeout(60_000);
  let report: AnalysisReport;
  before(async () => {
    const engine = new MMMEngine();
    await engine.loadData(samplePath("sample"));
    report = buildReport(engine, { notes: [{ at: "2024-01-01T00:00:00Z", text: "a note" }] });
  });

  /** Run one export in `w` and check nothing outside `keep` (default: the root) changed. */
  function attempt(w: ReturnType<typeof world>, dir: string | undefined, opts: ExportOptions, keep = w.root) {
    const before = snapshotTree(w.top, [keep]);
    let error: MMMError | undefined;
    try {
      exportReport(report, dir, opts);
    } catch (e) {
      assert.ok(e instanceof MMMError, `not an MMMError: ${String(e)}`);
      error = e;
    }
    assert.deepEqual(snapshotTree(w.top, [keep]), before, "a file outside the export root changed");
    return error;
  }

  const confined: [string, (w: ReturnType<typeof world>) => string, RegExp, boolean?][] = [
    ["a parent-directory escape", () => "../outside", /contains '\.\.'/],
    ["an escape hidden after a real folder", () => "report/../../outside", /contains '\.\.'/],
    ["backslash traversal", () => "..\\..\\outside", /contains '\.\.'/],
    ["an absolute path", (w) => w.outside, /absolute path/],
    ["an absolute path inside the root", (w) => path.join(w.root, "x"), /absolute path/],
    ["a home-directory path", () => "~/reports", /starts with ~/],
    ["/etc", () => "/etc", /absolute path/],
    ["a NUL byte", () => "rep\0ort", /NUL/, false],
    ["a very long name", () => "x".repeat(300), /too long/, false],
    ["a very long path", () => Array.from({ length: 12 }, () => "y".repeat(100)).join("/"), /too long/, false],
  ];
  for (const [what, dir, message, rootHint = true] of confined) {
    it(`export_report refuses ${what}`, () => {
      const w = world();
      const err = attempt(w, dir(w), { within: w.root });
      assert.ok(err, "should refuse");
      assert.match(err.message, message);
      assert.match(err.hint, rootHint ? /export root/ : /\w/);
    });
  }

  it("export_report refuses a symlinked folder below the root", () => {
    const w = world();
    fs.symlinkSync(w.outside, path.join(w.root, "link"));
    assert.match(attempt(w, "link/report", { within: w.root })!.message, /symlink ".*link"/);
    assert.match(attempt(w, "link", { within: w.root })!.message, /symlink/);
  });

  for (const sub of ["tables", "charts"]) {
    it(`export_report refuses a symlinked ${sub}/`, () => {
      const w = world();
      fs.mkdirSync(path.join(w.root, "rep"));
      fs.symlinkSync(w.outside, path.join(w.root, "rep", sub));
      assert.match(attempt(w, "rep", { within: w.root })!.message, new RegExp(`symlink ".*${sub}"`));
      assert.ok(!fs.existsSync(path.join(w.root, "rep", "report.md")), "nothing written before the refusal");
    });
  }

  it("export_report refuses a report.md that is a symlink to a file outside, even with overwrite", () => {
    const w = world();
    fs.mkdirSync(path.join(w.root, "rep"));
    fs.symlinkSync(path.join(w.outside, "victim.txt"), path.join(w.root, "rep", "report.md"));
    assert.match(attempt(w, "rep", { within: w.root })!.message, /is a symlink/);
    assert.match(attempt(w, "rep", { within: w.root, overwrite: true })!.message, /is a symlink/);
  });

  it("a hard link to a file outside is neither refused silently nor written through", () => {
    const w = world();
    fs.mkdirSync(path.join(w.root, "rep"));
    fs.linkSync(path.join(w.outside, "victim.txt"), path.join(w.root, "rep", "report.md"));
    assert.match(attempt(w, "rep", { within: w.root })!.message, /not written by agentic-mmm/);
    // The analyst forces it: the link is replaced, the victim keeps its content (a snapshot with nlink would differ otherwise only in nlink).
    exportReport(report, path.join(w.root, "rep"), { overwrite: true });
    assert.equal(fs.readFileSync(path.join(w.outside, "victim.txt"), "utf8"), "do not touch");
  });

  it("export_report refuses a root under /proc without creating anything", () => {
    const w = world();
    assert.match(attempt(w, "x", { within: "/proc/self/ammm" })!.message, /special filesystem/);
  });

  it("export_report writes unicode folder names under the root, and again over its own files", () => {
    const w = world();
    assert.equal(attempt(w, "報告/été", { within: w.root }), undefined);
    assert.equal(attempt(w, "報告/été", { within: w.root }), undefined);
    const dir = path.join(w.root, "報告", "été");
    assert.ok(fs.existsSync(path.join(dir, "report.md")) && fs.existsSync(path.join(dir, "tables", "notes.csv")));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8")) as { files: Record<string, string> };
    assert.ok(manifest.files["report.md"] && manifest.files["tables/notes.csv"]);
  });

  it("export_report with no directory writes into the root itself", () => {
    const w = world();
    assert.equal(attempt(w, undefined, { within: w.root }), undefined);
    assert.ok(fs.existsSync(path.join(w.root, "report.md")));
  });

  it("nb.export('/proc/self/x') returns at once with a clear error (a child process, so a hang fails the test)", () => {
    const code = `const { exportReport } = require(${JSON.stringify(path.join(REPO, "kernel-lib/src/report/export.ts"))});
      try { exportReport({ markdown: "x", tables: {}, charts: {} }, "/proc/self/x"); console.log("WROTE"); } catch (e) { console.log(e.message); }`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: REPO, timeout: 30_000, encoding: "utf8" });
    assert.equal(r.signal, null, "timed out: the export hung");
    assert.match(r.stdout, /special filesystem/);
  });

  for (const target of ["/dev/null", "/dev/shm/ammm-export-test", "/sys/kernel/ammm", "/proc/1/x"]) {
    it(`nb.export refuses ${target}`, () => {
      const w = world();
      assert.match(attempt(w, target, {})!.message, /special filesystem/);
      assert.ok(!fs.existsSync("/dev/shm/ammm-export-test"));
    });
  }

  it("nb.export refuses a path that reaches /proc through a symlink", () => {
    const w = world();
    fs.symlinkSync("/proc/self", path.join(w.top, "proc-link"));
    assert.match(attempt(w, path.join(w.top, "proc-link", "x"), {})!.message, /resolves to "\/proc/);
  });

  it("nb.export refuses a target directory that is a symlink", () => {
    const w = world();
    fs.symlinkSync(w.outside, path.join(w.top, "out-link"));
    assert.match(attempt(w, path.join(w.top, "out-link"), {})!.message, /symlink/);
  });

  it("nb.export keeps a hand-written report.md unless overwrite: true", () => {
    const w = world();
    const err = attempt(w, w.outside, {}, w.root);
    assert.match(err!.message, /Refusing to overwrite ".*report\.md": it was not written by agentic-mmm/);
    assert.match(err!.hint, /overwrite: true/);
    assert.equal(fs.readFileSync(path.join(w.outside, "report.md"), "utf8"), "# my own notes\n");
    assert.ok(!fs.existsSync(path.join(w.outside, "tables", "notes.csv")), "nothing written");
    exportReport(report, w.outside, { overwrite: true });
    assert.notEqual(fs.readFileSync(path.join(w.outside, "report.md"), "utf8"), "# my own notes\n");
  });

  it("nb.export refuses to replace a file edited since it wrote it, and replaces its own unedited files", () => {
    const w = world();
    const dir = path.join(w.top, "mine");
    exportReport(report, dir);
    exportReport(report, dir);
    fs.appendFileSync(path.join(dir, "tables", "notes.csv"), "hand,edit\n");
    assert.match(attempt(w, dir, {}, w.root)!.message, /notes\.csv": it was edited since/);
  });

  it("nb.export refuses a manifest that is a symlink", () => {
    const w = world();
    const dir = path.join(w.top, "m");
    fs.mkdirSync(dir);
    fs.symlinkSync(path.join(w.outside, "victim.txt"), path.join(dir, MANIFEST));
    assert.match(attempt(w, dir, {})!.message, /not a regular file/);
  });

  it("nb.export through the notebook: a clear one-line error, then overwrite works", async () => {
    const w = world();
    const engine = new MMMEngine();
    await engine.loadData(samplePath("sample"));
    const nb = new NotebookMMM(new MMMAgent({ engine, llm: "offline" }));
    await assert.rejects(nb.export(w.outside), /agentic-mmm|Refusing to overwrite/);
    const out = await nb.export(w.outside, { overwrite: true });
    assert.ok(out.files.some((f) => f.endsWith("report.md")));
  });

  it("the default export root is ./mmm-output of the process cwd; a directory the analyst named in runFullAnalysis is allowed", async () => {
    const w = world();
    const named = path.join(w.outside, "named");
    const server = await startOpenAiServer([
      {
        toolCalls: [
          { name: "export_report", args: {} },
          { name: "export_report", args: { dir: named } },
          { name: "export_report", args: { dir: path.join(w.outside, "other") } },
        ],
      },
      { content: "done" },
    ]);
    const cwd = process.cwd();
    try {
      process.chdir(w.top);
      const agent = new MMMAgent({ llm: { provider: "openai-compatible", baseURL: server.url, model: "m", allowInsecureLocalhost: true } });
      await agent.engine.loadData(samplePath("sample"));
      await agent.runFullAnalysis({ exportDir: named });
    } finally {
      process.chdir(cwd);
      await server.close();
    }
    const answers = toolMessages(server.requests[1]!).map((m) => JSON.parse(m.content) as { error?: string; dir?: string });
    assert.equal(fs.realpathSync(answers[0]!.dir!), fs.realpathSync(path.join(w.top, "mmm-output")));
    assert.equal(answers[1]!.dir, named);
    assert.match(answers[2]!.error!, /absolute path/);
    assert.ok(fs.existsSync(path.join(named, "report.md")) && !fs.existsSync(path.join(w.outside, "other")));
  });

  it("the agent's export_report, driven by a hostile LLM: escapes refused as tool errors, a relative folder written under exportRoot", async () => {
    const w = world();
    const dirs = ["/tmp/ammm-evil", "../../outside", path.join(w.outside), "ok"];
    const server = await startOpenAiServer([{ toolCalls: dirs.map((dir) => ({ name: "export_report", args: { dir } })) }, { content: "done" }]);
    try {
      const agent = new MMMAgent({ llm: { provider: "openai-compatible", baseURL: server.url, model: "m", allowInsecureLocalhost: true }, config: { exportRoot: w.root } });
      await agent.engine.loadData(samplePath("sample"));
      const before = snapshotTree(w.top, [w.root]);
      await agent.ask("export");
      assert.deepEqual(snapshotTree(w.top, [w.root]), before);
      const answers = toolMessages(server.requests[1]!).map((m) => JSON.parse(m.content) as { error?: string; dir?: string });
      assert.match(answers[0]!.error!, /absolute path/);
      assert.match(answers[1]!.error!, /'\.\.'/);
      assert.match(answers[2]!.error!, /absolute path/);
      assert.equal(answers[3]!.dir, path.join(w.root, "ok"));
      assert.ok(!fs.existsSync("/tmp/ammm-evil"));
    } finally {
      await server.close();
    }
  });
});
