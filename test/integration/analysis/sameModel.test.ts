/**
 * One owner of the analysis (issue #18): after ANY refit — the engine called directly, the
 * run_ols_mmm tool, a Bayesian fit, a refit with other options, or an earlier fit picked again —
 * the report and its export, the charts, the ROI and diagnostics tools, the budget optimiser and
 * the notebook state all show the same model: the current one. The first refit is the reproduced
 * bug: the exported report still said "R² 0.965" after a refit whose R² was 0.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildReport, fmtNumber, MMMAgent, NotebookMMM, samplePath, type BayesianResult, type BudgetPlan, type MMMEngine, type PlotlyFigure, type RidgeResult } from "../../../kernel-lib/src";
import { channelResponses } from "../../../kernel-lib/src/model/decomposition";
import { linearFit } from "../../../kernel-lib/src/model/ridge/result";
import { installKernelWriter, type RecordedDisplay } from "../../helpers/kernelWriter";
import { tempDir } from "../../helpers/fixtures";
import { runTool } from "../../helpers/toolContext";

/** What the fit just made says: every reader must show exactly this. */
interface Expected {
  kind: "ridge" | "bayesian";
  r2: number;
  roas: Record<string, number>;
}

const fromRidge = (r: RidgeResult): Expected => ({ kind: "ridge", r2: r.metrics.r2, roas: Object.fromEntries(r.channels.map((c) => [c.name, c.roas])) });
const fromBayes = (b: BayesianResult): Expected => ({ kind: "bayesian", r2: b.fit.r2, roas: Object.fromEntries(b.channels.map((c) => [c.name, c.roas.mean])) });
const byRoas = (roas: Record<string, number>) => Object.entries(roas).sort((a, b) => b[1] - a[1]);

/** The R² of the model the report leads with (its first "Fit:" line). */
function leadingR2(markdown: string): string | undefined {
  return /\*\*Fit:\*\* R² ([^ ]+)/.exec(markdown)?.[1];
}

function checkReport(engine: MMMEngine, exp: Expected, exportedMd: string): void {
  const report = buildReport(engine);
  assert.match(report.sections.roi, exp.kind === "bayesian" ? /From the Bayesian model/ : /From the ridge model/);
  assert.equal(leadingR2(report.markdown), fmtNumber(exp.r2), "the report leads with the current fit's R²");
  assert.equal(leadingR2(exportedMd), fmtNumber(exp.r2), "the exported report.md too");
  const rows = report.tables.roi!.toRecords() as { channel: string; roas: number }[];
  assert.deepEqual(
    rows.map((r) => [r.channel, r.roas]),
    byRoas(exp.roas),
    "the ROI table is the current fit's",
  );
}

function checkCharts(nb: NotebookMMM, outputs: RecordedDisplay[], exp: Expected): void {
  const before = outputs.length;
  assert.deepEqual(nb.plot("roi"), ["roi"]);
  const fig = outputs
    .slice(before)
    .map((o) => o.data["application/vnd.plotly.v1+json"] as PlotlyFigure | undefined)
    .find(Boolean)!;
  assert.equal((fig.layout.meta as { key?: string }).key, "roi", "keyed, so the side panel replaces it");
  assert.deepEqual(
    fig.data[0]!.x.map((name, i) => [name, fig.data[0]!.y[i]]),
    byRoas(exp.roas),
    "nb.plot draws the current fit",
  );
}

async function checkTools(engine: MMMEngine, exp: Expected): Promise<void> {
  const roi = await runTool<{ model: string; channels: { name: string; roas: number | { mean: number } }[] }>(engine, "roi_summary");
  assert.equal(roi.model, exp.kind, "roi_summary reads the current model");
  assert.deepEqual(
    roi.channels.map((c) => [c.name, typeof c.roas === "number" ? c.roas : c.roas.mean]),
    byRoas(exp.roas),
  );
  assert.equal((await runTool<{ model: string }>(engine, "model_diagnostics")).model, exp.kind);
  const curves = await runTool<{ model: string; channels: string[] }>(engine, "plot_response_curves");
  assert.equal(curves.model, exp.kind);
  assert.deepEqual([...curves.channels].sort(), Object.keys(exp.roas).sort());
}

/** The plan is built on the current model's response curves (recomputed here from that fit). */
async function checkBudget(agent: MMMAgent, exp: Expected): Promise<void> {
  const engine = agent.engine;
  assert.equal(agent.results.budget, undefined, "a plan made from an earlier model is not shown after a refit");
  const plan = await runTool<BudgetPlan>(engine, "optimize_budget");
  assert.equal(agent.results.budget, plan);
  assert.equal(plan.upliftPosterior !== undefined, exp.kind === "bayesian");
  const responses = exp.kind === "bayesian" ? engine.bayesian().responses() : channelResponses(linearFit(engine.analysis.ridge!.model));
  const atCurrent = responses.reduce((s, r) => s + r.response(r.currentWeekly) * plan.weeks, 0);
  assert.ok(Math.abs(plan.currentExpected - atCurrent) <= 1e-6 * Math.max(1, Math.abs(atCurrent)), `${plan.currentExpected} vs ${atCurrent}`);
  assert.match(buildReport(engine).sections.budget, exp.kind === "bayesian" ? /from the Bayesian model's posterior-mean response curves/ : /from the ridge model's response curves/);
}

describe("one analysis owner: after any refit everything shows the current model", function () {
  this.timeout(300_000);
  const agent = new MMMAgent({ llm: "offline" });
  const engine = agent.engine;
  let nb: NotebookMMM;
  let kernel: ReturnType<typeof installKernelWriter>;
  let dir: string;
  let n = 0;

  /** Every reader, after the fit that produced `exp`. */
  async function showsEverywhere(exp: Expected): Promise<void> {
    assert.equal(engine.currentModel, exp.kind);
    assert.equal(agent.results.figures?.response_curves, undefined, "the chart of an earlier fit is not shown as the current one");
    const written = await nb.export(join(dir, `report-${++n}`));
    checkReport(engine, exp, readFileSync(join(written.dir, "report.md"), "utf8"));
    checkCharts(nb, kernel.outputs, exp);
    await checkTools(engine, exp);
    assert.ok(agent.results.figures?.response_curves, "plot_response_curves drew the current fit's curves");
    await checkBudget(agent, exp);
    assert.equal(nb.state.model, exp.kind);
    assert.equal(nb.state.fit?.r2, exp.r2, "the notebook state names the current fit");
  }

  before(async () => {
    kernel = installKernelWriter();
    dir = tempDir("same-model");
    await engine.loadData(samplePath("sample"));
    nb = new NotebookMMM(agent);
    const run = await nb.runFullAnalysis({ bayesian: false });
    assert.equal(run.status, "completed", run.reply);
    assert.ok(agent.results.budget && agent.results.figures?.response_curves, "the full analysis made a plan and a chart");
  });

  after(() => kernel.uninstall());

  it("engine.runRidgeMMM({ penalty: 1e6 }) directly: the report no longer shows the earlier fit", async () => {
    const earlier = agent.results.ridge!.metrics.r2;
    const fit = engine.runRidgeMMM({ penalty: 1e6 });
    assert.ok(earlier > 0.9 && fit.metrics.r2 < 0.1, `R² ${earlier} then ${fit.metrics.r2}`);
    assert.equal(agent.results.ridge, fit, "agent.results is a view of the one owner");
    assert.equal(engine.analysis.ridge!.options.penalty, 1e6, "the fit keeps the options it was fitted with");
    await showsEverywhere(fromRidge(fit));
  });

  it("the run_ols_mmm tool", async () => {
    const fit = await runTool<RidgeResult>(engine, "run_ols_mmm", {});
    assert.ok(fit.metrics.r2 > 0.9);
    await showsEverywhere(fromRidge(fit));
  });

  it("a Bayesian fit (run_bayesian_mmm)", async () => {
    const fit = await runTool<BayesianResult>(engine, "run_bayesian_mmm", { chains: 2, warmup: 150, draws: 150, seed: 3, confirmed: true });
    await showsEverywhere(fromBayes(fit));
  });

  it("a ridge refit with other options, the Bayesian fit still there", async () => {
    const channels = engine.profile().roles.channels.slice(0, 2);
    const fit = await runTool<RidgeResult>(engine, "run_ols_mmm", { channels });
    assert.deepEqual(engine.analysis.ridge!.options.channels, channels);
    assert.deepEqual(Object.keys(fromRidge(fit).roas).sort(), [...channels].sort());
    await showsEverywhere(fromRidge(fit));
    assert.match(buildReport(engine).sections.model, /### Ridge MMM[\s\S]*### Bayesian/, "the Bayesian fit follows as the second model");
  });

  it("picking the earlier Bayesian fit again makes it the current model everywhere", async () => {
    engine.useModel("bayesian");
    await showsEverywhere(fromBayes(agent.results.bayesian!));
    // The next fit is the latest again, whatever was picked.
    const fit = engine.runRidgeMMM();
    assert.equal(engine.currentModel, "ridge");
    assert.equal(nb.state.fit?.r2, fit.metrics.r2);
  });
});
