/**
 * The prebuilt JupyterLab extension (labextension/, SPEC §6) copied into Jupyter's data directory,
 * as `jupyter labextension develop` would link it, but with no Python tooling: JupyterLab finds
 * prebuilt extensions in `<data dir>/labextensions/<name>/`, so a hosted JupyterLab where one can
 * only run npm (e.g. on Databricks) gets the panel and the renderers after a page reload.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMError } from "../errors";

export const LABEXTENSION_NAME = "agentic-mmm-labextension";

/**
 * Where the built extension is: the copy shipped inside this package (kernel-lib/labextension/,
 * written by the labextension build) first, else the workspace's labextension/dist.
 */
export function builtLabextension(): string | undefined {
  const candidates = [path.resolve(__dirname, "..", "..", "labextension", LABEXTENSION_NAME)];
  try {
    const pkg = require.resolve(`${LABEXTENSION_NAME}/package.json`, { paths: [process.cwd(), __dirname] });
    candidates.push(path.join(path.dirname(pkg), "dist", LABEXTENSION_NAME));
  } catch {
    // not in a workspace: only the shipped copy can be used
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "static")));
}

export interface LabextensionInstall {
  action: "installed" | "removed" | "absent" | "not-built";
  dir: string;
  version?: string;
}

/** Copy (or with `uninstall`, remove) the extension under `dataDir`/labextensions. */
export function installLabextension(dataDir: string, uninstall = false, source = builtLabextension()): LabextensionInstall {
  const dir = path.join(dataDir, "labextensions", LABEXTENSION_NAME);
  if (uninstall) {
    if (!fs.existsSync(dir)) return { action: "absent", dir };
    fs.rmSync(dir, { recursive: true, force: true });
    return { action: "removed", dir };
  }
  if (!source) return { action: "not-built", dir };
  const version = (JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8")) as { version?: string }).version;
  try {
    // Remove first: an older build's hashed chunks would otherwise stay next to the new ones.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.cpSync(source, dir, { recursive: true });
  } catch (err) {
    throw new MMMError("INVALID_ARGUMENT", `Cannot copy the JupyterLab extension to ${dir}: ${(err as Error).message}.`, "Use --user, or run with permission to write there.");
  }
  return { action: "installed", dir, version };
}
