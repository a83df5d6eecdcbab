/**
 * End to end (real JupyterLab 4.6 + tslab + headless Chromium): the side panel never loses the
 * thread (issue #17 item 5). The pending question is the kernel's truth after a rejected answer
 * (wrong id, invalid value), a kernel restart mid-run and a page reload; rejected calls leave no
 * "running" trace box; stale notes go once a new session starts; answered questions disable their
 * buttons in the cells too; the resumed run's report lands in the notebook; charts are replaced by
 * key on a re-run, follow the panel's width and keep their legend, axis titles and toolbar apart;
 * trace rows are short summaries with their JSON one click away; failed rows are dark in the dark theme.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { REPO } from "../helpers/fixtures";
import { command, waitForKernel, type LabServer } from "./jupyterLab";
import { useLab } from "./labSession";
import { appendCell, boxesOverlap, cellTraceStates, dispatchAnswer, widenRightSidebar } from "./panelHelpers";

const PANEL = "#agentic-mmm-panel";
const NOTEBOOK = "05-side-panel.ipynb";
const QUESTION_BUTTONS = `${PANEL} .ammm-panel-question button`;
const SHOTS = process.env.AGENTIC_MMM_SCREENSHOTS === "docs" ? path.join(REPO, "docs", "screenshots") : path.join(REPO, "test", ".tmp", "screenshots");

async function pendingId(page: Page): Promise<string> {
  return (await page.locator(`${PANEL} .ammm-panel-question .ammm-question`).getAttribute("data-question")) ?? "";
}

async function waitForQuestion(page: Page, timeout = 180_000): Promise<void> {
  await page.locator(`${PANEL} .ammm-trace.ammm-run-waiting_for_user`).waitFor({ timeout });
  await page.locator(QUESTION_BUTTONS).first().waitFor({ timeout: 30_000 });
  await waitForKernel(page, "idle");
}

/** A pending question in the panel, running the notebook if there is none (each case can run alone). */
async function ensureQuestion(page: Page): Promise<void> {
  if ((await page.locator(QUESTION_BUTTONS).count()) > 0) return;
  await command(page, "notebook:run-all-cells");
  await waitForQuestion(page);
}

/** A completed run in the panel: answer the question with the shorter fit if there is none yet. */
async function ensureCompletedRun(page: Page): Promise<void> {
  if ((await page.locator(`${PANEL} .ammm-trace.ammm-run-completed`).count()) > 0) return;
  await ensureQuestion(page);
  await page.click(`${QUESTION_BUTTONS}:has-text("Run a shorter fit")`);
  await page.locator(`${PANEL} .ammm-trace.ammm-run-completed`).waitFor({ timeout: 300_000 });
  await waitForKernel(page, "idle");
}

describe("JupyterLab end to end: the side panel keeps the thread (issue #17 item 5)", function () {
  this.timeout(300_000);
  let lab: LabServer | undefined;
  let page: Page;

  const session = useLab(NOTEBOOK, "e2e-state-");
  before(() => {
    ({ lab, page } = session as Required<typeof session>);
  });

  it("opens with a sensible default panel width", async () => {
    await page.goto(`${lab!.url}/lab/tree/${NOTEBOOK}?token=${lab!.token}`);
    await page.waitForSelector(".jp-NotebookPanel .jp-Notebook .jp-Cell");
    await waitForKernel(page, "idle", 90_000);
    await page.click(`.jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id="agentic-mmm-panel"]`);
    await page.waitForSelector(`${PANEL} .ammm-panel`);
    await page.waitForTimeout(500);
    const box = await page.locator(PANEL).boundingBox();
    assert.ok(box && box.width >= 340, `the panel opens ${box?.width} px wide`);
  });

  it("a rejected answer (wrong id in a cell, invalid value from the panel) keeps the question and leaves no running trace", async () => {
    await command(page, "notebook:run-all-cells");
    await waitForQuestion(page);
    const id = await pendingId(page);
    await appendCell(page, `await nb.answer("no-such-question", "x");`);
    await page.locator(".jp-OutputArea-output", { hasText: "is not the pending one" }).waitFor({ timeout: 30_000 });
    await waitForKernel(page, "idle");
    await dispatchAnswer(page, id, "not one of the options");
    await page.locator(`${PANEL} .ammm-chat-error`).first().waitFor({ timeout: 30_000 });
    await waitForKernel(page, "idle");
    await page.waitForTimeout(1_000);
    assert.equal(await page.locator(QUESTION_BUTTONS).count(), 3, "the question is still in the panel");
    assert.equal(await pendingId(page), id);
    assert.equal(await page.locator(`${PANEL} .ammm-trace.ammm-run-running`).count(), 0, "no running trace in the panel");
    assert.deepEqual(await cellTraceStates(page), ["ammm-run-waiting_for_user"], "one trace box in the cells: the run's own");
  });

  it("survives a page reload: the kernel's pending question is shown, with no stale note", async () => {
    await ensureQuestion(page);
    const id = await pendingId(page);
    await page.reload();
    await page.waitForSelector(`${PANEL} .ammm-panel`);
    await waitForKernel(page, "idle", 90_000);
    await page.waitForTimeout(3_000);
    assert.equal(await page.locator(QUESTION_BUTTONS).count(), 3);
    assert.equal(await pendingId(page), id);
    assert.equal(await page.locator(`${PANEL}`, { hasText: "no longer waiting" }).count(), 0);
  });

  it("answering in the panel: the cells' question buttons are disabled, and the resumed run's report is in the notebook", async () => {
    await ensureQuestion(page);
    await page.click(`${QUESTION_BUTTONS}:has-text("Run a shorter fit")`);
    await page.locator(`${PANEL} .ammm-trace.ammm-run-completed`).waitFor({ timeout: 300_000 });
    await waitForKernel(page, "idle");
    const cellButtons = page.locator(".jp-OutputArea-output .ammm-question button");
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLButtonElement>(".jp-OutputArea-output .ammm-question button")].every((b) => b.disabled), undefined, { timeout: 10_000 });
    assert.ok((await cellButtons.count()) >= 3);
    // A new cell below the question holds the resumed run: its trace and the report after it.
    const cell = page.locator(".jp-Notebook .jp-CodeCell", { hasText: "agentic-mmm: answered" });
    await cell.locator(".ammm-trace.ammm-run-completed").waitFor({ timeout: 10_000 });
    const outputs = await cell.locator(".jp-OutputArea-output").allTextContents();
    assert.ok(outputs.length >= 2 && outputs.some((t) => !t.includes("Agent trace") && t.trim().length > 40), `the run's report follows its trace:\n${outputs.join("\n---\n").slice(0, 2000)}`);
  });

  it("charts: one per key, re-laid-out when the panel widens, legend clear of the axis title, toolbar clear of the title", async () => {
    await ensureCompletedRun(page);
    const figures = page.locator(`${PANEL} .ammm-panel-figure`);
    await figures.first().waitFor();
    const keys = await figures.evaluateAll((els) => els.map((e) => e.getAttribute("data-key") ?? ""));
    assert.equal(new Set(keys).size, keys.length, `no duplicate charts: ${keys.join(", ")}`);
    assert.ok(keys.includes("response_curves"), keys.join(", "));
    const curve = page.locator(`${PANEL} .ammm-panel-figure[data-key="response_curves"] .ammm-plot`);
    await curve.locator("svg .scatterlayer path.js-line").first().waitFor();
    await widenRightSidebar(page, 620);
    await page.waitForTimeout(1_500);
    const plotBox = await curve.boundingBox();
    const svgWidth = await curve.evaluate((p) => p.querySelector("svg.main-svg")?.getBoundingClientRect().width ?? 0);
    assert.ok(plotBox && Math.abs(svgWidth - plotBox.width) < 12, `the chart follows the panel: svg ${svgWidth} px in a ${plotBox?.width} px box`);
    const legend = await curve.locator("g.legend").boundingBox();
    const xtitle = await curve.locator("g.g-xtitle").boundingBox();
    assert.ok(legend && xtitle && !boxesOverlap(legend, xtitle), `legend ${JSON.stringify(legend)} clear of the x-axis title ${JSON.stringify(xtitle)}`);
    await curve.hover();
    const bar = await curve.locator(".modebar").boundingBox();
    const title = await curve.locator("g.g-gtitle").boundingBox();
    assert.ok(title, "the chart has a title");
    assert.ok(!bar || !boxesOverlap(bar, title), `toolbar ${JSON.stringify(bar)} clear of the title ${JSON.stringify(title)}`);
  });

  it("trace rows in cells are short summaries, with the JSON one click away", async () => {
    const tool = page.locator(".jp-Notebook .jp-OutputArea-output .ammm-trace tr.ammm-step-tool").first();
    if ((await tool.count()) === 0) await ensureQuestion(page);
    const summary = (await tool.locator(".ammm-detail-summary").textContent()) ?? "";
    assert.ok(summary.length > 0 && !summary.trimStart().startsWith("{"), `a summary, not JSON: ${summary}`);
    const json = tool.locator(".ammm-json");
    assert.equal(await json.isVisible(), false);
    await tool.locator(".ammm-detail-toggle").click();
    assert.equal(await json.isVisible(), true);
    JSON.parse((await json.textContent()) ?? "");
  });

  it("a kernel restart mid-run ends the panel's running trace; a new initMMM clears the restart note; a live question has no stale note", async () => {
    await command(page, "notebook:run-all-cells");
    await page.locator(`${PANEL} .ammm-trace.ammm-run-running`).waitFor({ timeout: 60_000 });
    await command(page, "notebook:restart-kernel");
    await page.locator(".jp-Dialog .jp-mod-accept").click({ timeout: 10_000 });
    await page.locator(`${PANEL}`, { hasText: "The kernel restarted" }).first().waitFor();
    await waitForKernel(page, "idle");
    assert.equal(await page.locator(`${PANEL} .ammm-trace.ammm-run-running`).count(), 0, "no running trace after the restart");
    const oldCharts = await page.locator(`${PANEL} .ammm-panel-figure`).count();
    await page.locator(`${PANEL} .ammm-panel-figure`).evaluateAll((els) => els.forEach((e) => e.setAttribute("data-old", "1")));
    assert.ok(oldCharts > 0);
    await command(page, "notebook:run-all-cells");
    await waitForQuestion(page);
    assert.equal(await page.locator(`${PANEL} .ammm-panel-status`, { hasText: "The kernel restarted" }).count(), 0, "the restart note is gone");
    assert.equal(await page.locator(`${PANEL}`, { hasText: "no longer waiting" }).count(), 0, "no stale-question note next to a live question");
    await page.click(`${QUESTION_BUTTONS}:has-text("Run a shorter fit")`);
    await page.locator(`${PANEL} .ammm-trace.ammm-run-completed`).waitFor({ timeout: 300_000 });
    const fresh = page.locator(`${PANEL} .ammm-panel-figure[data-key="response_curves"]:not([data-old])`);
    await fresh.waitFor({ timeout: 30_000 });
    assert.equal(await page.locator(`${PANEL} .ammm-panel-figure[data-key="response_curves"]`).count(), 1, "the new curves replace the old ones");
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "side-panel-resumed.png") });
  });

  it("dark theme: failed trace rows are dark, not light pink", async () => {
    await command(page, "apputils:change-theme", { theme: "JupyterLab Dark" });
    await page.waitForFunction(() => document.body.dataset.jpThemeLight === "false");
    await page.waitForSelector("#jupyterlab-splash", { state: "detached" });
    const bg = await page.evaluate(() => {
      const host = document.querySelector("#agentic-mmm-panel .ammm-trace tbody")!;
      const tr = document.createElement("tr");
      tr.className = "ammm-step ammm-step-tool ammm-step-bad";
      const td = document.createElement("td");
      tr.append(td);
      host.append(tr);
      const c = getComputedStyle(td).backgroundColor;
      tr.remove();
      return c;
    });
    // rgb(…) in 0–255, or color(srgb …) in 0–1 (what a color-mix() computes to).
    const scale = bg.startsWith("color(") ? 255 : 1;
    const [r, g, b] = (bg.replace(/^color\(srgb/, "").match(/[\d.]+/g) ?? []).map((v) => Number(v) * scale);
    assert.ok(r! + g! + b! < 3 * 120, `a failed row's background is dark: ${bg}`);
    await command(page, "apputils:change-theme", { theme: "JupyterLab Light" });
  });
});
