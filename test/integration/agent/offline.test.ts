/**
 * The offline planner through the real LangGraph graph and the real tools: a full analysis of the
 * bundled sample reaches REPORTING; it asks only where the data cannot decide (an ambiguous KPI, a
 * long Bayesian run), and the answer resumes the same thread.
 */
import * as assert from "node:assert/strict";
import { MMMAgent, pl, samplePath, PHASES, type AgentRun } from "../../../kernel-lib/src";
import { tempDir } from "../../helpers/fixtures";

describe("offline agent", function () {
  this.timeout(180_000);

  it("runs a full analysis of the bundled sample through every phase to REPORTING, asking nothing; the Bayesian fit reports by default", async () => {
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(samplePath("sample"));
    const run = await agent.runFullAnalysis();
    assert.equal(run.status, "completed");
    assert.equal(run.phase, "REPORTING");
    assert.equal(run.question, undefined);
    const tools = run.trace.filter((e) => e.type === "tool").map((e) => (e.type === "tool" ? e.tool : ""));
    for (const t of ["inspect_data", "validate_mmm_readiness", "add_time_features", "optimize_all_adstock_parameters", "run_ols_mmm", "run_bayesian_mmm", "model_diagnostics", "roi_summary", "optimize_budget", "plot_response_curves"])
      assert.ok(tools.includes(t), `${t} ran`);
    // Ridge is the quick preview, then the Bayesian fit (under the confirmation threshold: nothing asked).
    assert.ok(tools.indexOf("run_ols_mmm") < tools.indexOf("run_bayesian_mmm"));
    assert.ok(
      run.trace.every((e) => e.type !== "tool" || e.ok),
      "every tool succeeded",
    );
    // Phases only move forward here, and in the documented order.
    const state = await agent.state();
    const order = state.transitions.map((t) => PHASES.indexOf(t.to));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.deepEqual(state.transitions.map((t) => t.to).slice(-3), ["EVALUATION", "BUDGET_OPTIMISATION", "REPORTING"]);
    assert.equal(state.notes.length, 1);
    // The report's numbers are the tools' numbers, and it says which model they come from.
    const ridge = agent.results.ridge!;
    assert.match(run.reply, new RegExp(`R² ${ridge.metrics.r2.toFixed(3)}`));
    assert.match(run.reply, /Bayesian MMM: R²/);
    assert.match(run.reply, /From the Bayesian model \(the ridge fit was the quick preview\)/);
    const top = [...agent.results.bayesian!.channels].sort((a, b) => b.roas.mean - a.roas.mean)[0]!;
    assert.match(run.reply, new RegExp(`\\| ${top.name} \\| [0-9,]+ \\| ${top.roas.mean.toFixed(2)} \\[`));
    assert.ok(agent.results.budget?.upliftPosterior, "the budget plan reads the Bayesian fit");
    assert.ok(agent.results.budget && Math.abs(Object.values(agent.results.budget.allocation).reduce((a, b) => a + b, 0) - agent.results.budget.total) < 1e-6 * agent.results.budget.total);
    assert.ok(agent.results.figures?.response_curves, "response curves chart made (keyed like the report's chart)");
  });

  it("skips the Bayesian fit with bayesian: false", async () => {
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(samplePath("sample"));
    const run = await agent.runFullAnalysis({ bayesian: false });
    assert.equal(run.status, "completed");
    assert.ok(!run.trace.some((e) => e.type === "tool" && e.tool === "run_bayesian_mmm"));
    const top = [...agent.results.ridge!.channels].sort((a, b) => b.roas - a.roas)[0]!;
    assert.match(run.reply, /From the ridge model:/);
    assert.match(run.reply, new RegExp(`\\| ${top.name} \\| [0-9,]+ \\| ${top.roas.toFixed(2)} \\|`));
  });

  it("refuses a second request while one is running, and keeps working after", async () => {
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(samplePath("sample"));
    const first = agent.ask("Profile this dataset");
    await assert.rejects(agent.ask("Which tools do you have?"), /still working on the previous request/);
    assert.equal((await first).status, "completed");
    assert.equal((await agent.ask("Which tools do you have?")).status, "completed");
  });

  it("lists 44 built-in tools, plus custom ones once added", async () => {
    const agent = new MMMAgent({ llm: "offline" });
    let run = await agent.ask("Which tools do you have?");
    assert.match(run.reply, /^44 tools \(44 built in\)/);
    await agent.addTool({ name: "spend_total", description: "Total of a column", params: { column: "str" }, code: "function tool_fn({ column }) { return { total: data.column(column).reduce((a, b) => a + b, 0) }; }" });
    run = await agent.ask("List the tools again");
    assert.match(run.reply, /^45 tools \(44 built in\)/);
    assert.match(run.reply, /\*\*custom\*\* \(1\): spend_total/);
    // The planner calls a custom tool named in the request, with key=value arguments.
    await agent.engine.loadData(samplePath("sample"));
    run = await agent.ask("Run spend_total column=tv_spend");
    const expected = pl.readCSV(samplePath("sample")).getColumn("tv_spend").sum() as number;
    const got = JSON.parse(/```json\n([\s\S]*?)```/.exec(run.reply)![1]!) as { total: number };
    assert.ok(Math.abs(got.total - expected) < 1e-6 * expected, `${got.total} vs ${expected}`);
  });

  it("asks which KPI when several columns look like one, and resumes with the answer", async () => {
    const dir = tempDir();
    const df = pl.readCSV(samplePath("sample"));
    const sales = df.getColumn("revenue").mul(0.8).alias("sales");
    const file = `${dir}/two_kpis.csv`;
    df.withColumns(sales).writeCSV(file);
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(file);
    const first = await agent.runFullAnalysis({ bayesian: false });
    assert.equal(first.status, "waiting_for_user");
    const q = first.question!;
    assert.equal(q.kind, "choice");
    assert.ok(q.options!.includes("revenue") && q.options!.includes("sales"), JSON.stringify(q.options));
    assert.equal((await agent.state()).pendingQuestion?.id, q.id);
    // A wrong answer is refused and the question stays pending.
    await assert.rejects(agent.answer(q.id, "profit"), /not one of the options/);
    assert.equal(agent.pendingQuestion?.id, q.id);
    await assert.rejects(agent.ask("something else"), /waiting for an answer/);
    const done = await agent.answer(q.id, "sales");
    assert.equal(done.status, "completed");
    assert.equal(done.phase, "REPORTING");
    assert.equal(agent.results.ridge!.kpi, "sales");
    assert.ok(done.trace.some((e) => e.type === "answer" && e.value === "sales"));
  });

  it("confirms before a long Bayesian fit and runs the shorter fit the analyst chose", async () => {
    const agent = new MMMAgent({ llm: "offline", config: { confirmBayesAboveSeconds: 0 } });
    await agent.engine.loadData(samplePath("sample"));
    await agent.engine.addTimeFeatures({ fourierOrder: 2 });
    const asked = await agent.ask("Fit the Bayesian model");
    assert.equal(asked.status, "waiting_for_user");
    assert.match(asked.question!.prompt, /predicted to take about \d+ s/);
    assert.equal(agent.results.bayesian, undefined, "nothing sampled before the answer");
    const done = await agent.answer(asked.question!.id, 1);
    assert.equal(done.status, "completed");
    const b = agent.results.bayesian!;
    assert.equal(b.sampler.chains, 2);
    assert.equal(b.sampler.draws, 500);
    assert.match(done.reply, /Bayesian MMM: R²/);
  });

  it("writes the report when asked to export it", async () => {
    const dir = tempDir();
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(samplePath("sample"));
    const run = await agent.runFullAnalysis({ exportDir: `${dir}/report`, bayesian: false });
    assert.equal(run.status, "completed");
    const files = agent.results.exported!.files.map((f) => f.slice(f.lastIndexOf("/") + 1));
    assert.ok(files.includes("report.md"), files.join(", "));
    assert.ok(files.some((f) => f.endsWith(".html")));
  });
  it("branches on error codes: ROI before any fit fits the ridge model first (NO_MODEL); an unreachable budget retries with wider bounds (BOUNDS_INFEASIBLE)", async () => {
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(samplePath("sample"));
    const tools = (run: AgentRun) => run.trace.flatMap((e) => (e.type === "tool" ? [`${e.tool}:${e.ok}`] : []));
    const roi = await agent.ask("Which channel has the best ROAS?");
    assert.deepEqual(tools(roi), ["roi_summary:false", "run_ols_mmm:true", "roi_summary:true"]);
    assert.match(roi.reply, /\| ROAS/);
    // ±50% of current spend cannot add up to a tenth of it: the planner widens each channel to [0, 2×] once.
    const total = agent.engine.currentSpend(52) / 10;
    const full = await agent.runFullAnalysis({ bayesian: false, budget: total });
    const budget = tools(full).filter((t) => t.startsWith("optimize_budget"));
    assert.deepEqual(budget, ["optimize_budget:false", "optimize_budget:true"]);
    assert.ok(Math.abs(agent.results.budget!.total - total) < 1e-6 * total);
  });
});
