/**
 * The HSGP baseline through the engine: result, decomposition band of the time-varying part, draws
 * export, forecast beyond the data, and save / load in a new process (the same views as JSON text).
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MMMEngine } from "../../../../kernel-lib/src";
import { driftingBaselineSimulation } from "../../../helpers/bayesSim";
import { modelViews } from "../../../helpers/modelViews";

describe("model/bayes HSGP baseline through the engine", function () {
  this.timeout(300_000);
  let engine: MMMEngine;

  before(async () => {
    const { data, mmm } = driftingBaselineSimulation(3, { shift: 0.1, shiftWeek: 60, rampWeeks: 8, wave: 0.05, periodWeeks: 60, spendUp: 0 }, { weeks: 104 });
    engine = new MMMEngine();
    await engine.loadData(data, { kpiCol: "revenue", dateCol: "date", channels: mmm.channels.map((c) => c.name), controls: ["price_index", "competitor_sales"] });
    await engine.runBayesianMMM({ baseline: "hsgp", chains: 2, warmup: 150, draws: 150, seed: 1 });
  });

  it("reports the baseline, its priors and posterior length-scale; exports ℓ and η beside the trend and Fourier coefficients", () => {
    const r = engine.analysis.bayesian!.result;
    assert.equal(r.model.baseline, "hsgp");
    const h = r.model.hsgp!;
    assert.ok(h.m >= 10 && h.lengthscalePrior[1] === 104 && h.lengthscale > 0 && h.eta > 0, JSON.stringify(h));
    const ex = engine.bayesian().exportDraws();
    assert.ok(ex.parameters.includes("baseline:ls") && ex.parameters.includes("baseline:eta"));
    assert.ok(ex.parameters.includes("trend:coef") && ex.parameters.includes("fourier_sin_1:coef"));
  });

  it("the decomposition carries the time-varying part with a 94% band, inside the baseline", () => {
    const d = engine.bayesian().decomposition();
    const tv = d.timeVarying!;
    assert.equal(tv.mean.length, d.dates.length);
    tv.mean.forEach((m, t) => assert.ok(tv.lo[t]! <= m && m <= tv.hi[t]!));
    // The process moves: its posterior mean spans a good part of the simulated drift (10% + 5% of 200k).
    assert.ok(Math.max(...tv.mean) - Math.min(...tv.mean) > 10_000, `range ${Math.max(...tv.mean) - Math.min(...tv.mean)}`);
  });

  it("forecasts extend the process: the band widens away from the data", () => {
    const f = engine.forecast({ weeks: 40, seed: 2 });
    const width = (t: number) => f.hi[t]! - f.lo[t]!;
    const early = (width(0) + width(1) + width(2)) / 3;
    const later = (width(24) + width(25) + width(26)) / 3;
    assert.ok(later > early, `band ${early.toFixed(0)} → ${later.toFixed(0)}`);
  });

  it("save / load in a new process gives the same summaries, decomposition and forecasts", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mmm-hsgp-")), "model");
    engine.save(dir);
    const child = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "../../../helpers/modelViews.ts"), dir], { encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
    assert.equal(child, modelViews(engine));
  });

  it("a model saved before the coefficients could be integrated out (its draws start with the level) loads with them sampled", async () => {
    const old = new MMMEngine();
    const { data, mmm } = driftingBaselineSimulation(3, { shift: 0.1, shiftWeek: 60, rampWeeks: 8, wave: 0.05, periodWeeks: 60, spendUp: 0 }, { weeks: 104 });
    await old.loadData(data, { kpiCol: "revenue", dateCol: "date", channels: mmm.channels.map((c) => c.name), controls: ["price_index", "competitor_sales"] });
    await old.runBayesianMMM({ baseline: "hsgp", integrateBaseline: false, chains: 1, warmup: 20, draws: 10, seed: 1 });
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mmm-hsgp-old-")), "model");
    old.save(dir);
    // The options as saved before integrateBaseline existed.
    const file = path.join(dir, "manifest.json");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/"integrateBaseline":\s*false,?/g, ""));
    assert.ok(!fs.readFileSync(file, "utf8").includes("integrateBaseline"));
    const loaded = await MMMEngine.load(dir);
    const density = loaded.analysis.bayesian!.posterior.density;
    assert.ok(!density.layout.integrated && density.names[0] === "level");
    assert.equal(loaded.analysis.bayesian!.result.channels.length, mmm.channels.length);
  });
});
