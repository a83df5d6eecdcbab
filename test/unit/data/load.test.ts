import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { loadTable, MMMEngine, type MMMError, pl, registerDatabricksLoaders, registerRemoteLoader } from "../../../kernel-lib/src";
import { ROBYN, tempDir, weeklyCsv, writeText } from "../../helpers/fixtures";

const dir = tempDir();
const csvText = weeklyCsv(12);
const reference = pl.readCSV(Buffer.from(csvText));

function assertSameTable(actual: import("nodejs-polars").DataFrame, expected = reference) {
  assert.deepEqual(actual.shape, expected.shape);
  for (const c of ["revenue", "tv_spend", "search_spend", "price_index"]) {
    assert.deepEqual(actual.getColumn(c).cast(pl.Float64).toArray(), expected.getColumn(c).cast(pl.Float64).toArray(), c);
  }
}

async function loaded(source: Parameters<typeof loadTable>[0], opts = {}) {
  const { frame, source: summary } = await loadTable(source, opts);
  const df = "collectSync" in frame ? frame.collectSync() : frame;
  return { df, summary };
}

describe("loading: every supported source gives the same table", () => {
  it("CSV (comma)", async () => {
    const { df, summary } = await loaded(writeText(dir, "w.csv", csvText));
    assertSameTable(df);
    assert.equal(summary.format, "csv");
    assert.equal(summary.lazy, false);
  });

  it("CSV with ';' separator is sniffed from the header", async () => {
    const { df } = await loaded(writeText(dir, "semi.csv", csvText.replace(/,/g, ";")));
    assertSameTable(df);
  });

  it("CSV as a lazy scan (forced, as for big files) and below a tiny lazy threshold", async () => {
    const file = writeText(dir, "lazy.csv", csvText);
    const forced = await loadTable(file, { lazy: true });
    assert.equal(forced.source.lazy, true);
    const auto = await loadTable(file, { lazyThresholdBytes: 10 });
    assert.equal(auto.source.lazy, true);
    assertSameTable((auto.frame as import("nodejs-polars").LazyDataFrame).collectSync());
  });

  it("Parquet, a folder of Parquet files and a glob", async () => {
    const file = path.join(dir, "w.parquet");
    reference.writeParquet(file);
    assertSameTable((await loaded(file)).df);
    const parts = path.join(dir, "parts");
    writeText(parts, "README.txt", "not parquet");
    reference.slice(0, 5).writeParquet(writeText(parts, "a/part-0.parquet", ""));
    reference.slice(5, 7).writeParquet(writeText(parts, "b/part-1.parquet", ""));
    const folder = await loaded(parts);
    assertSameTable(folder.df);
    assert.equal(folder.summary.files, 2);
    const glob = await loaded(path.join(parts, "*/part-*.parquet"));
    assertSameTable(glob.df);
  });

  it("Excel (.xlsx) written with exceljs: numbers stay numbers, dates become dates", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Notes").addRow(["this sheet is ignored"]);
    const ws = wb.addWorksheet("Data");
    ws.addRow(reference.columns);
    for (const r of reference.toRecords() as Record<string, unknown>[]) {
      ws.addRow([new Date(`${r["date"]}T00:00:00Z`), r["revenue"], r["tv_spend"], r["search_spend"], { formula: "1+1", result: r["price_index"] }]);
    }
    const file = path.join(dir, "w.xlsx");
    await wb.xlsx.writeFile(file);
    const { df } = await loaded(file, { sheet: "Data", dateCol: "date" });
    assertSameTable(df);
    assert.equal(String(df.getColumn("date").dtype), String(pl.Date));
    assert.equal((df.getColumn("date").toArray()[0] as unknown as Date).toISOString().slice(0, 10), "2022-01-03");
    await assert.rejects(loadTable(file, { sheet: "Nope" }), (e: MMMError) => e.code === "NO_ROWS" && /'Notes', 'Data'/.test(e.message));
  });

  it("JSON records, JSON columns, {data: [...]} and NDJSON", async () => {
    const records = reference.toRecords();
    assertSameTable((await loaded(writeText(dir, "r.json", JSON.stringify(records)))).df);
    const columns = Object.fromEntries(reference.columns.map((c) => [c, reference.getColumn(c).toArray()]));
    assertSameTable((await loaded(writeText(dir, "c.json", JSON.stringify(columns)))).df);
    assertSameTable((await loaded(writeText(dir, "d.json", JSON.stringify({ data: records })))).df);
    const nd = records.map((r) => JSON.stringify(r)).join("\n");
    assertSameTable((await loaded(writeText(dir, "n.ndjson", nd))).df);
    assertSameTable((await loaded(writeText(dir, "n.jsonl", nd), { lazy: true })).df);
  });

  it("a polars DataFrame, a LazyFrame and an array of records", async () => {
    assertSameTable((await loaded(reference)).df);
    assertSameTable((await loaded(reference.lazy())).df);
    assertSameTable((await loaded(reference.toRecords() as Record<string, unknown>[])).df);
  });

  it("a URL served over HTTP (query strings are not echoed in messages)", async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith("/w.csv")) res.end(csvText);
      else if (req.url === "/w.ndjson") res.end((reference.toRecords() as object[]).map((r) => JSON.stringify(r)).join("\n"));
      else if (req.url === "/w.parquet") res.end(reference.writeParquet());
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assertSameTable((await loaded(`${base}/w.csv?sig=abc`)).df);
      assertSameTable((await loaded(`${base}/w.ndjson`)).df);
      assertSameTable((await loaded(`${base}/w.parquet`)).df);
      await assert.rejects(loadTable(`${base}/missing.csv?token=SECRET123`), (e: MMMError) => e.code === "READ_FAILED" && /404/.test(e.message) && !e.message.includes("SECRET123"));
    } finally {
      server.close();
    }
  });

  it("the date column is parsed to Date when named", async () => {
    const { df } = await loaded(ROBYN, { dateCol: "DATE" });
    assert.equal(String(df.getColumn("DATE").dtype), String(pl.Date));
    assert.equal(df.height, 208);
  });

  it("Unity Catalog names route to the Databricks loader: without a workspace, a clear message; a registered loader replaces it", async () => {
    const saved = { ...process.env };
    for (const k of ["DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CONFIG_PROFILE"]) delete process.env[k];
    process.env.DATABRICKS_CONFIG_FILE = path.join(dir, "no-databrickscfg");
    try {
      await assert.rejects(loadTable("main.marketing.weekly_spend"), (e: MMMError) => e.code === "INVALID_ARGUMENT" && /Databricks workspace URL/.test(e.message) && /DATABRICKS_HOST/.test(e.hint ?? ""));
    } finally {
      process.env = saved;
    }
    registerRemoteLoader("unity-catalog", async (target) => ({ frame: reference.clone(), source: { kind: "unity-catalog", location: target.table, lazy: false } }));
    try {
      const { df, summary } = await loaded("main.marketing.weekly_spend");
      assertSameTable(df);
      assert.equal(summary.location, "main.marketing.weekly_spend");
    } finally {
      registerDatabricksLoaders(); // the other suites in this process read through the real one
    }
  });

  it("MMMEngine.loadData reports the source, rows, date and KPI", async () => {
    const engine = new MMMEngine();
    const res = await engine.loadData(ROBYN);
    assert.equal(res.rows, 208);
    assert.equal(res.dateCol, "DATE");
    assert.equal(res.kpiCol, "revenue");
    assert.equal(engine.status().loaded, true);
  });
});
