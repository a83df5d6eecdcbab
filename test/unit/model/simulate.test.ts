import { strict as assert } from "node:assert";
import { MMMError } from "../../../kernel-lib/src/errors";
import { pearson } from "../../../kernel-lib/src/math/stats";
import { simulateMMM } from "../../../kernel-lib/src/model/simulate/simulate";
import type { SimulateOptions, SimulationTruth } from "../../../kernel-lib/src/model/simulate/types";
import { pl, type DataFrame } from "../../../kernel-lib/src/data/polars";

const numbers = (df: DataFrame, col: string): number[] => df.getColumn(col).toArray() as number[];
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** KPI minus everything but the confounder and the noise. */
function residual(data: DataFrame, truth: SimulationTruth): number[] {
  return numbers(data, truth.kpi).map((y, t) => {
    let r = y - truth.baseline[t]!;
    for (const c of truth.controls) r -= c.weekly[t]!;
    for (const ch of truth.channels) r -= ch.weekly[t]!;
    return r;
  });
}

const invalid = (err: unknown): boolean => err instanceof MMMError && err.code === "INVALID_ARGUMENT" && err.hint.length > 0;

describe("model/simulate", () => {
  it("defaults: 156 Monday weeks, 4 channels, 2 controls, sensible ROAS", () => {
    const { data, truth } = simulateMMM({ seed: 1 });
    assert.equal(data.height, 156);
    assert.deepEqual(data.columns, ["date", "revenue", "tv_spend", "search_spend", "social_spend", "display_spend", "price_index", "competitor_sales"]);
    assert.ok(data.getColumn("date").dtype.equals(pl.Date));
    const dates = data.getColumn("date").toArray() as unknown as Date[];
    assert.equal(dates[0]!.toISOString().slice(0, 10), "2021-01-04");
    for (let i = 0; i < dates.length; i++) {
      assert.equal(dates[i]!.getUTCDay(), 1);
      if (i > 0) assert.equal(dates[i]!.getTime() - dates[i - 1]!.getTime(), 7 * 86_400_000);
    }
    assert.deepEqual(
      truth.channels.map((c) => c.name),
      ["tv", "search", "social", "display"],
    );
    for (const c of truth.channels) assert.ok(c.roas > 0.5 && c.roas < 5, `${c.name} ROAS ${c.roas}`);
    assert.ok(Math.abs(sum(truth.channels.map((c) => c.share)) - 1) < 1e-12);
    assert.ok(Math.min(...numbers(data, "revenue")) > 0);
    const tv = numbers(data, "tv_spend");
    assert.ok(tv.some((v) => v === 0) && tv.some((v) => v > 0), "tv is flighted");
  });

  it("is deterministic: same seed, same frame; different seed, different frame", () => {
    const a = simulateMMM({ seed: 7, geos: 2, events: true, impressions: true });
    const b = simulateMMM({ seed: 7, geos: 2, events: true, impressions: true });
    assert.ok(a.data.frameEqual(b.data));
    assert.deepEqual(a.truth, b.truth);
    const c = simulateMMM({ seed: 8, geos: 2, events: true, impressions: true });
    assert.ok(!a.data.frameEqual(c.data));
  });

  it("replays from truth.options", () => {
    const a = simulateMMM({ seed: 3, confounder: { channel: "tv" }, events: true });
    const b = simulateMMM(a.truth.options);
    assert.ok(a.data.frameEqual(b.data));
  });

  it("components sum exactly to the KPI", () => {
    const { data, truth } = simulateMMM({ seed: 5, geos: 3, events: true, confounder: { channel: "search" } });
    const kpi = numbers(data, "revenue");
    kpi.forEach((y, t) => {
      let s = truth.baseline[t]! + truth.noise[t]! + truth.confounder!.weekly[t]!;
      for (const c of truth.controls) s += c.weekly[t]!;
      for (const ch of truth.channels) s += ch.weekly[t]!;
      assert.ok(Math.abs(s - y) <= 1e-9 * Math.abs(y), `row ${t}: ${s} vs ${y}`);
      const parts = truth.options.baseline > 0 ? truth.trend[t]! + truth.seasonality[t]! + truth.events[t]! : 0;
      assert.ok(Math.abs(truth.baseline[t]! - parts - truth.options.baseline * truth.options.geoSizes[Math.floor(t / 156)]!) < 1e-6);
    });
  });

  it("ROAS is contribution / spend and spend totals match the frame", () => {
    const { data, truth } = simulateMMM({ seed: 2, geos: ["north", "south"] });
    for (const c of truth.channels) {
      assert.ok(Math.abs(c.spend - sum(numbers(data, c.column))) <= 1e-9 * c.spend);
      assert.ok(Math.abs(c.contribution - sum(c.weekly)) <= 1e-9 * c.contribution);
      assert.equal(c.roas, c.contribution / c.spend);
    }
  });

  it("multi-geo frames are long: geos × weeks rows, geos of different sizes", () => {
    const { data, truth } = simulateMMM({ seed: 4, geos: 3, weeks: 110 });
    assert.equal(data.height, 330);
    assert.equal(truth.rows, 330);
    assert.deepEqual(truth.geos, ["geo_1", "geo_2", "geo_3"]);
    const geo = data.getColumn("geo").toArray() as string[];
    assert.deepEqual([...new Set(geo)], truth.geos);
    const revenue = numbers(data, "revenue");
    const means = truth.geos.map((g) => sum(revenue.filter((_, i) => geo[i] === g)) / 110);
    assert.ok(means[0]! > means[1]! && means[1]! > means[2]!, `geo means ${means.join(", ")}`);
    assert.ok(Math.abs(sum(truth.options.geoSizes) / 3 - 1) < 1e-12);
  });

  it("impressions, events and an observed confounder become columns", () => {
    const { data } = simulateMMM({ seed: 6, impressions: ["tv"], events: true, confounder: { channel: "tv", observed: true } });
    for (const col of ["tv_impressions", "events", "demand_index"]) assert.ok(data.columns.includes(col), col);
    assert.ok(!data.columns.includes("search_impressions"));
    const labels = new Set(data.getColumn("events").toArray() as string[]);
    assert.deepEqual([...labels].sort(), ["holiday", "na", "promo"]);
    const spend = numbers(data, "tv_spend");
    numbers(data, "tv_impressions").forEach((v, i) => assert.ok(spend[i] === 0 ? v === 0 : Number.isInteger(v) && v > 0));
    const hidden = simulateMMM({ seed: 6, confounder: { channel: "tv" } }).data;
    assert.ok(!hidden.columns.includes("demand_index"));
  });

  it("a confounder ties the channel's spend to the unexplained KPI", () => {
    const opts: SimulateOptions = { seed: 11, weeks: 260 };
    const plain = simulateMMM(opts);
    const confounded = simulateMMM({ ...opts, confounder: { channel: "search", spendEffect: 0.5, kpiEffect: 0.08 } });
    const rPlain = pearson(numbers(plain.data, "search_spend"), residual(plain.data, plain.truth));
    const rConf = pearson(numbers(confounded.data, "search_spend"), residual(confounded.data, confounded.truth));
    assert.ok(Math.abs(rPlain) < 0.2, `without confounder r = ${rPlain}`);
    assert.ok(rConf > 0.5, `with confounder r = ${rConf}`);
    // Other channels' spend streams are unaffected by switching the confounder on.
    assert.deepEqual(numbers(plain.data, "tv_spend"), numbers(confounded.data, "tv_spend"));
  });

  it("uses the requested adstock and saturation for each channel", () => {
    const { truth } = simulateMMM({
      seed: 1,
      channels: [
        { name: "a", spend: { mean: 1000 }, adstock: { type: "weibull_pdf", params: { lambda: 3, k: 2 } }, saturation: { type: "logistic", params: { lam: 3 } }, beta: 5000 },
        { name: "b", spend: { mean: 500 }, adstock: { type: "delayed", params: { alpha: 0.4, theta: 2, lMax: 5 } }, saturation: { type: "michaelis_menten", params: { lam: 0.3 } }, beta: 1000 },
      ],
      controls: [],
      seasonality: false,
    });
    assert.deepEqual(truth.channels[0]!.adstock, { type: "weibull_pdf", params: { lambda: 3, k: 2, lMax: 8, normalize: true } });
    for (const ch of truth.channels) assert.ok(ch.weekly.every((v) => v >= 0 && v < ch.beta));
    assert.ok(truth.seasonality.every((v) => v === 0));
    assert.equal(truth.controls.length, 0);
  });

  it("rejects bad options with actionable errors", () => {
    const bad: SimulateOptions[] = [
      { seed: -1 },
      { weeks: 0 },
      { weeks: 10.5 },
      { start: "2021-01-05" },
      { start: "2021-13-01" },
      { geos: 0 },
      { geos: ["a", "a"] },
      { geos: 2, geoSizes: [1] },
      { channels: [] },
      { channels: [{ name: "bad name", spend: { mean: 1 }, adstock: { type: "geometric", params: { alpha: 0.5 } }, saturation: { type: "hill", params: { K: 0.5, S: 1 } }, beta: 1 }] },
      { channels: [{ name: "tv", spend: { mean: -5 }, adstock: { type: "geometric", params: { alpha: 0.5 } }, saturation: { type: "hill", params: { K: 0.5, S: 1 } }, beta: 1 }] },
      { channels: [{ name: "tv", spend: { mean: 5 }, adstock: { type: "geometric", params: { alpha: 1.5 } }, saturation: { type: "hill", params: { K: 0.5, S: 1 } }, beta: 1 }] },
      { channels: [{ name: "tv", spend: { mean: 5 }, adstock: { type: "geometric", params: { alpha: 0.5 } }, saturation: { type: "hill", params: { K: 0, S: 1 } }, beta: 1 }] },
      { channels: [{ name: "tv", spend: { mean: 5, onProbability: 0 }, adstock: { type: "geometric", params: { alpha: 0.5 } }, saturation: { type: "hill", params: { K: 0.5, S: 1 } }, beta: 1 }] },
      { confounder: { channel: "serch" } },
      { controls: [{ name: "revenue", coef: 1 }] },
      { noise: -0.1 },
      { impressions: ["radio"] },
      { seasonality: [[0.1]] as unknown as Array<[number, number]> },
    ];
    for (const opts of bad) assert.throws(() => simulateMMM(opts), invalid, JSON.stringify(opts));
    assert.throws(() => simulateMMM({ confounder: { channel: "serch" } }), /Did you mean "search"/);
  });
});
