import { strict as assert } from "node:assert";
import { fitBayesian } from "../../../../kernel-lib/src/model/bayes/fit";
import { normalLikelihood, studentTLikelihood } from "../../../../kernel-lib/src/model/bayes/model/likelihood";
import type { MmmData } from "../../../../kernel-lib/src/model/mmmData";
import { validateBayesian, validationWarnings } from "../../../../kernel-lib/src/model/validation/holdout";
import { pointwiseLogLik } from "../../../../kernel-lib/src/model/validation/logLik";
import { posteriorLoo } from "../../../../kernel-lib/src/model/validation/loo";
import { firstWeeks } from "../../../../kernel-lib/src/model/validation/slice";
import { bayesSimulation } from "../../../helpers/bayesSim";

/** The KPI of the last `weeks` weeks shifted up by `lift` (a break the model cannot know about). */
function withBreak(data: MmmData, weeks: number, lift: number): MmmData {
  const y = data.y.slice();
  for (let t = data.n - weeks; t < data.n; t++) y[t]! *= 1 + lift;
  return { ...data, y };
}

describe("model/validation out-of-sample checks and pointwise log-likelihood", function () {
  this.timeout(600_000);
  const { mmm } = bayesSimulation(21, { weeks: 156, noise: 0.03 });
  const fast = { chains: 2, warmup: 250, draws: 250, seed: 4 };

  it("pointwise log-likelihood sums to the likelihood term (Normal and Student-t)", async () => {
    for (const likelihood of ["normal", "studentT"] as const) {
      const fit = await fitBayesian(mmm, { likelihood, nu: 4, chains: 1, warmup: 100, draws: 20, seed: 1, threads: 1 });
      const d = fit.density;
      const ll = pointwiseLogLik(d, fit.posterior.draws);
      const lik = likelihood === "normal" ? normalLikelihood : studentTLikelihood(4);
      fit.posterior.draws.forEach((q, s) => {
        const ch = d.data.channels.map(() => new Float64Array(d.n));
        const base = new Float64Array(d.n);
        const p = d.decompose(q, ch, base);
        const mu = base.map((b, t) => (b + ch.reduce((a, v) => a + v[t]!, 0)) / d.yScale);
        const y = d.data.y.map((v) => v / d.yScale);
        const want = lik.logLik(y, mu, p.sigma, new Float64Array(1));
        const got = ll[s]!.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(got - want) < 1e-9 * Math.abs(want), `${likelihood} draw ${s}: ${got} vs ${want}`);
      });
      const loo = posteriorLoo(fit.posterior);
      assert.equal(loo.points, d.n);
      assert.ok(loo.pLoo > 0 && loo.pLoo < d.dim * 2, `p_loo ${loo.pLoo}`);
    }
  });

  it("firstWeeks rescales channels on the training weeks only", () => {
    const cut = firstWeeks(mmm, 100);
    assert.equal(cut.n, 100);
    cut.channels.forEach((c, i) => {
      assert.equal(c.scale, Math.max(...mmm.channels[i]!.spend.subarray(0, 100)));
      assert.equal(c.spend.length, 100);
    });
    assert.deepEqual(Array.from(cut.base.cols[2]!), Array.from(mmm.base.cols[2]!.subarray(0, 100)));
  });

  it("holdout of 13 weeks and 3-origin rolling CV on simulated data: out-of-sample MAPE near the noise, band covers, no warning", async () => {
    const v = await validateBayesian(mmm, {}, { holdoutWeeks: 13, folds: 3, ...fast });
    for (const f of v.folds)
      console.log(
        `      origin ${f.origin} (${f.trainWeeks} weeks): in-sample MAPE ${(100 * f.inSample.mape).toFixed(2)}%, out-of-sample ${(100 * f.outOfSample.mape).toFixed(2)}%, coverage ${(100 * f.outOfSample.coverage94).toFixed(0)}%, ${f.seconds.toFixed(1)} s`,
      );
    assert.equal(v.folds.length, 3);
    assert.deepEqual(
      v.folds.map((f) => f.trainWeeks),
      [117, 130, 143],
    );
    assert.ok(v.outOfSample.mape < 0.06, `out-of-sample MAPE ${v.outOfSample.mape}`);
    assert.ok(v.outOfSample.coverage94 >= 0.8, `coverage ${v.outOfSample.coverage94}`);
    assert.deepEqual(v.warnings, []);
  });

  it("a 35% break in the held-out weeks: out-of-sample MAPE far worse, and the warning says so", async () => {
    const v = await validateBayesian(withBreak(mmm, 13, 0.35), {}, { holdoutWeeks: 13, ...fast });
    console.log(`      in-sample MAPE ${(100 * v.inSample.mape).toFixed(2)}%, out-of-sample ${(100 * v.outOfSample.mape).toFixed(2)}%, coverage ${(100 * v.outOfSample.coverage94).toFixed(0)}%`);
    assert.ok(v.outOfSample.mape > 0.2, `out-of-sample MAPE ${v.outOfSample.mape}`);
    assert.match(v.warnings[0]!, /^Out-of-sample MAPE .* is far worse than in-sample/);
  });

  it("warning thresholds: > 2× in-sample and > 10 points", () => {
    assert.equal(validationWarnings({ mape: 0.03, coverage94: 0.95 }, { mape: 0.12, coverage94: 0.9 }, 13).length, 0);
    assert.equal(validationWarnings({ mape: 0.03, coverage94: 0.95 }, { mape: 0.14, coverage94: 0.9 }, 13).length, 1);
    assert.equal(validationWarnings({ mape: 0.08, coverage94: 0.95 }, { mape: 0.15, coverage94: 0.9 }, 13).length, 0);
    assert.equal(validationWarnings({ mape: 0.03, coverage94: 0.95 }, { mape: 0.05, coverage94: 0.5 }, 13).length, 1);
  });

  it("refuses folds that leave too little history", async () => {
    await assert.rejects(validateBayesian(mmm, {}, { holdoutWeeks: 26, folds: 4 }), (e: { code?: string }) => e.code === "INVALID_ARGUMENT");
  });
});
