/**
 * One corpus file through the offline agent's full analysis, answered by the scripted analyst:
 * what was asked, where it ended, the channels used and the default model's ROAS per channel.
 * Shared by the unseen-data test and `npm run bench` (BENCH_ONLY=corpus).
 */
import * as path from "node:path";
import { MMMAgent } from "../../kernel-lib/src";
import { runAsAnalyst } from "./analyst";
import type { CorpusCase } from "./unseenCorpus";

export interface CorpusOutcome {
  c: CorpusCase;
  questions: string[];
  phase: string;
  status: string;
  channels: string[];
  estimates: Record<string, { roas: number; lo?: number; hi?: number }>;
  model: string;
  seconds: number;
}

/** The latest model's ROAS per channel (Bayesian with its 94% HDI when fitted, else ridge). */
function estimates(agent: MMMAgent): { model: string; by: CorpusOutcome["estimates"] } {
  const b = agent.results.bayesian;
  if (b) return { model: "bayesian", by: Object.fromEntries(b.channels.map((ch) => [ch.name, { roas: ch.roas.mean, lo: ch.roas.hdi94[0], hi: ch.roas.hdi94[1] }])) };
  const r = agent.results.ridge;
  return { model: "ridge", by: Object.fromEntries((r?.channels ?? []).map((ch) => [ch.name, { roas: ch.roas }])) };
}

/** Write `c` as a CSV in `dir` (its own headers), load it and run the default full analysis. */
export async function analyseCase(c: CorpusCase, dir: string): Promise<CorpusOutcome> {
  const t0 = performance.now();
  const file = path.join(dir, `${c.name}.csv`);
  c.frame.writeCSV(file);
  const agent = new MMMAgent({ llm: "offline" });
  await agent.engine.loadData(file);
  // 50 channels are beyond a default Bayesian fit's budget: the analyst keeps the ridge there.
  const wide = Object.keys(c.truth).length > 10;
  const { run, questions } = await runAsAnalyst(agent, () => agent.runFullAnalysis(wide ? { bayesian: false } : {}), { kpi: c.kpi, channels: Object.keys(c.truth), bayes: wide ? "skip" : "full" });
  const e = estimates(agent);
  return { c, questions, phase: run.phase, status: run.status, channels: agent.engine.profile().roles.channels, estimates: e.by, model: e.model, seconds: (performance.now() - t0) / 1000 };
}

/** Mean |ROAS error| and HDI coverage of one outcome (coverage undefined for ridge). */
export function accuracy(o: CorpusOutcome): { meanAbsErrorPct: number; hdiCoverage?: number } {
  const fits = Object.entries(o.c.truth).map(([ch, t]) => ({ e: o.estimates[ch], t }));
  const errs = fits.map(({ e, t }) => (e ? Math.abs(e.roas / t - 1) : 1));
  const covered = fits.filter(({ e, t }) => e?.lo !== undefined && e.lo <= t && t <= e.hi!).length;
  return { meanAbsErrorPct: (100 * errs.reduce((a, b) => a + b, 0)) / errs.length, hdiCoverage: o.model === "bayesian" ? covered / fits.length : undefined };
}
