/**
 * VIF, PCA and mutual information against statsmodels / scikit-learn on the reference data.
 * VIF: statsmodels' variance_inflation_factor (OLS with a constant) vs the diagonal of the inverse
 * correlation matrix, 1e-9 relative. PCA: scikit-learn's explained_variance_ratio_ on standardised
 * columns, 1e-10 absolute; loadings equal up to sign, 1e-8. Mutual information: scikit-learn's own
 * KSG step (_compute_mi_cc, k = 3) on its scaled, noise-free data, 1e-10 relative; its public
 * mutual_info_regression (with jitter) within 1e-3; the Gaussian closed form −½ log(1 − ρ²) within
 * the estimator's error at n = 120–200 (measured 0.03–0.04 nats; 0.05 allowed).
 */
import { strict as assert } from "node:assert";
import { varianceInflation } from "../../../../kernel-lib/src/math/stats";
import { mutualInformation } from "../../../../kernel-lib/src/model/analytics/mutualInfo";
import { pcaAnalysis } from "../../../../kernel-lib/src/model/analytics/pca";
import { REF, relErr } from "./reference";

const media = () => REF.media.columns.map((c) => Float64Array.from(c));

describe("collinearity and relevance vs statsmodels / scikit-learn", () => {
  it("VIF per column matches statsmodels' variance_inflation_factor", () => {
    varianceInflation(media()).forEach((v, j) => assert.ok(relErr(v, REF.media.vif[j]!) < 1e-9, `column ${j}: ${v} vs ${REF.media.vif[j]}`));
  });

  it("PCA explained variance ratios and loadings (up to sign) match scikit-learn", () => {
    const r = pcaAnalysis(media());
    r.explainedVarianceRatio.forEach((v, i) => assert.ok(Math.abs(v - REF.media.explained_variance_ratio[i]!) < 1e-10, `component ${i}: ${v}`));
    r.components.forEach((row, i) => {
      const ref = REF.media.components[i]!;
      const sign = Math.sign(row[0]!) === Math.sign(ref[0]!) ? 1 : -1;
      row.forEach((v, j) => assert.ok(Math.abs(sign * v - ref[j]!) < 1e-8, `loading ${i},${j}`));
    });
    assert.equal(r.componentsFor90, 3);
  });

  it("mutual information is scikit-learn's KSG estimate, near the Gaussian closed form", () => {
    for (const c of REF.mutual_information) {
      const mi = mutualInformation(Float64Array.from(c.x), Float64Array.from(c.y), 3);
      assert.ok(relErr(mi, c.ksg) < 1e-10, `ρ=${c.rho}: ${mi} vs KSG ${c.ksg}`);
      assert.ok(Math.abs(mi - c.sklearn) < 1e-3, `ρ=${c.rho}: vs mutual_info_regression ${c.sklearn}`);
      assert.ok(Math.abs(mi - c.closed_form) < 0.05, `ρ=${c.rho}: vs −½log(1−ρ²) ${c.closed_form}`);
    }
  });

  it("refuses a constant variable and mismatched lengths", () => {
    assert.throws(
      () =>
        mutualInformation(
          new Float64Array(10).fill(1),
          Float64Array.from({ length: 10 }, (_, i) => i),
        ),
      { code: "INVALID_ARGUMENT" },
    );
    assert.throws(() => mutualInformation(new Float64Array(10), new Float64Array(9)), { code: "INVALID_ARGUMENT" });
    assert.throws(() => pcaAnalysis([Float64Array.from([1, 2, 3])]), { code: "INVALID_ARGUMENT" });
  });
});
