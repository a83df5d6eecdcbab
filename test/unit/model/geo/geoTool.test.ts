/**
 * run_bayesian_mmm with geo: true — the hierarchical geo model through the tool: asked first when the
 * predicted time is long (Meridian's 40-geo panel), fitted and answered compactly on a small panel,
 * and the national model's options it lacks refused with INVALID_ARGUMENT.
 */
import { strict as assert } from "node:assert";
import { BUILTIN_TOOLS, MMMEngine, type ToolContext } from "../../../../kernel-lib/src";
import { AGENT_CFG } from "../../../../kernel-lib/src/config";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { geoPanelRows, simulateGeoPanel } from "../../../../kernel-lib/src/model/simulate/geoPanel";
import { predictBayesSeconds } from "../../../../kernel-lib/src/tools/bayesCost";
import { MERIDIAN_GEO } from "../../../helpers/fixtures";

const tool = BUILTIN_TOOLS.find((t) => t.name === "run_bayesian_mmm")!;
const ctxOf = (engine: MMMEngine) => ({ engine, config: AGENT_CFG, progress: () => {} }) as unknown as ToolContext;

describe("run_bayesian_mmm geo: true", function () {
  this.timeout(300_000);
  const panel = simulateGeoPanel({ seed: 4, geos: 4, weeks: 60 });
  const channels = ["tv", "search", "social"];

  async function smallEngine(): Promise<MMMEngine> {
    const engine = new MMMEngine();
    await engine.loadData(pl.DataFrame(geoPanelRows(panel)), { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels });
    return engine;
  }

  it("fits the geo model on a small panel without asking; answers national and per-geo ROAS; the geo fit becomes the model in use", async () => {
    const engine = await smallEngine();
    const r = (await tool.run({ geo: true, chains: 2, warmup: 100, draws: 100, seed: 3 }, ctxOf(engine))) as {
      model: string;
      geos: number;
      channels: { name: string; roas: { mean: number; hdi94: number[] }; roasByGeo: Record<string, number> }[];
      sampler: { chains: number };
    };
    assert.equal(r.model, "geo");
    assert.equal(r.geos, 4);
    assert.deepEqual(
      r.channels.map((c) => c.name),
      channels,
    );
    for (const c of r.channels) {
      assert.deepEqual(Object.keys(c.roasByGeo), panel.data.geos);
      assert.ok(c.roas.hdi94[0]! < c.roas.mean && c.roas.mean < c.roas.hdi94[1]!, c.name);
    }
    assert.equal(r.sampler.chains, 2);
    assert.ok(engine.analysis.geoBayesian, "recorded for the report");
    assert.equal(engine.analysis.current, undefined, "no national fit");
    assert.equal(engine.analysis.currentGeo, engine.analysis.geoBayesian, "the geo fit is the model scenarios and budgets read");
  });

  it("passes ROAS priors and per-channel adstocks to the geo model (a tight prior far above the data's ROAS moves the answer)", async () => {
    const engine = await smallEngine();
    const run = { geo: true, chains: 2, warmup: 150, draws: 100, seed: 3 };
    type Reply = { channels: { name: string; roas: { mean: number } }[] };
    const plain = (await tool.run(run, ctxOf(engine))) as Reply;
    const tv = plain.channels[0]!.roas.mean;
    const pulled = (await tool.run({ ...run, roasPriors: { tv: { mean: 3 * tv, sd: 0.1 * tv } }, adstock: { social: "delayed" } }, ctxOf(engine))) as Reply;
    assert.ok(pulled.channels[0]!.roas.mean > 1.15 * tv, `${pulled.channels[0]!.roas.mean} vs ${tv}`);
    const names = engine.analysis.geoBayesian!.posterior.density.names;
    assert.ok(names.includes("social:logit_theta") && !names.includes("tv:logit_theta"));
    assert.ok(!names.some((n) => n.endsWith(":z")), "normal geo effects by default: none sampled");
    await tool.run({ ...run, warmup: 100, draws: 50, geoEffects: "logNormal" }, ctxOf(engine));
    assert.ok(
      engine.analysis.geoBayesian!.posterior.density.names.some((n) => /^tv:geo_1:(z|u|log_response)$/.test(n)),
      "geoEffects: logNormal samples the geo effects",
    );
  });

  it("asks first on Meridian's 40 geos × 156 weeks × 5 channels with the default sampler", async () => {
    const engine = new MMMEngine();
    const spend = [0, 1, 2, 3, 4].map((i) => `Channel${i}_spend`);
    await engine.loadData(MERIDIAN_GEO, { kpiCol: "conversions", dateCol: "time", geoCol: "geo", channels: spend });
    const r = (await tool.run({ geo: true, channels: spend, controls: [] }, ctxOf(engine))) as { needsConfirmation?: boolean; predictedSeconds: number; geos: number; hint: string };
    assert.equal(r.needsConfirmation, true);
    assert.equal(r.geos, 40);
    assert.ok(r.predictedSeconds > AGENT_CFG.confirmBayesAboveSeconds, `${r.predictedSeconds} s`);
    assert.match(r.hint, /geo: true, confirmed: true/);
    assert.equal(engine.analysis.geoBayesian, undefined, "nothing ran");
  });

  it("refuses the national model's options the geo model lacks", async () => {
    const engine = await smallEngine();
    await assert.rejects(
      async () => tool.run({ geo: true, liftTests: [], baseline: "hsgp" }, ctxOf(engine)),
      (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && /liftTests, baseline: hsgp/.test(e.message),
    );
  });

  it("predicts the geo fit's time from geos × weeks × channels", () => {
    const shape = { weeks: 156, channels: 5, chains: 4, warmup: 1000, draws: 1000, threads: 2 };
    const meridian = predictBayesSeconds({ ...shape, geos: 40 });
    const national = predictBayesSeconds(shape);
    // Measured on this machine: 129 s for the geo fit (bench/geo.ts), ~12 s for a national 156 × 5 fit.
    assert.ok(meridian > 100 && meridian < 200 && meridian > 8 * national, `${meridian} vs ${national}`);
    assert.ok(predictBayesSeconds({ ...shape, geos: 80 }) > 1.9 * meridian);
    assert.ok(predictBayesSeconds({ ...shape, weeks: 60, channels: 3, geos: 4, chains: 2, warmup: 100, draws: 100 }) < AGENT_CFG.confirmBayesAboveSeconds);
  });
});
