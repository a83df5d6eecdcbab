import { strict as assert } from "node:assert";
import { MMMEngine } from "../../../../kernel-lib/src";
import { fitBayesian } from "../../../../kernel-lib/src/model/bayes/fit";
import { uncertain } from "../../../../kernel-lib/src/model/bayes/posterior";
import { bayesSimulation } from "../../../helpers/bayesSim";

describe("model/bayes/fit", () => {
  it("recovers every channel's true contribution inside its 94% HDI (2 chains, seeded)", async function () {
    this.timeout(120_000);
    const { sim, mmm } = bayesSimulation(2);
    const fit = await fitBayesian(mmm, { chains: 2, warmup: 300, draws: 300, seed: 5 });
    assert.ok(fit.divergences <= 6, `divergences ${fit.divergences}`);
    sim.truth.channels.forEach((t, i) => {
      const c = fit.channels[i]!;
      assert.ok(c.contribution.hdi94[0] <= t.contribution && t.contribution <= c.contribution.hdi94[1], `${t.name}: ${t.contribution.toFixed(0)} outside [${c.contribution.hdi94.map((v) => v.toFixed(0)).join(", ")}]`);
      assert.ok(Math.abs(c.roas.mean - t.roas) / t.roas < 0.25, `${t.name} ROAS ${c.roas.mean.toFixed(2)} vs ${t.roas.toFixed(2)}`);
    });
  });

  it("is reproducible: the same seed gives identical draws", async function () {
    this.timeout(60_000);
    const { mmm } = bayesSimulation(3);
    const a = await fitBayesian(mmm, { chains: 1, warmup: 60, draws: 30, seed: 9 });
    const b = await fitBayesian(mmm, { chains: 1, warmup: 60, draws: 30, seed: 9 });
    assert.deepEqual(a.chains[0]!.draws, b.chains[0]!.draws);
  });

  it("summarises draws with the narrowest 94% interval", () => {
    const u = uncertain(Float64Array.from({ length: 1001 }, (_, i) => i / 1000));
    assert.ok(Math.abs(u.mean - 0.5) < 1e-12);
    assert.ok(Math.abs(u.hdi94[1] - u.hdi94[0] - 0.94) < 0.002);
  });
});

describe("MMMEngine.runBayesianMMM", () => {
  it("returns each channel's numbers as { mean, sd, hdi94 } with the sampler's facts", async function () {
    this.timeout(60_000);
    const { sim } = bayesSimulation(4);
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const r = await engine.runBayesianMMM({ chains: 1, warmup: 100, draws: 100, seed: 3 });
    assert.equal(r.kind, "bayesian");
    assert.equal(r.channels.length, 3);
    for (const c of r.channels) {
      for (const u of [c.contribution, c.roas, c.mroas]) {
        assert.ok(Number.isFinite(u.mean) && u.sd >= 0 && u.hdi94[0] <= u.mean && u.mean <= u.hdi94[1], JSON.stringify(u));
      }
    }
    assert.deepEqual([r.sampler.chains, r.sampler.draws, r.sampler.seed], [1, 100, 3]);
    assert.ok(JSON.parse(JSON.stringify(r)).channels[0].roas.hdi94.length === 2, "JSON-serialisable");
  });
});
