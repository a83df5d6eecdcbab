/**
 * NODE_PATH for tslab's TypeScript. Node's `require` honours NODE_PATH, but the TypeScript inside
 * tslab (5.0, Node10 resolution) only walks up `node_modules` folders from the notebook's folder, so a
 * cell `import … from "agentic-mmm"` fails its type check in any folder outside the repository even
 * though the code would load. This makes the packages in the NODE_PATH folders look, to TypeScript, as
 * if they were in `<notebook folder>/node_modules` — as a fallback only: a copy in the notebook's folder
 * or any folder above it wins, as in Node.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The TypeScript `sys` methods module resolution goes through. */
export interface TsSys {
  fileExists(p: string): boolean;
  directoryExists(p: string): boolean;
  readFile(p: string, encoding?: string): string | undefined;
  realpath?(p: string): string;
}

/** Package names in a NODE_PATH folder (scoped ones as "@scope/name"). */
function packagesIn(dir: string): string[] {
  const names: string[] = [];
  for (const name of safeReaddir(dir)) {
    if (name.startsWith("@")) names.push(...safeReaddir(path.join(dir, name)).map((n) => `${name}/${n}`));
    else if (!name.startsWith(".")) names.push(name);
  }
  return names;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Whether `name` is installed in `dir`/node_modules or above it (where Node and TypeScript look first). */
function installedAbove(dir: string, name: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "node_modules", name))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/** `<cwd>/node_modules/<name>` → the package's folder in NODE_PATH, for the packages not installed above cwd. */
export function fallbackPackages(cwd: string, nodePath: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const dir of (nodePath ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of packagesIn(dir)) {
      const at = path.join(cwd, "node_modules", name);
      if (!map.has(at) && !installedAbove(cwd, name)) map.set(at, path.join(dir, name));
    }
  }
  return map;
}

/** Redirect TypeScript's file lookups under the mapped folders (mutates `sys`; tslab inherits from it). */
export function honourNodePath(sys: TsSys, map: Map<string, string>): void {
  if (map.size === 0) return;
  const forward = (p: string): string => {
    for (const [at, real] of map) {
      if (p === at || p.startsWith(`${at}/`)) return real + p.slice(at.length);
    }
    return p;
  };
  const { fileExists, directoryExists, readFile, realpath } = sys;
  sys.fileExists = (p) => fileExists.call(sys, forward(p));
  sys.directoryExists = (p) => directoryExists.call(sys, forward(p));
  sys.readFile = (p, encoding) => readFile.call(sys, forward(p), encoding);
  // TypeScript then continues from the real location, where the package's own dependencies are.
  if (realpath) sys.realpath = (p) => realpath.call(sys, forward(p));
}
