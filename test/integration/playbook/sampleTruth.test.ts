/**
 * The bundled sample at the demo's settings (issue #15 item 5 must-show): the offline agent's full
 * analysis with `npm start`'s sampler (4 chains × (500 + 500), seed 1) fits the Bayesian MMM with
 * the default ROAS prior and the saturation PSIS-LOO prefers, with no divergent transition and every
 * channel's true ROAS (sample_weekly.truth.json) inside its 94% HDI. Before: logistic, β ~ HalfNormal:
 * tv_spend 2.07 [1.81, 2.30] against its true 1.79, and social, display, ooh intervals from 0.00.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { MMMAgent, samplePath } from "../../../kernel-lib/src";
import { SAMPLE_TRUTH } from "../../../kernel-lib/src/data/samples";

describe("the bundled sample's Bayesian fit at the demo's settings", function () {
  this.timeout(180_000);

  it("chooses Hill by LOO, has 0 divergences and every true ROAS inside its 94% HDI", async () => {
    const agent = new MMMAgent({ llm: "offline", config: { sampler: { chains: 4, warmup: 500, draws: 500, seed: 1 } } });
    await agent.engine.loadData(samplePath("sample"));
    const run = await agent.runFullAnalysis({ bayesian: true });
    assert.equal(run.status, "completed");
    const b = agent.results.bayesian!;
    const truth = JSON.parse(fs.readFileSync(SAMPLE_TRUTH, "utf8")) as { channels: { column: string; roas: number }[] };
    const rows = truth.channels.map((t) => ({ t, r: b.channels.find((c) => c.name === t.column)!.roas }));
    console.log(`      ${b.saturationChoice?.reason}\n      ${rows.map(({ t, r }) => `${t.column} ${r.mean.toFixed(2)} [${r.hdi94[0].toFixed(2)}, ${r.hdi94[1].toFixed(2)}] / ${t.roas}`).join("; ")}`);
    assert.equal(b.saturationChoice?.choice, "hill");
    assert.deepEqual(b.model.roasPriors.length, truth.channels.length, "every channel has the default ROAS prior");
    assert.equal(b.diagnostics.divergences, 0);
    for (const { t, r } of rows) assert.ok(r.hdi94[0] <= t.roas && t.roas <= r.hdi94[1], `${t.column}: true ${t.roas} outside [${r.hdi94[0]}, ${r.hdi94[1]}]`);
  });
});
