/**
 * Per-fold CV metrics on a simulated MMM with known media parameters: each fold's MAPE, R² and
 * RMSE equal a direct computation (ridge refitted on the fold's training rows only, its
 * predictions scored by hand), and deliberately wrong specifications (a far too long adstock with
 * a flat saturation; the controls left out) score worse out of sample than the true one.
 */
import { strict as assert } from "node:assert";
import { simulateMMM } from "../../../../kernel-lib/src";
import { ridgeFit } from "../../../../kernel-lib/src/math/ridge";
import { cvFoldMetrics, withoutControls } from "../../../../kernel-lib/src/model/analytics/cvFolds";
import type { MediaParams } from "../../../../kernel-lib/src/model/media";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";
import { buildDesign, mediaColumns } from "../../../../kernel-lib/src/model/ridge/design";
import { cvPlan } from "../../../../kernel-lib/src/model/search/cv";

const sim = simulateMMM({ seed: 5, noise: 0.03, weeks: 156 });
const chs = sim.truth.channels.map((c) => c.column);
const controls = sim.data.columns.filter((c) => !["date", "revenue", ...chs].includes(c));
const data = prepareMmmData(sim.data, { kpi: "revenue", channels: chs, controls, dateCol: "date" });
const truth: MediaParams[] = sim.truth.channels.map((c) => ({ adstock: c.adstock, saturation: c.saturation }));
const lambda = 1e-3 * data.n;

describe("cross-validation fold metrics", () => {
  const plan = cvPlan(data.n, data.channels.length + data.base.cols.length)!;

  it("each fold's MAPE, R² and RMSE equal a refit on the training rows scored by hand", () => {
    assert.ok(controls.length > 0, "the simulation has controls");
    const r = cvFoldMetrics(data, truth, lambda, plan);
    assert.equal(r.folds.length, plan.folds);
    const { problem: pr } = buildDesign(data, mediaColumns(data, truth));
    r.folds.forEach((f, k) => {
      const cut = plan.first + k * plan.horizon;
      assert.equal(f.train, cut);
      const { problem: train } = buildDesign(data, mediaColumns(data, truth), cut);
      const fit = ridgeFit(train, lambda, { df: false });
      const y = Array.from(data.y.subarray(cut, cut + plan.horizon));
      const yhat = y.map((_, i) => fit.coef.reduce((s, b, c) => s + b * pr.x[(cut + i) * pr.p + c]!, fit.intercept));
      const mean = y.reduce((a, b) => a + b, 0) / y.length;
      const sse = y.reduce((a, v, i) => a + (v - yhat[i]!) ** 2, 0);
      const mape = y.reduce((a, v, i) => a + Math.abs(v - yhat[i]!) / Math.abs(v), 0) / y.length;
      const r2 = 1 - sse / y.reduce((a, v) => a + (v - mean) ** 2, 0);
      assert.ok(Math.abs(f.mape - mape) < 1e-9 * mape, `fold ${k + 1} MAPE ${f.mape} vs ${mape}`);
      assert.ok(Math.abs(f.r2 - r2) < 1e-9, `fold ${k + 1} R² ${f.r2} vs ${r2}`);
      assert.ok(Math.abs(f.rmse - Math.sqrt(sse / y.length)) < 1e-9 * f.rmse);
    });
    const m = r.folds.map((f) => f.mape);
    assert.ok(Math.abs(r.summary.mape.mean - m.reduce((a, b) => a + b, 0) / m.length) < 1e-15);
    assert.ok(r.summary.mape.mean < 0.1, `true spec out-of-sample MAPE ${r.summary.mape.mean}`);
  });

  it("a deliberately wrong specification scores worse out of sample than the true one", () => {
    const good = cvFoldMetrics(data, truth, lambda, plan);
    const wrong: MediaParams[] = truth.map(() => ({ adstock: { type: "geometric", params: { alpha: 0.97, lMax: 26, normalize: true } }, saturation: { type: "hill", params: { K: 0.02, S: 0.6 } } }));
    const bad = cvFoldMetrics(data, wrong, lambda, plan);
    const noControls = cvFoldMetrics(withoutControls(data), truth, lambda, plan);
    for (const [name, r] of [
      ["wrong media", bad],
      ["no controls", noControls],
    ] as const) {
      assert.ok(r.summary.mape.mean > 1.2 * good.summary.mape.mean, `${name}: MAPE ${r.summary.mape.mean} vs ${good.summary.mape.mean}`);
      assert.ok(r.summary.rmse.mean > good.summary.rmse.mean && r.nrmse > good.nrmse);
    }
    assert.equal(withoutControls(data).base.kind.filter((k) => k === "control").length, 0);
  });
});
