import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "../helpers/fixtures";

/** The README's API example must run as written against the built package. */
describe("README", () => {
  it("every example that imports agentic-mmm runs against the compiled package and prints what it promises", function () {
    this.timeout(120_000);
    if (!fs.existsSync(path.join(REPO, "kernel-lib/dist/index.js"))) {
      console.log("      (skipped: kernel-lib/dist missing — run `npm run build`; `npm test` builds first)");
      this.skip();
    }
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((c) => c.includes('from "agentic-mmm"'));
    assert.ok(blocks.length >= 4, "the API, modelling, Bayesian and agent examples");
    const dir = path.join(REPO, "test/.tmp");
    fs.mkdirSync(dir, { recursive: true });
    const outputs = blocks.map((code, i) => {
      const file = path.join(dir, `readme-example-${i}.mts`);
      fs.writeFileSync(file, code);
      return execFileSync(process.execPath, ["--import", "tsx", file], { cwd: REPO, encoding: "utf8" });
    });
    assert.match(outputs[0]!, /revenue \[/);
    assert.match(outputs[0]!, /tv_spend/);
    assert.match(outputs[0]!, /fourier_sin_1/);
    assert.match(outputs[0]!, /weekly true/);
    assert.match(outputs[1]!, /^10\d{3} 0\.9\d\d \w+_spend$/m);
    assert.match(outputs[2]!, /^6 true 2$/m);
    assert.match(outputs[3]!, /^tanh true true$/m); // a custom transform registered once works in ridge, optimiser and Bayes
    assert.match(outputs[4]!, /^REPORTING true 45 tools \(44 built in\):$/m);
    assert.match(outputs[5]!, /^13 true bayesian$/m); // save → load → forecast
    assert.match(outputs[6]!, /^13 true true$/m); // a ROAS target met, a 13-week flighting plan no worse than even weeks
    // The full analysis without an agent, through the quality gate (found by content: other sections' blocks come before it).
    assert.match(outputs[blocks.findIndex((b) => b.includes("fullAnalysis("))]!, /^REPORTING proceed true$/m);
    // The geo model: 4 geos, per-geo ROAS, a per-geo plan, and a national forecast from the geo fit.
    assert.match(outputs[blocks.findIndex((b) => b.includes("runGeoBayesianMMM("))]!, /^4 tv 4 true 4 geo$/m);
  });

  it("shows the two commands and the bench", () => {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    for (const cmd of ["npm ci", "npm start", "npm test", "npm run bench"]) assert.ok(readme.includes(cmd), cmd);
  });
});
