/**
 * The agent-free workflow (issue #18): `fullAnalysis(engine, options, { ask })` runs the playbook's
 * steps as tool calls without a graph or an LLM, and the offline agent replays the very same steps
 * through its graph. Typed options travel as values: a KPI named "Revenue (EUR)" and an export path
 * with spaces and a trailing period reach the tools as they are.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fullAnalysis, MMMAgent, MMMEngine, MMMError, samplePath, simulateMMM } from "../../../kernel-lib/src";
import { runAsAnalyst } from "../../helpers/analyst";
import { tempDir } from "../../helpers/fixtures";

const dir = tempDir("ammm-playbook-");

/** The simulator's weekly table with two KPI-like columns, so the analysis must ask which is the KPI. */
function twoKpiCsv(kpiName: string): string {
  const file = path.join(dir, `two-kpi-${kpiName.replace(/\W/g, "")}.csv`);
  const { data } = simulateMMM({ seed: 9, weeks: 110 });
  // "sales" is another KPI-like column (another simulation's revenue, scaled), not a function of this one.
  const other = simulateMMM({ seed: 10, weeks: 110 }).data.getColumn("revenue").mul(0.3).alias("sales");
  data.rename({ revenue: kpiName }).withColumn(other).writeCSV(file);
  return file;
}

const toolNames = (steps: { name: string }[]) => steps.map((s) => s.name);

describe("fullAnalysis: the full analysis without an agent", function () {
  this.timeout(300_000);

  it("makes the same tool calls, with the same arguments, as the offline agent, and the same report", async () => {
    const engine = new MMMEngine();
    await engine.loadData(samplePath("sample"));
    // A deep cut: 30% of current spend over 8 weeks.
    const total = Math.round(engine.currentSpend(8) * 0.3);
    const direct = await fullAnalysis(engine, { bayesian: false, budget: total, weeks: 8 });

    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(samplePath("sample"));
    const run = await agent.runFullAnalysis({ bayesian: false, budget: total, weeks: 8 });
    const viaGraph = run.trace.flatMap((e) => (e.type === "tool" ? [{ name: e.tool, args: e.args }] : []));

    assert.deepEqual(toolNames(direct.steps), toolNames(viaGraph));
    assert.deepEqual(
      direct.steps.map((s) => s.args),
      viaGraph.map((s) => s.args),
    );
    // A cut that deep: the ±50% bounds cannot meet it (BOUNDS_INFEASIBLE), so the plan retries with wider bounds.
    const failures = direct.steps.filter((s) => !s.ok);
    assert.deepEqual(
      failures.map((s) => [s.name, s.result.code]),
      [["optimize_budget", "BOUNDS_INFEASIBLE"]],
    );
    const budgets = direct.steps.filter((s) => s.name === "optimize_budget");
    assert.equal(budgets.length, 2);
    assert.ok(budgets[1]!.ok && budgets[1]!.args.bounds, "retried with wider bounds");
    // The typed budget reached the optimiser as a number, not through a sentence.
    assert.deepEqual(budgets[0]!.args, { total, weeks: 8 });
    assert.equal(engine.analysis.budget?.total, total);
    assert.equal(direct.phase, "REPORTING");
    assert.equal(direct.report, run.reply);
    assert.equal(direct.questions.length, 0);
  });

  it("puts its questions to ask() and acts on the answer; without ask() it takes the default and says so", async () => {
    const asked: string[] = [];
    const engine = new MMMEngine();
    await engine.loadData(twoKpiCsv("revenue"));
    const r = await fullAnalysis(
      engine,
      { bayesian: false },
      {
        ask: (q) => {
          asked.push(q.prompt);
          return /Which column is the KPI/.test(q.prompt) ? "sales" : q.default;
        },
      },
    );
    assert.match(asked[0]!, /Which column is the KPI/);
    assert.equal(engine.profile().roles.kpi, "sales");
    assert.equal(engine.analysis.ridge?.result.kpi ?? engine.analysis.ridge?.options.kpi, "sales");
    assert.deepEqual([r.questions[0]!.answer, r.questions[0]!.assumed], ["sales", false]);

    const quiet = new MMMEngine();
    await quiet.loadData(twoKpiCsv("revenue"));
    const q = await fullAnalysis(quiet, { bayesian: false });
    assert.match(q.questions[0]!.question.prompt, /Which column is the KPI/);
    assert.ok(q.questions.every((x) => x.assumed));
    assert.equal(q.questions[0]!.answer, q.questions[0]!.question.default);
    assert.equal(q.phase, "REPORTING");
  });

  it("a question with no default and no ask() fails with NEEDS_ANSWER naming the question; the engine keeps its data", async () => {
    const engine = new MMMEngine();
    const file = path.join(dir, "no-kpi.csv");
    // No column is named like a KPI: the question lists the numeric columns and has no default.
    const { data } = simulateMMM({ seed: 4, weeks: 100 });
    data.rename({ revenue: "outcome" }).writeCSV(file);
    await engine.loadData(file);
    await assert.rejects(
      () => fullAnalysis(engine, { bayesian: false }),
      (e: unknown) => e instanceof MMMError && e.code === "NEEDS_ANSWER" && /Which column is the KPI/.test(e.message) && /outcome/.test(e.message),
    );
    assert.equal(engine.status().loaded, true);
    const r = await fullAnalysis(engine, { bayesian: false, kpiCol: "outcome" });
    assert.equal(r.phase, "REPORTING");
  });

  it("typed options keep their exact values through the agent: a KPI named 'Revenue (EUR)' and an export folder 'my report.'", async () => {
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(twoKpiCsv("Revenue (EUR)"));
    const out = path.join(dir, "my report.");
    const first = await agent.runFullAnalysis({ kpiCol: "Revenue (EUR)", bayesian: false, exportDir: out });
    // The quality gate may ask (a channel's ROAS far from the others'): continue; the KPI is never asked.
    const { run, questions } = await runAsAnalyst(agent, async () => first, { kpi: "Revenue (EUR)", channels: [] });
    assert.equal(run.status, "completed", run.reply);
    assert.ok(!questions.some((q) => /Which column is the KPI/.test(q)), "the typed KPI settles the question");
    assert.equal(agent.engine.profile().roles.kpi, "Revenue (EUR)");
    const ridge = first.trace.find((e) => e.type === "tool" && e.tool === "run_ols_mmm");
    assert.equal(ridge?.type === "tool" ? (ridge.args as { kpi?: string }).kpi : undefined, "Revenue (EUR)");
    assert.ok(fs.existsSync(out) && fs.readdirSync(out).some((f) => f.endsWith(".md")), `report written to ${out}`);
    // An LLM reads the same options as JSON in the request.
    const request = first.trace.find((e) => e.type === "request");
    assert.match(request?.type === "request" ? request.text : "", /"kpi":"Revenue \(EUR\)"/);
  });
});
