import { strict as assert } from "node:assert";
import { fitBayesian } from "../../../../../kernel-lib/src/model/bayes/fit";
import { fitGeoBayesian } from "../../../../../kernel-lib/src/model/bayes/geo/geoFit";
import { nationalContributionBand } from "../../../../../kernel-lib/src/model/bayes/geo/geoOutputs";
import { thin } from "../../../../../kernel-lib/src/model/bayes/outputs/bands";
import type { Uncertain } from "../../../../../kernel-lib/src/model/bayes/posterior";
import { nationalFromGeo } from "../../../../../kernel-lib/src/model/geo/geoData";
import { simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";

const inside = (u: Uncertain, v: number) => u.hdi94[0] <= v && v <= u.hdi94[1];
const width = (u: Uncertain) => u.hdi94[1] - u.hdi94[0];

/**
 * Recovery on simulated geo panels in the model's family: 10 geos of different sizes × 104 weeks ×
 * 3 channels (geometric adstock, logistic saturation shared; per-geo β around national ones with
 * log-spread 0.3; per-geo baselines, trends and seasonal phases; noise 3% of each geo's level).
 */
describe("model/bayes/geo recovery of simulated per-geo truth", function () {
  this.timeout(900_000);

  it("three seeds: true geo-level and national contributions inside the 94% HDI at about the calibrated rate; national ROAS HDIs narrower than the national model's on the summed data", async () => {
    const geoMiss: string[] = [];
    const natMiss: string[] = [];
    let geoChecks = 0;
    let natChecks = 0;
    const ratios: number[] = [];
    for (const seed of [1, 2, 3]) {
      const panel = simulateGeoPanel({ seed, geos: 10, weeks: 104 });
      // 4 chains: the max split R-hat over ~130 parameters of 2 short chains sat at 1.03–1.07 by chance (Node 20 vs 24
      // differ in the last bits of Math.exp); with 4 × 250 draws the edge weeks' effects still reached 1.050 once.
      const opts = { chains: 4, warmup: 1000, draws: 500, seed };
      const fit = await fitGeoBayesian(panel.data, opts);
      const national = await fitBayesian(nationalFromGeo(panel.data), { ...opts, threads: 1 });
      console.log(`      seed ${seed}: geo fit ${fit.seconds.toFixed(0)} s, max R-hat ${fit.maxRhat.toFixed(3)}, ${fit.divergences} divergences`);
      assert.ok(fit.maxRhat < 1.03, `seed ${seed}: max R-hat ${fit.maxRhat}`);
      fit.channels.forEach((c, i) => {
        const truth = panel.truth.channels[i]!;
        natChecks++;
        if (!inside(c.contribution, truth.contribution)) natMiss.push(`seed ${seed} ${c.name}`);
        c.geos.forEach((g, j) => {
          geoChecks++;
          if (!inside(g.contribution, truth.geoContribution[j]!)) geoMiss.push(`seed ${seed} ${c.name} ${g.geo}`);
        });
        const nat = national.channels[i]!;
        const ratio = width(c.roas) / width(nat.roas);
        ratios.push(ratio);
        console.log(
          `        ${c.name}: ROAS ${c.roas.mean.toFixed(2)} [${c.roas.hdi94.map((v) => v.toFixed(2)).join(", ")}] (true ${truth.roas.toFixed(2)}); national model [${nat.roas.hdi94.map((v) => v.toFixed(2)).join(", ")}]; width ratio ${ratio.toFixed(2)}`,
        );
        assert.ok(ratio < 1, `seed ${seed} ${c.name}: geo ROAS HDI width ${width(c.roas)} not narrower than the national model's ${width(nat.roas)}`);
      });
      // The weekly national band sums the geos draw by draw: its total is the national contribution of the
      // draws it keeps (thinned evenly), each draw's integrated geo effects the same as in the fit's params.
      const band = nationalContributionBand(
        fit.density,
        fit.chains.flatMap((c) => c.draws),
        0,
      );
      const total = band.mean.reduce((a, b) => a + b, 0);
      const kept = thin(fit.params);
      const want = kept.reduce((a, p) => a + p.channels[0]!.contribution.reduce((x, y) => x + y, 0), 0) / kept.length;
      assert.ok(Math.abs(total / want - 1) < 1e-9, `${total} vs ${want}`);
    }
    console.log(
      `      geo-level contributions inside the 94% HDI: ${geoChecks - geoMiss.length}/${geoChecks}; national: ${natChecks - natMiss.length}/${natChecks}; ROAS HDI width ratios geo/national ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
    );
    // Calibrated 94%: 90 geo checks expect ~5 misses (P(≥ 13 misses) < 0.01); 9 national checks allow 2.
    assert.ok(geoMiss.length <= 12, `missed ${geoMiss.length}/${geoChecks}: ${geoMiss.join(", ")}`);
    assert.ok(natMiss.length <= 2, `missed ${natMiss.length}/${natChecks}: ${natMiss.join(", ")}`);
  });
});
