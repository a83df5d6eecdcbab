/**
 * `npm run bench`: performance figures as JSON on stdout (progress on stderr).
 * - weekly aggregation of a generated 10-million-row daily transaction table (date, channel,
 *   spend, revenue), agentic-mmm vs the same aggregation written directly in Polars, each in its
 *   own process, median of several runs, with peak RSS;
 * - profiling of the public Robyn and Meridian files;
 * - ridge fit and hyper-parameter search (model.ts), budget optimisation (budget.ts);
 * - the Bayesian MMM: 4 NUTS chains × (1000 + 1000) on 200 weeks × 8 channels and 179 weeks × 2 (bayes.ts);
 * - the offline agent's full analysis of the bundled sample, with and without the Bayesian fit (agent.ts);
 * - forecast accuracy on simulated data: MAPE and 94% band coverage of 26 held-out weeks (forecast.ts);
 * - the unseen-data corpus: 14 files in different conventions, ROAS error and HDI coverage (corpus.ts);
 * - BENCH_ONLY=geo: the hierarchical geo model on Meridian's 40 × 156 × 5 panel (geo.ts).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pl } from "../kernel-lib/src/data/polars";
import { profileData } from "../kernel-lib/src/data/profile";
import { agentBench } from "./agent";
import { forecastBench } from "./forecast";
import { corpusBench } from "./corpus";
import { bayesBench } from "./bayes";
import { labextensionBench } from "./labextension";
import { budgetBench } from "./budget";
import { databricksBench } from "./databricks";
import { geoBench } from "./geo";
import { modelBench } from "./model";

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const OUT = path.resolve(__dirname, "out");
const log = (m: string) => process.stderr.write(`${m}\n`);

/** Daily transactions over three years, six channels, cent amounts; deterministic. */
function generate(file: string): void {
  const channels = ["tv", "radio", "search", "social", "display", "ooh"];
  const days = 1095;
  const date = new Int32Array(ROWS);
  const code = new Uint8Array(ROWS);
  const spend = new Float64Array(ROWS);
  const revenue = new Float64Array(ROWS);
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < ROWS; i++) {
    date[i] = 19358 + Math.floor((i * days) / ROWS);
    code[i] = Math.floor(rnd() * channels.length);
    spend[i] = Math.round(rnd() * 50_000) / 100;
    revenue[i] = Math.round(rnd() * 200_000) / 100;
  }
  const channel = pl.Series("code", code as unknown as number[], pl.UInt8).cast(pl.Utf8);
  const df = pl.DataFrame([pl.Series("date", date, pl.Int32).cast(pl.Date), channel.alias("channel"), pl.Series("spend", spend), pl.Series("revenue", revenue)]).withColumns(
    pl.col("channel").replace(
      channels.map((_, i) => String(i)),
      channels,
    ),
  );
  df.writeParquet(file);
}

function run(method: "ours" | "direct", file: string): { ms: number; maxRssMb: number; rows: number; checksum: number } {
  const out = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "aggregate-worker.ts"), method, file], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function aggregationBench() {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `transactions-${ROWS}.parquet`);
  if (!fs.existsSync(file)) {
    log(`generating ${ROWS} rows → ${file}`);
    generate(file);
  }
  // One untimed pass each so the file is in the page cache for both methods alike.
  run("direct", file);
  run("ours", file);
  const results = { ours: [] as ReturnType<typeof run>[], direct: [] as ReturnType<typeof run>[] };
  for (let r = 0; r < REPS; r++) {
    for (const m of ["direct", "ours"] as const) {
      const res = run(m, file);
      results[m].push(res);
      log(`  ${m}: ${res.ms} ms, peak RSS ${res.maxRssMb} MB`);
    }
  }
  const ours = median(results.ours.map((r) => r.ms));
  const direct = median(results.direct.map((r) => r.ms));
  const same = Math.abs(results.ours[0]!.checksum - results.direct[0]!.checksum) < 1e-6 * Math.abs(results.direct[0]!.checksum) && results.ours[0]!.rows === results.direct[0]!.rows;
  return {
    name: "weekly_aggregation_10m",
    rows: ROWS,
    fileMb: Math.round(fs.statSync(file).size / 1e6),
    weeklyRows: results.ours[0]!.rows,
    reps: REPS,
    oursMs: ours,
    directPolarsMs: direct,
    ratio: Number((ours / direct).toFixed(3)),
    target: "ratio <= 1.5",
    pass: ours / direct <= 1.5,
    sameResult: same,
    peakRssMb: { ours: Math.max(...results.ours.map((r) => r.maxRssMb)), direct: Math.max(...results.direct.map((r) => r.maxRssMb)) },
  };
}

function profileBench() {
  // Both files are in the repository (licences beside them): the bench needs nothing outside the clone.
  const files = ["../kernel-lib/data/public/dt_simulated_weekly.csv", "../test/fixtures/public/geo_all_channels.csv"].map((f) => path.resolve(__dirname, f));
  return files.map((f) => {
    const df = pl.readCSV(f);
    profileData(df);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) profileData(df);
    return { name: `profile_${path.basename(f)}`, rows: df.height, columns: df.width, ms: Math.round((performance.now() - t0) / 5) };
  });
}

/** BENCH_ONLY=model,profile,bayes runs a subset (default: everything). */
function only(name: string): boolean {
  const wanted = process.env.BENCH_ONLY?.split(",");
  return !wanted || wanted.includes(name);
}

const report = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()}-${os.arch()}` },
  results: [
    ...(only("aggregation") ? [aggregationBench()] : []),
    ...(only("profile") ? profileBench() : []),
    ...(only("model") ? modelBench() : []),
    ...(only("budget") ? [{ name: "budget_optimisation_12_channels", target: "gradient method < 5 ms", ...budgetBench() }] : []),
    ...(only("bayes") ? bayesBench() : []),
    // The geo model on Meridian's panel takes minutes: only when asked for (BENCH_ONLY=geo).
    ...(process.env.BENCH_ONLY?.split(",").includes("geo") ? geoBench() : []),
    ...(only("agent") ? agentBench() : []),
    ...(only("forecast") ? forecastBench() : []),
    ...(only("corpus") ? corpusBench() : []),
    ...(only("databricks") ? databricksBench() : []),
    ...(only("labextension") ? labextensionBench() : []),
  ],
};
console.log(JSON.stringify(report, null, 2));
