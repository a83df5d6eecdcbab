#!/usr/bin/env node
/**
 * The `agentic-mmm` command as npm links it. This small file is in git (dist/ is not), so npm links the
 * bin at `npm ci` time in a fresh clone; it loads the compiled CLI, and when that is not built yet in a
 * checkout of the repository, builds it first (once, ~1 min) instead of failing with "not found".
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const pkg = path.resolve(__dirname, "..");
const cli = path.join(pkg, "dist", "cli.js");

/** The workspace root when this package sits in a checkout of the repository (src/ and a parent with workspaces). */
function checkoutRoot() {
  const root = path.dirname(pkg);
  try {
    const json = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    return Array.isArray(json.workspaces) && fs.existsSync(path.join(pkg, "src")) ? root : undefined;
  } catch {
    return undefined;
  }
}

function build(root) {
  // The whole build (package and JupyterLab extension), so that `install` can copy the extension too.
  console.error(`agentic-mmm: ${path.relative(process.cwd(), cli) || cli} is not built yet; building it now (once, about a minute): npm run build`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["run", "build"], { cwd: root, stdio: ["ignore", process.stderr, "inherit"] });
  return r.status === 0 && fs.existsSync(cli);
}

if (!fs.existsSync(cli)) {
  const root = checkoutRoot();
  if (!root) {
    console.error(`agentic-mmm: ${cli} is missing: this copy of the package was not built. Reinstall it (npm install agentic-mmm), or run npm run build in its repository.`);
    process.exit(1);
  }
  if (!build(root)) {
    console.error(`agentic-mmm: the build failed (see above). Fix it, then run: cd ${root} && npm run build`);
    process.exit(1);
  }
}
require(cli)
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
