import { strict as assert } from "node:assert";
import { saturationCurve } from "../../../../../kernel-lib/src/model/bayes/model/saturation";
import { assertGradientMatches } from "../../../../helpers/gradientCheck";

/**
 * Hill sampled as (u, log S), u = logit h(ā) (issue #15 item 5): the map to (K, S) is the one
 * claimed, its log density is the plain (log K, log S) one's times the Jacobian |∂log K/∂u| = 1/S,
 * and the prior's and the chain rule's gradients equal central differences.
 */
describe("model/bayes Hill at the reference level", () => {
  const ref = 0.37;
  const hill = saturationCurve("hill", "tv", undefined, ref);
  const plain = saturationCurve("hill", "tv");
  const points = [
    [0.4, 0.3],
    [-2.5, -0.7],
    [3.1, 1.2],
  ] as const;

  it("names (logit_h_ref, log_S) and puts h(ā) at σ(u); without a reference it stays (log K, log S)", () => {
    assert.deepEqual(hill.names, ["logit_h_ref", "log_S"]);
    assert.deepEqual(plain.names, ["log_K", "log_S"]);
    for (const [u, s] of points) {
      const theta = new Float64Array(2);
      hill.constrain(Float64Array.of(u, s), 0, theta, new Float64Array(2));
      assert.ok(Math.abs(theta[1]! - Math.exp(s)) < 1e-12);
      assert.ok(Math.abs(hill.value(ref, theta) - 1 / (1 + Math.exp(-u))) < 1e-12, `h(ā) at u = ${u}`);
    }
  });

  it("log prior = the plain one at (log K(u, s), s) − s (Jacobian of u → log K), gradient = central differences", () => {
    const prior = (curve: typeof hill, q: Float64Array, grad: Float64Array) => {
      const theta = new Float64Array(2);
      const dtheta = new Float64Array(2);
      curve.constrain(q, 0, theta, dtheta);
      return { lp: curve.logPrior(q, 0, theta, dtheta, grad), theta };
    };
    for (const [u, s] of points) {
      const q = Float64Array.of(u, s);
      const { lp, theta } = prior(hill, q, new Float64Array(2));
      const other = prior(plain, Float64Array.of(Math.log(theta[0]!), s), new Float64Array(2));
      assert.ok(Math.abs(lp - (other.lp - s)) < 1e-10, `(${u}, ${s}): ${lp} vs ${other.lp - s}`);
      assertGradientMatches({ dim: 2, names: hill.names, logpGrad: (x, g) => (g.fill(0), prior(hill, x, g).lp) }, q, 1e-6);
    }
  });

  it("chain(): ∂f/∂(u, log S) of any f(K, S) from ∂f/∂K, ∂f/∂S, cross term included", () => {
    // f = log K² + sin S: its natural gradient is (2/K, cos S).
    const f = (x: Float64Array, grad: Float64Array) => {
      const theta = new Float64Array(2);
      const dtheta = new Float64Array(2);
      hill.constrain(x, 0, theta, dtheta);
      grad.fill(0);
      hill.chain(Float64Array.of(2 / theta[0]!, Math.cos(theta[1]!)), dtheta, grad, 0);
      return 2 * Math.log(theta[0]!) + Math.sin(theta[1]!);
    };
    for (const [u, s] of points) assertGradientMatches({ dim: 2, names: hill.names, logpGrad: f }, Float64Array.of(u, s), 1e-6);
  });
});
