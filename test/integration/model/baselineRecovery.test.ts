/**
 * Recovery with a drifting baseline (issue #15 item 2): 156 weeks simulated with a 12% level shift
 * (an 8-week ramp at week 86) and a 60-week wave of ±6% on top of the simulator's baseline, three
 * channels. The same data fitted with the linear baseline (trend + yearly Fourier terms) and with
 * the HSGP baseline: the HSGP's baseline tracks the true one and every ROAS lands within 15% of
 * the truth; the linear baseline cannot bend, and its leftover drift is taken by the media.
 */
import { strict as assert } from "node:assert";
import { pearson } from "../../../kernel-lib/src/math/stats";
import { fitBayesian } from "../../../kernel-lib/src/model/bayes/fit";
import { driftingBaselineSimulation } from "../../helpers/bayesSim";

const WEEKS = 156;
const DRIFT = { shift: 0.12, shiftWeek: 86, rampWeeks: 8, wave: 0.06, periodWeeks: 60, spendUp: 0 };

/** Baseline error as a share of the true baseline's SD, its correlation, and the ROAS errors. */
function score(fit: Awaited<ReturnType<typeof fitBayesian>>, truth: { baseline: number[]; roas: number[] }) {
  const est = fit.posterior.decomposition().baseline.mean;
  const b = truth.baseline;
  const mean = b.reduce((a, v) => a + v, 0) / b.length;
  const sd = Math.sqrt(b.reduce((a, v) => a + (v - mean) ** 2, 0) / b.length);
  const rmse = Math.sqrt(est.reduce((a, v, t) => a + (v - b[t]!) ** 2, 0) / b.length);
  const roasErr = fit.channels.map((c, i) => c.roas.mean / truth.roas[i]! - 1);
  return { r: pearson(Float64Array.from(est), Float64Array.from(b)), rmseShare: rmse / sd, roasErr, maxErr: Math.max(...roasErr.map(Math.abs)) };
}

describe("Bayesian MMM on a drifting baseline: HSGP vs linear trend", function () {
  this.timeout(600_000);

  it("the HSGP baseline tracks the truth and every ROAS is within 15%; the linear-trend model is biased", async () => {
    const truth = driftingBaselineSimulation(14, DRIFT, { weeks: WEEKS, channels: 3, noise: 0.02 });
    const linear = await fitBayesian(truth.mmm, { chains: 2, warmup: 300, draws: 300, seed: 5 });
    const hsgp = await fitBayesian(truth.mmm, { baseline: "hsgp", chains: 2, warmup: 500, draws: 300, seed: 5 });
    const L = score(linear, truth);
    const H = score(hsgp, truth);
    const pct = (v: number[]) => v.map((e) => `${(100 * e).toFixed(1)}%`).join(", ");
    const conv = hsgp.posterior.convergence();
    console.log(`      linear: baseline r ${L.r.toFixed(3)}, RMSE ${L.rmseShare.toFixed(2)} SD; ROAS errors ${pct(L.roasErr)} (${linear.seconds.toFixed(1)} s)`);
    console.log(`      hsgp:   baseline r ${H.r.toFixed(3)}, RMSE ${H.rmseShare.toFixed(2)} SD; ROAS errors ${pct(H.roasErr)}; R-hat ${conv.maxRhat.toFixed(3)}, ${conv.divergences} divergences (${hsgp.seconds.toFixed(1)} s)`);
    assert.ok(H.r > 0.95 && H.rmseShare < 0.3, `HSGP baseline r ${H.r}, RMSE ${H.rmseShare} SD`);
    assert.ok(H.maxErr < 0.15, `HSGP ROAS errors ${pct(H.roasErr)}`);
    hsgp.channels.forEach((c, i) => assert.ok(c.roas.hdi94[0] <= truth.roas[i]! && truth.roas[i]! <= c.roas.hdi94[1], `${c.name}: true ROAS outside the 94% HDI`));
    assert.ok(conv.maxRhat < 1.05, `R-hat ${conv.maxRhat}`);
    // The linear trend cannot follow the shift and the wave: a worse baseline, and a channel off by more than 15%.
    assert.ok(L.rmseShare > 2 * H.rmseShare, `linear baseline RMSE ${L.rmseShare} SD vs HSGP ${H.rmseShare}`);
    assert.ok(L.maxErr > 0.15, `linear ROAS errors ${pct(L.roasErr)}`);
  });
});
