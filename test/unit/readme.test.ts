import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "../helpers/fixtures";

/** The README's API example must run as written against the built package. */
describe("README", () => {
  it("the API example runs against the compiled package and prints what it promises", function () {
    if (!fs.existsSync(path.join(REPO, "kernel-lib/dist/index.js"))) {
      console.log("      (skipped: kernel-lib/dist missing — run `npm run build`; `npm test` builds first)");
      this.skip();
    }
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## API example"));
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    assert.match(code, /from "agentic-mmm"/);
    const dir = path.join(REPO, "test/.tmp");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "readme-example.mts");
    fs.writeFileSync(file, code);
    const out = execFileSync(process.execPath, ["--import", "tsx", file], { cwd: REPO, encoding: "utf8" });
    assert.match(out, /revenue \[/);
    assert.match(out, /tv_spend/);
    assert.match(out, /fourier_sin_1/);
    assert.match(out, /weekly true/);
  });

  it("shows the two commands and the bench", () => {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    for (const cmd of ["npm ci", "npm start", "npm test", "npm run bench"]) assert.ok(readme.includes(cmd), cmd);
  });
});
