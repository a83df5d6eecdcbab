/**
 * Notebook 7 (the JupyterLab-based classic notebook) with the same installed extension: the
 * saved outputs of the side-panel example render through our mime renderers, and after "Run
 * all" clicking an answer in the question widget of the output resumes the run on the kernel
 * (the plugin takes the widget's request; without it the widget would show code to run).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { REPO } from "../helpers/fixtures";
import { command, e2eUnavailable, notebook7Unavailable, openBrowser, startLab, waitForKernel, type LabServer } from "./jupyterLab";

const NOTEBOOK = "05-side-panel.ipynb";

describe("Notebook 7 end to end: the renderers and the question widget", function () {
  this.timeout(240_000);
  let server: LabServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let work = "";

  before(async function () {
    const why = e2eUnavailable() ?? notebook7Unavailable();
    if (why) {
      if (process.env.AGENTIC_MMM_REQUIRE_KERNEL === "1") throw new Error(`the Notebook 7 end-to-end test cannot run: ${why}`);
      console.log(`    skipping the Notebook 7 end-to-end test: ${why}`);
      this.skip();
    }
    fs.mkdirSync(path.join(REPO, "test", ".tmp"), { recursive: true });
    work = fs.mkdtempSync(path.join(REPO, "test", ".tmp", "nb7-"));
    fs.copyFileSync(path.join(REPO, "notebooks", NOTEBOOK), path.join(work, NOTEBOOK));
    server = await startLab(path.join(work, ".jupyter"), work, "notebook");
    ({ context, page } = await openBrowser(path.join(work, ".chromium"), { width: 1400, height: 1000 }));
  });

  after(async function () {
    await context?.close();
    await server?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed" && server) console.log(`--- notebook log (tail) ---\n${server.log()}`);
  });

  it("renders the saved trace and question with the extension's renderers", async () => {
    await page.goto(`${server!.url}/notebooks/${NOTEBOOK}?token=${server!.token}`);
    await page.locator(".jp-OutputArea-output .ammm-trace.ammm-run-waiting_for_user").waitFor();
    assert.deepEqual(await page.locator(".jp-OutputArea-output .ammm-question button").allTextContents(), ["Run the full Bayesian fit", "Run a shorter fit (2 chains × 500 + 500)", "Skip it and keep the ridge model"]);
    assert.equal(await page.locator(".jp-OutputArea-output .ammm-error").count(), 0);
  });

  it("after Run all, an answer clicked in the output resumes the run on the kernel", async () => {
    await waitForKernel(page, "idle", 90_000);
    const old = await page.locator(".jp-OutputArea-output .ammm-question").getAttribute("data-session");
    await command(page, "notebook:run-all-cells");
    const fresh = page.locator(`.jp-OutputArea-output .ammm-question:not([data-session="${old}"])`);
    await fresh.waitFor({ timeout: 120_000 });
    await fresh.locator("button", { hasText: "Skip it and keep the ridge model" }).click();
    await fresh.locator(".ammm-send-done", { hasText: 'Answered: "Skip it and keep the ridge model"' }).waitFor({ timeout: 60_000 });
  });
});
