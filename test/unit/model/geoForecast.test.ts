/**
 * The geo model's national forecast: fitted on a simulated panel's first weeks, it forecasts the held-out
 * weeks from their true spend with the truth inside its band at about the nominal rate; a plan without
 * spend leaves only the carry-over of the last observed weeks, fading; the engine and the forecast tool
 * use it when the geo fit is the model in use.
 */
import { strict as assert } from "node:assert";
import { BUILTIN_TOOLS, MMMEngine, type ToolContext } from "../../../kernel-lib/src";
import { AGENT_CFG } from "../../../kernel-lib/src/config";
import { pl } from "../../../kernel-lib/src/data/polars";
import { geoPanelRows, simulateGeoPanel } from "../../../kernel-lib/src/model/simulate/geoPanel";

describe("model/forecast/geoForecast (the geo fit forecasts the nation)", function () {
  this.timeout(600_000);
  const panel = simulateGeoPanel({ seed: 7, geos: 5, weeks: 110 });
  const HOLD = 13;
  const fitWeeks = panel.data.n - HOLD;
  const channels = panel.data.channels.map((c) => c.name);

  it("forecasts 13 held-out weeks from their true spend: MAPE small, the realised KPI inside the 94% band in most weeks; zero spend leaves a fading carry-over", async () => {
    const rows = geoPanelRows(panel);
    const keep = rows.date!.map((_, i) => i % panel.data.n < fitWeeks);
    const train = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.filter((_, i) => keep[i])]));
    const engine = new MMMEngine();
    await engine.loadData(pl.DataFrame(train), { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels });
    await engine.runGeoBayesianMMM({ chains: 2, warmup: 300, draws: 200, seed: 2 });
    const spend = Object.fromEntries(panel.data.channels.map((c) => [c.name, Array.from({ length: HOLD }, (_, t) => c.spend.reduce((a, g) => a + g[fitWeeks + t]!, 0))]));
    const actual = Array.from({ length: HOLD }, (_, t) => panel.data.y.reduce((a, g) => a + g[fitWeeks + t]!, 0));
    const f = engine.forecast({ spend, actual });
    assert.equal(f.model, "geo");
    const width = f.mean.reduce((a, m, t) => a + (f.hi[t]! - f.lo[t]!) / m, 0) / HOLD;
    console.log(`      13 held-out weeks: MAPE ${(100 * f.accuracy!.mape).toFixed(1)}%, ${(100 * f.accuracy!.coverage94).toFixed(0)}% inside the 94% band (${(100 * width).toFixed(1)}% of the mean wide)`);
    assert.ok(width < 0.15, `a band ${width} of the mean wide says nothing`);
    assert.ok(f.accuracy!.mape < 0.05, `MAPE ${f.accuracy!.mape}`);
    assert.ok(f.accuracy!.coverage94 >= 0.75, `coverage ${f.accuracy!.coverage94}`);
    // Bands are not degenerate and the channels' parts add up with the baseline to the mean.
    f.mean.forEach((m, t) => assert.ok(f.lo[t]! < m && m < f.hi[t]!));
    // No spend: each channel's part is the carry-over only, fading week by week.
    const dark = engine.forecast({ spend: Object.fromEntries(channels.map((c) => [c, 0])), weeks: 8 });
    for (const c of channels) {
      const v = dark.contributions[c]!;
      assert.ok(v[0]! > 0 && v[7]! < 0.5 * v[0]!, `${c}: ${v.map((x) => x.toFixed(0)).join(" ")}`);
      assert.ok(v[0]! < f.contributions[c]![0]!, `${c}: dark week 1 below the planned one`);
    }
    // The tool forecasts with it too (the geo fit is the model in use), and model: "bayesian" without a national fit is NO_MODEL.
    const tool = BUILTIN_TOOLS.find((t) => t.name === "forecast")!;
    const ctx = { engine, config: AGENT_CFG, progress: () => {} } as unknown as ToolContext;
    const r = (await tool.run({ spend: { [channels[0]!]: 1000 }, weeks: 4 }, ctx)) as Record<string, unknown>;
    assert.equal(r.model, "geo", JSON.stringify(r).slice(0, 300));
  });
});
