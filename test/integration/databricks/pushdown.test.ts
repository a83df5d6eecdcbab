/**
 * Pushdown of the weekly aggregation and of profiling statistics. The SQL sent is checked for
 * shape and quoting; its semantics are checked by executing it (through a small Databricks →
 * Polars SQL rewrite) on the same transactions inside the fake warehouse, and the weekly table that
 * comes back must equal the local `aggregateWeekly` — columns, order, dtypes and values.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { aggregateWeekly, type AggregateOptions } from "../../../kernel-lib/src/data/aggregate";
import { pl, type DataFrame } from "../../../kernel-lib/src/data/polars";
import { columnQuality } from "../../../kernel-lib/src/data/profile/quality";
import { createClient } from "../../../kernel-lib/src/databricks/http";
import { aggregateWeeklyRemote } from "../../../kernel-lib/src/databricks/pushdown";
import { weeklyAggregationSql } from "../../../kernel-lib/src/databricks/pushdownSql";
import { profileRemote } from "../../../kernel-lib/src/databricks/profileRemote";
import { openSqlSession, type SqlSession } from "../../../kernel-lib/src/databricks/session";
import { MMMEngine, configureDatabricksSql, type MMMError } from "../../../kernel-lib/src";
import { startFakeWarehouse, type FakeWarehouse } from "../../helpers/fakeWarehouse";
import { REPO, fixtureRng, tempDir } from "../../helpers/fixtures";
import { runOnPolars } from "../../helpers/polarsSqlAdapter";
import { allowLocalHttp } from "../../helpers/localHttp";

const TOKEN = "dapi-pushdown-token-0123456789";
const TABLE = "`main`.`sales`.`tx`";

/** Transactions over ~15 months: geo with nulls, a channel column (one value with a quote), Int32 and Float64 volumes, a rate. */
function transactions(n = 20_000): DataFrame {
  const rnd = fixtureRng(7);
  const channels = ["TV", "Paid Search", "O'Brien Radio", "social"];
  const regions = ["North", "South", null];
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const day = Array.from({ length: n }, () => 19_000 + Math.floor(rnd() * 450));
  return pl.DataFrame([
    pl.Series("order date", day, pl.Int32).cast(pl.Date),
    pl.Series(
      "region",
      Array.from({ length: n }, () => pick(regions)),
      pl.Utf8,
    ),
    pl.Series(
      "channel",
      Array.from({ length: n }, () => (rnd() < 0.02 ? null : pick(channels))),
      pl.Utf8,
    ),
    pl.Series(
      "media spend",
      Array.from({ length: n }, () => Math.round(rnd() * 10_000) / 100),
    ),
    pl.Series(
      "units",
      Array.from({ length: n }, () => Math.floor(rnd() * 5)),
      pl.Int32,
    ),
    pl.Series(
      "revenue",
      Array.from({ length: n }, () => Math.round(rnd() * 40_000) / 100),
    ),
    pl.Series(
      "price_index",
      Array.from({ length: n }, () => (rnd() < 0.1 ? null : 0.9 + rnd() / 5)),
    ),
  ]);
}

function assertSameFrame(actual: DataFrame, expected: DataFrame): void {
  assert.deepEqual(actual.columns, expected.columns);
  assert.deepEqual(String(Object.values(actual.schema)), String(Object.values(expected.schema)));
  assert.equal(actual.height, expected.height);
  for (const c of expected.columns) {
    const [a, e] = [actual.getColumn(c).toArray(), expected.getColumn(c).toArray()];
    a.forEach((v, i) => {
      const w = e[i];
      if (typeof v === "number" && typeof w === "number") assert.ok(Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(w)), `${c}[${i}]: ${v} vs ${w}`);
      else assert.deepEqual(v, w, `${c}[${i}]`);
    });
  }
}

const sample = pl.readCSV(path.join(REPO, "kernel-lib/data/sample_weekly.csv")).withColumns(pl.col("date").str.strptime(pl.Date, "%Y-%m-%d"));

/** The sample as a table: its schema for LIMIT 0, and for the aggregation a result prepared locally (Polars SQL lacks mode()). */
function weeklySample(sql: string) {
  if (sql.endsWith("LIMIT 0")) return { frame: sample.head(0) };
  assert.match(sql, /^WITH src AS \(SELECT \*, CAST\(date_trunc\('WEEK', `date`\) AS DATE\) AS `__mmm_week` FROM `main`.`marketing`.`weekly`\)\nSELECT `__mmm_week` AS `date`, coalesce\(sum\(`revenue`\), 0\) AS `revenue`/);
  return { frame: aggregateWeekly(sample, { dateCol: "date" }).frame };
}

describe("Databricks pushdown: weekly aggregation and profiling in the warehouse", function () {
  allowLocalHttp();
  this.timeout(60_000);
  let server: FakeWarehouse;
  let session: SqlSession;
  const data = transactions();

  before(async () => {
    process.env.DATABRICKS_CONFIG_FILE = path.join(tempDir(), "none");
    // The fake warehouse executes what it receives, rewritten for Polars SQL, on the same data.
    // Polars SQL has no mode(): the tables checked this way hold no text columns beyond geo and channel.
    const tables: Record<string, DataFrame> = { [TABLE]: data, "`main`.`sales`.`tx_geo`": data.drop("channel"), "`main`.`sales`.`tx_channel`": data.drop("region") };
    server = await startFakeWarehouse({
      token: TOKEN,
      onStatement: (sql, body) => {
        const name = Object.keys(tables).find((t) => sql.includes(`${t} `) || sql.includes(`${t})`) || sql.endsWith(t));
        if (name) return { frame: runOnPolars(tables[name]!, sql, name, body.parameters), chunkRows: 100 };
        if (sql.includes("`main`.`marketing`.`weekly`")) return weeklySample(sql);
        return undefined;
      },
    });
    session = await openSqlSession({ client: createClient({ host: server.url, token: TOKEN }), warehouseId: "wh", pollIntervalMs: 5 });
  });
  after(() => server.close());

  it("builds quoted SQL: date_trunc('WEEK'), GROUP BY week and geo, sums / means / mode, no values in the text", () => {
    const dtypes = { "order date": "Date", region: "String", revenue: "Float64", price_index: "Float64", note: "String" };
    const { sql, parameters } = weeklyAggregationSql(TABLE, dtypes, { dateCol: "order date", geoCol: "region" });
    assert.equal(
      sql,
      "WITH src AS (SELECT *, CAST(date_trunc('WEEK', `order date`) AS DATE) AS `__mmm_week` FROM `main`.`sales`.`tx`)\n" +
        "SELECT `__mmm_week` AS `order date`, `region`, coalesce(sum(`revenue`), 0) AS `revenue`, avg(`price_index`) AS `price_index`, mode(`note`) AS `note`\n" +
        "FROM src\nGROUP BY `__mmm_week`, `region`\nORDER BY `__mmm_week` NULLS FIRST, `region` NULLS FIRST",
    );
    assert.deepEqual(parameters, []);
    const sunday = weeklyAggregationSql(TABLE, { d: "String", x: "Int64" }, { dateCol: "d", weekStart: "sunday" }).sql;
    assert.match(sunday, /date_sub\(CAST\(date_trunc\('WEEK', date_add\(to_date\(`d`, 'yyyy-MM-dd'\), 1\)\) AS DATE\), 1\)/);
  });

  it("pivoted channels: values go in as parameters, aliases are sanitised and quoted", () => {
    const dtypes = { d: "Date", channel: "String", "media spend": "Float64", revenue: "Float64" };
    const { sql, parameters } = weeklyAggregationSql(TABLE, dtypes, { dateCol: "d", pivotCol: "channel" }, ["O'Brien Radio", "TV"]);
    assert.deepEqual(parameters, [
      { name: "level0", value: "O'Brien Radio", type: "STRING" },
      { name: "level1", value: "TV", type: "STRING" },
    ]);
    assert.ok(!sql.includes("O'Brien") && !sql.includes("'TV'"));
    assert.match(sql, /pre AS \(SELECT `__mmm_week`, `channel`, sum\(`revenue`\) AS `revenue`, sum\(`media spend`\) AS `media spend` FROM src GROUP BY `__mmm_week`, `channel`\)/);
    assert.match(sql, /coalesce\(sum\(CASE WHEN CAST\(`channel` AS STRING\) = :level0 THEN `media spend` END\), 0\) AS `o_brien_radio_media spend`/);
  });

  for (const [label, table, opts] of [
    ["per geo, Monday weeks", "tx_geo", { dateCol: "order date", geoCol: "region" }],
    ["per geo and channel (long format), Monday weeks", "tx", { dateCol: "order date", geoCol: "region", pivotCol: "channel" }],
    ["channel pivot, Sunday weeks, week column renamed", "tx_channel", { dateCol: "order date", pivotCol: "channel", weekStart: "sunday", weekCol: "week" }],
  ] as [string, string, AggregateOptions][]) {
    it(`the warehouse result equals the local aggregateWeekly: ${label}`, async () => {
      const source = table === "tx_geo" ? data.drop("channel") : table === "tx_channel" ? data.drop("region") : data;
      const local = aggregateWeekly(source, opts);
      const remote = await aggregateWeeklyRemote(`main.sales.${table}`, { ...opts, session });
      assertSameFrame(remote.frame, local.frame);
      assert.deepEqual(remote.plan, local.plan);
      assert.ok(remote.transfer.responseBytes < data.writeIPCStream().length / 5, `${remote.transfer.responseBytes} bytes`);
    });
  }

  it("engine.loadData(table, { weekly }) aggregates in the warehouse: the same working table as loading locally, and only weekly rows cross the wire", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { DATABRICKS_HOST: server.url, DATABRICKS_TOKEN: TOKEN, DATABRICKS_WAREHOUSE_ID: "wh" });
    configureDatabricksSql({ pollIntervalMs: 5, backoffMs: 1 });
    try {
      const source = data.drop("channel");
      const local = new MMMEngine();
      const remote = new MMMEngine();
      const opts = { dateCol: "order date", geoCol: "region", kpiCol: "revenue", weekly: {} };
      await local.loadData(source, opts);
      const loaded = await remote.loadData("main.sales.tx_geo", opts);
      assertSameFrame(remote.frame(), local.frame());
      const step = remote.steps.find((x) => x.step === "aggregate_weekly")!;
      assert.equal(step.detail.where, "warehouse");
      assert.equal(local.steps.find((x) => x.step === "aggregate_weekly")!.detail.where, "local");
      assert.ok((step.detail.bytesTransferred as number) < source.writeIPCStream().length / 5);
      assert.equal(loaded.rows, local.frame().height);
      assert.ok(!server.statements.at(-1)!.body.statement.startsWith("SELECT * FROM"), "no full-table read");
    } finally {
      configureDatabricksSql({});
      process.env = saved;
    }
  });

  it("text columns (mode): the sample's weekly table through the warehouse equals the local one", async () => {
    const remote = await aggregateWeeklyRemote("main.marketing.weekly", { dateCol: "date", session });
    assertSameFrame(remote.frame, aggregateWeekly(sample, { dateCol: "date" }).frame);
    assert.match(remote.sql, /avg\(`price_index`\) AS `price_index`, mode\(`events`\) AS `events`\nFROM src/);
  });

  it("profiling statistics computed by the warehouse equal the local profile's", async () => {
    const remote = await profileRemote("main.sales.tx", { session });
    const local = columnQuality(data);
    assert.equal(remote.rows, local.rows);
    for (const [name, q] of Object.entries(local.columns)) {
      const r = remote.columns[name]!;
      for (const k of Object.keys(q) as (keyof typeof q)[]) {
        if (k === "dtype" || k === "vif") continue;
        const [a, b] = [r[k], q[k]];
        if (typeof a === "number" && typeof b === "number") assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${name}.${k}: ${a} vs ${b}`);
        else assert.deepEqual(a, b, `${name}.${k}`);
      }
    }
    assert.match(server.statements.at(-1)!.body.statement, /CASE WHEN CAST\(`media spend` AS DOUBLE\) < :lo\d+/);
  });

  it("a column name with a backtick or semicolon is refused before anything is sent", async () => {
    const before = server.log.length;
    await assert.rejects(aggregateWeeklyRemote("main.sales.tx", { dateCol: "order date", geoCol: "region`; DROP TABLE x; --", session }), (e: MMMError) => e.code === "QUERY_REJECTED" && /contains a quote or backtick/.test(e.message));
    await assert.rejects(aggregateWeeklyRemote("main.sales.tx", { dateCol: "d;", session }), /contains a semicolon/);
    await assert.rejects(aggregateWeeklyRemote("main.sales.tx;", { dateCol: "d", session }), /refused/);
    assert.equal(server.log.length, before);
    await assert.rejects(aggregateWeeklyRemote("main.sales.tx", { dateCol: "when", session }), (e: MMMError) => e.code === "COLUMN_NOT_FOUND" && /'when'/.test(e.message));
  });
});
