/**
 * ROAS priors in the geo model move the national ROAS as a prior should: a tight belief at twice the
 * truth pulls the posterior up, a tight belief at the truth narrows the interval around it.
 */
import { strict as assert } from "node:assert";
import { fitGeoBayesian } from "../../../../../kernel-lib/src/model/bayes/geo/geoFit";
import { simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";

describe("model/bayes/geo ROAS priors", function () {
  this.timeout(600_000);
  const panel = simulateGeoPanel({ seed: 6, geos: 5, weeks: 80 });
  const run = { chains: 2, warmup: 400, draws: 300, seed: 3, threads: 1 };

  it("a tight prior at 2× the true ROAS pulls the posterior up; one at the truth narrows the HDI around it", async () => {
    const c = 2; // social: the weakest channel of the simulated panel
    const truth = panel.truth.channels[c]!.roas;
    const name = panel.data.channels[c]!.name;
    const none = (await fitGeoBayesian(panel.data, run)).channels[c]!.roas;
    const high = (await fitGeoBayesian(panel.data, { ...run, roasPriors: { [name]: { mean: 2 * truth, sd: 0.1 * truth } } })).channels[c]!.roas;
    const right = (await fitGeoBayesian(panel.data, { ...run, roasPriors: { [name]: { mean: truth, sd: 0.1 * truth } } })).channels[c]!.roas;
    const show = (r: typeof none) => `${r.mean.toFixed(2)} [${r.hdi94.map((v) => v.toFixed(2)).join(", ")}]`;
    console.log(`      ${name} ROAS (true ${truth.toFixed(2)}): no prior ${show(none)}; prior at 2× ${show(high)}; prior at the truth ${show(right)}`);
    assert.ok(high.mean > none.mean + 0.4 * truth, `the 2× prior moved the mean from ${none.mean} to ${high.mean}`);
    assert.ok(Math.abs(right.mean / truth - 1) < 0.15 && right.hdi94[0] <= truth && truth <= right.hdi94[1], show(right));
    assert.ok(right.hdi94[1] - right.hdi94[0] < none.hdi94[1] - none.hdi94[0], "the prior at the truth narrows the interval");
  });
});
