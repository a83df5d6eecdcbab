import { strict as assert } from "node:assert";
import { addTimeFeatures, MMMEngine, pl } from "../../../kernel-lib/src";
import { ROBYN } from "../../helpers/fixtures";

const weekly = (n: number) =>
  pl
    .DataFrame({ date: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2023, 0, 2) + i * 7 * 86_400_000).toISOString().slice(0, 10)), revenue: Array.from({ length: n }, (_, i) => i) })
    .withColumns(pl.col("date").str.strptime(pl.Date, "%Y-%m-%d"));

describe("time features", () => {
  it("one-hot encodes Robyn's events with 'na' as the reference level", async () => {
    const engine = new MMMEngine();
    await engine.loadData(ROBYN);
    const { added } = engine.addTimeFeatures({ fourierOrder: 0, calendar: [] });
    assert.ok(added.includes("events_event1") && added.includes("events_event2"), added.join(","));
    assert.ok(!added.includes("events_na"));
    const df = engine.frame();
    assert.ok(!df.columns.includes("events"), "the text column is replaced by its dummies");
    const raw = pl.readCSV(ROBYN).getColumn("events").toArray() as string[];
    const e1 = df.getColumn("events_event1").toArray() as number[];
    assert.deepEqual(
      e1,
      raw.map((v) => (v === "event1" ? 1 : 0)),
    );
    assert.ok((engine.raw as import("nodejs-polars").DataFrame).columns.includes("events"), "the loaded table keeps the original column");
  });

  it("Fourier terms match the closed form on calendar days; trend counts weeks", () => {
    const { frame, added } = addTimeFeatures(weekly(60), { dateCol: "date", fourierOrder: 3 });
    assert.deepEqual(
      added.filter((c) => c.startsWith("fourier")),
      ["fourier_sin_1", "fourier_cos_1", "fourier_sin_2", "fourier_cos_2", "fourier_sin_3", "fourier_cos_3"],
    );
    const days = Date.UTC(2023, 0, 2 + 7 * 10) / 86_400_000;
    const s2 = frame.getColumn("fourier_sin_2").toArray()[10] as number;
    const c3 = frame.getColumn("fourier_cos_3").toArray()[10] as number;
    assert.ok(Math.abs(s2 - Math.sin((2 * Math.PI * 2 * days) / 365.25)) < 1e-12);
    assert.ok(Math.abs(c3 - Math.cos((2 * Math.PI * 3 * days) / 365.25)) < 1e-12);
    assert.deepEqual((frame.getColumn("trend").toArray() as number[]).slice(0, 3), [0, 1, 2]);
  });

  it("calendar columns: ISO week, month, quarter, year", () => {
    const { frame } = addTimeFeatures(weekly(60), { dateCol: "date", fourierOrder: 0 });
    const r = frame.toRecords()[13] as Record<string, unknown>; // 2023-04-03
    assert.deepEqual([r["week"], r["month"], r["quarter"], r["year"]], [14, 4, 2, 2023]);
    const last = frame.toRecords()[52] as Record<string, unknown>; // 2024-01-01
    assert.deepEqual([last["week"], last["quarter"], last["year"]], [1, 1, 2024]);
  });

  it("event dummies flag the week containing each date", () => {
    const { frame } = addTimeFeatures(weekly(20), { dateCol: "date", fourierOrder: 0, calendar: [], trend: false, events: [{ name: "Black Friday", dates: ["2023-01-18", "2023-03-05"] }] });
    const flags = frame.getColumn("event_black_friday").toArray() as number[];
    assert.deepEqual(
      flags.map((v, i) => (v ? i : -1)).filter((i) => i >= 0),
      [2, 8],
    );
    assert.throws(() => addTimeFeatures(weekly(5), { dateCol: "date", events: [{ name: "x", dates: ["soon"] }] }), /unreadable date 'soon'/);
  });

  it("refuses an unparsed date column with a clear message", () => {
    assert.throws(() => addTimeFeatures(pl.DataFrame({ date: ["2023-01-02"] }), { dateCol: "date" }), /not parsed as dates/);
  });
});

describe("time features never overwrite the analyst's columns", () => {
  it("a date column named 'week' stays the date; the calendar week gets a free name", async () => {
    const frame = weekly(3).rename({ date: "week" });
    const { frame: out, added } = addTimeFeatures(frame, { dateCol: "week" });
    assert.equal(String(out.getColumn("week").dtype), String(frame.getColumn("week").dtype));
    assert.ok((out.getColumn("week").toArray()[0] as unknown) instanceof Date);
    assert.ok(added.includes("week_1"), added.join(", "));
    assert.deepEqual(out.getColumn("week_1").toArray(), [1, 2, 3]);
  });
});
