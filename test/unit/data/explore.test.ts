import { strict as assert } from "node:assert";
import { cleanData, executeQuery, MMMEngine, type MMMError, pl } from "../../../kernel-lib/src";
import { pearson, ranks } from "../../../kernel-lib/src/math/stats";
import { ROBYN } from "../../helpers/fixtures";

describe("exploration tools", () => {
  const engine = new MMMEngine();
  before(async () => {
    await engine.loadData(ROBYN);
  });
  const raw = pl.readCSV(ROBYN);
  const col = (c: string) => Float64Array.from(raw.getColumn(c).toArray() as number[]);

  it("getColumnStats: quantiles and top values agree with the data", () => {
    const s = engine.getColumnStats("revenue");
    const sorted = [...col("revenue")].sort((a, b) => a - b);
    assert.equal(s.count, 208);
    assert.equal(s.quantiles!["p50"], (sorted[103]! + sorted[104]!) / 2);
    assert.equal(s.min, sorted[0]);
    const ev = engine.getColumnStats("events");
    assert.equal(ev.numeric, false);
    assert.equal(ev.topValues![0]!.value, "na");
  });

  it("getTopValues: frequencies, and top groups by a sum", () => {
    const counts = engine.getTopValues("events");
    const na = (raw.getColumn("events").toArray() as string[]).filter((v) => v === "na").length;
    assert.deepEqual(counts.rows[0], { events: "na", count: na });
    const byEvent = engine.getTopValues("revenue", { groupBy: "events", n: 2 });
    assert.equal(byEvent.rows.length, 2);
    assert.ok((byEvent.rows[0]!["revenue_sum"] as number) >= (byEvent.rows[1]!["revenue_sum"] as number));
  });

  it("sampleRows is seeded: same seed, same rows; dates come back as ISO strings", () => {
    const a = engine.sampleRows(5, 7);
    assert.deepEqual(a, engine.sampleRows(5, 7));
    assert.notDeepEqual(a, engine.sampleRows(5, 8));
    assert.match(String(a[0]!["DATE"]), /^\d{4}-\d{2}-\d{2}$/);
  });

  it("filterAggregate: filter, group, aggregate, with truncation reported", () => {
    const r = engine.filterAggregate({ filters: [{ column: "tv_S", op: ">", value: 0 }], groupBy: ["events"], aggs: { revenue: "mean", tv_S: "sum" }, sortBy: "events" });
    const tv = col("tv_S");
    const rev = col("revenue");
    const ev = raw.getColumn("events").toArray() as string[];
    const idx = [...tv.keys()].filter((i) => tv[i]! > 0 && ev[i] === "na");
    const row = r.rows.find((x) => x["events"] === "na")!;
    assert.ok(Math.abs((row["revenue_mean"] as number) - idx.reduce((a, i) => a + rev[i]!, 0) / idx.length) < 1e-6);
    const limited = engine.filterAggregate({ filters: [{ column: "events", op: "not_in", value: ["event1", "event2"] }], limit: 3 });
    assert.equal(limited.rows.length, 3);
    assert.equal(limited.truncated, true);
    assert.throws(() => engine.filterAggregate({ filters: [{ column: "events", op: "in", value: "event1" }] }), /needs a list/);
  });

  it("getCorrelationMatrix: Pearson and Spearman against a direct computation", () => {
    const m = engine.getCorrelationMatrix(["revenue", "tv_S", "search_S"]);
    assert.ok(Math.abs(m.matrix[0]![1]! - pearson(col("revenue"), col("tv_S"))) < 1e-4);
    const s = engine.getCorrelationMatrix(["revenue", "tv_S"], "spearman");
    assert.ok(Math.abs(s.matrix[0]![1]! - pearson(ranks(col("revenue")), ranks(col("tv_S")))) < 1e-4);
  });

  it("detectOutliers: IQR fences and z-scores, with rows and dates", () => {
    const o = engine.detectOutliers("ooh_S");
    assert.equal(o.count, engine.profile().quality["ooh_S"]!.outliersIqr);
    assert.ok(o.rows.every((r) => r.value > o.upper || r.value < o.lower));
    assert.match(o.rows[0]!.date!, /^\d{4}-/);
    const z = engine.detectOutliers("ooh_S", { method: "zscore", threshold: 3 });
    assert.equal(z.count, engine.profile().quality["ooh_S"]!.outliersZ);
  });

  it("executeQuery: DuckDB SQL over `data`, read-only, in its own process", async () => {
    const r = await engine.executeQuery("SELECT events, COUNT(*) AS n, SUM(revenue) AS rev FROM data GROUP BY events ORDER BY n DESC");
    assert.equal(r.rows[0]!["events"], "na");
    assert.equal(
      r.rows.reduce((a, x) => a + Number(x["n"]), 0),
      208,
    );
    for (const bad of ["DROP TABLE data", "SELECT * FROM read_csv('/etc/passwd')", "SELECT 1; SELECT 2", "CREATE TABLE t AS SELECT * FROM data", "COPY data TO 'x.csv'"]) {
      await assert.rejects(engine.executeQuery(bad), (e: MMMError) => e.code === "QUERY_REJECTED", bad);
    }
    assert.equal((await engine.executeQuery("SELECT 'read_csv; drop' AS s FROM data LIMIT 1")).rows[0]!["s"], "read_csv; drop");
    await assert.rejects(engine.executeQuery("SELECT nope FROM data"), (e: MMMError) => e.code === "QUERY_FAILED" && /columns:/.test(e.message));
    assert.equal(engine.status().rows, 208, "queries never change the data");
    const capped = await executeQuery(raw, "SELECT * FROM data", 10);
    assert.deepEqual([capped.rows.length, capped.totalRows, capped.truncated], [10, raw.height, true]);
  });
});

describe("cleaning", () => {
  const df = pl.DataFrame({
    date: ["2023-01-02", "2023-01-09", "2023-01-09", "2023-01-16", "2023-01-23", "2023-01-30"],
    revenue: [100, 110, 110, null, 130, 140],
    tv_spend: [10, -5, -5, null, 20, 30],
    price: [1.0, null, null, 1.2, null, 1.4],
    empty: [null, null, null, null, null, null] as (number | null)[],
  });

  it("removes duplicates, fills spend nulls with 0, drops rows without KPI, forward-fills controls, zeroes negative spend", () => {
    const { frame, report } = cleanData(df, { channels: ["tv_spend"], kpi: "revenue", sortBy: "date" });
    assert.equal(report.duplicatesRemoved, 1);
    assert.deepEqual(report.droppedColumns, ["empty"]);
    assert.deepEqual(report.negativeSpend, { tv_spend: { count: 1, policy: "zero" } });
    assert.equal(report.rowsDroppedForNulls, 1);
    assert.deepEqual(frame.getColumn("tv_spend").toArray(), [10, 0, 20, 30]);
    assert.deepEqual(frame.getColumn("price").toArray(), [1.0, 1.0, 1.2, 1.4]);
    assert.equal(report.rowsAfter, 4);
  });

  it("negative spend policies: abs, drop, error (naming the row)", () => {
    assert.deepEqual(
      cleanData(df, { channels: ["tv_spend"], negativeSpend: "abs", dropDuplicates: false, nulls: "keep" })
        .frame.getColumn("tv_spend")
        .toArray()
        .slice(0, 3),
      [10, 5, 5],
    );
    assert.equal(cleanData(df, { channels: ["tv_spend"], negativeSpend: "drop", dropDuplicates: false }).frame.height, 4);
    assert.throws(() => cleanData(df, { channels: ["tv_spend"], negativeSpend: "error" }), /'tv_spend' has 1 negative value\(s\), first at row 1/);
  });
});
