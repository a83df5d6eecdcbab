/**
 * End to end, as an analyst uses it: real JupyterLab 4.6 (local wheel index), the tslab kernel,
 * our extension installed by `agentic-mmm install`, headless Debian Chromium driven by
 * playwright-core. Opens notebooks/05-side-panel.ipynb, runs all, follows the trace in the side
 * panel, clicks an answer to the agent's question, sees the run resume and a Plotly response
 * curve render, chats from the panel's box and gets a reply. Saves screenshots (light and dark
 * theme) under test/.tmp/screenshots, or docs/screenshots for the README with AGENTIC_MMM_SCREENSHOTS=docs.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { REPO } from "../helpers/fixtures";
import { command, kernelStatus, waitForKernel, type LabServer } from "./jupyterLab";
import { useLab } from "./labSession";
import { widenRightSidebar } from "./panelHelpers";

const PANEL = "#agentic-mmm-panel";
/** README's screenshots are refreshed with AGENTIC_MMM_SCREENSHOTS=docs; other runs keep them under test/.tmp. */
const SHOTS = process.env.AGENTIC_MMM_SCREENSHOTS === "docs" ? path.join(REPO, "docs", "screenshots") : path.join(REPO, "test", ".tmp", "screenshots");
const NOTEBOOK = "05-side-panel.ipynb";

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

describe("JupyterLab end to end: side panel, question widget, Plotly, chat", function () {
  this.timeout(240_000);
  let lab: LabServer | undefined;
  let page: Page;
  /** The session of the trace saved in the notebook (a kernel that no longer exists). */
  let saved = "";

  const session = useLab(NOTEBOOK, "e2e-", { logOnFailure: true });
  before(() => {
    ({ lab, page } = session as Required<typeof session>);
  });

  it("opens the notebook with the tslab kernel and the side panel", async () => {
    await page.goto(`${lab!.url}/lab/tree/${NOTEBOOK}?token=${lab!.token}`);
    await page.waitForSelector(".jp-NotebookPanel .jp-Notebook .jp-Cell");
    await waitForKernel(page, "idle", 90_000);
    await page.click(`.jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id="agentic-mmm-panel"]`);
    await page.waitForSelector(`${PANEL} .ammm-panel`);
    await widenRightSidebar(page, 520);
    assert.match((await page.textContent(`${PANEL} .ammm-panel-where`)) ?? "", /05-side-panel\.ipynb · kernel idle/);
    // The saved notebook's outputs are read at once: its last trace, stopped at the question…
    await page.locator(`${PANEL} .ammm-trace.ammm-run-waiting_for_user`).waitFor({ timeout: 10_000 });
    saved = (await page.locator(`${PANEL} .ammm-trace`).getAttribute("data-session")) ?? "";
    assert.ok(saved.length > 0);
    // …but that question belongs to a kernel that is gone: the panel asks this one and drops it.
    await page.locator(`${PANEL} .ammm-panel-notice`, { hasText: "no longer waiting in its kernel" }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator(`${PANEL} .ammm-panel-question button`).count(), 0);
  });

  it("run all: the trace follows in the panel and the agent's question shows as buttons", async () => {
    await command(page, "notebook:run-all-cells");
    const trace = page.locator(`${PANEL} .ammm-trace.ammm-run-waiting_for_user:not([data-session="${saved}"])`);
    await trace.waitFor({ timeout: 180_000 });
    const steps = await page.locator(`${PANEL} .ammm-steps tbody tr`).allTextContents();
    for (const tool of ["run_ols_mmm", "run_bayesian_mmm", "ask_user_to_choose"])
      assert.ok(
        steps.some((s) => s.includes(tool)),
        `${tool} in the panel's trace:\n${steps.join("\n")}`,
      );
    // The question's buttons follow the trace: the panel reads the pending question from the kernel (a round trip; slow under load).
    await page.locator(`${PANEL} .ammm-panel-question button`).nth(2).waitFor({ timeout: 60_000 });
    const buttons = await page.locator(`${PANEL} .ammm-panel-question button`).allTextContents();
    assert.deepEqual(buttons, ["Run the full Bayesian fit", "Run a shorter fit (2 chains × 500 + 500)", "Skip it and keep the ridge model"]);
    // The same question is a widget in the cell's output too (the mime renderer).
    assert.equal(await page.locator(".jp-OutputArea-output .ammm-question button").count(), 3);
    await page.waitForFunction(() => document.querySelectorAll(".jp-Cell .jp-InputArea-prompt").length > 0 && ![...document.querySelectorAll(".jp-InputArea-prompt")].some((p) => p.textContent?.includes("*")));
    await shot(page, "side-panel-question.png");
  });

  it("clicking an answer resumes the run in the kernel; the panel shows the new trace and a Plotly response curve", async () => {
    await page.click(`${PANEL} .ammm-panel-question button:has-text("Run a shorter fit")`);
    await page.locator(`${PANEL} .ammm-trace.ammm-run-completed`).waitFor({ timeout: 300_000 });
    assert.equal(await page.locator(`${PANEL} .ammm-panel-question button`).count(), 0, "the answered question is gone");
    const steps = await page.locator(`${PANEL} .ammm-steps tbody tr`).allTextContents();
    for (const tool of ["run_bayesian_mmm", "optimize_budget"])
      assert.ok(
        steps.some((s) => s.includes(tool)),
        `${tool} in the resumed trace:\n${steps.join("\n")}`,
      );
    const curve = page.locator(`${PANEL} .ammm-panel-figure .ammm-plot`, { hasText: /response/i }).first();
    await curve.waitFor();
    await page.waitForFunction((sel) => {
      const plots = [...document.querySelectorAll(sel)];
      return plots.some((p) => /response/i.test(p.textContent ?? "") && p.querySelectorAll("svg .scatterlayer path.js-line").length > 0);
    }, `${PANEL} .ammm-panel-figure .ammm-plot`);
    assert.equal(await kernelStatus(page), "idle");
  });

  it("the chat box sends a message to the agent and shows its reply", async () => {
    const replies = page.locator(`${PANEL} .ammm-chat-agent`);
    const before = await replies.count();
    const input = page.locator(`${PANEL} .ammm-chat-input`);
    await input.fill("Which channel has the best ROAS?");
    await input.press("Enter");
    await page.locator(`${PANEL} .ammm-chat-you`, { hasText: "Which channel has the best ROAS?" }).waitFor();
    // The reply: a new agent entry after the message, once the run it started has completed.
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length > (n as number), [`${PANEL} .ammm-chat-agent`, before] as const, { timeout: 120_000 });
    await page.locator(`${PANEL} .ammm-trace.ammm-run-completed`).waitFor();
    const reply = (await replies.nth(before).textContent()) ?? "";
    assert.match(reply, /ROAS/, reply);
    const channels = ["tv_spend", "paid_search_spend", "social_spend", "display_spend", "online_video_spend", "ooh_spend"];
    assert.ok(
      channels.some((c) => reply.includes(c)),
      `the reply names a channel: ${reply}`,
    );
    await page.waitForFunction(() => !/working|Sending/.test(document.querySelector("#agentic-mmm-panel .ammm-panel-status")?.textContent ?? ""));
    await shot(page, "side-panel.png");
  });

  it("a busy kernel: a chat message waits behind a running cell (10 s), the panel says so, then the reply comes", async () => {
    await command(page, "notebook:insert-cell-below");
    await page.evaluate(() => {
      const nb = (window as unknown as { jupyterapp: { shell: { currentWidget: { content: { activeCell: { model: { sharedModel: { setSource(s: string): void } } } } } } } }).jupyterapp.shell.currentWidget.content;
      nb.activeCell.model.sharedModel.setSource("await new Promise((r) => setTimeout(r, 10000));");
    });
    await command(page, "notebook:run-cell");
    await page.locator(`${PANEL} .ammm-panel-where`, { hasText: "kernel busy" }).waitFor({ timeout: 10_000 });
    const replies = page.locator(`${PANEL} .ammm-chat-agent`);
    const before = await replies.count();
    await page.locator(`${PANEL} .ammm-chat-input`).fill("list the tools");
    await page.locator(`${PANEL} .ammm-chat-send`).click();
    await page.locator(`${PANEL} .ammm-send-waiting`, { hasText: "Waiting for the kernel: a cell is still running" }).waitFor({ timeout: 8_000 });
    // tslab says "busy" for our request as soon as it arrives: still waiting while the cell runs.
    await page.waitForTimeout(2_000);
    assert.equal(await page.locator(`${PANEL} .ammm-send-waiting`).count(), 1, "still waiting behind the cell");
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length > (n as number), [`${PANEL} .ammm-chat-agent`, before] as const, { timeout: 60_000 });
    assert.match((await replies.nth(before).textContent()) ?? "", /run_bayesian_mmm/);
    assert.equal(await page.locator(`${PANEL} .ammm-send-waiting`).count(), 0);
  });

  it("follows a notebook switch: a new notebook has no run; back on the first, its panel state is as it was", async () => {
    await page.waitForFunction(() => !document.querySelector("#agentic-mmm-panel .ammm-send-status"));
    const chat = await page.locator(`${PANEL} .ammm-chat-entry`).count();
    await command(page, "notebook:create-new", { kernelName: "tslab" });
    await page.locator(`${PANEL} .ammm-panel-where`, { hasText: /Untitled.*\.ipynb/ }).waitFor();
    assert.match((await page.textContent(`${PANEL} .ammm-panel-trace`)) ?? "", /No agent run yet/);
    assert.equal(await page.locator(`${PANEL} .ammm-panel-figure`).count(), 0);
    await page.locator("#jp-main-dock-panel .lm-TabBar-tab", { hasText: NOTEBOOK }).click();
    await page.locator(`${PANEL} .ammm-panel-where`, { hasText: NOTEBOOK }).waitFor();
    // The run resumed from the panel (its outputs are in no cell) is still what the panel shows.
    await page.locator(`${PANEL} .ammm-trace.ammm-run-completed`).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator(`${PANEL} .ammm-panel-question button`).count(), 0, "the answered question stays answered");
    assert.ok((await page.locator(`${PANEL} .ammm-panel-figure .ammm-plot`).count()) >= 1, "the charts are still there");
    assert.equal(await page.locator(`${PANEL} .ammm-chat-entry`).count(), chat, "and the chat log");
  });

  it("survives a kernel restart: says the sessions are gone, explains a chat that finds none, and follows the new run", async () => {
    await command(page, "notebook:restart-kernel");
    await page.locator(".jp-Dialog .jp-mod-accept").click({ timeout: 10_000 });
    await page.locator(`${PANEL} .ammm-panel-notice`, { hasText: "The kernel restarted" }).waitFor();
    await waitForKernel(page, "idle");
    await page.locator(`${PANEL} .ammm-chat-input`).fill("hello");
    await page.locator(`${PANEL} .ammm-chat-input`).press("Enter");
    const error = page.locator(`${PANEL} .ammm-chat-error`).last();
    await error.waitFor({ timeout: 60_000 });
    assert.match((await error.textContent()) ?? "", /^Error agentic-mmm is not loaded in this kernel \(it was restarted, or initMMM has not run yet\): run initMMM\(\.\.\.\) in a cell first\.$/);
    const before = await page.locator(`${PANEL} .ammm-trace`).getAttribute("data-session");
    await command(page, "notebook:run-all-cells");
    await page.locator(`${PANEL} .ammm-trace.ammm-run-waiting_for_user:not([data-session="${before}"])`).waitFor({ timeout: 180_000 });
    await page.locator(`${PANEL} .ammm-panel-question button`).nth(2).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator(`${PANEL} .ammm-panel-question button`).count(), 3, "the new run's question");
  });

  it("follows the dark theme", async () => {
    await command(page, "apputils:change-theme", { theme: "JupyterLab Dark" });
    await page.waitForFunction(() => document.body.dataset.jpThemeLight === "false");
    await page.waitForSelector("#jupyterlab-splash", { state: "detached" });
    const tick = await page.evaluate((sel) => getComputedStyle(document.querySelector(sel)!).fill, `${PANEL} .ammm-plot .main-svg text`);
    const [tr, tg, tb] = (tick.match(/\d+/g) ?? []).map(Number);
    assert.ok(tr! + tg! + tb! > 3 * 150, `the chart's text is light on the dark theme: ${tick}`);
    const bg = await page.evaluate((sel) => getComputedStyle(document.querySelector(sel)!).backgroundColor, `${PANEL}`);
    const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
    assert.ok(r! + g! + b! < 3 * 100, `the panel's background is dark: ${bg}`);
    await shot(page, "side-panel-dark.png");
  });
});
