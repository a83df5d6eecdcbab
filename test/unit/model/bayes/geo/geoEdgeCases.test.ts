/**
 * The geo density at the edges an analyst's panel reaches: a channel that never spends in a geo (its
 * effect column all zeros), a geo whose KPI is constant, τ_c → 0 (the normal effects' limit is the
 * log-normal form's with every effect at e^μ_c), e^μ_c underflowing, and options naming a channel the
 * data left out.
 */
import { strict as assert } from "node:assert";
import normalLogpdf from "@stdlib/stats-base-dists-normal-logpdf";
import { pl } from "../../../../../kernel-lib/src/data/polars";
import { MMMError } from "../../../../../kernel-lib/src/errors";
import { createRng } from "../../../../../kernel-lib/src/math/random";
import { GeoMmmDensity } from "../../../../../kernel-lib/src/model/bayes/geo/geoDensity";
import { DEFAULT_GEO_PRIORS as P } from "../../../../../kernel-lib/src/model/bayes/geo/geoLayout";
import { buildLayout } from "../../../../../kernel-lib/src/model/bayes/model/layout";
import { prepareGeoMmmData, type GeoMmmData } from "../../../../../kernel-lib/src/model/geo/geoData";
import { prepareMmmData } from "../../../../../kernel-lib/src/model/mmmData";
import { geoPanelRows, simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";
import { assertGradientMatches } from "../../../../helpers/gradientCheck";

const panel = simulateGeoPanel({ seed: 5, geos: 4, weeks: 40 });

/** The panel with tv silent in geo 1 and geo 2's KPI constant at its mean. */
function edgePanel(): GeoMmmData {
  const d = panel.data;
  const tv = d.channels[0]!;
  const spend = tv.spend.map((v, g) => (g === 1 ? new Float64Array(v.length) : v));
  const silentTv = { ...tv, spend, total: Float64Array.from(spend, (v) => v.reduce((a, b) => a + b, 0)), scale: Float64Array.from(spend, (v) => Math.max(...v) || 1) };
  return { ...d, y: d.y.map((v, g) => (g === 2 ? new Float64Array(v.length).fill(d.kpiScale[g]!) : v)), channels: [silentTv, ...d.channels.slice(1)] };
}

function randomPoint(dim: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: dim }, () => rng.normal(0, 0.5));
}

describe("model/bayes/geo/geoDensity at the edges", () => {
  const data = edgePanel();

  it("a channel silent in a geo (a zero effect column) and a geo with a constant KPI: finite-difference gradients (normal effects, with and without a ROAS prior); the silent geo contributes nothing", () => {
    const d = new GeoMmmDensity(data);
    assertGradientMatches(d, randomPoint(d.dim, 3));
    assertGradientMatches(new GeoMmmDensity(data, { roasPriors: { "*": { mean: 2, sd: 1 } } }), randomPoint(d.dim, 4));
    const p = d.constrain(randomPoint(d.dim, 5));
    assert.equal(p.channels[0]!.contribution[1], 0);
    assert.ok(p.channels.every((c) => c.contribution.every(Number.isFinite)) && p.intercept.every(Number.isFinite));
  });

  it("τ_c → 0: the normal effects' density equals the log-normal form's with every z_gc's N(0, 1) prior taken out (1e-9)", () => {
    const normal = new GeoMmmDensity(data);
    const logNormal = new GeoMmmDensity(data, { effects: "logNormal", centred: false });
    const q = randomPoint(normal.dim, 6);
    for (const ch of normal.layout.channels) q[ch.logTau] = -40;
    // The same point in the log-normal layout: its z_gc (any values; τ·z vanishes) follow μ_c and log τ_c.
    const zs = randomPoint(logNormal.dim, 7);
    const q2 = new Float64Array(logNormal.dim);
    logNormal.names.forEach((name, i) => {
      const j = normal.names.indexOf(name);
      q2[i] = j >= 0 ? q[j]! : zs[i]!;
    });
    const zPrior = logNormal.layout.channels.reduce((a, ch) => a + data.geos.reduce((s, _, g) => s + normalLogpdf(q2[ch.z + g]!, 0, 1), 0), 0);
    const lpN = normal.logpGrad(q, new Float64Array(normal.dim));
    const lpL = logNormal.logpGrad(q2, new Float64Array(logNormal.dim));
    assert.ok(Math.abs(lpN - (lpL - zPrior)) < 1e-9 * Math.abs(lpN), `${lpN} vs ${lpL - zPrior}`);
  });

  it("e^μ_c underflowing (μ_c = −800): the log density and every gradient coordinate finite, the limit of μ_c = −60's", () => {
    const d = new GeoMmmDensity(data);
    const tv = d.layout.channels[0]!;
    const at = (mu: number) => {
      const q = randomPoint(d.dim, 8);
      q[tv.mu] = mu;
      const grad = new Float64Array(d.dim);
      return { lp: d.logpGrad(q, grad), grad };
    };
    const [far, near] = [at(-800), at(-60)];
    const nonFinite = d.names.filter((_, i) => !Number.isFinite(far.grad[i]!));
    assert.deepEqual(nonFinite, [], `non-finite gradient in ${nonFinite.join(", ")}`);
    // The two points differ in μ_c's prior only: tv's response is e^−60 ≈ 1e−26 of the KPI at −60.
    const prior = (m: number) => normalLogpdf(m, P.effectMu, P.effectSd);
    assert.ok(Math.abs(far.lp - near.lp - (prior(-800) - prior(-60))) < 1e-6, `${far.lp - near.lp} vs ${prior(-800) - prior(-60)}`);
    d.names.forEach((name, i) => {
      const want = i === tv.mu ? near.grad[i]! + (-60 - P.effectMu) / P.effectSd ** 2 - (-800 - P.effectMu) / P.effectSd ** 2 : near.grad[i]!;
      assert.ok(Math.abs(far.grad[i]! - want) < 1e-9 * Math.max(1, Math.abs(want)), `${name}: ${far.grad[i]} vs ${want}`);
    });
  });
});

describe("options naming a channel the data left out (zero spend)", () => {
  const rows = geoPanelRows(panel);
  rows["radio"] = rows["geo"]!.map(() => 0);
  const spec = { kpi: "revenue", channels: ["tv", "search", "social", "radio"], dateCol: "date", geoCol: "geo" };
  const leftOut = (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && /"radio".*left out.*zero spend/.test(e.what) && /radio/.test(e.hint) && !/Did you mean/.test(e.hint);

  it("the geo model says the channel was left out and why, instead of 'not a channel' (roasPriors, adstock, saturation)", () => {
    const data = prepareGeoMmmData(pl.DataFrame(rows), spec);
    assert.deepEqual(
      data.excluded.map((e) => e.name),
      ["radio"],
    );
    assert.throws(() => new GeoMmmDensity(data, { roasPriors: { radio: { mean: 2, sd: 1 } } }), leftOut);
    assert.throws(() => new GeoMmmDensity(data, { adstock: { radio: "delayed" } }), leftOut);
    assert.throws(() => new GeoMmmDensity(data, { saturation: { radio: "hill" } }), leftOut);
    // A misspelt channel still gets the closest names.
    assert.throws(() => new GeoMmmDensity(data, { roasPriors: { tvv: { mean: 2, sd: 1 } } }), /"tvv", which is not a channel.*"tv"/);
  });

  it("so does the national model (whose ROAS priors the full analysis hands to the geo fit)", () => {
    const national = pl.DataFrame(rows).filter(pl.col("geo").eq(pl.lit("geo_1")));
    const data = prepareMmmData(national, { kpi: "revenue", channels: spec.channels, dateCol: "date" });
    assert.throws(() => buildLayout(data, { roasPriors: { radio: { mean: 2, sd: 1 } } }), leftOut);
  });
});

describe("a geo whose KPI never moves", () => {
  it("is named in the panel's warnings (it says nothing about media; with a σ per geo its σ collapses, R-hat 2.2 at 2 × (150 + 100))", () => {
    const rows = geoPanelRows(panel);
    rows["geo"]!.forEach((g, i) => {
      if (g === "geo_3") rows["revenue"]![i] = 500;
    });
    const data = prepareGeoMmmData(pl.DataFrame(rows), { kpi: "revenue", channels: ["tv", "search", "social"], dateCol: "date", geoCol: "geo" });
    assert.ok(
      data.warnings.some((w) => w.includes("geo_3") && w.includes("constant")),
      data.warnings.join("\n"),
    );
    assert.ok(!data.warnings.some((w) => w.includes("geo_1")));
  });
});
