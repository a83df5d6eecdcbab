/**
 * Hostile SQL against `executeQuery` (the agent's execute_query): file, network, extension and
 * settings access, statement smuggling through quotes, comments, CTEs and homoglyphs, and
 * resource bombs (cross joins, huge ranges, string and list bombs, endless recursion). Every case
 * runs against the real engine and must end in a clear MMMError (or a correct result within its
 * limit), leak nothing it could read, and leave the engine answering a normal query afterwards.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AGENT_CFG, MMMError, executeQuery, loadTable, type MMMErrorCode, type QueryResult } from "../../kernel-lib/src";
import type { DataFrame } from "../../kernel-lib/src/data/polars";
import { REPO, tempDir, writeText } from "../helpers/fixtures";

const SAMPLE = path.join(REPO, "kernel-lib/data/sample_weekly.csv");
const CANARY = "canary-dapi0123456789abcdef";

describe("security: hostile SQL against execute_query (DuckDB in its own process)", function () {
  this.timeout(60_000);
  let frame: DataFrame;
  let dir: string;
  let secret: string;
  const saved = { ...AGENT_CFG.queryLimits };

  before(async () => {
    frame = (await loadTable(SAMPLE, { dateCol: "date" })).frame as DataFrame;
    dir = tempDir("ammm-sql-");
    secret = writeText(dir, "databrickscfg.csv", `host,token\nhttps://x.cloud.databricks.com,${CANARY}\n`);
    writeText(dir, "data.json", JSON.stringify([{ token: CANARY }]));
    process.env["AGENTIC_MMM_TEST_CANARY"] = CANARY;
    AGENT_CFG.queryLimits.timeoutMs = 3000; // the bombs below end at this limit at worst
  });
  after(() => {
    Object.assign(AGENT_CFG.queryLimits, saved);
    delete process.env["AGENTIC_MMM_TEST_CANARY"];
  });

  /** The engine still answers a normal query correctly. */
  async function stillWorks(): Promise<void> {
    const r = await executeQuery(frame, "SELECT count(*) AS n, round(sum(revenue)) AS rev FROM data");
    assert.deepEqual(r.rows, [{ n: 156, rev: Math.round(frame.getColumn("revenue").sum() as number) }]);
  }

  /** `sql` fails with `code` and a message matching `why`, without the canary, and the engine still works. */
  async function refused(sql: string, code: MMMErrorCode, why: RegExp): Promise<void> {
    await assert.rejects(executeQuery(frame, sql), (e: unknown) => {
      assert.ok(e instanceof MMMError, `not an MMMError: ${String(e)}`);
      assert.equal(e.code, code, `${sql} → ${e.message}`);
      assert.match(e.message, why);
      assert.ok(e.hint.length > 20, "an actionable hint");
      assert.ok(!e.message.includes(CANARY), "no secret in the message");
      return true;
    });
    await stillWorks();
  }

  describe("files, network, extensions and settings", () => {
    const file = () => secret.replace(/'/g, "''");
    it("read_csv of a credentials file", () => refused(`SELECT * FROM read_csv('${file()}')`, "QUERY_REJECTED", /Permission Error.*disabled by configuration/));
    it('quoted "read_csv"(…) (the polars hole)', () => refused(`SELECT * FROM "read_csv"('${file()}')`, "QUERY_REJECTED", /Permission Error/));
    it("read_csv between comments holding quotes (the polars hole)", () => refused(`SELECT * FROM /* ' */ read_csv('${file()}') /* ' */`, "QUERY_REJECTED", /Permission Error/));
    it("read_csv_auto with a list of files", () => refused(`SELECT * FROM read_csv_auto(['${file()}'])`, "QUERY_REJECTED", /Permission Error/));
    it("a file path as a table (replacement scan)", () => refused(`SELECT * FROM '${file()}'`, "QUERY_REJECTED", /Permission Error/));
    it("read_json", () => refused(`SELECT * FROM read_json('${path.join(dir, "data.json")}')`, "QUERY_REJECTED", /Permission Error/));
    it("read_parquet", () => refused(`SELECT * FROM read_parquet('${path.join(dir, "*.parquet")}')`, "QUERY_REJECTED", /Permission Error/));
    it("read_text and read_blob of /etc/passwd", async () => {
      await refused("SELECT content FROM read_text('/etc/passwd')", "QUERY_REJECTED", /Permission Error/);
      await refused("SELECT content FROM read_blob('/proc/self/environ')", "QUERY_REJECTED", /Permission Error/);
    });
    it("glob and sniff_csv list or probe files", async () => {
      await refused(`SELECT * FROM glob('${dir}/*')`, "QUERY_REJECTED", /Permission Error/);
      await refused(`SELECT * FROM sniff_csv('${file()}')`, "QUERY_REJECTED", /Permission Error/);
    });
    it("a CTE hiding a table function", () => refused(`WITH t AS (SELECT * FROM read_csv('${file()}')) SELECT * FROM data, t LIMIT 1`, "QUERY_REJECTED", /Permission Error/));
    it("a table function in a WHERE subquery", () => refused(`SELECT count(*) FROM data WHERE EXISTS (SELECT 1 FROM read_text('${file()}'))`, "QUERY_REJECTED", /Permission Error/));
    it("query() running a nested query string", () => refused(`SELECT * FROM query('SELECT * FROM read_csv(''${file().replace(/'/g, "''")}'')')`, "QUERY_REJECTED", /Permission Error/));
    it("https through httpfs (URL table and read_csv)", async () => {
      await refused("SELECT * FROM 'https://127.0.0.1:9/x.csv'", "QUERY_REJECTED", /Permission Error/);
      await refused("SELECT * FROM read_parquet('s3://bucket/x.parquet')", "QUERY_REJECTED", /Permission Error/);
    });
    it("INSTALL and LOAD an extension", async () => {
      await refused("INSTALL httpfs", "QUERY_REJECTED", /Permission Error|only SELECT/);
      await refused("LOAD httpfs", "QUERY_REJECTED", /Permission Error|only SELECT/);
    });
    it("SET and RESET of the guard settings", async () => {
      await refused("SET enable_external_access = true", "QUERY_REJECTED", /locked|only SELECT/);
      await refused("SET memory_limit = '64GB'", "QUERY_REJECTED", /locked|only SELECT/);
      await refused("RESET lock_configuration", "QUERY_REJECTED", /locked|only SELECT/);
    });
    it("PRAGMA and CALL", async () => {
      await refused("PRAGMA enable_profiling", "QUERY_REJECTED", /only SELECT/);
      await refused("CALL pragma_version()", "QUERY_REJECTED", /only SELECT/);
    });
    it("ATTACH a database file", () => refused(`ATTACH '${path.join(dir, "x.db")}' AS x`, "QUERY_REJECTED", /Permission Error|only SELECT/));
    it("COPY and EXPORT DATABASE write nothing", async () => {
      await refused(`COPY data TO '${path.join(dir, "out.csv")}'`, "QUERY_REJECTED", /Permission Error|only SELECT/);
      await refused(`COPY (SELECT 1) TO '${path.join(dir, "out2.csv")}'`, "QUERY_REJECTED", /Permission Error|only SELECT/);
      await refused(`EXPORT DATABASE '${path.join(dir, "export")}'`, "QUERY_REJECTED", /Permission Error|only SELECT/);
      assert.deepEqual(fs.readdirSync(dir).sort(), ["data.json", "databrickscfg.csv"]);
    });
    it("secrets, extensions and environment: duckdb_secrets, duckdb_extensions, getenv", async () => {
      assert.deepEqual((await executeQuery(frame, "SELECT * FROM duckdb_secrets()")).rows, [], "no secret is stored or readable");
      await refused("SELECT * FROM duckdb_extensions()", "QUERY_REJECTED", /Permission Error/);
      await refused("SELECT getenv('AGENTIC_MMM_TEST_CANARY')", "QUERY_FAILED", /getenv does not exist/);
    });
    it("settings are readable but hold no secret, and the engine process has no secret in its environment", async () => {
      const r = await executeQuery(frame, "SELECT name, value FROM duckdb_settings()");
      assert.ok(r.totalRows > 50);
      const v = Object.fromEntries(r.rows.map((x) => [x["name"], x["value"]]));
      assert.deepEqual([v["enable_external_access"], v["lock_configuration"], v["autoload_known_extensions"], v["threads"]], ["false", "true", "false", "2"]);
      assert.ok(!JSON.stringify(r.rows).includes(CANARY));
      await stillWorks();
    });
  });

  describe("statements, quoting, comments and homoglyphs", () => {
    it("two statements, the second a DROP", () => refused("SELECT 1; DROP TABLE data", "QUERY_REJECTED", /only one statement/));
    it("a statement hidden after a comment holding a quote", () => refused("SELECT 1 -- it's\n; DROP TABLE data --'", "QUERY_REJECTED", /only one statement/));
    it("write statements: CREATE, INSERT, UPDATE, DELETE, DROP", async () => {
      for (const sql of ["CREATE TABLE t AS SELECT * FROM data", "INSERT INTO data SELECT * FROM data", "UPDATE data SET revenue = 0", "DELETE FROM data", "DROP TABLE data", "CREATE MACRO m(x) AS x"]) {
        await refused(sql, "QUERY_REJECTED", /only SELECT/);
      }
      assert.equal((await executeQuery(frame, "SELECT count(*) AS n FROM data WHERE revenue > 0")).rows[0]!["n"], 156);
    });
    it("query() with a write statement inside", () => refused("SELECT * FROM query('CREATE TABLE x AS SELECT 1')", "QUERY_FAILED", /single SELECT/));
    it("a homoglyph function name (Cyrillic а in read_csv)", () => refused(`SELECT * FROM reаd_csv('${secret}')`, "QUERY_FAILED", /does not exist/));
    it("a full-width semicolon between statements", () => refused("SELECT 1；DROP TABLE data", "QUERY_FAILED", /Parser Error/));
    it("empty text, only a comment, only a semicolon", async () => {
      for (const sql of ["", "   \n", "-- nothing", "/* x */", ";"]) await refused(sql, "QUERY_REJECTED", /empty|no statement/);
    });
    it("a 200 000-character query", () => refused(`SELECT ${"1+".repeat(100_000)}1`, "QUERY_REJECTED", /longer than 100,000 characters/));
    it("quotes and comments inside strings are data, not SQL", async () => {
      const r = await executeQuery(frame, "SELECT 'read_csv(''/etc/passwd''); -- /*' AS s, \"revenue\" FROM data ORDER BY date LIMIT 1;");
      assert.deepEqual(r.rows[0], { s: "read_csv('/etc/passwd'); -- /*", revenue: frame.getColumn("revenue").get(0) });
      await stillWorks();
    });
  });

  describe("resource bombs end at a limit", () => {
    it("the 4-way cross join of the sample: a clear error, kernel RSS under 1 GB", async () => {
      let peak = process.memoryUsage().rss;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t0 = Date.now();
      try {
        await refused("SELECT * FROM data a CROSS JOIN data b CROSS JOIN data c CROSS JOIN data d", "QUERY_LIMIT", /more than 1,000,000 rows/);
      } finally {
        clearInterval(timer);
      }
      assert.ok(peak < 1024 ** 3, `peak RSS ${Math.round(peak / 1048576)} MB`);
      assert.ok(Date.now() - t0 < 10_000);
    });
    it("a cross join that must be materialised (ORDER BY)", () => refused("SELECT * FROM data a, data b, data c, data d ORDER BY a.revenue + b.revenue + c.revenue + d.revenue DESC LIMIT 5", "QUERY_LIMIT", /time limit|Out of Memory/));
    it("count over range(1e11) runs into the time limit", () => refused("SELECT count(*) FROM range(100000000000)", "QUERY_LIMIT", /longer than the 3 s time limit/));
    it("generate_series(1, 1e11) as a result", () => refused("SELECT * FROM generate_series(1, 100000000000)", "QUERY_LIMIT", /more than 1,000,000 rows/));
    it("a list bomb: len(range(1e8))", () => refused("SELECT len(range(100000000))", "QUERY_LIMIT", /Out of Memory|stopped|time limit/));
    it("a string bomb: repeat('x', 1e9)", () => refused("SELECT length(repeat('x', 1000000000))", "QUERY_LIMIT", /Out of Memory|stopped|time limit/));
    it("a string per row: repeat('x', 1e7) for 156 rows", () => refused("SELECT repeat('x', 10000000) AS s FROM data", "QUERY_LIMIT", /Out of Memory|larger than|stopped/));
    it("string_agg of megabyte strings over a self-join", () => refused("SELECT length(string_agg(repeat('x', 1000000), '')) FROM data a, data b", "QUERY_LIMIT", /Out of Memory|stopped|time limit/));
    it("a recursive CTE without an end", () => refused("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", "QUERY_LIMIT", /time limit|Out of Memory|stopped/));
    it("returned rows are capped at the limit, and totalRows counts them all", async () => {
      const r = await executeQuery(frame, "SELECT a.date FROM data a, data b", 5);
      assert.deepEqual([r.rows.length, r.totalRows, r.truncated], [5, 156 * 156, true]);
      const wide = await executeQuery(frame, "SELECT * FROM data", 5000);
      assert.equal(wide.rows.length, Math.min(156, AGENT_CFG.maxResultRows));
      await stillWorks();
    });
    it("results too large to return (200 rows of 50 000 characters)", () => refused("SELECT repeat('x', 50000) AS s FROM data a, data b LIMIT 200", "QUERY_LIMIT", /larger than 4,000,000 characters/));
    it("an idle engine does not keep the kernel alive: a script that queried exits at once", () => {
      const lib = JSON.stringify(path.join(REPO, "kernel-lib/src"));
      const code = `const m = require(${lib}); m.loadTable(${JSON.stringify(SAMPLE)}).then((t) => m.executeQuery(t.frame, "SELECT count(*) AS n FROM data")).then((r) => console.log(r.rows[0].n));`;
      const t0 = Date.now();
      const out = execFileSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: REPO, encoding: "utf8", timeout: 30_000 });
      assert.equal(out.trim(), "156");
      assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms (the idle engine is ended only after a minute)`);
    });
    it("concurrent queries while one is a bomb: the others answer", async () => {
      const [bomb, a, b] = await Promise.allSettled([executeQuery(frame, "SELECT count(*) FROM range(100000000000)"), executeQuery(frame, "SELECT max(revenue) AS m FROM data"), executeQuery(frame, "SELECT count(*) AS n FROM data")]);
      assert.equal(bomb.status, "rejected");
      assert.equal((bomb as PromiseRejectedResult).reason.code, "QUERY_LIMIT");
      assert.deepEqual([a.status, b.status], ["fulfilled", "fulfilled"]);
      assert.equal((b as PromiseFulfilledResult<QueryResult>).value.rows[0]!["n"], 156);
      await stillWorks();
    });
  });
});
