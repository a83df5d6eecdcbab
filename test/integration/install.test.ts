/**
 * `agentic-mmm install` registers the tslab kernelspec where Jupyter finds it (checked with
 * `jupyter kernelspec list` from the project's Python), is idempotent, and `--uninstall` removes it.
 * (Notebooks outside the repository with that kernel: installOutside.test.ts.)
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO, tempDir } from "../helpers/fixtures";
import { kernelAvailable, pythonPath } from "./kernel/kernel";

const CLI = path.join(REPO, "kernel-lib/dist/cli.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, "install", ...args], { cwd: REPO, encoding: "utf8" });

describe("agentic-mmm install", function () {
  this.timeout(60_000);

  it("installs the kernelspec into a prefix, idempotently, visible to jupyter; --uninstall removes it", function () {
    const prefix = tempDir("ammm-prefix-");
    const first = cli("--prefix", prefix);
    assert.equal(first.status, 0, first.stderr);
    const file = path.join(prefix, "share/jupyter/kernels/tslab/kernel.json");
    const spec = JSON.parse(fs.readFileSync(file, "utf8")) as { argv: string[]; language: string; env: Record<string, string> };
    assert.equal(spec.language, "typescript");
    // node, our tslab launcher, tslab's own arguments
    assert.equal(spec.argv[0], process.execPath);
    assert.equal(spec.argv[1], path.join(REPO, "kernel-lib/dist/cli/kernel/tslab.js"));
    assert.ok(fs.existsSync(spec.argv[1]!), `${spec.argv[1]} exists`);
    assert.deepEqual(spec.argv.slice(2), ["kernel", "--config-path", "{connection_file}"]);
    assert.ok(fs.existsSync(path.join(spec.env.AGENTIC_MMM_TSLAB!, "dist/main.js")), "AGENTIC_MMM_TSLAB is the tslab package");
    // NODE_PATH holds a link to this package, so notebooks in any folder find it
    assert.equal(spec.env.NODE_PATH, path.join(path.dirname(file), "node_modules"));
    assert.equal(fs.realpathSync(path.join(spec.env.NODE_PATH!, "agentic-mmm")), fs.realpathSync(path.join(REPO, "kernel-lib")));
    const again = cli("--prefix", prefix);
    assert.equal(again.status, 0);
    assert.equal(fs.readFileSync(file, "utf8"), `${JSON.stringify(spec, null, 2)}\n`);
    if (kernelAvailable().ok) {
      const list = spawnSync(pythonPath(), ["-m", "jupyter_client.kernelspecapp", "list", "--json"], { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: path.join(prefix, "share/jupyter") } });
      assert.equal(list.status, 0, list.stderr);
      const specs = (JSON.parse(list.stdout) as { kernelspecs: Record<string, { resource_dir: string }> }).kernelspecs;
      assert.equal(fs.realpathSync(specs.tslab!.resource_dir), fs.realpathSync(path.dirname(file)));
    } else console.log("      (jupyter kernelspec list not checked: no Python with jupyter_client)");
    const removed = cli("--prefix", prefix, "--uninstall");
    assert.equal(removed.status, 0);
    assert.ok(!fs.existsSync(path.dirname(file)), "the kernelspec folder, its link included, is gone");
    assert.ok(fs.existsSync(path.join(REPO, "kernel-lib/package.json")), "removing the link left the package alone");
    assert.match(cli("--prefix", prefix, "--uninstall").stdout, /No kernel installed/);
  });

  it("copies the built JupyterLab extension; jupyter labextension list shows it enabled; --uninstall removes it", function () {
    const prefix = tempDir("ammm-prefix-");
    const r = cli("--prefix", prefix);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /JupyterLab extension 0\.1\.0 installed/);
    const dir = path.join(prefix, "share/jupyter/labextensions/agentic-mmm-labextension");
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { jupyterlab: { _build: { load: string; extension: string; mimeExtension: string } } };
    assert.ok(fs.existsSync(path.join(dir, pkg.jupyterlab._build.load)), "the module federation entry is in the installed copy");
    assert.deepEqual([pkg.jupyterlab._build.extension, pkg.jupyterlab._build.mimeExtension], ["./extension", "./mimeExtension"]);
    // A stale chunk from an older install is removed, not left beside the new build.
    fs.writeFileSync(path.join(dir, "static", "stale.js"), "");
    assert.equal(cli("--prefix", prefix).status, 0);
    assert.ok(!fs.existsSync(path.join(dir, "static", "stale.js")));
    const lab = spawnSync(pythonPath(), ["-c", "import jupyterlab"], { encoding: "utf8" });
    if (lab.status === 0) {
      const list = spawnSync(pythonPath(), ["-m", "jupyterlab.labextensions", "list"], { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: path.join(prefix, "share/jupyter"), JUPYTER_CONFIG_DIR: tempDir("ammm-config-") } });
      assert.equal(list.status, 0, list.stderr);
      assert.match(`${list.stdout}${list.stderr}`, /agentic-mmm-labextension v0\.1\.0 .*enabled.*OK/);
    } else if (process.env.AGENTIC_MMM_REQUIRE_KERNEL === "1") assert.fail(`jupyterlab is not installed in ${pythonPath()}`);
    else console.log("      (jupyter labextension list not checked: no Python with jupyterlab)");
    assert.match(cli("--prefix", prefix, "--uninstall").stdout, /JupyterLab extension removed/);
    assert.ok(!fs.existsSync(dir));
  });

  it("--user honours JUPYTER_DATA_DIR", () => {
    const data = tempDir("ammm-data-");
    const r = spawnSync(process.execPath, [CLI, "install", "--user"], { encoding: "utf8", env: { ...process.env, JUPYTER_DATA_DIR: data } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(data, "kernels/tslab/kernel.json")));
  });
});
