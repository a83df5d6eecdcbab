import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
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

  it("demo runs the bundled sample through profile, features, search, ridge, Bayesian MMM and budget, next to the known truth", function () {
    this.timeout(240_000);
    const r = cli("demo");
    assert.equal(r.status, 0, r.stderr);
    for (const s of ["== Profile ==", "KPI: revenue", "Paid media spend (6)", "== Features ==", "events_promo", "== Hyper-parameter search ==", "== Ridge MMM ==", "true ROAS", "== Budget for the next 52 weeks", "== Bayesian MMM (NUTS, 4 chains", "chain 4 done", "Budget on the posterior-mean curves", "Analysis complete"]) assert.ok(r.stdout.includes(s), s);
    const rhat = Number(/max R-hat (\d\.\d+)/.exec(r.stdout)![1]);
    assert.ok(rhat < 1.05, `R-hat ${rhat}`);
    assert.match(r.stdout, /^100\d\d models in /m);
    const r2 = Number(/R² (0\.\d+)/.exec(r.stdout)![1]);
    assert.ok(r2 > 0.9, `R² ${r2}`);
  });

  it("demo on a public file with a chosen KPI", function () {
    this.timeout(120_000);
    const r = cli("demo", ROBYN, "--kpi", "revenue");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Paid media spend \(5\): tv_S, ooh_S, print_S, search_S, facebook_S/);
  });

  it("a bad file gives one clear line on stderr and exit code 1, no stack trace", () => {
    const r = cli("profile", "no/such/file.csv");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^agentic-mmm: File not found: 'no\/such\/file\.csv'/);
    assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
  });
});
