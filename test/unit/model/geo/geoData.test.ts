import { strict as assert } from "node:assert";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { nationalFromGeo, prepareGeoMmmData } from "../../../../kernel-lib/src/model/geo/geoData";
import { geoPanelRows, simulateGeoPanel } from "../../../../kernel-lib/src/model/simulate/geoPanel";
import { MERIDIAN_GEO } from "../../../helpers/fixtures";

const panel = simulateGeoPanel({ seed: 2, geos: 5, weeks: 30 });
const rows = geoPanelRows(panel);
const spec = { kpi: "revenue", channels: ["tv", "search", "social"], dateCol: "date", geoCol: "geo" };

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof MMMError ? e.code : `not an MMMError: ${String(e)}`;
  }
  return "no error";
};

describe("model/geo/geoData", () => {
  it("pivots a long frame (rows in any order) to geo × week arrays equal to the simulated panel", () => {
    const df = pl.DataFrame(rows).sample({ frac: 1, withReplacement: false, seed: 1 });
    const geo = prepareGeoMmmData(df, spec);
    assert.deepEqual(geo.geos, panel.data.geos);
    assert.deepEqual([...geo.days], [...panel.data.days]);
    geo.y.forEach((v, g) => assert.deepEqual([...v], [...panel.data.y[g]!]));
    geo.channels.forEach((c, i) => {
      const truth = panel.data.channels[i]!;
      c.spend.forEach((v, g) => assert.deepEqual([...v], [...truth.spend[g]!]));
      assert.deepEqual([...c.scale], [...truth.scale], "mean scaling: each geo's spend by its max");
    });
    geo.kpiScale.forEach((s, g) => assert.ok(Math.abs(s - panel.data.kpiScale[g]!) < 1e-9 * s, "each geo's KPI by its mean"));
    assert.deepEqual(geo.base.names, ["trend", "fourier_sin_1", "fourier_cos_1", "fourier_sin_2", "fourier_cos_2"]);
  });

  it("population scaling: KPI scale ∝ population with the national KPI per head; spend scale ∝ population", () => {
    const geo = prepareGeoMmmData(pl.DataFrame(rows), { ...spec, population: "population" });
    assert.equal(geo.scaling, "population");
    const pop = geo.population!;
    const kpiPerHead = geo.y.reduce((s, v) => s + v.reduce((a, b) => a + b, 0), 0) / geo.n / pop.reduce((a, b) => a + b, 0);
    geo.kpiScale.forEach((s, g) => assert.ok(Math.abs(s / (pop[g]! * kpiPerHead) - 1) < 1e-12));
    const tv = geo.channels[0]!;
    const ratio = tv.scale[0]! / pop[0]!;
    tv.scale.forEach((s, g) => assert.ok(Math.abs(s / pop[g]! - ratio) < 1e-9 * ratio));
    // The largest spend per head across geos sits exactly at the scale.
    assert.ok(Math.abs(Math.max(...tv.spend.map((v, g) => Math.max(...v) / tv.scale[g]!)) - 1) < 1e-12);
  });

  it("reads numeric controls per geo (missing weeks take the geo's mean) and leaves text controls out with a warning", () => {
    const price = rows["revenue"]!.map((_, i) => (i % 7 === 3 ? null : 100 + (i % 5)));
    const promo = rows["revenue"]!.map((_, i) => (i % 2 ? "yes" : "no"));
    const geo = prepareGeoMmmData(pl.DataFrame({ ...rows, price, promo }), { ...spec, controls: ["price", "promo"] });
    assert.deepEqual(
      geo.controls.map((c) => c.name),
      ["price"],
    );
    assert.ok(geo.warnings.some((w) => w.includes("'promo'")));
    const v = geo.controls[0]!.values[0]!; // geo_1 holds rows 0..29
    assert.equal(v[0], 100);
    const known = [...v].filter((_, t) => t % 7 !== 3);
    assert.ok(Math.abs(v[3]! - known.reduce((a, b) => a + b, 0) / known.length) < 1e-12);
  });

  it("sums to the national series the national model fits", () => {
    const nat = nationalFromGeo(panel.data);
    const t = 7;
    const total = panel.data.y.reduce((s, v) => s + v[t]!, 0);
    assert.ok(Math.abs(nat.y[t]! - total) < 1e-9 * total);
    const spend = panel.data.channels[1]!.total.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(nat.channels[1]!.total - spend) < 1e-9 * spend);
  });

  it("refuses an unbalanced panel, a single geo and a missing population (INVALID_ARGUMENT)", () => {
    const df = pl.DataFrame(rows);
    assert.equal(
      code(() =>
        prepareGeoMmmData(
          df.filter(
            pl
              .col("geo")
              .eq(pl.lit("geo_2"))
              .and(pl.col("date").eq(pl.lit(rows["date"]![3])))
              .not(),
          ),
          spec,
        ),
      ),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => prepareGeoMmmData(df.filter(pl.col("geo").eq(pl.lit("geo_1"))), spec)),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => prepareGeoMmmData(df, { ...spec, scaling: "population" })),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => prepareGeoMmmData(df, { ...spec, geoCol: "region" })),
      "COLUMN_NOT_FOUND",
    );
  });

  it("reads Meridian's geo_all_channels.csv: 40 geos × 156 weeks, population scaling", () => {
    const geo = prepareGeoMmmData(pl.readCSV(MERIDIAN_GEO), {
      kpi: "conversions",
      channels: ["Channel0_spend", "Channel1_spend", "Channel2_spend", "Channel3_spend", "Channel4_spend"],
      dateCol: "time",
      geoCol: "geo",
      population: "population",
    });
    assert.equal(geo.geos.length, 40);
    assert.equal(geo.n, 156);
    assert.equal(geo.channels.length, 5);
    assert.ok(geo.kpiScale.every((s) => s > 0));
  });
});
