/**
 * `agentic-mmm install [--user | --sys-prefix | --prefix DIR] [--uninstall]`: registers the tslab
 * kernelspec ("tslab", TypeScript) where Jupyter looks for kernels, so notebooks importing
 * agentic-mmm run in it — in any folder: the kernel starts through ./kernel/tslab.ts with NODE_PATH
 * set to `<kernelspec>/node_modules`, which holds a link to this package. Idempotent: installing
 * again rewrites the same files. The command also copies the JupyterLab extension
 * (./labextensionInstall.ts) into the same data directory.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MMMError } from "../errors";

export const KERNEL_NAME = "tslab";

export interface InstallOptions {
  scope: "user" | "sys-prefix" | "prefix";
  prefix?: string;
  uninstall?: boolean;
}

/** Jupyter's data directory for the scope (JUPYTER_DATA_DIR wins for --user, as in Jupyter). */
export function jupyterDataDir(o: InstallOptions): string {
  if (o.scope === "prefix") {
    if (!o.prefix) throw new MMMError("INVALID_ARGUMENT", "--prefix needs a directory.", "e.g. agentic-mmm install --prefix /opt/conda");
    return path.join(path.resolve(o.prefix), "share", "jupyter");
  }
  if (o.scope === "sys-prefix") return path.join(pythonPrefix(), "share", "jupyter");
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  return process.platform === "darwin" ? path.join(os.homedir(), "Library", "Jupyter") : path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local", "share"), "jupyter");
}

/** sys.prefix of the Python that runs Jupyter (the active virtualenv / conda env first). */
function pythonPrefix(): string {
  const env = process.env.VIRTUAL_ENV ?? process.env.CONDA_PREFIX;
  if (env) return env;
  for (const py of ["python3", "python"]) {
    try {
      return execFileSync(py, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8", timeout: 10_000 }).trim();
    } catch {
      // try the next name
    }
  }
  throw new MMMError("DEPENDENCY_MISSING", "--sys-prefix needs the Python that runs Jupyter, and none was found.", "Activate its environment (VIRTUAL_ENV / CONDA_PREFIX), or use --user or --prefix DIR.");
}

/** The tslab executable the kernelspec starts. */
export function tslabBinary(): string {
  try {
    const pkg = require.resolve("tslab/package.json", { paths: [process.cwd(), __dirname] });
    return path.join(path.dirname(pkg), "bin", "tslab");
  } catch {
    throw new MMMError("DEPENDENCY_MISSING", "tslab (the TypeScript kernel) is not installed.", "Install it next to agentic-mmm: npm install tslab");
  }
}

export function installKernel(o: InstallOptions): { action: "installed" | "removed" | "absent"; dir: string } {
  const dir = path.join(jupyterDataDir(o), "kernels", KERNEL_NAME);
  if (o.uninstall) {
    if (!fs.existsSync(dir)) return { action: "absent", dir };
    fs.rmSync(dir, { recursive: true, force: true });
    return { action: "removed", dir };
  }
  const spec = kernelSpec(dir);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
    linkPackage(dir);
  } catch (err) {
    throw new MMMError("INVALID_ARGUMENT", `Cannot write the kernelspec to ${dir}: ${(err as Error).message}.`, "Use --user, or run with permission to write there.");
  }
  return { action: "installed", dir };
}

/** This package's folder (dist/cli/install.js → the folder with package.json). */
export const PACKAGE_DIR = path.resolve(__dirname, "..", "..");

/**
 * Node (the path to this node binary, which outlives a changed PATH), our launcher, tslab's arguments.
 * NODE_PATH: Node's require finds agentic-mmm from any folder; the launcher makes tslab's TypeScript
 * honour it too.
 */
export function kernelSpec(dir: string) {
  const tslab = path.dirname(path.dirname(tslabBinary()));
  return {
    argv: [process.execPath, path.join(__dirname, "kernel", "tslab.js"), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript",
    language: "typescript",
    env: { NODE_PATH: path.join(dir, "node_modules"), AGENTIC_MMM_TSLAB: tslab },
    metadata: { installedBy: "agentic-mmm" },
  };
}

/** `<kernelspec>/node_modules/agentic-mmm` → this package (replaced on every install: it may have moved). */
function linkPackage(dir: string): void {
  const link = path.join(dir, "node_modules", "agentic-mmm");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { force: true, recursive: true });
  fs.symlinkSync(PACKAGE_DIR, link, "dir");
}

export function parseInstallArgs(args: string[]): InstallOptions {
  const i = args.indexOf("--prefix");
  const scope = i >= 0 ? "prefix" : args.includes("--sys-prefix") ? "sys-prefix" : "user";
  return { scope, prefix: i >= 0 ? args[i + 1] : undefined, uninstall: args.includes("--uninstall") };
}
