import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO, ROBYN } from "../helpers/fixtures";

const CLI = path.join(REPO, "kernel-lib/dist/cli.js");

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: "utf8", timeout: 240_000 });
}

describe("agentic-mmm command (what npm start runs)", function () {
  before(function () {
    if (!fs.existsSync(CLI)) {
      console.log("      (skipped: kernel-lib/dist/cli.js missing — `npm test` builds first)");
      this.skip();
    }
  });

  it("demo: the offline agent analyses the bundled sample through every phase, prints its trace and report, next to the known truth", function () {
    this.timeout(240_000);
    const r = cli("demo");
    assert.equal(r.status, 0, r.stderr);
    for (const s of [
      "LLM: offline planner",
      "> Run a full MMM analysis",
      "✓ inspect_data",
      "── phase IDLE → DATA_LOADING",
      "✓ optimize_all_adstock_parameters",
      "✓ run_ols_mmm",
      "chain 4 done",
      "✓ run_bayesian_mmm",
      "── phase BUDGET_OPTIMISATION → REPORTING",
      "## MMM analysis",
      "### Return on ad spend",
      "### Budget recommendation",
      "== Estimates vs the known truth ==",
      "Analysis complete",
    ])
      assert.ok(r.stdout.includes(s), s);
    assert.ok(!r.stdout.includes("✗"), "no tool failed");
    const rhat = Number(/max R-hat (\d\.\d+)/.exec(r.stdout)![1]);
    assert.ok(rhat < 1.05, `R-hat ${rhat}`);
    const r2 = Number(/Ridge MMM: R² (0\.\d+)/.exec(r.stdout)![1]);
    assert.ok(r2 > 0.9, `R² ${r2}`);
    const inside = Number(/inside the 94% HDI for (\d) of 6 channels/.exec(r.stdout)![1]);
    assert.ok(inside >= 4, `${inside} of 6 true ROAS inside the HDI`);
    assert.match(r.stdout, /phase REPORTING/);
  });

  it("demo on a public file with a chosen KPI", function () {
    this.timeout(120_000);
    const r = cli("demo", ROBYN, "--kpi", "revenue", "--no-bayes");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\*\*Channels\*\* \(5\): tv_S, ooh_S, print_S, search_S, facebook_S/);
    assert.ok(!r.stdout.includes("run_bayesian_mmm"));
    assert.match(r.stdout, /### Budget recommendation/);
  });

  it("demo on a file that raises a question answers it with the default when there is no terminal, and finishes", function () {
    this.timeout(120_000);
    // KPI unrelated to the spend: the ridge fit's R² is low, so the quality gate asks what to do.
    const rows = ["date,sales,tv_spend,radio_spend"];
    let x = 7;
    const rnd = () => (x = (x * 16807) % 2147483647) / 2147483647;
    for (let t = 0; t < 104; t++) rows.push(`${new Date(Date.UTC(2022, 0, 3 + 7 * t)).toISOString().slice(0, 10)},${(1000 + 400 * rnd()).toFixed(1)},${(500 * rnd()).toFixed(1)},${(300 * rnd()).toFixed(1)}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ammm-cli-")), "noise.csv");
    fs.writeFileSync(file, `${rows.join("\n")}\n`);
    const r = cli("demo", file, "--kpi", "sales", "--no-bayes");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\? Quality check/);
    assert.match(r.stdout, /\(no terminal to ask: answering "Continue/);
    assert.ok(!r.stdout.includes("(The agent stopped"), r.stdout.slice(-800));
    assert.match(r.stdout, /Analysis complete/);
  });

  it("a bad file gives one clear line on stderr and exit code 1, no stack trace", () => {
    const r = cli("profile", "no/such/file.csv");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^agentic-mmm: File not found: 'no\/such\/file\.csv'/);
    assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
  });
});
