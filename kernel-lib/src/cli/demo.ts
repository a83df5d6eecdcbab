/**
 * `agentic-mmm demo` (what `npm start` runs): the offline agent analyses the bundled sample (or a
 * given file) through the real LangGraph graph and tools, printing its trace live and its report.
 * On the bundled sample the estimates are then shown next to the known truth.
 */
import * as fs from "node:fs";
import { MMMAgent } from "../agent/session";
import { SAMPLE_DATASETS, SAMPLE_TRUTH } from "../data/samples";
import { answerInTerminal } from "./answer";
import { traceLine } from "./traceText";
import { truthTable, type Truth } from "./truthText";

export type { Truth };

export interface DemoOptions {
  kpiCol?: string;
  /** Also fit the Bayesian model (default true). */
  bayesian?: boolean;
}

/** Run the demo on `file` (the bundled sample by default). */
export async function runDemo(file: string = SAMPLE_DATASETS.sample, opts: DemoOptions = {}): Promise<void> {
  const t0 = performance.now();
  const isSample = file === SAMPLE_DATASETS.sample;
  const agent = new MMMAgent({
    llm: "offline",
    // 4 chains × (500 + 500) keeps the demo quick; the defaults (1000 + 1000) are for real work.
    config: { sampler: { chains: 4, warmup: 500, draws: 500, seed: 1 } },
    onEvent: (e) => {
      if (e.type === "progress" && e.tool === "run_bayesian_mmm" && /sampling 499$/.test(e.message)) console.log(`      ${e.message.replace(" sampling 499", "")} done`);
      const line = traceLine(e);
      if (line) console.log(line);
    },
  });
  console.log(`agentic-mmm demo — ${isSample ? "bundled sample data (simulated, true effects known)" : file}`);
  console.log(`LLM: ${agent.llmLabel} (set DATABRICKS_HOST and DATABRICKS_TOKEN, or pass llm, to use a real model)\n`);
  const loaded = await agent.engine.loadData(file, { kpiCol: opts.kpiCol });
  console.log(`Loaded ${loaded.rows} rows × ${loaded.columns.length} columns from ${loaded.source.kind} (${loaded.source.format ?? ""}).\n`);
  let run = await agent.runFullAnalysis({ kpiCol: opts.kpiCol, bayesian: opts.bayesian ?? true });
  // The analyst's own data can raise questions (a weak fit, a long run): answer them here, at most 20.
  for (let asked = 0; run.status === "waiting_for_user" && run.question && asked < 20; asked++) {
    run = await agent.answer(run.question.id, await answerInTerminal(run.question));
  }
  console.log(`\n${run.reply}\n`);
  if (run.status !== "completed") console.log(`(The agent stopped: ${run.status}.)`);
  if (isSample) console.log(`${truthTable(agent, JSON.parse(fs.readFileSync(SAMPLE_TRUTH, "utf8")) as Truth)}\n`);
  const s = await agent.state();
  console.log(`Analysis complete in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${run.steps} agent steps, phase ${s.phase}, ${s.transitions.length} phase transitions, ${s.notes.length} note(s).`);
}
