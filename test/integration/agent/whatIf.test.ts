/**
 * What-if conversation (issue #17 item 4): analyst questions in plain words — scenarios, budget
 * changes, targets, rankings, explanations — answered by the offline planner through the real graph
 * and tools. For each: the tool that answered, the sign of the change, the words ("a cut … loses an
 * estimated …"), the channel and the number, cross-checked against a direct engine call. One ridge
 * analysis of the bundled sample, then one short Bayesian fit for the intervals.
 */
import * as assert from "node:assert/strict";
import { type AgentRun, MMMAgent, samplePath } from "../../../kernel-lib/src";
import { short } from "../../../kernel-lib/src/playbook/words";

type ToolStep = { tool: string; args: Record<string, unknown>; ok: boolean };
const toolSteps = (run: AgentRun): ToolStep[] => run.trace.flatMap((e) => (e.type === "tool" ? [{ tool: e.tool, args: e.args as Record<string, unknown>, ok: e.ok }] : []));
const lastCall = (run: AgentRun, tool: string) =>
  toolSteps(run)
    .filter((s) => s.tool === tool && s.ok)
    .at(-1);

interface Case {
  q: string;
  /** The tool whose result the answer reads (the run's last successful tool call). */
  tool: "simulate_scenario" | "optimize_budget" | "roi_summary" | "plan_flighting";
  /** Sign of the KPI change the answer reports (scenarios and budgets). */
  sign?: -1 | 1;
  says: RegExp[];
  check?: (run: AgentRun) => void;
}

describe("what-if conversation (offline planner)", function () {
  this.timeout(120_000);
  const agent = new MMMAgent({ llm: "offline" });
  const engine = agent.engine;
  const weeklyKpi = () => engine.getColumnStats("revenue").mean!;
  const current = (ch: string, weeks = 52) => engine.simulateScenario({}, { weeks }).budgets[ch]!;

  before(async () => {
    await engine.loadData(samplePath("sample"));
    const run = await agent.runFullAnalysis({ bayesian: false });
    assert.equal(run.status, "completed");
  });

  /** The scenario the planner simulated, recomputed by the engine: KPI change against current spend. */
  function scenarioDelta(run: AgentRun): { budgets: Record<string, number>; weeks: number; delta: number; spend: number } {
    const args = lastCall(run, "simulate_scenario")!.args as { budgets: Record<string, number>; weeks: number };
    const now = engine.simulateScenario({}, { weeks: args.weeks });
    const sim = engine.simulateScenario(args.budgets, { weeks: args.weeks });
    return { budgets: args.budgets, weeks: args.weeks, delta: sim.expected - now.expected, spend: sim.total - now.total };
  }

  // Tool messages carry 6 significant digits (tools/compact.ts): the planner's budgets are that close to the engine's.
  const near = (a: number, b: number, tol = 1e-5 * Math.max(Math.abs(b), engine.currentSpend(52))) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

  function ask(row: Case): void {
    it(`"${row.q}" → ${row.tool}${row.sign ? (row.sign < 0 ? ", loses" : ", adds") : ""}`, async () => {
      const run = await agent.ask(row.q);
      assert.equal(run.status, "completed", run.reply);
      const ok = toolSteps(run).filter((s) => s.ok);
      assert.equal(
        ok.at(-1)?.tool,
        row.tool,
        `tools: ${toolSteps(run)
          .map((s) => s.tool)
          .join(", ")}\n${run.reply}`,
      );
      for (const re of row.says) assert.match(run.reply, re);
      assert.doesNotMatch(run.reply, /I am the offline planner|uplift/);
      if (row.sign && row.tool === "simulate_scenario") {
        const d = scenarioDelta(run);
        assert.equal(Math.sign(d.delta), row.sign, `engine delta ${d.delta}`);
        assert.ok(run.reply.includes(`${row.sign < 0 ? "loses" : "adds"} an estimated ${short(Math.abs(d.delta))} revenue`), run.reply);
      }
      if (row.sign && row.tool === "optimize_budget") {
        const plan = agent.results.budget!;
        assert.equal(Math.sign(plan.uplift), row.sign);
        assert.ok(run.reply.includes(`${row.sign < 0 ? "loses" : "adds"} an estimated ${short(Math.abs(plan.uplift))} revenue`), run.reply);
      }
      row.check?.(run);
    });
  }

  const scenarios: Case[] = [
    {
      q: "what if I cut TV by 20%?",
      tool: "simulate_scenario",
      sign: -1,
      says: [/\*\*A cut of 20% of tv_spend\*\* \(−337k spend over 52 weeks: 1\.69M → 1\.35M\)/, /ridge model/, /52-week horizon/],
      check: (run) => {
        const d = scenarioDelta(run);
        near(d.budgets.tv_spend!, 0.8 * current("tv_spend"));
        assert.deepEqual(Object.keys(d.budgets), ["tv_spend"]);
        // The table's number is the engine's, to the unit.
        const direct = engine.simulateScenario({ tv_spend: 0.8 * current("tv_spend") });
        const perTv = direct.perChannel.find((c) => c.name === "tv_spend")!.contribution - engine.simulateScenario({}).perChannel.find((c) => c.name === "tv_spend")!.contribution;
        const cell = /\| tv_spend \| [0-9,]+ \| [0-9,]+ \| −[0-9,]+ \| (−[0-9,]+) \|/.exec(run.reply)![1]!;
        near(-Number(cell.slice(1).replace(/,/g, "")), perTv, 1e-5 * Math.abs(perTv) + 1);
      },
    },
    { q: "What if we stop tv?", tool: "simulate_scenario", sign: -1, says: [/\*\*Stopping tv_spend\*\*/, /→ 0\)/], check: (run) => assert.equal(scenarioDelta(run).budgets.tv_spend, 0) },
    {
      q: "what if I increase search by 10%?",
      tool: "simulate_scenario",
      sign: 1,
      says: [/\*\*An increase of 10% in paid_search_spend\*\* \(\+113k spend/],
      check: (run) => near(scenarioDelta(run).budgets.paid_search_spend!, 1.1 * current("paid_search_spend")),
    },
    {
      q: "what if we raise social by 500k over 26 weeks?",
      tool: "simulate_scenario",
      sign: 1,
      says: [/\*\*An increase of 500k in social_spend\*\*/, /26-week horizon/, /Caution: social_spend would run above 1\.5× current spend/],
      check: (run) => {
        const d = scenarioDelta(run);
        assert.equal(d.weeks, 26);
        near(d.spend, 500_000);
      },
    },
    {
      q: "move 100k from tv to search",
      tool: "simulate_scenario",
      sign: -1,
      says: [/\*\*Moving 100k from tv_spend to paid_search_spend\*\* \(total spend unchanged/],
      check: (run) => {
        const d = scenarioDelta(run);
        near(d.spend, 0);
        near(d.budgets.tv_spend!, current("tv_spend") - 100_000);
        near(d.budgets.paid_search_spend!, current("paid_search_spend") + 100_000);
      },
    },
    { q: "what if we halve display?", tool: "simulate_scenario", sign: -1, says: [/\*\*Halving display_spend \(a cut of 50%\)\*\*/], check: (run) => near(scenarioDelta(run).budgets.display_spend!, 0.5 * current("display_spend")) },
    { q: "What if I decrease online video by 250k?", tool: "simulate_scenario", sign: -1, says: [/\*\*A cut of 250k in online_video_spend\*\* \(−250k spend/], check: (run) => near(scenarioDelta(run).spend, -250_000) },
    { q: "what if we set OOH to 0", tool: "simulate_scenario", sign: -1, says: [/\*\*Stopping ooh_spend\*\*/], check: (run) => assert.equal(scenarioDelta(run).budgets.ooh_spend, 0) },
    {
      q: "what if we double TV spend next quarter?",
      tool: "simulate_scenario",
      sign: 1,
      says: [/\*\*Doubling tv_spend\*\*/, /13-week horizon/, /extrapolation/],
      check: (run) => {
        const d = scenarioDelta(run);
        assert.equal(d.weeks, 13);
        near(d.budgets.tv_spend!, 2 * current("tv_spend", 13));
      },
    },
    {
      q: "what if we cut all channels by 10%?",
      tool: "simulate_scenario",
      sign: -1,
      says: [/\*\*A cut of 10% of tv_spend, paid_search_spend, social_spend, display_spend, online_video_spend and ooh_spend\*\*/],
      check: (run) => assert.equal(Object.keys(scenarioDelta(run).budgets).length, 6),
    },
  ];

  const budgets: Case[] = [
    {
      q: "optimise a budget of 3,000,000",
      tool: "optimize_budget",
      sign: -1,
      says: [/A total budget of 3M over 52 weeks is a cut of 1\.63M \(−35\.2%\) from current spend \(4\.63M\)/, /Cut pro rata across every channel instead, it loses an estimated/, /±50%/],
      check: () => {
        const plan = agent.results.budget!;
        assert.equal(plan.total, 3_000_000);
        // Cross-check against a direct optimiser call.
        near(engine.optimizeBudget(3_000_000).uplift, plan.uplift, 1e-6 * Math.abs(plan.uplift));
      },
    },
    {
      q: "what if the total budget drops 10%?",
      tool: "optimize_budget",
      says: [/is a cut of 463k \(−10\.0%\) from current spend/, /Cut pro rata across every channel instead, it loses an estimated/],
      check: () => near(agent.results.budget!.total, 0.9 * engine.currentSpend(52)),
    },
    { q: "what if we increase the total budget by 20%?", tool: "optimize_budget", sign: 1, says: [/is an increase of 926k \(\+20\.0%\) from current spend/, /Raised pro rata across every channel instead, it adds an estimated/] },
    {
      q: "optimise a budget of 1M",
      tool: "optimize_budget",
      sign: -1,
      says: [/A total budget of 1M over 52 weeks is a cut of 3\.63M/, /each channel was allowed 0–2× its current spend/],
      check: (run) =>
        assert.deepEqual(
          toolSteps(run)
            .filter((s) => s.tool === "optimize_budget")
            .map((s) => s.ok),
          [false, true],
        ),
    },
  ];

  const targets: Case[] = [
    {
      q: "what does it take to reach 10% more revenue?",
      tool: "optimize_budget",
      sign: 1,
      says: [/\*\*10% more revenue over 52 weeks \(\+2\.73M on 27\.3M, the average weekly revenue of 525k × 52\) takes a total budget of about [0-9.]+M\*\*, an increase of/],
      check: () => {
        const plan = agent.results.budget!;
        const needed = 0.1 * weeklyKpi() * 52;
        assert.ok(plan.uplift >= needed && plan.uplift < 1.02 * needed, `${plan.uplift} vs ${needed}`);
        assert.ok(plan.total > engine.currentSpend(52));
      },
    },
    { q: "What does it take to reach 2% more revenue?", tool: "optimize_budget", sign: 1, says: [/\*\*Reallocating the current budget \(4\.63M\) is enough/], check: () => near(agent.results.budget!.total, engine.currentSpend(52)) },
    {
      q: "how much do we need to spend to add 30M revenue?",
      tool: "optimize_budget",
      sign: 1,
      says: [/\*\*30M more revenue over 52 weeks \(\+30M on 27\.3M, .*\) is not reachable within the spend levels the data support\.\*\*/, /Even \+50% on every channel/],
      check: () => near(agent.results.budget!.total, 1.5 * engine.currentSpend(52)),
    },
  ];

  const ridgeRoi = () => [...agent.results.ridge!.channels];
  const reads: Case[] = [
    {
      q: "which channel has the best ROI?",
      tool: "roi_summary",
      says: [/\| ROAS/],
      check: (run) => {
        const [top, second] = ridgeRoi().sort((a, b) => b.roas - a.roas);
        assert.match(run.reply, new RegExp(`^\\*\\*${top!.name}\\*\\* has the highest ROAS: ${top!.roas.toFixed(2)} revenue per unit of spend \\(ridge model\\), ahead of ${second!.name}`));
      },
    },
    { q: "Which channel has the worst ROAS?", tool: "roi_summary", says: [], check: (run) => assert.match(run.reply, new RegExp(`^\\*\\*${ridgeRoi().sort((a, b) => a.roas - b.roas)[0]!.name}\\*\\* has the lowest ROAS`)) },
    {
      q: "rank channels by marginal ROAS",
      tool: "roi_summary",
      says: [/Ranked by marginal ROAS/],
      check: (run) => {
        const top = ridgeRoi().sort((a, b) => b.mroas - a.mroas)[0]!;
        assert.match(run.reply, new RegExp(`^\\*\\*${top.name}\\*\\* has the highest marginal ROAS: ${top.mroas.toFixed(2)} revenue for the next unit of spend`));
      },
    },
    { q: "where should the next 100k go?", tool: "roi_summary", says: [/has the highest marginal ROAS/, /The next unit of budget earns most there/] },
    {
      q: "which channel drives the most revenue?",
      tool: "roi_summary",
      says: [],
      check: (run) => assert.match(run.reply, new RegExp(`^\\*\\*${ridgeRoi().sort((a, b) => b.contribution - a.contribution)[0]!.name}\\*\\* has the largest contribution`)),
    },
    {
      q: "why is search's ROAS low?",
      tool: "roi_summary",
      says: [/diminishing returns|Not saturation|close to its average/i, /of media spend and drives/],
      check: (run) => {
        const rows = ridgeRoi().sort((a, b) => b.roas - a.roas);
        const i = rows.findIndex((r) => r.name === "paid_search_spend");
        assert.match(run.reply, new RegExp(`^\\*\\*paid_search_spend's ROAS is ${rows[i]!.roas.toFixed(2)}\\*\\* revenue per unit of spend \\(ridge model\\), rank ${i + 1} of 6`));
        assert.match(run.reply, /not identified by the data/, "the ridge identification warning is part of the why");
      },
    },
    { q: "how sure are you about tv?", tool: "roi_summary", says: [/without an interval: \*\*tv_spend's ROAS is [0-9.]+\*\*/, /fit the Bayesian model/] },
  ];

  // Budgets over time and efficiency targets: the optimiser's own modes (plan_flighting, optimize_budget's target).
  const overTime: Case[] = [
    {
      q: "plan the next 13 weeks with 2M",
      tool: "plan_flighting",
      says: [/^\*\*A 13-week plan \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\) for 2M\*\* adds an estimated [0-9.]+[kM]? revenue \(ROAS [0-9.]+\)/, /\| week \| tv_spend \|/],
      check: (run) => {
        assert.deepEqual(lastCall(run, "plan_flighting")!.args, { weeks: 13, total: 2_000_000 });
        const plan = agent.results.flighting!;
        assert.equal(plan.weeks, 13);
        near(plan.total, 2_000_000);
        assert.ok(run.reply.includes(`adds an estimated ${short(plan.incremental)} revenue (ROAS ${plan.roas.toFixed(2)})`), run.reply);
      },
    },
    { q: "give me a weekly flighting plan for the next quarter", tool: "plan_flighting", says: [/^\*\*A 13-week plan/], check: (run) => assert.equal(lastCall(run, "plan_flighting")!.args.total, undefined) },
    {
      q: "what budget keeps ROAS above 1.45?",
      tool: "optimize_budget",
      says: [/keeps ROAS \(incremental KPI per unit of spend\) at or above 1\.45 \(achieved 1\.45\)/],
      check: (run) => {
        assert.deepEqual(lastCall(run, "optimize_budget")!.args.target, { roas: 1.45 });
        // The most spend that keeps the plan's ROAS at the target, met within 0.5% (the optimiser's own check).
        assert.match(run.reply, /^\*\*The most you can spend over 52 weeks and still meet it is about [0-9.]+M\*\*/);
      },
    },
  ];

  for (const row of [...scenarios, ...budgets, ...targets, ...reads, ...overTime]) ask(row);

  it('"target ROAS of 100" → out of reach: the answer gives the best reachable ROAS, with no error text twice', async () => {
    const run = await agent.ask("target ROAS of 100");
    assert.equal(run.status, "completed");
    assert.match(run.reply, /^That target is out of reach: .*The best reachable ROAS is [0-9.]+ \(at a total of \d+\)/);
    assert.equal(run.reply.split("The best reachable ROAS").length, 2, run.reply);
  });

  describe("on the Bayesian fit: the answers carry 94% HDIs", () => {
    before(async function () {
      this.timeout(120_000);
      await engine.runBayesianMMM({ chains: 2, warmup: 300, draws: 300 });
      assert.equal(engine.analysis.current?.kind, "bayesian");
    });

    const bayes: Case[] = [
      {
        q: "what if I cut TV by 20%?",
        tool: "simulate_scenario",
        sign: -1,
        says: [/loses an estimated [0-9.]+k revenue \[94% HDI [0-9.]+k, [0-9.]+k\]/, /Bayesian model \(posterior means, 94% HDIs\)/],
        check: (run) => {
          const d = scenarioDelta(run);
          const u = engine.bayesian().uplift(d.budgets, d.weeks);
          near(u.mean, d.delta, 1e-6 * Math.abs(d.delta));
          assert.ok(run.reply.includes(`[94% HDI ${short(-u.hdi94[1])}, ${short(-u.hdi94[0])}]`), run.reply);
        },
      },
      {
        q: "optimise a budget of 3,000,000",
        tool: "optimize_budget",
        sign: -1,
        says: [/is a cut of 1\.63M/, /loses an estimated [0-9.]+M revenue \[94% HDI [0-9.]+M, [0-9.]+M\]/],
        check: () => assert.ok(agent.results.budget!.upliftPosterior),
      },
      {
        q: "how sure are you about tv?",
        tool: "roi_summary",
        says: [/\(Bayesian model\): the interval spans ±\d+% of the estimate/],
        check: (run) => {
          const tv = agent.results.bayesian!.channels.find((c) => c.name === "tv_spend")!;
          assert.ok(run.reply.includes(`**tv_spend's ROAS is ${tv.roas.mean.toFixed(2)} [94% HDI ${tv.roas.hdi94[0].toFixed(2)}, ${tv.roas.hdi94[1].toFixed(2)}]**`), run.reply);
        },
      },
      {
        q: "Which channel has the best ROAS?",
        tool: "roi_summary",
        says: [/\(Bayesian model\)/],
        check: (run) => {
          const top = [...agent.results.bayesian!.channels].sort((a, b) => b.roas.mean - a.roas.mean)[0]!;
          assert.match(run.reply, new RegExp(`^\\*\\*${top.name}\\*\\* has the highest ROAS: ${top.roas.mean.toFixed(2)} \\[94% HDI`));
        },
      },
    ];
    for (const row of bayes) ask(row);
  });
});
