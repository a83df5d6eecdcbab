/**
 * One JupyterLab server and one Chromium page for an e2e file: registers the mocha hooks that start
 * them on a copy of a committed notebook (inside the repository, so `import "agentic-mmm"` in the
 * kernel resolves the workspace package; a copy, so the notebook's outputs are never touched), stop
 * them, and screenshot a failed case. Skips with the reason when no kernel or browser can run (fails
 * instead under AGENTIC_MMM_REQUIRE_KERNEL=1, as in CI).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { REPO } from "../helpers/fixtures";
import { e2eUnavailable, openBrowser, startLab, type LabServer } from "./jupyterLab";

export interface LabSession {
  lab?: LabServer;
  context?: BrowserContext;
  page?: Page;
  work?: string;
}

/** Call inside a `describe`: the returned object is filled by the time the file's own `before` hooks run. */
export function useLab(notebook: string, prefix: string, opts: { logOnFailure?: boolean } = {}): LabSession {
  const s: LabSession = {};
  before(async function () {
    const why = e2eUnavailable();
    if (why) {
      if (process.env.AGENTIC_MMM_REQUIRE_KERNEL === "1") throw new Error(`the end-to-end test cannot run: ${why}`);
      console.log(`    skipping the JupyterLab end-to-end test: ${why}`);
      this.skip();
    }
    fs.mkdirSync(path.join(REPO, "test", ".tmp"), { recursive: true });
    s.work = fs.mkdtempSync(path.join(REPO, "test", ".tmp", prefix));
    fs.copyFileSync(path.join(REPO, "notebooks", notebook), path.join(s.work, notebook));
    s.lab = await startLab(path.join(s.work, ".jupyter"), s.work);
    ({ context: s.context, page: s.page } = await openBrowser(path.join(s.work, ".chromium"), { width: 1600, height: 1000 }));
  });

  after(async function () {
    await s.context?.close();
    await s.lab?.stop();
    if (s.work) fs.rmSync(s.work, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    if (opts.logOnFailure && s.lab) console.log(`--- jupyter lab log (tail) ---\n${s.lab.log()}`);
    const file = path.join(REPO, "test", ".tmp", `${prefix}failed-${this.currentTest.title.slice(0, 30).replace(/\W+/g, "-")}.png`);
    await s.page?.screenshot({ path: file }).then(
      () => console.log(`    screenshot of the failure: ${file}`),
      () => undefined,
    );
  });
  return s;
}
