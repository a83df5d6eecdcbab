/**
 * The Bayesian fit's predicted time decides whether the analyst is asked first. The time-varying
 * baseline (HSGP) with its coefficients integrated out (Normal likelihood) takes about the linear
 * baseline's leapfrogs per draw at ~1.6× the gradient (bench: 15 vs 15 on 200 weeks × 8 channels), so
 * on a sample-sized table the quality gate's drift fix runs without a question; under Student-t it
 * samples them, ~7× the leapfrogs per draw (133 vs 19), and goes over the threshold — asked, not run blind.
 */
import assert from "node:assert/strict";
import { AGENT_CFG } from "../../../kernel-lib/src/config";
import { predictBayesSeconds } from "../../../kernel-lib/src/tools/bayesCost";

describe("predictBayesSeconds", () => {
  const shape = { weeks: 156, channels: 5, chains: 4, warmup: 1000, draws: 1000, threads: 2 };

  it("counts the time-varying baseline's dearer gradient, and under Student-t its longer trajectories", () => {
    const linear = predictBayesSeconds(shape);
    const hsgp = predictBayesSeconds({ ...shape, baseline: "hsgp" });
    const sampled = predictBayesSeconds({ ...shape, baseline: "hsgp", likelihood: "studentT" });
    assert.ok(Math.abs((hsgp - 1) / (linear - 1) - 1.6) < 1e-9, `${linear} vs ${hsgp}`);
    assert.ok(Math.abs((sampled - 1) / (linear - 1) - 7 * 1.15) < 1e-9, `${linear} vs ${sampled}`);
    assert.equal(predictBayesSeconds({ ...shape, likelihood: "studentT" }), linear);
    assert.ok(linear < AGENT_CFG.confirmBayesAboveSeconds, `linear ${linear} s runs without a question`);
    assert.ok(hsgp < AGENT_CFG.confirmBayesAboveSeconds, `hsgp ${hsgp} s runs without a question`);
    assert.ok(sampled > AGENT_CFG.confirmBayesAboveSeconds, `Student-t hsgp ${sampled} s is asked first`);
  });

  it("grows with weeks × channels and with the chains beyond the threads", () => {
    assert.ok(predictBayesSeconds({ ...shape, weeks: 312 }) > predictBayesSeconds(shape));
    assert.ok(predictBayesSeconds({ ...shape, chains: 8 }) > predictBayesSeconds(shape));
    assert.equal(predictBayesSeconds({ ...shape, chains: 2 }), predictBayesSeconds({ ...shape, chains: 1 }));
  });
});
