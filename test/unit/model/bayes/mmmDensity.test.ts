import { strict as assert } from "node:assert";
import betaLogpdf from "@stdlib/stats-base-dists-beta-logpdf";
import gammaLogpdf from "@stdlib/stats-base-dists-gamma-logpdf";
import normalLogpdf from "@stdlib/stats-base-dists-normal-logpdf";
import { simulateMMM } from "../../../../kernel-lib/src";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { BayesMmmDensity } from "../../../../kernel-lib/src/model/bayes/mmmDensity";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";
import { geometricAdstock, logisticSaturation } from "../../../../kernel-lib/src/model/transforms/math";

function setup() {
  const sim = simulateMMM({ seed: 3, weeks: 80 });
  const mmm = prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 1 });
  return { mmm, density: new BayesMmmDensity(mmm) };
}

function randomPoint(dim: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: dim }, () => rng.normal(0, 0.7));
}

/** Independent log posterior: stdlib densities on the constrained parameters, math.ts transforms, explicit Jacobians. */
function reference(mmm: ReturnType<typeof setup>["mmm"], density: BayesMmmDensity, q: Float64Array): number {
  const p = density.constrain(q);
  const yScale = Math.max(...mmm.y.map(Math.abs));
  const mu = new Float64Array(mmm.n).fill(p.intercept);
  mmm.channels.forEach((ch, c) => {
    const a = geometricAdstock(ch.spend.map((v) => v / ch.scale), p.channels[c]!.decay, 8, true);
    const s = logisticSaturation(a, p.channels[c]!.lam);
    s.forEach((v, t) => (mu[t]! += p.channels[c]!.beta * v));
  });
  mmm.base.cols.forEach((col, k) => {
    const m = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length) || 1;
    col.forEach((v, t) => (mu[t]! += p.base[k]! * ((v - m) / sd)));
  });
  let lp = 0;
  mmm.y.forEach((y, t) => (lp += normalLogpdf(y / yScale, mu[t]!, p.sigma)));
  lp += normalLogpdf(p.intercept, 0, 2);
  p.base.forEach((g) => (lp += normalLogpdf(g, 0, 1)));
  lp += Math.log(2) + normalLogpdf(p.sigma, 0, 2) + Math.log(p.sigma);
  for (const ch of p.channels) {
    lp += Math.log(2) + normalLogpdf(ch.beta, 0, 2) + Math.log(ch.beta);
    lp += betaLogpdf(ch.decay, 1, 3) + Math.log(ch.decay * (1 - ch.decay));
    lp += gammaLogpdf(ch.lam, 3, 1) + Math.log(ch.lam);
  }
  return lp;
}

describe("model/bayes/mmmDensity", () => {
  const { mmm, density } = setup();

  it("names every unconstrained parameter", () => {
    assert.equal(density.dim, 1 + 3 * mmm.channels.length + mmm.base.cols.length + 1);
    assert.equal(density.names[0], "intercept");
    assert.equal(density.names.at(-1), "log_sigma");
    assert.ok(density.names.includes("tv_spend:logit_decay"));
  });

  it("equals an independent computation with stdlib densities and the transforms' maths", () => {
    for (const seed of [1, 2, 3]) {
      const q = randomPoint(density.dim, seed);
      const lp = density.logpGrad(q, new Float64Array(density.dim));
      const ref = reference(mmm, density, q);
      assert.ok(Math.abs(lp - ref) < 1e-8 * Math.abs(ref), `seed ${seed}: ${lp} vs ${ref}`);
    }
  });

  it("its analytic gradient matches central finite differences in every coordinate", () => {
    const grad = new Float64Array(density.dim);
    const scratch = new Float64Array(density.dim);
    for (const seed of [4, 5]) {
      const q = randomPoint(density.dim, seed);
      density.logpGrad(q, grad);
      for (let i = 0; i < density.dim; i++) {
        const h = 1e-5;
        const up = Float64Array.from(q);
        const down = Float64Array.from(q);
        up[i]! += h;
        down[i]! -= h;
        const fd = (density.logpGrad(up, scratch) - density.logpGrad(down, scratch)) / (2 * h);
        const tol = 1e-5 * Math.max(1, Math.abs(fd));
        assert.ok(Math.abs(grad[i]! - fd) < tol, `${density.names[i]}: analytic ${grad[i]} vs finite difference ${fd}`);
      }
    }
  });

  it("is deterministic and leaves its input untouched", () => {
    const q = randomPoint(density.dim, 9);
    const copy = Float64Array.from(q);
    const g1 = new Float64Array(density.dim);
    const g2 = new Float64Array(density.dim);
    assert.equal(density.logpGrad(q, g1), density.logpGrad(q, g2));
    assert.deepEqual(g1, g2);
    assert.deepEqual(q, copy);
  });
});
