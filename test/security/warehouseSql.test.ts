/**
 * Hostile SQL sources for the Databricks loader (`loadTable("SELECT …")`, the LLM's load_data,
 * the weekly pushdown): comments that hide a quote, smuggled statements, backslash escapes whose
 * meaning depends on a warehouse setting, Spark's `WITH … INSERT`, secret/file/reflection
 * functions, homoglyphs and control characters. Each is refused with a clear MMMError before
 * anything reaches the (local, fake) warehouse, and a normal query still loads afterwards; quoted
 * text that merely looks dangerous is sent verbatim.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { MMMEngine, MMMError, loadTable } from "../../kernel-lib/src";
import "../../kernel-lib/src/databricks"; // registers the Unity Catalog / SQL loader
import { configureDatabricksSql } from "../../kernel-lib/src/databricks";
import { aggregateWeeklyRemote } from "../../kernel-lib/src/databricks/pushdown";
import { warehouseSqlRejectReason } from "../../kernel-lib/src/databricks/sqlGuard";
import { readDatabricks } from "../../kernel-lib/src/databricks/unityCatalog";
import type { DataFrame } from "../../kernel-lib/src/data/polars";
import { startFakeWarehouse, type FakeWarehouse } from "../helpers/fakeWarehouse";
import { REPO, tempDir } from "../helpers/fixtures";

const TOKEN = "dapi-guard-test-token-0123456789";
const SAMPLE = path.join(REPO, "kernel-lib/data/sample_weekly.csv");
const GOOD = "SELECT date, revenue FROM main.marketing.weekly WHERE revenue > 0";

/** Hostile sources, each with the reason it must be refused. */
const HOSTILE: [string, string, RegExp][] = [
  ["the issue's case: a quote inside a -- comment", "SELECT date FROM main.marketing.weekly -- it's\n; DROP TABLE main.marketing.weekly --'", /comment/],
  ["a quote inside /* */ comments", "SELECT date FROM main.marketing.weekly /* ' */ ; DROP TABLE main.marketing.weekly /* ' */", /comment/],
  ["a plain second statement", "SELECT 1; DROP TABLE main.marketing.weekly", /only one statement/],
  ["two semicolons at the end", "SELECT 1;;", /only one statement/],
  ["a backslash-escaped quote (meaning depends on a warehouse setting)", "SELECT '\\' ; DROP TABLE main.marketing.weekly; SELECT '' AS x", /backslash/],
  ["a backslash in a back-quoted name", "SELECT `a\\` FROM t", /backslash/],
  ["WITH … INSERT (Spark runs it)", "WITH x AS (SELECT 1 AS a) INSERT INTO main.marketing.weekly SELECT * FROM x", /'INSERT' is not allowed/],
  ["WITH … DELETE", "WITH x AS (SELECT 1) DELETE FROM main.marketing.weekly", /'DELETE' is not allowed/],
  ["INSERT OVERWRITE after a CTE", "WITH x AS (SELECT 1) INSERT OVERWRITE TABLE t SELECT * FROM x", /'INSERT' is not allowed/],
  ["MERGE after a CTE", "WITH s AS (SELECT 1 AS id) MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", /'MERGE' is not allowed/],
  ["secret() reads a workspace secret", "SELECT secret('prod', 'db-password') AS s", /secret\(\) is not allowed/],
  ["a back-quoted `secret`()", "SELECT `secret`('prod', 'db-password') AS s", /secret\(\) is not allowed/],
  ["reflect() calls Java", "SELECT reflect('java.lang.Runtime', 'getRuntime') AS r", /reflect\(\) is not allowed/],
  ["java_method() in upper case", "SELECT JAVA_METHOD('java.lang.System', 'getenv', 'HOME')", /java_method\(\) is not allowed/],
  ["read_files() over a bucket", "SELECT * FROM read_files('s3://bucket/creds/', format => 'text')", /read_files\(\) is not allowed/],
  ["a path table parquet.`…`", "SELECT * FROM parquet.`/Volumes/main/secret/files`", /file-path tables/],
  ["http_request() calls out", "SELECT http_request(conn => 'x', method => 'GET', path => '/')", /http_request\(\) is not allowed/],
  ["a full-width semicolon", "SELECT 1；DROP TABLE t", /U\+FF1B/],
  ["a Cyrillic homoglyph in SELECT", "ЅELECT 1", /U\+0405/],
  ["a NUL byte", "SELECT 1\u0000; DROP TABLE t", /U\+0000/],
  ["a non-breaking space", "SELECT\u00a01", /U\+00A0/],
  ["a '#' comment", "SELECT 1 # '\n; DROP TABLE t", /'#'/],
  ["an unterminated string", "SELECT 'abc FROM t", /unterminated string/],
  ["an unterminated back-quoted name", "SELECT `abc FROM t", /unterminated back-quoted/],
  ["a parenthesis closing the pushdown's subquery", "SELECT 1) AS x UNION ALL (SELECT 2", /unbalanced parentheses/],
  ["an unclosed parenthesis", "SELECT (1", /unbalanced parentheses/],
  ["a statement that is not a SELECT", "DROP TABLE main.marketing.weekly", /only SELECT/],
  ["EXECUTE IMMEDIATE inside a CTE text", "WITH a AS (SELECT 1) EXECUTE IMMEDIATE 'DROP TABLE t'", /'EXECUTE' is not allowed/],
];

describe("security: hostile SQL sources for the Databricks warehouse (refused before sending)", function () {
  this.timeout(30_000);
  let server: FakeWarehouse;
  let local: DataFrame;
  const saved = { ...process.env };

  before(async () => {
    local = (await loadTable(SAMPLE, { dateCol: "date" })).frame as DataFrame;
    server = await startFakeWarehouse({
      token: TOKEN,
      onStatement: (sql) => (sql.startsWith("SELECT date, revenue FROM main.marketing.weekly") ? { frame: local.select("date", "revenue").head(10) } : undefined),
    });
  });
  beforeEach(() => {
    for (const k of ["DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE"]) delete process.env[k];
    Object.assign(process.env, { DATABRICKS_HOST: server.url, DATABRICKS_TOKEN: TOKEN, DATABRICKS_WAREHOUSE_ID: "wh-guard", DATABRICKS_CONFIG_FILE: path.join(tempDir(), "none"), AGENTIC_MMM_ALLOW_HTTP_LOCALHOST: "1" });
    configureDatabricksSql({ pollIntervalMs: 5, backoffMs: 1 });
  });
  afterEach(() => (process.env = { ...saved }));
  after(async () => {
    configureDatabricksSql({});
    await server.close();
  });

  /** A normal query still loads, and is what the warehouse received. */
  async function stillWorks(): Promise<void> {
    const r = await loadTable(GOOD);
    assert.deepEqual((r.frame as DataFrame).columns, ["date", "revenue"]);
    assert.equal(server.statements.at(-1)!.body.statement, GOOD);
  }

  for (const [name, sql, why] of HOSTILE) {
    it(`refused: ${name}`, async () => {
      const before = server.log.length;
      const check = (e: unknown) => e instanceof MMMError && e.code === "QUERY_REJECTED" && why.test(e.message) && /Databricks query refused/.test(e.message) && e.hint.length > 20;
      await assert.rejects(readDatabricks({ query: sql }), check, sql);
      if (/^\s*(select|with)\s/i.test(sql)) await assert.rejects(loadTable(sql), check, sql); // how notebooks and load_data reach it
      assert.equal(server.log.length, before, "nothing reached the warehouse");
      await stillWorks();
    });
  }

  it("refused in the weekly pushdown too (engine.loadData with weekly), nothing sent", async () => {
    const before = server.log.length;
    const engine = new MMMEngine();
    await assert.rejects(engine.loadData("SELECT date, revenue FROM main.marketing.weekly -- it's\n; DROP TABLE x --'", { weekly: {} }), (e: MMMError) => e.code === "QUERY_REJECTED" && /comment/.test(e.message));
    await assert.rejects(aggregateWeeklyRemote("SELECT * FROM t WHERE a = 1) x; DROP TABLE t; SELECT (1", { dateCol: "date" }), (e: MMMError) => e.code === "QUERY_REJECTED");
    assert.equal(server.log.length, before, "nothing reached the warehouse");
    await stillWorks();
  });

  it("quoted text that looks dangerous is data: sent verbatim (one trailing semicolon dropped)", async () => {
    const sql = "SELECT date, revenue FROM main.marketing.weekly WHERE note <> 'it''s; -- /* DROP TABLE t */' AND `odd--col;` IS NOT NULL AND \"x\"\"; --\" <> ''";
    assert.equal(warehouseSqlRejectReason(sql), undefined);
    await loadTable(`${sql} ;\n`);
    assert.equal(server.statements.at(-1)!.body.statement, sql);
    assert.equal(warehouseSqlRejectReason("WITH w AS (SELECT * FROM main.marketing.weekly) SELECT date, replace(events, 'a', 'b') AS e FROM w"), undefined);
    assert.equal(warehouseSqlRejectReason("SELECT `update`, `delete` FROM t WHERE `secret` = 1"), undefined, "back-quoted names are names");
  });
});
