import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compareLoo } from "../../../../kernel-lib/src/model/bayes/diagnostics/compare";
import { psisLoo, relativeEfficiency } from "../../../../kernel-lib/src/model/bayes/diagnostics/loo";
import { gpdFit, psis } from "../../../../kernel-lib/src/model/bayes/diagnostics/psis";
import { createRng } from "../../../../kernel-lib/src/math/random";

interface LooCase {
  name: string;
  shape: [number, number, number];
  log_lik: number[][][];
  reff: number | null;
  posterior?: Record<string, number[][]>;
  arviz: { elpd_loo: number; se: number; p_loo: number; loo_i: number[]; pareto_k: number[]; good_k: number; warning: boolean };
}
interface Reference {
  versions: Record<string, string>;
  cases: LooCase[];
  compare: { models: string[]; names: string[]; arviz: Record<string, { rank: number; elpd_loo: number; elpd_diff: number; se: number; dse: number }> };
}

const REF: Reference = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "fixtures", "loo", "arviz-loo.json"), "utf8"));

/** Draws pooled chain-major (arviz stacks chain, then draw). */
const pooled = (c: LooCase) => c.log_lik.flat().map((d) => Float64Array.from(d));
const reffOf = (c: LooCase) => c.reff ?? relativeEfficiency(Object.values(c.posterior ?? {}).map((chains) => chains.map((x) => Float64Array.from(x))));
const looOf = (c: LooCase) => psisLoo(pooled(c), { reff: reffOf(c) });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe("model/bayes PSIS-LOO against arviz (test/fixtures/loo)", () => {
  const worst = { elpd: 0, k: 0, loo_i: 0 };
  after(() => console.log(`      arviz ${REF.versions["arviz"]}: worst relative ELPD ${worst.elpd.toExponential(1)}, |Δk̂| ${worst.k.toExponential(1)}, |Δelpd_i| ${worst.loo_i.toExponential(1)}`));

  for (const c of REF.cases) {
    it(`${c.name}: ELPD, SE, p_loo, pointwise values and k̂ agree`, () => {
      const r = looOf(c);
      worst.elpd = Math.max(worst.elpd, rel(r.elpd, c.arviz.elpd_loo));
      assert.ok(rel(r.elpd, c.arviz.elpd_loo) < 1e-9, `ELPD ${r.elpd} vs arviz ${c.arviz.elpd_loo}`);
      assert.ok(rel(r.se, c.arviz.se) < 1e-9, `SE ${r.se} vs ${c.arviz.se}`);
      assert.ok(Math.abs(r.pLoo - c.arviz.p_loo) < 1e-8, `p_loo ${r.pLoo} vs ${c.arviz.p_loo}`);
      r.paretoK.forEach((k, i) => {
        worst.k = Math.max(worst.k, Math.abs(k - c.arviz.pareto_k[i]!));
        worst.loo_i = Math.max(worst.loo_i, Math.abs(r.pointwise[i]! - c.arviz.loo_i[i]!));
        assert.ok(Math.abs(k - c.arviz.pareto_k[i]!) < 1e-9, `point ${i}: k̂ ${k} vs ${c.arviz.pareto_k[i]}`);
        assert.ok(Math.abs(r.pointwise[i]! - c.arviz.loo_i[i]!) < 1e-9, `point ${i}: elpd ${r.pointwise[i]} vs ${c.arviz.loo_i[i]}`);
      });
      assert.equal(r.goodK, c.arviz.good_k);
      assert.equal(r.highK.length > 0, c.arviz.warning);
      assert.equal(r.warnings.length > 0, c.arviz.warning);
    });
  }

  it("flags exactly the points arviz flags in the outlier case (k̂ > good_k = 1 − 1/log10(800) ≈ 0.66)", () => {
    const c = REF.cases.find((x) => x.name === "high_k")!;
    const r = looOf(c);
    const arvizHigh = c.arviz.pareto_k.flatMap((k, i) => (k > c.arviz.good_k ? [i] : []));
    assert.ok(arvizHigh.length >= 2);
    assert.deepEqual(r.highK, arvizHigh);
    assert.match(r.warnings[0]!, /2 observation\(s\) have Pareto k̂ above 0\.66 \(point 17, point 25\)/);
  });

  it("compareLoo ranks, differences and their SE agree with arviz compare", () => {
    const models = REF.compare.models.map((m, i) => ({ name: REF.compare.names[i]!, loo: looOf(REF.cases.find((c) => c.name === m)!) }));
    const table = compareLoo(models);
    for (const row of table) {
      const a = REF.compare.arviz[row.name]!;
      assert.equal(row.rank, a.rank);
      assert.ok(Math.abs(row.elpdDiff - a.elpd_diff) < 1e-8, `${row.name} diff ${row.elpdDiff} vs ${a.elpd_diff}`);
      assert.ok(Math.abs(row.dse - a.dse) < 1e-8, `${row.name} dse ${row.dse} vs ${a.dse}`);
    }
  });

  it("gpdFit recovers a known generalized Pareto shape (k = 0.5, 2000 draws)", () => {
    const rng = createRng(3);
    const k = 0.5;
    const x = Float64Array.from({ length: 2000 }, () => Math.expm1(-k * Math.log(rng.uniform())) / k).sort();
    const fit = gpdFit(x);
    assert.ok(Math.abs(fit.k - k) < 0.08, `k̂ ${fit.k}`);
    assert.ok(Math.abs(fit.sigma - 1) < 0.1, `σ̂ ${fit.sigma}`);
  });

  it("psis: equal ratios give equal weights; too short a tail gives k̂ = Infinity", () => {
    const r = psis(new Float64Array(100).fill(2));
    assert.ok(r.logWeights.every((w) => Math.abs(w - Math.log(1 / 100)) < 1e-12));
    assert.equal(psis(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)).k, Infinity);
  });
});
