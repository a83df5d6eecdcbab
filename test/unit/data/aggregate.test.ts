import { strict as assert } from "node:assert";
import { aggregateWeekly, MMMEngine, pl } from "../../../kernel-lib/src";
import { fixtureRng, ROBYN } from "../../helpers/fixtures";

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Daily transactions in long format with cent amounts; returns the frame and exact weekly cents. */
function transactions(days: number, perDay: number, seed: number, geos = ["north", "south"]) {
  const rnd = fixtureRng(seed);
  const channels = ["TV", "Paid Search", "social"];
  const rows: { date: string; geo: string; channel: string; spend: number; revenue: number; price_index: number }[] = [];
  const truth = new Map<string, { spend: Record<string, number>; revenue: number; price: number[] }>();
  const start = Date.UTC(2023, 0, 4); // a Wednesday: weeks start on Monday 2023-01-02
  for (let d = 0; d < days; d++) {
    const t = start + d * DAY;
    const monday = iso(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY);
    for (let k = 0; k < perDay; k++) {
      const geo = geos[k % geos.length]!;
      const channel = channels[Math.floor(rnd() * channels.length)]!;
      const spendCents = Math.floor(rnd() * 100_000);
      const revenueCents = Math.floor(rnd() * 1_000_000);
      const price = 90 + Math.floor(rnd() * 20);
      rows.push({ date: iso(t), geo, channel, spend: spendCents / 100, revenue: revenueCents / 100, price_index: price });
      const key = `${monday}|${geo}`;
      const w = truth.get(key) ?? { spend: {}, revenue: 0, price: [] };
      w.spend[channel] = (w.spend[channel] ?? 0) + spendCents;
      w.revenue += revenueCents;
      w.price.push(price);
      truth.set(key, w);
    }
  }
  return { frame: pl.readRecords(rows).withColumns(pl.col("date").str.strptime(pl.Date, "%Y-%m-%d")), truth };
}

describe("weekly aggregation", () => {
  it("daily transactions → weeks per geo, sums equal to the source to the cent, prices averaged", () => {
    const { frame, truth } = transactions(200, 40, 11);
    const { frame: weekly, plan } = aggregateWeekly(frame, { dateCol: "date", geoCol: "geo", pivotCol: "channel" });
    assert.deepEqual(plan.pivoted, ["paid_search_spend", "social_spend", "tv_spend"]);
    assert.deepEqual(plan.mean, ["price_index"]);
    assert.equal(weekly.height, truth.size);
    for (const r of weekly.toRecords() as Record<string, unknown>[]) {
      const w = truth.get(`${iso((r["date"] as Date).getTime())}|${r["geo"]}`);
      assert.ok(w, `unexpected week ${String(r["date"])}`);
      assert.equal(Math.round((r["revenue"] as number) * 100), w.revenue);
      assert.equal(Math.round((r["tv_spend"] as number) * 100), w.spend["TV"] ?? 0);
      assert.equal(Math.round((r["paid_search_spend"] as number) * 100), w.spend["Paid Search"] ?? 0);
      assert.equal(Math.round((r["social_spend"] as number) * 100), w.spend["social"] ?? 0);
      const meanPrice = w.price.reduce((a, b) => a + b, 0) / w.price.length;
      assert.ok(Math.abs((r["price_index"] as number) - meanPrice) < 1e-9);
    }
    const totalIn = frame.getColumn("spend").sum() as number;
    const totalOut = ["tv_spend", "paid_search_spend", "social_spend"].reduce((a, c) => a + (weekly.getColumn(c).sum() as number), 0);
    assert.ok(Math.abs(totalIn - totalOut) < 0.005);
  });

  it("week starts are Mondays by default and Sundays on request", () => {
    const { frame } = transactions(30, 3, 2, ["all"]);
    const mondays = aggregateWeekly(frame, { dateCol: "date" }).frame.getColumn("date").toArray() as unknown as Date[];
    assert.ok(mondays.every((d) => d.getUTCDay() === 1));
    assert.equal(iso(mondays[0]!.getTime()), "2023-01-02");
    const sundays = aggregateWeekly(frame, { dateCol: "date", weekStart: "sunday" }).frame.getColumn("date").toArray() as unknown as Date[];
    assert.ok(sundays.every((d) => d.getUTCDay() === 0));
    assert.equal(iso(sundays[0]!.getTime()), "2023-01-01");
  });

  it("already-weekly data is unchanged (Robyn), text columns keep the week's value", async () => {
    const engine = new MMMEngine();
    await engine.loadData(ROBYN);
    const before = engine.frame();
    const { rows, plan } = engine.aggregateWeekly();
    assert.equal(rows, 208);
    assert.deepEqual(plan.mode, ["events"]);
    const after = engine.frame();
    assert.deepEqual(after.getColumn("revenue").toArray(), before.getColumn("revenue").toArray());
    assert.deepEqual(after.getColumn("events").toArray(), before.getColumn("events").toArray());
  });

  it("the engine pivots a long transaction table by its channel column automatically", async () => {
    const { frame } = transactions(120, 12, 5, ["all"]);
    const engine = new MMMEngine();
    await engine.loadData(frame.drop("geo"));
    const p = engine.profile();
    assert.equal(p.granularity, "transactions");
    const { columns } = engine.aggregateWeekly();
    assert.ok(columns.includes("tv_spend") && columns.includes("paid_search_spend"), columns.join(","));
    const after = engine.profile();
    assert.equal(after.granularity, "weekly");
    assert.deepEqual([...after.roles.channels].sort(), ["paid_search_spend", "social_spend", "tv_spend"]);
  });

  it("works on a lazy scan without collecting the raw rows first", () => {
    const { frame } = transactions(60, 10, 8);
    const eager = aggregateWeekly(frame, { dateCol: "date", geoCol: "geo", pivotCol: "channel" }).frame;
    const lazy = aggregateWeekly(frame.lazy(), { dateCol: "date", geoCol: "geo", pivotCol: "channel" }).frame;
    assert.ok(eager.frameEqual(lazy));
  });

  it("unknown columns give a clear error", () => {
    const { frame } = transactions(10, 2, 1);
    assert.throws(() => aggregateWeekly(frame, { dateCol: "day" }), /Column 'day' is not in the data/);
  });
});
