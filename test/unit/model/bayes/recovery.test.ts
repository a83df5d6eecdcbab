import { strict as assert } from "node:assert";
import { fitBayesian } from "../../../../kernel-lib/src/model/bayes/fit";
import { bayesSimulation, trueResponse } from "../../../helpers/bayesSim";

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * Recovery of known truth: data simulated in the model's family (geometric adstock + logistic
 * saturation, trend, two yearly harmonics, two controls, noise 1.5% of the baseline, 200 weeks).
 */
describe("model/bayes recovery of simulated truth", function () {
  this.timeout(300_000);

  it("five seeds: every channel's ROAS within 15%, true contributions inside the 94% HDI as often as a calibrated posterior allows", async () => {
    const misses: string[] = [];
    let checks = 0;
    for (const seed of [11, 12, 13, 14, 15]) {
      const { sim, mmm } = bayesSimulation(seed, { weeks: 200, noise: 0.015 });
      const fit = await fitBayesian(mmm, { chains: 2, warmup: 400, draws: 400, seed });
      sim.truth.channels.forEach((t, i) => {
        const c = fit.channels[i]!;
        const err = c.roas.mean / t.roas - 1;
        assert.ok(Math.abs(err) < 0.15, `seed ${seed} ${t.name}: ROAS ${c.roas.mean.toFixed(3)} vs true ${t.roas.toFixed(3)} (${(100 * err).toFixed(1)}%)`);
        checks++;
        if (!(c.contribution.hdi94[0] <= t.contribution && t.contribution <= c.contribution.hdi94[1])) misses.push(`seed ${seed} ${t.name}`);
      });
    }
    // A calibrated 94% interval misses about 1 in 17; 15 checks allow 2 misses (P ≈ 0.94 for calibration).
    console.log(`      contribution inside the 94% HDI: ${checks - misses.length}/${checks}${misses.length ? ` (missed: ${misses.join(", ")})` : ""}`);
    assert.ok(misses.length <= 2, `missed ${misses.length}/${checks}: ${misses.join(", ")}`);
  });

  it("a confounded channel is over-credited; a lift test on it moves its ROAS toward the truth", async () => {
    // Unobserved demand raises both ch1's spend and the KPI: the time series alone over-credits ch1.
    const { sim, mmm } = bayesSimulation(21, { weeks: 156, noise: 0.015, confounder: { channel: "ch1", spendEffect: 0.8, kpiEffect: 0.1, observed: false } });
    const truth = sim.truth.channels[1]!;
    const ch = mmm.channels[1]!;
    const opts = { chains: 2, warmup: 400, draws: 400, seed: 3 };
    const plain = await fitBayesian(mmm, opts);
    // A 6-week geo test adding 50% of the average weekly spend; measured lift = the true curve's lift, 10% standard error.
    const x0 = ch.total / mmm.n;
    const lift = 6 * (trueResponse(truth, ch.scale, 1.5 * x0) - trueResponse(truth, ch.scale, x0));
    const liftTests = [{ channel: ch.name, start: isoDay(mmm.days[60]!), end: isoDay(mmm.days[65]! + 6), deltaSpend: 6 * 0.5 * x0, lift, sd: 0.1 * lift, spend: x0 }];
    const calibrated = await fitBayesian(mmm, { ...opts, liftTests });
    const before = plain.channels[1]!.roas.mean;
    const after = calibrated.channels[1]!.roas.mean;
    console.log(`      ch1 ROAS: true ${truth.roas.toFixed(2)}, without lift test ${before.toFixed(2)}, with ${after.toFixed(2)}`);
    assert.ok(before > truth.roas * 1.3, `the confounder should inflate ch1's ROAS (${before} vs ${truth.roas})`);
    assert.ok(Math.abs(after - truth.roas) < 0.7 * Math.abs(before - truth.roas), `lift test moved ROAS from ${before} to ${after}, truth ${truth.roas}`);
  });
});
