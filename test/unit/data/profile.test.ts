import { strict as assert } from "node:assert";
import { MMMEngine, profileData, pl, samplePath } from "../../../kernel-lib/src";
import { mean, std } from "../../../kernel-lib/src/math/stats";
import { fixtureRng, MERIDIAN_GEO, ROBYN } from "../../helpers/fixtures";

describe("profiling", () => {
  describe("Robyn dt_simulated_weekly.csv", () => {
    const p = profileData(pl.readCSV(ROBYN));

    it("finds DATE, revenue as KPI, the five *_S channels", () => {
      assert.equal(p.roles.date, "DATE");
      assert.equal(p.roles.kpi, "revenue");
      assert.deepEqual([...p.roles.channels].sort(), ["facebook_S", "ooh_S", "print_S", "search_S", "tv_S"]);
    });

    it("facebook_I (and search clicks) as impressions, competitor_sales_B and events as controls", () => {
      assert.ok(p.roles.impressions.includes("facebook_I"));
      assert.ok(p.roles.impressions.includes("search_clicks_P"));
      assert.ok(p.roles.controls.includes("competitor_sales_B"));
      assert.ok(p.roles.controls.includes("events"));
      assert.deepEqual(p.roles.categorical, ["events"]);
      assert.match(p.roles.reasons["tv_S"]!, /_s/);
    });

    it("is weekly, sufficient, needs no aggregation", () => {
      assert.equal(p.granularity, "weekly");
      assert.equal(p.rows, 208);
      assert.equal(p.timeline!.weeks, 208);
      assert.equal(p.timeline!.start, "2015-11-23");
      assert.equal(p.timeline!.gaps.missing, 0);
      assert.equal(p.needsAggregation, false);
      assert.equal(p.sufficient, true);
    });

    it("quality numbers agree with an independent computation", () => {
      const x = Float64Array.from(pl.readCSV(ROBYN).getColumn("ooh_S").toArray() as number[]);
      const q = p.quality["ooh_S"]!;
      assert.ok(Math.abs(q.mean! - mean(x)) < 1e-6);
      assert.ok(Math.abs(q.std! - std(x)) < 1e-6);
      assert.equal(q.zeros, x.filter((v) => v === 0).length);
      const m = mean(x);
      const m2 = x.reduce((a, v) => a + (v - m) ** 2, 0) / x.length;
      const m3 = x.reduce((a, v) => a + (v - m) ** 3, 0) / x.length;
      assert.ok(Math.abs(q.skew! - m3 / m2 ** 1.5) < 1e-3);
      const sorted = [...x].sort((a, b) => a - b);
      const quant = (pr: number) => {
        const h = (sorted.length - 1) * pr;
        return sorted[Math.floor(h)]! + (h - Math.floor(h)) * (sorted[Math.ceil(h)]! - sorted[Math.floor(h)]!);
      };
      const [q1, q3] = [quant(0.25), quant(0.75)];
      assert.equal(q.outliersIqr, x.filter((v) => v < q1 - 1.5 * (q3 - q1) || v > q3 + 1.5 * (q3 - q1)).length);
      assert.equal(q.outliersZ, x.filter((v) => Math.abs(v - m) > 3 * std(x)).length);
      assert.ok(q.vif! >= 1 && q.vif! < 5);
    });
  });

  it("a lazy scan profiles exactly like the table in memory", () => {
    const eager = profileData(pl.readCSV(ROBYN));
    const lazy = profileData(pl.scanCSV(ROBYN));
    assert.deepEqual(lazy, eager);
  });

  describe("Meridian geo_all_channels.csv", () => {
    const p = profileData(pl.readCSV(MERIDIAN_GEO));

    it("finds the geo column, 40 geos × 156 weeks, the date and the KPI", () => {
      assert.equal(p.roles.geo, "geo");
      assert.equal(p.roles.date, "time");
      assert.equal(p.timeline!.geos, 40);
      assert.equal(p.timeline!.periods, 156);
      assert.equal(p.rows, 40 * 156);
      assert.equal(p.granularity, "weekly");
      assert.equal(p.roles.kpi, "conversions");
    });

    it("spend channels, impressions, controls; the unnamed index column and population are left out", () => {
      assert.deepEqual(p.roles.channels, ["Channel0_spend", "Channel1_spend", "Channel2_spend", "Channel3_spend", "Channel4_spend"]);
      assert.equal(p.roles.impressions.length, 5);
      for (const c of ["competitor_sales_control", "sentiment_score_control", "Promo"]) assert.ok(p.roles.controls.includes(c), c);
      assert.ok(p.roles.ignored.includes(""));
      assert.ok(p.roles.ignored.includes("population"));
      assert.equal(p.timeline!.duplicateDates.count, 0);
    });
  });

  describe("by content, not just names", () => {
    it("a daily transaction table is flagged for weekly aggregation", () => {
      const rnd = fixtureRng(3);
      const rows = Array.from({ length: 3000 }, (_, i) => ({
        day: new Date(Date.UTC(2023, 0, 2) + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10),
        medium: ["tv", "radio", "web", "tv"][i % 4],
        amount: rnd() * 100,
        sales: rnd() * 1000,
      }));
      const p = profileData(pl.readRecords(rows));
      assert.equal(p.roles.date, "day");
      assert.equal(p.granularity, "transactions");
      assert.equal(p.needsAggregation, true);
      assert.equal(p.roles.geo, undefined, "a long-format channel column is not a geo");
      assert.equal(p.roles.channelColumn, "medium");
      assert.ok(p.warnings.some((w) => /aggregate/.test(w)));
    });

    it("dates in an oddly named column are found by parsing; negative values make a control", () => {
      const df = pl.DataFrame({ when: ["03/01/2022", "10/01/2022", "17/01/2022", "24/01/2022"], y_sales: [1, 2, 3, 4], xyz: [-1, 2, -3, 4] });
      const p = profileData(df);
      assert.equal(p.roles.date, "when");
      assert.equal(p.granularity, "weekly");
      assert.ok(p.roles.controls.includes("xyz"));
      assert.match(p.roles.reasons["xyz"]!, /negative/);
    });

    it("near-collinear channels get a high VIF and a warning; gaps are counted", () => {
      const rnd = fixtureRng(9);
      const n = 120;
      const days = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2021, 0, 4) + (i + (i >= 60 ? 2 : 0)) * 7 * 86_400_000).toISOString().slice(0, 10));
      const tv = days.map(() => 1000 + rnd() * 500);
      const df = pl.DataFrame({ date: days, revenue: tv.map((v) => v * 3 + rnd() * 100), tv_spend: tv, radio_spend: tv.map((v) => v * 0.5 + rnd()), search_spend: tv.map(() => rnd() * 300) });
      const p = profileData(df);
      assert.ok(p.quality["radio_spend"]!.vif! > 1000);
      assert.ok(p.quality["search_spend"]!.vif! < 2);
      assert.ok(p.warnings.some((w) => /collinear/.test(w) && /radio_spend/.test(w)));
      assert.equal(p.timeline!.gaps.missing, 2);
    });

    it("the engine's profile honours kpiCol over the keyword guess", async () => {
      const engine = new MMMEngine();
      await engine.loadData(ROBYN, { kpiCol: "newsletter" });
      const p = engine.profile();
      assert.equal(p.roles.kpi, "newsletter");
      assert.ok(!p.roles.controls.includes("newsletter"));
    });
  });
});

describe("bundled datasets", () => {
  it("ship inside the package and load offline", async () => {
    for (const name of ["sample", "robyn", "meridian"] as const) {
      const engine = new MMMEngine();
      const res = await engine.loadData(samplePath(name));
      assert.ok(res.rows >= 156, name);
      assert.ok(engine.profile().sufficient, name);
    }
  });
});
