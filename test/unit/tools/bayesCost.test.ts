/**
 * The Bayesian fit's predicted time decides whether the analyst is asked first. The time-varying
 * baseline (HSGP) samples ~7× the leapfrogs per draw (bench: 133 vs 19 on 200 weeks × 8 channels),
 * so on a sample-sized table the default sampler stays under the confirmation threshold with the
 * linear baseline and goes over it with HSGP — the quality gate's drift fix is then asked, not run blind.
 */
import assert from "node:assert/strict";
import { AGENT_CFG } from "../../../kernel-lib/src/config";
import { predictBayesSeconds } from "../../../kernel-lib/src/tools/bayesCost";

describe("predictBayesSeconds", () => {
  const shape = { weeks: 156, channels: 5, chains: 4, warmup: 1000, draws: 1000, threads: 2 };

  it("counts the time-varying baseline's longer trajectories", () => {
    const linear = predictBayesSeconds(shape);
    const hsgp = predictBayesSeconds({ ...shape, baseline: "hsgp" });
    assert.ok(Math.abs((hsgp - 1) / (linear - 1) - 7 * 1.15) < 1e-9, `${linear} vs ${hsgp}`);
    assert.ok(linear < AGENT_CFG.confirmBayesAboveSeconds, `linear ${linear} s runs without a question`);
    assert.ok(hsgp > AGENT_CFG.confirmBayesAboveSeconds, `hsgp ${hsgp} s is asked first`);
  });

  it("grows with weeks × channels and with the chains beyond the threads", () => {
    assert.ok(predictBayesSeconds({ ...shape, weeks: 312 }) > predictBayesSeconds(shape));
    assert.ok(predictBayesSeconds({ ...shape, chains: 8 }) > predictBayesSeconds(shape));
    assert.equal(predictBayesSeconds({ ...shape, chains: 2 }), predictBayesSeconds({ ...shape, chains: 1 }));
  });
});
