/**
 * Unity Catalog sources through the local protocol server: `main.marketing.weekly` loads to the
 * same frame as the local CSV (loadTable and engine.loadData), SQL query sources, quoting of the
 * table name, injection attempts refused before any request, an empty table, a missing table.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { MMMEngine, loadTable, type MMMError } from "../../../kernel-lib/src";
import "../../../kernel-lib/src/databricks"; // registers the Unity Catalog / SQL loader
import { configureDatabricksSql } from "../../../kernel-lib/src/databricks";
import { parseTableName, quoteTable } from "../../../kernel-lib/src/databricks/identifiers";
import type { DataFrame } from "../../../kernel-lib/src/data/polars";
import { startFakeWarehouse, type FakeWarehouse } from "../../helpers/fakeWarehouse";
import { REPO, tempDir } from "../../helpers/fixtures";
import { allowLocalHttp } from "../../helpers/localHttp";

const TOKEN = "dapi-uc-test-token-0123456789";
const SAMPLE = path.join(REPO, "kernel-lib/data/sample_weekly.csv");

describe("Unity Catalog loading (local protocol server)", function () {
  allowLocalHttp();
  this.timeout(30_000);
  let server: FakeWarehouse;
  let local: DataFrame;
  const saved = { ...process.env };

  before(async () => {
    local = (await loadTable(SAMPLE, { dateCol: "date" })).frame as DataFrame;
    server = await startFakeWarehouse({
      token: TOKEN,
      onStatement: (sql) => {
        if (sql === "SELECT * FROM `main`.`marketing`.`weekly`") return { frame: local, states: ["PENDING", "RUNNING"], chunkRows: 40 };
        if (sql === "SELECT * FROM `main`.`marketing`.`empty`") return { frame: local.head(0) };
        if (sql.startsWith("SELECT date, revenue FROM main.marketing.weekly WHERE")) return { frame: local.select("date", "revenue").head(10) };
        return undefined;
      },
    });
  });
  beforeEach(() => {
    for (const k of ["DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE"]) delete process.env[k];
    Object.assign(process.env, { DATABRICKS_HOST: server.url, DATABRICKS_TOKEN: TOKEN, DATABRICKS_WAREHOUSE_ID: "wh-uc", DATABRICKS_CONFIG_FILE: path.join(tempDir(), "none") });
    configureDatabricksSql({ pollIntervalMs: 5, backoffMs: 1 });
  });
  afterEach(() => (process.env = { ...saved }));
  after(async () => {
    configureDatabricksSql({});
    await server.close();
  });

  it("main.marketing.weekly loads to the same frame as the local file (4 Arrow chunks)", async () => {
    const remote = await loadTable("main.marketing.weekly", { dateCol: "date" });
    assert.equal(remote.source.kind, "unity-catalog");
    assert.equal(remote.source.location, "main.marketing.weekly");
    assert.match(remote.source.warehouse!, /wh-uc \(DATABRICKS_WAREHOUSE_ID\)/);
    const df = remote.frame as DataFrame;
    assert.deepEqual(df.schema, local.schema);
    assert.ok(df.frameEqual(local, true));
    assert.equal(server.chunkRequests.length, 4);
    assert.ok(server.chunkRequests.every((h) => h.authorization === undefined));
  });

  it("engine.loadData('main.marketing.weekly') gives the same table, profile and roles as the CSV", async () => {
    const a = new MMMEngine();
    const b = new MMMEngine();
    const ra = await a.loadData(SAMPLE, { kpiCol: "revenue" });
    const rb = await b.loadData("main.marketing.weekly", { kpiCol: "revenue" });
    assert.deepEqual({ ...rb, source: undefined }, { ...ra, source: undefined });
    assert.ok((b.data as DataFrame).frameEqual(a.data as DataFrame, true));
  });

  it("a SQL query source runs as given (one read-only SELECT)", async () => {
    const r = await loadTable("SELECT date, revenue FROM main.marketing.weekly WHERE revenue > 0");
    assert.equal(r.source.kind, "sql");
    assert.deepEqual((r.frame as DataFrame).columns, ["date", "revenue"]);
    await assert.rejects(loadTable("SELECT 1; DROP TABLE main.marketing.weekly"), (e: MMMError) => e.code === "QUERY_REJECTED" && /only one statement/.test(e.message));
  });

  it("table names are back-quoted; a quote, backtick, semicolon or comment in a name is refused before any request", async () => {
    assert.equal(quoteTable("main.marketing.weekly"), "`main`.`marketing`.`weekly`");
    assert.equal(quoteTable("`my cat`.`my-schema`.t1"), "`my cat`.`my-schema`.`t1`");
    assert.deepEqual(parseTableName("a.b.c"), { catalog: "a", schema: "b", table: "c" });
    const before = server.log.length;
    for (const bad of ["main.marketing.weekly;DROP", "main.mark'eting.weekly", "main.`x`y`.z", "main.m.t--x", "main.m.t/*x*/"]) {
      await assert.rejects(loadTable(bad), (e: MMMError) => ["QUERY_REJECTED", "FILE_NOT_FOUND", "UNSUPPORTED_FORMAT"].includes(e.code), bad);
    }
    assert.throws(() => quoteTable("main.marketing.weekly;DROP"), /contains a semicolon/);
    assert.throws(() => quoteTable("main.mark`eting.weekly"), /contains a quote or backtick/);
    assert.throws(() => quoteTable('main.m."t"'), /contains a quote or backtick/);
    assert.throws(() => quoteTable("main.m.t--x"), /contains a SQL comment marker/);
    assert.throws(() => quoteTable("main.m.t/*x*/"), /contains a SQL comment marker/);
    assert.throws(() => quoteTable("main.m.t\nx"), /control character/);
    assert.equal(server.log.length, before, "nothing was sent");
  });

  it("an empty table is NO_ROWS with its columns; a missing table is the warehouse's message", async () => {
    await assert.rejects(loadTable("main.marketing.empty"), (e: MMMError) => e.code === "NO_ROWS" && /header \(date, revenue/.test(e.message));
    await assert.rejects(loadTable("main.marketing.nope"), (e: MMMError) => e.code === "QUERY_FAILED" && /TABLE_OR_VIEW_NOT_FOUND/.test(e.message) && /SELECT on it/.test(e.hint));
  });
});
