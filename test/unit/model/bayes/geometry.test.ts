import { strict as assert } from "node:assert";
import { MMMEngine, samplePath } from "../../../../kernel-lib/src";

/**
 * The bundled sample's own Bayesian fit (issue #15 item 5): six channels, two of them weak, one always
 * on. Sampling the intercept, an always-on or saturated channel's near-constant contribution traded
 * one for one with it along a curved ridge: 12 divergent transitions of 600 here, step sizes 0.07–0.09,
 * 60 leapfrogs a draw. Sampling the level (the mean fitted KPI) instead: 1, step sizes 0.2–0.28, 20.
 */
describe("model/bayes geometry on the bundled sample", function () {
  this.timeout(120_000);

  it("2 chains × (300 + 300): at most 2 divergences and under 35 leapfrog steps a draw", async () => {
    const engine = new MMMEngine();
    await engine.loadData(samplePath("sample"));
    const channels = ["tv_spend", "paid_search_spend", "social_spend", "display_spend", "online_video_spend", "ooh_spend"];
    const r = await engine.runBayesianMMM({ kpi: "revenue", channels, controls: ["price_index", "competitor_sales"], fourierOrder: 2, chains: 2, warmup: 300, draws: 300, seed: 1 });
    const chains = engine.bayesian().chains;
    const leapfrogs = chains.reduce((a, c) => a + c.stats.nLeapfrog.reduce((s, v) => s + v, 0), 0) / (2 * 300);
    console.log(`      divergences ${r.diagnostics.divergences}, step sizes ${r.sampler.stepSizes.map((s) => s.toFixed(3)).join(", ")}, ${leapfrogs.toFixed(1)} leapfrogs a draw`);
    assert.ok(r.diagnostics.divergences <= 2, `${r.diagnostics.divergences} divergences`);
    assert.ok(leapfrogs < 35, `${leapfrogs} leapfrogs a draw`);
  });
});
