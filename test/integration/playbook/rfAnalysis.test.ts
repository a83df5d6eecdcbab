/**
 * The full analysis on Meridian's national_media_rf.csv (issue #15 item 6): with no code from the
 * analyst, the profile proposes Channel3 as a reach & frequency channel (its reach, frequency and
 * spend columns), the Bayesian fit models it by reach × Hill(frequency), and the ROI table, the
 * budget and the response curves include it through its spend curve. The offline agent's graph
 * makes the same tool calls.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { fullAnalysis, MMMAgent, MMMEngine } from "../../../kernel-lib/src";
import { runAsAnalyst } from "../../helpers/analyst";

const MERIDIAN_RF = path.join(__dirname, "../../fixtures/public/national_media_rf.csv");
const RF = { reach: "Channel3_reach", frequency: "Channel3_frequency", spend: "Channel3_spend" };

describe("fullAnalysis on national_media_rf.csv: the R&F channel without code", function () {
  this.timeout(600_000);

  it("proposes Channel3 as R&F, fits it so, and plans its budget; the offline agent makes the same calls", async () => {
    const engine = new MMMEngine();
    await engine.loadData(MERIDIAN_RF);
    const config = { sampler: { chains: 2, warmup: 100, draws: 100, seed: 1 } };
    const ask = (q: { options?: string[]; default?: string }) => q.options?.find((o) => o.startsWith("Run the")) ?? q.default ?? q.options?.[0];
    const run = await fullAnalysis(engine, { bayesian: true }, { config, ask });
    const profile = run.steps.find((s) => s.name === "inspect_data")!.result as { roles: { rf?: unknown; channels: string[] } };
    assert.deepEqual(profile.roles.rf, [RF]);
    assert.ok(!profile.roles.channels.includes("Channel3_spend"));
    const bayes = engine.analysis.bayesian!.posterior.density.data;
    assert.deepEqual(
      bayes.channels.filter((c) => c.rf).map((c) => c.name),
      ["Channel3_spend"],
    );
    assert.ok(!bayes.base.names.some((n) => n.startsWith("Channel3")), "reach and frequency are not controls");
    const roi = run.steps.filter((s) => s.name === "roi_summary" && s.ok).at(-1)!.result as { model: string; channels: { name: string; mroas: unknown }[] };
    assert.equal(roi.model, "bayesian");
    assert.ok(roi.channels.some((c) => c.name === "Channel3_spend"));
    const budget = run.steps.find((s) => s.name === "optimize_budget" && s.ok)!.result as { allocation: Record<string, number> };
    assert.ok(budget.allocation["Channel3_spend"]! > 0, JSON.stringify(budget.allocation));
    assert.match(run.report, /\*\*Reach & frequency\*\* \(1\): Channel3_spend \(Channel3_reach × Channel3_frequency\)/);
    assert.match(run.report, /\| Channel3_spend \|/);

    const events: { type: string; tool?: string; args?: unknown }[] = [];
    const agent = new MMMAgent({ llm: "offline", config, onEvent: (e) => events.push(e) });
    await agent.engine.loadData(MERIDIAN_RF);
    const { run: last } = await runAsAnalyst(agent, () => agent.runFullAnalysis({ bayesian: true }), { kpi: "conversions", channels: ["Channel0_spend", "Channel1_spend", "Channel2_spend"] });
    assert.equal(last.status, "completed", last.reply);
    const notAsking = (name: string) => !name.startsWith("ask_user");
    assert.deepEqual(
      events.flatMap((e) => (e.type === "tool" && notAsking(e.tool!) ? [[e.tool, e.args]] : [])),
      run.steps.filter((x) => notAsking(x.name)).map((x) => [x.name, x.args]),
    );
  });
});
