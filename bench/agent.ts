/**
 * Offline agent benchmark: the offline planner's full analysis of the bundled sample through the
 * real LangGraph graph and tools (profile → validate → features → adstock search → ridge →
 * evaluation → budget → report), in a fresh process, median of 3; and the same with the Bayesian
 * fit (4 chains × 500 + 500, as in `npm start`). Target: < 30 s for the full analysis.
 * Run alone: `node --import tsx bench/agent.ts one [bayes]`.
 */
import { execFileSync } from "node:child_process";
import { MMMAgent, samplePath } from "../kernel-lib/src";

async function once(bayesian: boolean) {
  const t0 = performance.now();
  const agent = new MMMAgent({ llm: "offline", config: { sampler: { chains: 4, warmup: 500, draws: 500, seed: 1 } } });
  await agent.engine.loadData(samplePath("sample"));
  const run = await agent.runFullAnalysis({ bayesian });
  const seconds = (performance.now() - t0) / 1000;
  const tools = run.trace.filter((e) => e.type === "tool");
  const slowest = tools
    .map((e) => (e.type === "tool" ? { tool: e.tool, ms: e.ms } : { tool: "", ms: 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3);
  return { seconds: Number(seconds.toFixed(2)), status: run.status, phase: run.phase, steps: run.steps, toolCalls: tools.length, slowest, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function agentBench() {
  return [false, true].map((bayesian) => {
    const reps = bayesian ? 1 : 3;
    const runs = Array.from(
      { length: reps },
      () =>
        JSON.parse(
          execFileSync(process.execPath, ["--import", "tsx", __filename, "one", ...(bayesian ? ["bayes"] : [])], { encoding: "utf8" })
            .trim()
            .split("\n")
            .pop()!,
        ) as Awaited<ReturnType<typeof once>>,
    );
    const secs = median(runs.map((r) => r.seconds));
    return {
      name: bayesian ? "offline_agent_full_analysis_with_bayesian" : "offline_agent_full_analysis",
      dataset: "bundled sample, 156 weeks × 6 channels",
      reps,
      wallSeconds: secs,
      ...(bayesian ? {} : { target: "< 30 s", pass: secs < 30 }),
      ...runs[0]!,
      seconds: undefined,
    };
  });
}

if (require.main === module && process.argv[2] === "one") {
  once(process.argv[3] === "bayes").then((r) => console.log(JSON.stringify(r)));
}
