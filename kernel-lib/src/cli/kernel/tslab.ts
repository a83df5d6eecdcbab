#!/usr/bin/env node
/**
 * The kernel `agentic-mmm install` registers: tslab, started with two fixes to its bundled TypeScript
 * (./nodePath.ts: imports resolve through NODE_PATH, so notebooks in any folder find agentic-mmm;
 * ./timers.ts: a failed import does not break the kernel). The kernelspec passes the tslab package
 * folder in AGENTIC_MMM_TSLAB and the folder holding the agentic-mmm link in NODE_PATH.
 * Arguments are tslab's own (`kernel --config-path <connection file>`). Limit: tslab hands the kernel
 * over to a different tslab copy installed in the notebook's folder or above, whose TypeScript is not
 * patched; such a project has its own node_modules, where agentic-mmm belongs then.
 */
import * as path from "node:path";
import { fallbackPackages, honourNodePath, type TsSys } from "./nodePath";
import { keepFailedImportsRecoverable } from "./timers";

function tslabFolder(): string {
  const dir = process.env.AGENTIC_MMM_TSLAB;
  if (dir) return dir;
  return path.dirname(require.resolve("tslab/package.json", { paths: [process.cwd(), __dirname] }));
}

function main(): void {
  const tslab = tslabFolder();
  // The same module instance tslab's converter loads (resolved from tslab's folder).
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslab] })) as { sys: TsSys };
  honourNodePath(ts.sys, fallbackPackages(process.cwd(), process.env.NODE_PATH));
  keepFailedImportsRecoverable(ts.sys);
  (require(path.join(tslab, "dist", "main.js")) as { main(): void }).main();
}

main();
