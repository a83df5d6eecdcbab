/**
 * Refresh (issue #16 item 5) on simulated data with known truth: 156 weeks in which ch0's effect
 * (β) doubles from week 105 on, ch1 and ch2 constant. Ridge and Bayesian fits on the first 104
 * weeks are saved, loaded without data and refreshed with weeks 105–156. The refreshed ROAS of ch0
 * moves toward its new truth and the report says drift; ch1 stays within its saved HDI and is put
 * down to more data. The warm-started refit converges with 150 warm-up iterations; a cold fit of the
 * same weeks is timed next to it.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MMMEngine } from "../../../kernel-lib/src";
import { fitBayesian } from "../../../kernel-lib/src/model/bayes/fit";
import type { RefreshReport } from "../../../kernel-lib/src/model/refresh/types";
import { buildReport } from "../../../kernel-lib/src/report/report";
import { effectChangeSimulation } from "../../helpers/refreshSim";

const SAMPLER = { chains: 2, warmup: 500, draws: 300, seed: 3 };
const WARM = 150;

describe("engine.refresh: a saved model with 52 new weeks, one channel's effect doubled", function () {
  this.timeout(600_000);
  const s = effectChangeSimulation(21, { factor: 2 });
  const roles = { kpiCol: "revenue", dateCol: "date", channels: s.channels, controls: ["price_index", "competitor_sales"] };
  let engine: MMMEngine;
  let report: RefreshReport;
  let seconds: number;

  before(async () => {
    const first = new MMMEngine();
    await first.loadData(s.data.slice(0, s.cut), roles);
    first.runRidgeMMM();
    await first.runBayesianMMM(SAMPLER);
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mmm-refresh-")), "model");
    first.save(dir);
    engine = await MMMEngine.load(dir);
    const t0 = performance.now();
    report = await engine.refresh(s.data.slice(s.cut, s.data.height - s.cut), { warmup: WARM });
    seconds = (performance.now() - t0) / 1000;
  });

  it("appends the 52 weeks and the engine works on all 156", () => {
    assert.equal(report.added.weeks, 52);
    assert.equal(report.replaced.weeks, 0);
    assert.equal(engine.status().rows, 156);
    assert.equal(engine.currentModel, "bayesian");
    assert.equal(engine.analysis.bayesian!.result.weeks, 156);
    assert.equal(engine.analysis.ridge!.result.weeks, 156);
    assert.equal(engine.analysis.refresh, report);
  });

  for (const kind of ["bayesian", "ridge"] as const) {
    it(`${kind}: ch0's ROAS moves toward its new truth and is called drift; ch1 is more data`, () => {
      const fit = report.fits.find((f) => f.kind === kind)!;
      const [ch0, ch1] = fit.channels;
      console.log(
        `      ${kind}: ch0 ROAS ${ch0!.roas.before.mean.toFixed(2)} → ${ch0!.roas.after.mean.toFixed(2)} (truth ${s.before[0]!.toFixed(2)} before, ${s.after0.toFixed(2)} with the new effect), γ ${ch0!.drift!.gamma.toFixed(2)} z ${ch0!.drift!.z.toFixed(1)}`,
      );
      console.log(
        `      ${kind}: ch1 ROAS ${ch1!.roas.before.mean.toFixed(2)} → ${ch1!.roas.after.mean.toFixed(2)} (truth ${s.before[1]!.toFixed(2)}), γ ${ch1!.drift!.gamma.toFixed(2)} z ${ch1!.drift!.z.toFixed(1)}; out-of-sample MAPE ${(100 * fit.outOfSample!.mape).toFixed(1)}% vs ${(100 * fit.outOfSample!.inSampleMape).toFixed(1)}% in sample`,
      );
      assert.ok(Math.abs(ch0!.roas.after.mean - s.after0) < Math.abs(ch0!.roas.before.mean - s.after0), "ch0 closer to its new truth");
      assert.equal(ch0!.why, "drift");
      assert.ok(Math.abs(ch0!.drift!.gamma - 1) < 0.35, `γ ${ch0!.drift!.gamma} estimates the doubling (1)`);
      assert.match(ch0!.reason, /drift/);
      assert.equal(ch1!.why, "more_data");
      assert.match(ch1!.reason, /more data/);
      if (kind === "bayesian") {
        const [lo, hi] = ch1!.roas.before.hdi94!;
        assert.ok(lo <= ch1!.roas.after.mean && ch1!.roas.after.mean <= hi, "ch1 within its saved 94% HDI");
        assert.equal(ch1!.withinBefore, true);
      }
    });
  }

  it("the warm-started refit converges with 150 warm-up iterations; a cold fit is timed next to it", async () => {
    const b = report.fits.find((f) => f.kind === "bayesian")!.sampler!;
    assert.equal(b.warmStart, true);
    assert.equal(b.warmup, WARM);
    assert.ok(b.maxRhat < 1.05, `R-hat ${b.maxRhat}`);
    const cold = await fitBayesian(engine.analysis.bayesian!.posterior.density.data, { ...SAMPLER, warmup: 1000 });
    const coldRhat = cold.posterior.convergence().maxRhat;
    console.log(`      warm: ${WARM} warm-up, R-hat ${b.maxRhat.toFixed(3)}, ${b.seconds.toFixed(2)} s (whole refresh ${seconds.toFixed(2)} s); cold: 1000 warm-up, R-hat ${coldRhat.toFixed(3)}, ${cold.seconds.toFixed(2)} s`);
  });

  it("the report has the refresh section and the before/after ROAS chart", () => {
    const r = buildReport(engine);
    assert.ok(r.sections.refresh);
    assert.match(r.markdown, /## Model refresh/);
    assert.match(r.markdown, /\*\*drift\*\*/);
    assert.match(r.markdown, /more data/);
    const chart = r.charts.refresh!;
    assert.equal((chart.layout as { meta?: { key?: string } }).meta?.key, "refresh");
    assert.equal(chart.data.length, 2);
    assert.ok((chart.data[1] as { error_y?: unknown }).error_y, "HDI error bars");
  });

  it("the refreshed model saves and loads against the full table", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mmm-refresh-")), "model");
    engine.save(dir);
    const again = await MMMEngine.load(dir, { data: s.data });
    assert.equal(again.analysis.bayesian!.result.weeks, 156);
  });
});
