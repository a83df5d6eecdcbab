import { strict as assert } from "node:assert";
import { GeoMmmDensity } from "../../../../../kernel-lib/src/model/bayes/geo/geoDensity";
import { geoDecomposition, geoDrawParts, nationalParts, type GeoDecompositionParts } from "../../../../../kernel-lib/src/model/bayes/geo/geoDecomposition";
import { fitGeoBayesian, type GeoBayesFit } from "../../../../../kernel-lib/src/model/bayes/geo/geoFit";
import { simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";
import { createRng } from "../../../../../kernel-lib/src/math/random";

const total = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);

/** Largest |Σ parts + residual − actual| over the weeks, relative to the largest actual week. */
function gap(p: GeoDecompositionParts): number {
  const scale = Math.max(...p.actual.map(Math.abs));
  return Math.max(...p.actual.map((y, t) => Math.abs(p.baseline[t]! + p.weekEffects[t]! + p.controls[t]! + total(Object.values(p.channels).map((v) => v[t]!)) + p.residual[t]! - y))) / scale;
}

describe("model/bayes/geo/geoDecomposition", function () {
  this.timeout(600_000);
  const panel = simulateGeoPanel({ seed: 4, geos: 4, weeks: 80 });
  let fit: GeoBayesFit;
  let draws: Float64Array[];

  before(async () => {
    fit = await fitGeoBayesian(panel.data, { chains: 2, warmup: 200, draws: 100, seed: 9, threads: 1 });
    draws = fit.chains.flatMap((c) => c.draws);
  });

  it("a single draw: parts + residual = observed KPI per geo and nationally (1e-12 of the largest week); the draw seeds its own conditional coefficients", () => {
    const parts = geoDrawParts(fit.density, draws[7]!);
    assert.equal(parts.length, 4);
    for (const p of parts) assert.ok(gap(p) < 1e-12, `geo gap ${gap(p)}`);
    const nat = nationalParts(parts);
    assert.ok(gap(nat) < 1e-12, `national gap ${gap(nat)}`);
    nat.actual.forEach((y, t) => assert.equal(y, total(panel.data.y.map((v) => v[t]!))));
    // The same draw (even a copy): bit-identical; the draw next to it: other coefficients.
    assert.deepEqual(geoDrawParts(fit.density, Float64Array.from(draws[7]!)), parts);
    const other = geoDrawParts(fit.density, draws[8]!);
    assert.notDeepEqual(other[0]!.baseline, parts[0]!.baseline);
    assert.notDeepEqual(other[0]!.channels, parts[0]!.channels);
  });

  it("the posterior mean: parts + residual = observed KPI per geo and nationally; channel totals = the fit's contributions (1e-9)", () => {
    const dec = geoDecomposition(fit.density, draws, { maxDraws: draws.length });
    assert.equal(dec.draws, 200);
    for (const p of dec.byGeo) assert.ok(gap(p) < 1e-12, `geo gap ${gap(p)}`);
    assert.ok(gap(dec.national) < 1e-12);
    fit.channels.forEach((c, k) => {
      c.geos.forEach((g, j) => {
        const mean = total(fit.params.map((p) => p.channels[k]!.contribution[j]!)) / fit.params.length;
        const got = total(dec.byGeo[j]!.channels[c.name]!);
        assert.ok(Math.abs(got - mean) <= 1e-9 * mean, `${c.name} ${g.geo}: ${got} vs ${mean}`);
      });
      const nat = total(dec.national.channels[c.name]!);
      assert.ok(Math.abs(nat - c.contribution.mean) <= 1e-9 * c.contribution.mean, `${c.name}: ${nat} vs ${c.contribution.mean}`);
      const band = dec.nationalChannels[c.name]!;
      band.mean.forEach((m, t) => {
        assert.ok(Math.abs(m - dec.national.channels[c.name]![t]!) <= 1e-9 * Math.max(1, m));
        assert.ok(band.lo[t]! <= m && m <= band.hi[t]!);
      });
    });
  });

  it("deterministic and thinning-invariant: the same draws give the same decomposition, however they were selected", () => {
    const a = geoDecomposition(fit.density, draws, { maxDraws: 50 });
    assert.deepEqual(geoDecomposition(fit.density, draws, { maxDraws: 50 }), a);
    // thin(200 → 50) keeps every 4th pooled draw; those draws alone give the same decomposition.
    const kept = Array.from({ length: 50 }, (_, k) => 4 * k);
    const one = kept.map((i) => geoDrawParts(fit.density, draws[i]!)[1]!);
    a.byGeo[1]!.baseline.forEach((v, t) => assert.ok(Math.abs(v - total(one.map((p) => p.baseline[t]!)) / 50) < 1e-9 * Math.abs(v)));
    const reselected = geoDecomposition(
      fit.density,
      kept.map((i) => draws[i]!),
    );
    assert.deepEqual(reselected.byGeo[1]!.baseline, a.byGeo[1]!.baseline);
    assert.deepEqual(reselected.byGeo[1]!.channels, a.byGeo[1]!.channels);
  });

  it("the baseline share of the KPI is close to the truth's, per geo and nationally (within 3 points per geo, 1.5 nationally)", () => {
    const dec = geoDecomposition(fit.density, draws);
    const shares: string[] = [];
    const check = (p: GeoDecompositionParts, truth: number, where: string, tol: number) => {
      const y = total(p.actual);
      const share = (total(p.baseline) + total(p.weekEffects) + total(p.controls)) / y;
      shares.push(`${where} ${(100 * share).toFixed(1)}% vs ${((100 * truth) / y).toFixed(1)}%`);
      assert.ok(Math.abs(share - truth / y) < tol, shares.at(-1));
    };
    dec.byGeo.forEach((p, g) => check(p, total(panel.truth.baseline[g]!), dec.geos[g]!, 0.03));
    check(dec.national, total(panel.truth.baseline.map(total)), "national", 0.015);
    console.log(`      baseline share (model vs truth): ${shares.join("; ")}`);
  });

  it("density.baseline: the sampled form reads the geo's own coefficients; the integrated form's level = constrain's intercept (the same seeded draw)", () => {
    const sampled = new GeoMmmDensity(panel.data, { integrateBaseline: false });
    const rng = createRng(3);
    const q = Float64Array.from({ length: sampled.dim }, () => rng.normal(0, 0.3));
    const L = sampled.layout;
    const b = sampled.baseline(q, 2);
    const s = panel.data.kpiScale[2]!;
    b.base.forEach((v, t) => {
      let want = q[L.geo[2]!]!;
      for (let k = 0; k < L.K; k++) want += q[L.geo[2]! + 1 + k]! * sampled.z[k]![t]!;
      assert.ok(Math.abs(v - s * want) < 1e-9 * s);
    });
    b.time.forEach((v, t) => assert.ok(Math.abs(v - s * q[L.time + t]!) < 1e-9 * s));
    const q0 = draws[3]!;
    const level = total(fit.density.baseline(q0, 1).base) / panel.data.n;
    const intercept = fit.density.constrain(q0).intercept[1]!;
    assert.ok(Math.abs(level - panel.data.kpiScale[1]! * intercept) < 1e-9 * panel.data.kpiScale[1]!);
  });
});
