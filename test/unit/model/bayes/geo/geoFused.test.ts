/**
 * The geo density's one pass over the geos (each geo's channel series, likelihood and chain rule
 * before the next geo's) equals the first implementation (per-channel passes over every geo first,
 * frozen in referenceGeoDensity.ts): log density and every gradient coordinate to 1e-10 relative,
 * at seeded random points, on a simulated panel with a control (logistic/geometric, Hill/delayed/Student-t)
 * and on Meridian's 40 × 156 × 5 panel; constrain() and weekly() give the same draws' contributions.
 */
import { strict as assert } from "node:assert";
import { createRng } from "../../../../../kernel-lib/src/math/random";
import { pl } from "../../../../../kernel-lib/src/data/polars";
import { GeoMmmDensity } from "../../../../../kernel-lib/src/model/bayes/geo/geoDensity";
import type { GeoModelOptions } from "../../../../../kernel-lib/src/model/bayes/geo/geoLayout";
import { prepareGeoMmmData, type GeoMmmData } from "../../../../../kernel-lib/src/model/geo/geoData";
import { simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";
import { MERIDIAN_GEO } from "../../../../helpers/fixtures";
import { ReferenceGeoMmmDensity } from "./referenceGeoDensity";

function randomPoint(dim: number, seed: number, spread = 0.5): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: dim }, () => rng.normal(0, spread));
}

function assertSame(data: GeoMmmData, options: GeoModelOptions, seeds: number[], spread = 0.5): void {
  // The first implementation sampled each geo's baseline coefficients and σ and had no shared week effects.
  const opts: GeoModelOptions = { ...options, integrateBaseline: false, timeEffects: false, noise: "perGeo" };
  const d = new GeoMmmDensity(data, opts);
  const r = new ReferenceGeoMmmDensity(data, opts);
  const g = new Float64Array(d.dim);
  const gr = new Float64Array(d.dim);
  for (const seed of seeds) {
    const q = randomPoint(d.dim, seed, spread);
    const lp = d.logpGrad(q, g);
    const ref = r.logpGrad(q, gr);
    assert.ok(Number.isFinite(ref) && Math.abs(lp - ref) <= 1e-10 * Math.abs(ref), `seed ${seed}: ${lp} vs ${ref}`);
    for (let i = 0; i < d.dim; i++) assert.ok(Math.abs(g[i]! - gr[i]!) <= 1e-10 * Math.max(1, Math.abs(gr[i]!)), `${d.names[i]}: ${g[i]} vs ${gr[i]}`);
    const p = d.constrain(q);
    const pr = r.constrain(q);
    p.channels.forEach((c, k) => assert.deepEqual(c.contribution, pr.channels[k]!.contribution));
    const w = new Float64Array(data.n);
    const wr = new Float64Array(data.n);
    d.weekly(1, 2, w);
    r.weekly(1, 2, wr);
    assert.deepEqual(w, wr);
  }
}

describe("model/bayes/geo fused pass", () => {
  const panel = simulateGeoPanel({ seed: 5, geos: 4, weeks: 40 });
  const rng = createRng(11);
  const data = { ...panel.data, controls: [{ name: "price", values: panel.data.y.map((_, g) => Float64Array.from({ length: 40 }, () => 10 * g + rng.normal(0, 2))) }] };

  it("equals the first implementation: logistic saturation, geometric adstock, a control", () => {
    assertSame(data, {}, [1, 2, 3, 4]);
  });

  it("equals it with Hill saturation, a delayed adstock and a Student-t likelihood", () => {
    assertSame(data, { saturation: "hill", adstock: "delayed", likelihood: "studentT", nu: 4 }, [5, 6, 7]);
  });

  it("equals it on Meridian's 40 geos × 156 weeks × 5 channels", () => {
    const geo = prepareGeoMmmData(pl.readCSV(MERIDIAN_GEO), {
      kpi: "conversions",
      channels: [0, 1, 2, 3, 4].map((i) => `Channel${i}_spend`),
      dateCol: "time",
      geoCol: "geo",
      population: "population",
    });
    assertSame(geo, {}, [8, 9], 0.3);
  });
});
