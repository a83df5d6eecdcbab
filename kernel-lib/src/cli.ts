#!/usr/bin/env node
/**
 * The `agentic-mmm` command. `demo` is what `npm start` runs: the bundled sample (or a given file)
 * through the data stage of an analysis, printed as a report.
 */
import * as fs from "node:fs";
import { errorMessage, MMMError } from "./errors";
import { MMMEngine } from "./engine";
import { profileText } from "./cli/profileText";
import { SAMPLE_DATASETS, SAMPLE_TRUTH } from "./data/samples";

const USAGE = `Usage:
  agentic-mmm demo [file] [--kpi <column>]     profile and prepare the bundled sample (or a file)
  agentic-mmm profile <file> [--kpi <column>]  print a data profile
  agentic-mmm help`;

const SAMPLE_DATA = SAMPLE_DATASETS.sample;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function demo(args: string[]): Promise<void> {
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--kpi") ?? SAMPLE_DATA;
  const engine = new MMMEngine();
  const t0 = performance.now();
  console.log(`agentic-mmm demo — ${file === SAMPLE_DATA ? "bundled sample data (simulated, true effects known)" : file}\n`);
  const loaded = await engine.loadData(file, { kpiCol: option(args, "--kpi") });
  console.log(`Loaded ${loaded.rows} rows from ${loaded.source.kind} (${loaded.source.format ?? ""}).\n`);
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
  const corr = engine.getCorrelationMatrix([engine.kpiCol!, ...engine.profile().roles.channels]);
  console.log("== KPI correlation with each channel ==\n" + corr.columns.slice(1).map((c, i) => `  ${c.padEnd(24)} ${corr.matrix[0]![i + 1]!.toFixed(3)}`).join("\n") + "\n");
  if (file === SAMPLE_DATA) printTruth();
  console.log(`Data stage complete in ${((performance.now() - t0) / 1000).toFixed(2)} s. The table is ready for modelling (ridge and Bayesian MMM, budget optimisation and the agent are the next releases).`);
}

/** The sample's known truth: what the models of later releases must recover. */
function printTruth(): void {
  const truth = JSON.parse(fs.readFileSync(SAMPLE_TRUTH, "utf8")) as { channels: { column: string; spend: number; contribution: number; share: number; roas: number }[] };
  const rows = truth.channels.map((c) => `  ${c.column.padEnd(24)} ${c.spend.toFixed(0).padStart(10)} ${c.contribution.toFixed(0).padStart(12)} ${(100 * c.share).toFixed(1).padStart(6)}% ${c.roas.toFixed(2).padStart(6)}`);
  console.log(`== Known truth of the simulated sample ==\n  ${"channel".padEnd(24)} ${"spend".padStart(10)} ${"contribution".padStart(12)} ${"share".padStart(7)} ${"ROAS".padStart(6)}\n${rows.join("\n")}\n`);
}

async function profile(args: string[]): Promise<void> {
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--kpi");
  if (!file) throw new MMMError("INVALID_ARGUMENT", "No file given.", USAGE);
  const engine = new MMMEngine();
  await engine.loadData(file, { kpiCol: option(args, "--kpi") });
  console.log(profileText(engine.profile()));
}

async function main(argv: string[]): Promise<number> {
  const [command = "help", ...args] = argv;
  try {
    if (command === "demo") await demo(args);
    else if (command === "profile") await profile(args);
    else {
      console.log(USAGE);
      return command === "help" || command === "--help" ? 0 : 2;
    }
    return 0;
  } catch (err) {
    // A short message, not a stack trace: the error already says what to do.
    console.error(`agentic-mmm: ${errorMessage(err)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

export { main };
