/**
 * `agentic-mmm demo`: the data stage and the modelling stage of an analysis, printed as a report.
 * On the bundled sample every estimate is shown next to the known truth.
 */
import * as fs from "node:fs";
import { MMMEngine } from "../engine";
import { SAMPLE_DATASETS, SAMPLE_TRUTH } from "../data/samples";
import { bayesianStage } from "./bayesText";
import { profileText } from "./profileText";

export interface Truth {
  channels: { column: string; share: number; roas: number }[];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const money = (x: number) => Math.round(x).toLocaleString("en-US");

/** Run the demo on `file` (the bundled sample by default). */
export async function runDemo(file: string = SAMPLE_DATASETS.sample, kpiCol?: string): Promise<void> {
  const t0 = performance.now();
  const isSample = file === SAMPLE_DATASETS.sample;
  console.log(`agentic-mmm demo — ${isSample ? "bundled sample data (simulated, true effects known)" : file}\n`);
  const engine = new MMMEngine();
  const loaded = await engine.loadData(file, { kpiCol });
  console.log(`Loaded ${loaded.rows} rows from ${loaded.source.kind} (${loaded.source.format ?? ""}).\n`);
  dataStage(engine);
  const truth = isSample ? (JSON.parse(fs.readFileSync(SAMPLE_TRUTH, "utf8")) as Truth) : undefined;
  modellingStage(engine, truth);
  await bayesianStage(engine, truth);
  console.log(`Analysis complete in ${((performance.now() - t0) / 1000).toFixed(2)} s. (The LLM agent and the notebook layer are the next releases.)`);
}

function dataStage(engine: MMMEngine): void {
  const profile = engine.profile();
  console.log("== Profile ==\n" + profileText(profile) + "\n");
  const cleaned = engine.clean();
  console.log(`== Cleaning ==\nRemoved ${cleaned.duplicatesRemoved} duplicate row(s); filled nulls: ${JSON.stringify(cleaned.nullsFilled)}; negative spend: ${JSON.stringify(cleaned.negativeSpend)}; ${cleaned.rowsAfter} rows remain.\n`);
  if (profile.needsAggregation || profile.timeline?.mixedWeekdays) {
    const agg = engine.aggregateWeekly();
    console.log(`== Weekly aggregation ==\n${agg.rows} weekly rows; summed: ${agg.plan.sum.join(", ")}; averaged: ${agg.plan.mean.join(", ") || "none"}${agg.plan.pivoted.length ? `; per channel: ${agg.plan.pivoted.join(", ")}` : ""}.\n`);
  }
  const features = engine.addTimeFeatures({ fourierOrder: 2 });
  console.log(`== Features ==\nAdded ${features.added.length} columns: ${features.added.join(", ")}.\n`);
}

function modellingStage(engine: MMMEngine, truth?: Truth): void {
  const recs = engine.getAdstockRecommendations();
  console.log("== Adstock recommendations ==\n" + recs.map((r) => `  ${r.channel.padEnd(22)} ${r.mediaType.padEnd(24)} decay ${r.decayRange.join("–")}${r.notes.length ? `  (${r.notes[0]})` : ""}`).join("\n") + "\n");
  const search = engine.optimizeAllAdstockParameters({ seed: 1, evaluations: 10_000 });
  console.log(`== Hyper-parameter search ==\n${search.evaluations} models in ${search.seconds.toFixed(2)} s; best NRMSE ${search.score.nrmse.toFixed(4)}, DECOMP.RSSD ${search.score.decompRssd.toFixed(3)}; Pareto front of ${search.pareto.length} models.\n`);
  const fit = engine.runRidgeMMM();
  const m = fit.metrics;
  console.log(`== Ridge MMM ==\nR² ${m.r2.toFixed(3)}, MAPE ${pct(m.mape)}, NRMSE ${m.nrmse.toFixed(4)}${m.holdout ? `; last ${m.holdout.weeks} weeks held out: R² ${m.holdout.r2.toFixed(3)}, MAPE ${pct(m.holdout.mape)}` : ""}. Media drive ${pct(fit.mediaShareOfKpi)} of ${fit.kpi}.`);
  for (const w of fit.warnings) console.log(`  warning: ${w}`);
  const header = `  ${"channel".padEnd(22)} ${"spend".padStart(11)} ${"share".padStart(7)} ${"ROAS".padStart(6)} ${"mROAS".padStart(6)}${truth ? `   ${"true share".padStart(10)} ${"true ROAS".padStart(9)}` : ""}`;
  const rows = engine.roiSummary().map((c) => {
    const t = truth?.channels.find((x) => x.column === c.name);
    return `  ${c.name.padEnd(22)} ${money(c.spend).padStart(11)} ${pct(c.share).padStart(7)} ${c.roas.toFixed(2).padStart(6)} ${c.mroas.toFixed(2).padStart(6)}${t ? `   ${pct(t.share).padStart(10)} ${t.roas.toFixed(2).padStart(9)}` : ""}`;
  });
  console.log(header + "\n" + rows.join("\n") + "\n");
  const weekly = fit.channels.reduce((a, c) => a + c.spend, 0) / fit.weeks;
  const plan = engine.optimizeBudget(weekly * 52, undefined, { weeks: 52 });
  console.log(`== Budget for the next 52 weeks (same total ${money(plan.total)}, each channel within ±50% of today) ==`);
  console.log(Object.keys(plan.allocation).map((c) => `  ${c.padEnd(22)} ${money(plan.current![c]!).padStart(11)} → ${money(plan.allocation[c]!).padStart(11)}   mROAS ${plan.mroas[c]!.toFixed(2)}`).join("\n"));
  console.log(`Expected ${fit.kpi} from media: ${money(plan.currentExpected!)} → ${money(plan.expected)} (+${plan.upliftPct!.toFixed(1)}%).\n`);
}
