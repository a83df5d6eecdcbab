import { strict as assert } from "node:assert";
import { laplaceStart, negativeHessian } from "../../../../kernel-lib/src/model/bayes/adapt/laplace";
import type { LogDensity } from "../../../../kernel-lib/src/model/bayes/density";
import { gaussianDensity } from "../../../helpers/gaussian";

/** N(m, Σ) with Σ⁻¹ = P given explicitly (3-d, correlated, scales 1e-3 … 3). */
const m = [1, -2, 0.5];
const P = [
  [1e6, 2e3, 0],
  [2e3, 10, 0.5],
  [0, 0.5, 0.1],
];
const gaussian = gaussianDensity(m, Float64Array.from(P.flat()));

describe("model/bayes/adapt/laplace", () => {
  it("finds the mode and the covariance of a Gaussian exactly (closed form: Σ = P⁻¹)", () => {
    const r = laplaceStart(gaussian, new Float64Array(3))!;
    r.mode.forEach((v, i) => assert.ok(Math.abs(v - m[i]!) < 1e-6 * Math.max(1, Math.abs(m[i]!)), `mode[${i}] ${v}`));
    // Σ·P = I
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += r.covariance[i * 3 + k]! * P[k]![j]!;
        assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-5, `(ΣP)[${i}][${j}] = ${s}`);
      }
    }
  });

  it("negative Hessian by differences of the gradient equals the precision matrix", () => {
    const h = negativeHessian(gaussian, Float64Array.of(0.3, 0.1, -4))!;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(h[i * 3 + j]! - P[i]![j]!) < 1e-6 * Math.max(1, Math.abs(P[i]![j]!)));
  });

  it("gives up (undefined) on a density without a mode instead of looping or throwing", () => {
    const flat: LogDensity = { dim: 2, logpGrad: (q, g) => ((g[0] = 1), (g[1] = 0), q[0]!) };
    assert.equal(laplaceStart(flat, new Float64Array(2), 20), undefined);
    const broken: LogDensity = { dim: 1, logpGrad: () => Number.NaN };
    assert.equal(laplaceStart(broken, new Float64Array(1)), undefined);
  });
});
