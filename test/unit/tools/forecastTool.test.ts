/** The `forecast` tool: a plan in, weekly rows with 94% bands and totals out, the chart recorded. */
import { strict as assert } from "node:assert";
import { MMMEngine, samplePath, BUILTIN_TOOLS, type ToolContext } from "../../../kernel-lib/src";

describe("tool forecast", () => {
  it("forecasts the weeks after the data under a plan, with carry-over, bands and the chart", async () => {
    const engine = new MMMEngine();
    await engine.loadData(samplePath("sample"), { kpiCol: "revenue" });
    engine.runRidgeMMM();
    const tool = BUILTIN_TOOLS.find((t) => t.name === "forecast")!;
    assert.equal(tool.phase, "EVALUATION");
    const ctx = { engine } as unknown as ToolContext;
    const r = (await tool.run({ spend: { tv_spend: 0 }, weeks: 4 }, ctx)) as {
      weeks: number;
      from: string;
      weekly: { mean: number; lo: number; hi: number }[];
      contributionByChannel: Record<string, number>;
      spendByChannel: Record<string, number>;
      warnings: string[];
    };
    assert.equal(r.weeks, 4);
    assert.equal(r.from, "2024-01-01");
    assert.equal(r.spendByChannel["tv_spend"], 0);
    assert.ok(r.contributionByChannel["tv_spend"]! > 0, "TV's last weeks carry over into the forecast");
    r.weekly.forEach((w) => assert.ok(w.lo < w.mean && w.mean < w.hi));
    assert.ok(r.warnings.some((w) => /paid_search_spend.*historical weekly average/.test(w)));
    assert.ok(engine.analysis.figures["forecast"]);
    const series = (await tool.run({ spend: { tv_spend: [1, 2, 3] } }, ctx)) as { weeks: number };
    assert.equal(series.weeks, 3, "the horizon follows the spend series");
  });
});
