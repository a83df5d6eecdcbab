import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMEngine, MMMError, pl, samplePath } from "../../../kernel-lib/src";
import { buildReport, exportReport, figureFromHtml, PLOTLY_CDN, type AnalysisReport } from "../../../kernel-lib/src/report";
import { tempDir } from "../../helpers/fixtures";

describe("exportReport", function () {
  this.timeout(120_000);
  let report: AnalysisReport;

  before(async () => {
    const engine = new MMMEngine();
    await engine.loadData(samplePath("sample"));
    const r = engine.runRidgeMMM();
    const plan = engine.optimizeBudget((r.channels.reduce((a, c) => a + c.spend, 0) / r.weeks) * 52);
    report = buildReport(engine, { budget: plan, notes: [{ at: "t0", text: "a note, with a comma" }] });
  });

  it("writes report.md, CSV and Parquet tables that round-trip", () => {
    const dir = path.join(tempDir(), "nested", "out");
    const out = exportReport(report, dir, { tables: "both" });
    assert.equal(out.dir, path.resolve(dir));
    assert.equal(fs.readFileSync(path.join(dir, "report.md"), "utf8"), report.markdown);
    for (const [name, df] of Object.entries(report.tables)) {
      const csv = path.join(dir, "tables", `${name}.csv`);
      const parquet = path.join(dir, "tables", `${name}.parquet`);
      assert.ok(out.files.includes(csv) && out.files.includes(parquet), name);
      const fromParquet = pl.readParquet(parquet);
      assert.ok(fromParquet.frameEqual(df), `${name} parquet`);
      const fromCsv = pl.readCSV(csv);
      assert.deepEqual(fromCsv.columns, df.columns, `${name} csv columns`);
      assert.equal(fromCsv.height, df.height);
    }
    const roi = pl.readCSV(path.join(dir, "tables", "roi.csv"));
    const want = report.tables.roi!.getColumn("roas").toArray() as number[];
    (roi.getColumn("roas").toArray() as number[]).forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-9 * Math.abs(want[i]!) + 1e-12));
    assert.equal(
      pl
        .readCSV(path.join(dir, "tables", "notes.csv"))
        .getColumn("text")
        .get(0),
      "a note, with a comma",
    );
  });

  it("writes every chart as Plotly JSON and as HTML that embeds the same figure", () => {
    const dir = tempDir();
    const out = exportReport(report, dir);
    assert.ok(!out.files.some((f) => f.endsWith(".parquet")), "CSV only by default");
    for (const [name, fig] of Object.entries(report.charts)) {
      const json = JSON.parse(fs.readFileSync(path.join(dir, "charts", `${name}.json`), "utf8"));
      assert.deepEqual(json, JSON.parse(JSON.stringify(fig)));
      const html = fs.readFileSync(path.join(dir, "charts", `${name}.html`), "utf8");
      assert.deepEqual(figureFromHtml(html), JSON.parse(JSON.stringify(fig)), name);
      assert.ok(html.includes(`<script src="${PLOTLY_CDN}"`));
      assert.match(html, /if \(window\.Plotly\)[\s\S]*could not be loaded/, "degrades with a note");
      assert.match(html, /<noscript>/);
    }
  });

  it("keeps a hostile name from breaking out of the embedded JSON", () => {
    const fig = { data: [{ type: "bar" as const, name: "</script><script>alert(1)</script>", x: ["a"], y: [1] }], layout: { title: { text: "<b>t</b>" } } };
    const dir = tempDir();
    exportReport({ ...report, tables: {}, charts: { "../evil": fig } }, dir);
    const html = fs.readFileSync(path.join(dir, "charts", "__evil.html"), "utf8");
    assert.ok(!html.includes("</script><script>alert"));
    assert.deepEqual(figureFromHtml(html), fig);
    assert.ok(html.includes("<title>&lt;b&gt;t&lt;/b&gt;</title>"));
  });

  it("fails with a clear MMMError when it cannot write", () => {
    const file = path.join(tempDir(), "a-file");
    fs.writeFileSync(file, "x");
    assert.throws(
      () => exportReport(report, file),
      (e: MMMError) => e instanceof MMMError && /Could not write/.test(e.message) && /directory you can write to/.test(e.hint),
    );
    assert.throws(() => exportReport(report, tempDir(), { tables: "xlsx" as "csv" }), /Unknown table format "xlsx"/);
  });
});
