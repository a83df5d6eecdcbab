/**
 * ADF against statsmodels' adfuller (0.15) on six deterministic series: same AIC lag choice, τ,
 * MacKinnon p-value and 2010 critical values. Tolerances 1e-10 relative for τ, AIC, p-values and
 * the MacKinnon grid (least squares on the same rows, QR here vs statsmodels' pinv, and the same
 * response surface through two normal CDFs; measured ≤ 1.4e-13), 1e-12 for critical values.
 */
import { strict as assert } from "node:assert";
import { adfTest } from "../../../../kernel-lib/src/model/analytics/adf";
import { mackinnonCrit, mackinnonP } from "../../../../kernel-lib/src/model/analytics/mackinnon";
import { REF, relErr, series } from "./reference";

describe("ADF stationarity test vs statsmodels adfuller", () => {
  it("lag chosen by AIC, τ, p-value and critical values match on every reference series", () => {
    for (const c of REF.adf) {
      const r = adfTest(series(c.series), { regression: c.regression });
      const at = `${c.series}/${c.regression}`;
      assert.equal(r.usedLag, c.usedlag, `${at}: lag`);
      assert.equal(r.nobs, c.nobs, `${at}: nobs`);
      assert.ok(relErr(r.statistic, c.stat) < 1e-10, `${at}: τ ${r.statistic} vs ${c.stat}`);
      assert.ok(relErr(r.pValue, c.pvalue, 1e-300) < 1e-10, `${at}: p ${r.pValue} vs ${c.pvalue}`);
      assert.ok(relErr(r.icBest!, c.icbest) < 1e-10, `${at}: AIC ${r.icBest} vs ${c.icbest}`);
      const crit = [r.critical["1%"], r.critical["5%"], r.critical["10%"]];
      crit.forEach((v, i) => assert.ok(relErr(v, c.crit[i]!) < 1e-12, `${at}: critical ${i}`));
    }
  });

  it("a fixed lag (maxlag 3, no search) matches too", () => {
    for (const c of REF.adf) {
      const r = adfTest(series(c.series), { regression: c.regression, maxlag: 3, autolag: "fixed" });
      assert.equal(r.usedLag, 3);
      assert.equal(r.nobs, c.fixed3.nobs);
      assert.ok(relErr(r.statistic, c.fixed3.stat) < 1e-10, `${c.series}/${c.regression}: τ`);
      assert.ok(relErr(r.pValue, c.fixed3.pvalue, 1e-300) < 1e-10, `${c.series}/${c.regression}: p`);
    }
  });

  it("the MacKinnon p-value surface matches statsmodels' mackinnonp on both branches and the cut-offs", () => {
    for (const g of REF.mackinnonp) assert.ok(relErr(mackinnonP(g.tau, g.regression), g.p, 1e-300) < 1e-10, `${g.regression} τ=${g.tau}: ${mackinnonP(g.tau, g.regression)} vs ${g.p}`);
    assert.deepEqual(mackinnonCrit("c"), [-3.43035, -2.86154, -2.56677]);
  });

  it("reads a stationary AR(1) as stationary and a random walk as not", () => {
    assert.ok(adfTest(series("ar1")).pValue < 0.01);
    assert.ok(adfTest(series("random_walk")).pValue > 0.5);
  });

  it("refuses a constant, a non-finite or a too-short series with MMMError codes", () => {
    assert.throws(() => adfTest(new Float64Array(50).fill(3)), { code: "INVALID_ARGUMENT" });
    assert.throws(() => adfTest(Float64Array.from([1, 2, Number.NaN, 4, 5, 6, 7, 8, 9, 10])), { code: "NOT_NUMERIC" });
    assert.throws(() => adfTest(series("ar1"), { maxlag: 100 }), { code: "INVALID_ARGUMENT" });
  });
});
