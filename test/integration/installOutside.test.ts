/**
 * Install like a package (issue #14.6). The `agentic-mmm` bin is a file in git (npm links it at
 * `npm ci`, before dist/ exists) that builds the CLI when it is missing; `agentic-mmm install`
 * registers a kernel whose notebooks import agentic-mmm from ANY folder; and a failed import leaves
 * that kernel usable — even after a package is then installed in the notebook's folder, which made
 * bare tslab answer every later cell with "Unexpected pending rebuildTimer".
 *
 * The kernel part runs the kernelspec the command wrote, as Jupyter would start it, in a folder under
 * the system's temp dir (outside the repository). It skips (printing why) only when no kernel can run
 * here; with AGENTIC_MMM_REQUIRE_KERNEL=1 (set by .ci/run) that is a failure instead.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO, tempDir, writeText } from "../helpers/fixtures";
import { kernelAvailable, runCells, type CellResult } from "./kernel/kernel";
import { fallbackPackages } from "../../kernel-lib/src/cli/kernel/nodePath";

const SHIM = path.join(REPO, "kernel-lib/bin/agentic-mmm.cjs");
const show = (r: CellResult) => JSON.stringify(r, null, 2);
const git = (...args: string[]) => spawnSync("git", args, { cwd: REPO, encoding: "utf8" });

describe("the agentic-mmm bin", function () {
  this.timeout(60_000);

  it("is a file in git that package.json's bin names, so npm links it before anything is built", function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "kernel-lib/package.json"), "utf8")) as { bin: Record<string, string>; files: string[] };
    assert.equal(path.join(REPO, "kernel-lib", pkg.bin["agentic-mmm"]!), SHIM);
    assert.ok(pkg.files.includes("bin"), "the shim is packed");
    const tracked = git("ls-files", "--error-unmatch", path.relative(REPO, SHIM));
    if (tracked.status !== 0 && fs.existsSync(path.join(REPO, ".git"))) assert.fail(`${SHIM} is not in git: ${tracked.stderr}`);
    assert.ok(!/dist\//.test(pkg.bin["agentic-mmm"]!), "a bin under dist/ is not linked by npm ci in a fresh clone");
  });

  it("runs the compiled CLI from any folder", function () {
    const r = spawnSync(process.execPath, [SHIM, "--help"], { cwd: tempDir("ammm-outside-"), encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /agentic-mmm install \[--user/);
  });

  it("in a checkout without dist/, runs the build first, then the command", function () {
    // A miniature checkout: the shim beside src/, a workspace root whose build writes dist/cli.js.
    const root = tempDir("ammm-checkout-");
    writeText(
      root,
      "package.json",
      JSON.stringify({
        private: true,
        workspaces: ["kernel-lib"],
        scripts: { build: `node -e "require('fs').mkdirSync('kernel-lib/dist',{recursive:true});require('fs').writeFileSync('kernel-lib/dist/cli.js','exports.main=async(a)=>{console.log(\\'ran\\',a.join(\\' \\'));return 3}')"` },
      }),
    );
    writeText(root, "kernel-lib/src/cli.ts", "");
    fs.cpSync(SHIM, path.join(root, "kernel-lib/bin/agentic-mmm.cjs"));
    const r = spawnSync(process.execPath, [path.join(root, "kernel-lib/bin/agentic-mmm.cjs"), "install", "--user"], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /not built yet; building it now.*npm run build/);
    assert.equal(r.stdout.trim().split("\n").at(-1), "ran install --user");
  });

  it("in an installed copy without dist/, says what to do instead of a stack trace", function () {
    const pkg = tempDir("ammm-copy-");
    fs.cpSync(SHIM, path.join(pkg, "bin/agentic-mmm.cjs"));
    const r = spawnSync(process.execPath, [path.join(pkg, "bin/agentic-mmm.cjs"), "--help"], { encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /dist\/cli\.js is missing: this copy of the package was not built\. Reinstall it/);
  });
});

describe("NODE_PATH for tslab's TypeScript", function () {
  it("maps <cwd>/node_modules/<name> to NODE_PATH packages, unless the package is installed in cwd or above", function () {
    const modules = tempDir("ammm-node-path-");
    fs.mkdirSync(path.join(modules, "agentic-mmm"));
    fs.mkdirSync(path.join(modules, "@scope/pkg"), { recursive: true });
    const cwd = tempDir("ammm-nb-");
    const map = fallbackPackages(path.join(cwd, "deep"), modules);
    assert.deepEqual([...map].sort(), [
      [path.join(cwd, "deep/node_modules/@scope/pkg"), path.join(modules, "@scope/pkg")],
      [path.join(cwd, "deep/node_modules/agentic-mmm"), path.join(modules, "agentic-mmm")],
    ]);
    fs.mkdirSync(path.join(cwd, "node_modules/agentic-mmm"), { recursive: true }); // a copy above wins, as in Node
    assert.deepEqual([...fallbackPackages(path.join(cwd, "deep"), modules).keys()], [path.join(cwd, "deep/node_modules/@scope/pkg")]);
  });
});

describe("agentic-mmm install, then a notebook in a folder outside the repository", function () {
  this.timeout(240_000);
  let results: CellResult[] = [];
  let outside = "";

  const cells = [
    // 0: a typo in the import
    `import { initMMM, samplePath } from "agentic-mmx";`,
    // 1: the right import, in the same kernel
    `import { initMMM, samplePath } from "agentic-mmm";\nconst nb = await initMMM({ source: samplePath("sample") });`,
    // 2: Node's require finds the same package (through the kernelspec's NODE_PATH)
    `console.log(require.resolve("agentic-mmm"));`,
    // 3: a package that is not installed yet...
    `import { answer } from "late-pkg";`,
    // 4: ...is installed in the notebook's folder (what npm install does), which TypeScript's watcher sees
    `const fs = require("fs");
     fs.mkdirSync("node_modules/late-pkg", { recursive: true });
     fs.writeFileSync("node_modules/late-pkg/package.json", JSON.stringify({ name: "late-pkg", main: "index.js", types: "index.d.ts" }));
     fs.writeFileSync("node_modules/late-pkg/index.js", "exports.answer = 42;");
     fs.writeFileSync("node_modules/late-pkg/index.d.ts", "export declare const answer: number;");
     await new Promise((r) => setTimeout(r, 1500));`,
    // 5: bare tslab fails here and in every later cell with "Unexpected pending rebuildTimer"
    `import { answer } from "late-pkg";\nconsole.log("answer", answer);`,
    // 6: the session from cell 1 is still there
    `console.log("rows", nb.engine.profile().rows);`,
  ];

  before(async function () {
    const avail = kernelAvailable();
    if (!avail.ok) {
      if (process.env.AGENTIC_MMM_REQUIRE_KERNEL === "1") throw new Error(`tslab kernel required (AGENTIC_MMM_REQUIRE_KERNEL=1) but unavailable: ${avail.reason}`);
      console.log(`    skipping the kernel outside the repository: ${avail.reason}`);
      this.skip();
    }
    outside = tempDir("ammm-outside-");
    assert.ok(path.relative(REPO, outside).startsWith(".."), `${outside} is outside ${REPO}`);
    const prefix = tempDir("ammm-prefix-");
    // As a user would run it from elsewhere: the linked bin by its path, cwd = the notebook folder.
    const r = spawnSync(process.execPath, [SHIM, "install", "--prefix", prefix], { cwd: outside, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const kernelspec = path.join(prefix, "share/jupyter/kernels/tslab");
    results = await runCells(cells, { cwd: outside, kernelspec, cellTimeoutSeconds: 90 });
  });

  it("a typo in the import is a compile error naming the module", function () {
    assert.equal(results[0]!.status, "error", show(results[0]!));
    assert.match(results[0]!.stderr, /Cannot find module 'agentic-mmx'/);
  });

  it("the next cell imports agentic-mmm and initMMM shows the sample's summary", function () {
    const r = results[1]!;
    assert.equal(r.status, "ok", show(r));
    const md = r.outputs.map((o) => o.data["text/markdown"]).find((t) => typeof t === "string") as string | undefined;
    assert.match(md ?? "", /156 rows/, show(r));
    assert.match(md ?? "", /Suitable for MMM/, show(r));
  });

  it("at run time the import is this repository's compiled package", function () {
    const r = results[2]!;
    assert.equal(r.status, "ok", show(r));
    assert.equal(fs.realpathSync(r.stdout.trim()), fs.realpathSync(path.join(REPO, "kernel-lib/dist/index.js")));
  });

  it("after a failed import, a package installed in the notebook's folder imports without a kernel restart", function () {
    assert.equal(results[3]!.status, "error", show(results[3]!));
    assert.match(results[3]!.stderr, /Cannot find module 'late-pkg'/);
    assert.equal(results[4]!.status, "ok", show(results[4]!));
    const r = results[5]!;
    assert.equal(r.status, "ok", show(r));
    assert.doesNotMatch(r.stderr, /rebuildTimer/);
    assert.match(r.stdout, /answer 42/);
  });

  it("the kernel keeps its state through all of it", function () {
    const r = results[6]!;
    assert.equal(r.status, "ok", show(r));
    assert.match(r.stdout, /rows 156/);
  });
});
