/**
 * Additive seasonal decomposition against statsmodels' seasonal_decompose: even (52) and odd (13)
 * periods, a revenue-sized series and a short period; trend, seasonal and residual agree to 1e-12
 * relative to the series' scale (measured 3e-16: sums of the same numbers in another order), NaN at the same ends.
 */
import { strict as assert } from "node:assert";
import { seasonalDecompose } from "../../../../kernel-lib/src/model/analytics/decompose";
import { REF, series } from "./reference";

describe("seasonal decomposition vs statsmodels seasonal_decompose (additive)", () => {
  it("trend, seasonal and residual match, undefined at the same ends", () => {
    for (const c of REF.decompose) {
      const x = series(c.series);
      const scale = Math.max(...x.map(Math.abs));
      const d = seasonalDecompose(x, c.period);
      for (const part of ["trend", "seasonal", "resid"] as const) {
        c[part].forEach((ref, t) => {
          const got = d[part][t]!;
          if (ref === null) assert.ok(Number.isNaN(got), `${c.series}/${c.period} ${part}[${t}] should be NaN`);
          else assert.ok(Math.abs(got - ref) / scale < 1e-12, `${c.series}/${c.period} ${part}[${t}]: ${got} vs ${ref}`);
        });
      }
    }
  });

  it("reads a seasonal series far above AR(1) noise (noise alone reads ~0.5 with three 52-week cycles)", () => {
    assert.ok(seasonalDecompose(series("trend_season"), 52).seasonalStrength > 0.9);
    assert.ok(seasonalDecompose(series("ar1"), 52).seasonalStrength < 0.6);
  });

  it("refuses a series shorter than two cycles and a bad period", () => {
    assert.throws(() => seasonalDecompose(series("ar1").subarray(0, 100), 52), { code: "INVALID_ARGUMENT" });
    assert.throws(() => seasonalDecompose(series("ar1"), 1), { code: "INVALID_ARGUMENT" });
  });
});
