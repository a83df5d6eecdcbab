/**
 * Every reader of a geo fit draws each draw's integrated coefficients (intercepts, normal geo effects)
 * the same way, seeded by the draw's bits: the fit's params, the decomposition and the national weekly
 * band agree, on one thread or two and after save / load, and a draw read through a view of a larger buffer (as worker
 * threads hand them back) seeds as its copy does.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MMMEngine } from "../../../../../kernel-lib/src";
import { pl } from "../../../../../kernel-lib/src/data/polars";
import { fitGeoBayesian } from "../../../../../kernel-lib/src/model/bayes/geo/geoFit";
import { geoDecomposition } from "../../../../../kernel-lib/src/model/bayes/geo/geoDecomposition";
import { nationalContributionBand } from "../../../../../kernel-lib/src/model/bayes/geo/geoOutputs";
import { geoPanelRows, simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";

describe("model/bayes/geo: the same per-draw geo effects everywhere", function () {
  this.timeout(300_000);
  const { data } = simulateGeoPanel({ seed: 8, geos: 3, weeks: 40 });

  it("params, geoDecomposition and nationalContributionBand agree, on 1 and 2 threads; a draw's view seeds as its copy", async () => {
    const opts = { chains: 2, warmup: 60, draws: 30, seed: 5 };
    const one = await fitGeoBayesian(data, { ...opts, threads: 1 });
    const two = await fitGeoBayesian(data, { ...opts, threads: 2 });
    assert.deepEqual(two.params, one.params);
    assert.deepEqual(two.channels, one.channels);
    const draws = one.chains.flatMap((c) => c.draws);
    const dec = geoDecomposition(one.density, draws);
    assert.deepEqual(
      geoDecomposition(
        two.density,
        two.chains.flatMap((c) => c.draws),
      ),
      dec,
    );
    data.channels.forEach((ch, c) => {
      // The band's mean and the decomposition's national channel come from the same 60 draws.
      assert.deepEqual(nationalContributionBand(one.density, draws, c), dec.nationalChannels[ch.name]);
      const total = dec.national.channels[ch.name]!.reduce((a, b) => a + b, 0);
      const fromParams = one.params.reduce((a, p) => a + p.channels[c]!.contribution.reduce((s, v) => s + v, 0), 0) / one.params.length;
      assert.ok(Math.abs(total / fromParams - 1) < 1e-12, `${ch.name}: ${total} vs ${fromParams}`);
    });
    const q = draws[7]!;
    const buffer = new Float64Array(q.length + 5);
    buffer.set(q, 5);
    assert.deepEqual(one.density.constrain(buffer.subarray(5)), one.density.constrain(Float64Array.from(q)));
  });

  it("after engine.save / MMMEngine.load: the same decomposition, national bands and per-geo contributions", async () => {
    const engine = new MMMEngine();
    await engine.loadData(pl.DataFrame(geoPanelRows(simulateGeoPanel({ seed: 8, geos: 3, weeks: 40 }))), { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels: ["tv", "search", "social"] });
    await engine.runGeoBayesianMMM({ chains: 2, warmup: 60, draws: 30, seed: 5 });
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mmm-geo-det-")), "model");
    engine.save(dir);
    const again = await MMMEngine.load(dir);
    assert.deepEqual(again.geoDecomposition(), engine.geoDecomposition());
    const [a, b] = [engine.analysis.geoBayesian!.posterior, again.analysis.geoBayesian!.posterior];
    assert.deepEqual(b.params, a.params);
    assert.deepEqual(nationalContributionBand(b.density, b.draws, 1), nationalContributionBand(a.density, a.draws, 1));
  });
});
