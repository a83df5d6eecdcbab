/**
 * The quality gate (issue #17 item 2) on simulated data with a planted problem: each is caught by
 * model_diagnostics after the ridge fit, and the decision shows in the steps (the trace's tool rows):
 * a drifting baseline → retry: the Bayesian fit gets a time-varying baseline; a collinear pair →
 * the analyst is asked and can stop; a channel whose spend is in the wrong units (an implausible
 * ROAS) → the analyst is asked and can choose a ROAS prior, which the Bayesian fit then uses.
 * Control: clean simulated data passes the gate and nothing is asked.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { fullAnalysis, MMMAgent, MMMEngine, simulateMMM, type ToolRecord } from "../../../kernel-lib/src";
import { pl } from "../../../kernel-lib/src/data/polars";
import type { PendingQuestion } from "../../../kernel-lib/src/tools/types";
import { driftingBaselineSimulation } from "../../helpers/bayesSim";
import { tempDir } from "../../helpers/fixtures";

const dir = tempDir("ammm-gate-");

async function engineOn(name: string, data: ReturnType<typeof simulateMMM>["data"]): Promise<MMMEngine> {
  const file = path.join(dir, `${name}.csv`);
  data.writeCSV(file);
  const engine = new MMMEngine();
  await engine.loadData(file);
  return engine;
}

type Gate = { model: string; verdict: string; decision: string; issues: { code: string; decision: string; channels?: string[] }[] };
const gates = (steps: ToolRecord[]) => steps.filter((s) => s.name === "model_diagnostics").map((s) => s.result as unknown as Gate);
/** Skip the (long) Bayesian sampling itself: the tests look at the arguments the gate gave it. */
const noSampling = { confirmBayesAboveSeconds: 0 };
const skipBayes = (q: PendingQuestion) => (/Bayesian fit is predicted/.test(q.prompt) ? "Skip it and keep the ridge model" : undefined);

describe("the quality gate catches planted problems and acts on them", function () {
  this.timeout(300_000);

  it("control: clean simulated data passes the gate, nothing is asked", async () => {
    const engine = await engineOn("clean", simulateMMM({ seed: 2, weeks: 156 }).data);
    const r = await fullAnalysis(engine, { bayesian: false });
    const [g] = gates(r.steps);
    assert.equal(g?.verdict, "proceed", g?.decision);
    assert.equal(r.questions.length, 0);
  });

  it("a drifting baseline (a level shift and a slow wave): retry — the Bayesian fit is given a time-varying baseline", async () => {
    const { data } = driftingBaselineSimulation(3, { shift: 0.25, shiftWeek: 60, rampWeeks: 4, wave: 0.1, periodWeeks: 40, spendUp: 0 }, { weeks: 120 });
    const engine = await engineOn("drift", data);
    const asked: string[] = [];
    const r = await fullAnalysis(engine, {}, { config: noSampling, ask: (q) => (asked.push(q.prompt), skipBayes(q) ?? q.default) });
    const g = gates(r.steps)[0]!;
    assert.equal(g.verdict, "retry", g.decision);
    assert.ok(g.issues.some((i) => i.code === "BASELINE_DRIFT" && i.decision === "retry"));
    const bayes = r.steps.find((s) => s.name === "run_bayesian_mmm");
    assert.equal(bayes?.args.baseline, "hsgp", JSON.stringify(bayes?.args));
    assert.match(r.report, /The baseline drifts/);
  });

  it("a collinear pair: the analyst is asked; 'Stop' stops after the ridge fit, naming the pair", async () => {
    const { data } = simulateMMM({ seed: 4, weeks: 130 });
    const tv = data.getColumn("tv_spend").toArray() as number[];
    // display follows tv at a fixed ratio (plus 1% noise): the two cannot be separated.
    const display = tv.map((v, i) => 0.4 * v * (1 + 0.01 * Math.sin(7 * i)));
    const engine = await engineOn("collinear", data.withColumns(pl.Series("display_spend", display, pl.Float64)));
    const asked: PendingQuestion[] = [];
    const r = await fullAnalysis(engine, { bayesian: false }, { ask: (q) => (asked.push(q), q.options!.find((o) => o.startsWith("Stop"))) });
    const g = gates(r.steps)[0]!;
    assert.equal(g.verdict, "ask", g.decision);
    const pair = g.issues.find((i) => i.code === "COLLINEAR")?.channels;
    assert.deepEqual(pair, ["display_spend", "tv_spend"]);
    assert.match(asked[0]!.prompt, /Quality check \(COLLINEAR: display_spend, tv_spend\)/);
    assert.match(r.report, /^Stopped after the ridge fit/);
    assert.ok(!r.steps.some((s) => s.name === "optimize_budget"), "nothing after the stop");
  });

  it("spend in the wrong units (an implausible ROAS): the analyst is asked and chooses a ROAS prior, which the Bayesian fit uses — through the real agent graph too", async () => {
    const { data } = simulateMMM({ seed: 2, weeks: 156 });
    // social's spend exported in hundreds: its ROAS comes out ~100× too high.
    const social = (data.getColumn("social_spend").toArray() as number[]).map((v) => v / 100);
    const planted = data.withColumns(pl.Series("social_spend", social, pl.Float64));
    const agent = new MMMAgent({ llm: "offline", config: noSampling });
    const file = path.join(dir, "units.csv");
    planted.writeCSV(file);
    await agent.engine.loadData(file);
    let run = await agent.runFullAnalysis();
    const prompts: string[] = [];
    const trace = [...run.trace];
    while (run.question) {
      prompts.push(run.question.prompt);
      const q = run.question;
      run = await agent.answer(q.id, skipBayes(q) ?? q.options?.find((o) => o.startsWith("Refit the Bayesian model with a ROAS prior on social_spend")) ?? q.default);
      trace.push(...run.trace);
    }
    assert.ok(
      prompts.some((p) => /Quality check \(ROAS_OUTLIER: social_spend\)/.test(p)),
      prompts.join(" | "),
    );
    const tools = trace.filter((e) => e.type === "tool");
    const gate = tools.find((e) => e.type === "tool" && e.tool === "model_diagnostics");
    assert.match(gate?.type === "tool" ? gate.summary : "", /"verdict":"ask"/, "the trace shows the gate's decision");
    assert.ok(tools.some((e) => e.type === "tool" && e.tool === "run_bayesian_mmm"));
    // The same steps without the graph keep the full arguments: the Bayesian fit got the chosen prior.
    const engine = await engineOn("units-direct", planted);
    const choosePrior = (q: PendingQuestion) => skipBayes(q) ?? q.options?.find((o) => o.startsWith("Refit the Bayesian model with a ROAS prior on social_spend")) ?? q.default;
    const r = await fullAnalysis(engine, {}, { config: noSampling, ask: choosePrior });
    const priors = r.steps.find((s) => s.name === "run_bayesian_mmm")?.args.roasPriors as Record<string, { mean: number; sd: number }> | undefined;
    const roi = r.steps.find((s) => s.name === "roi_summary")?.result.channels as { name: string; roas: number }[];
    const others = roi
      .filter((c) => c.name !== "social_spend")
      .map((c) => c.roas)
      .sort((a, b) => a - b);
    assert.ok(priors?.social_spend, JSON.stringify(priors));
    assert.equal(others.length, 3);
    assert.ok(Math.abs(priors.social_spend.mean - others[1]!) < 1e-3 * priors.social_spend.mean, "centred on the other channels' median ROAS");
  });
});
