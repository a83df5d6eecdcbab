/** Page actions the side-panel end-to-end tests share (what an analyst does by hand). */
import { strict as assert } from "node:assert";
import type { Page } from "playwright-core";
import { command } from "./jupyterLab";

const PANEL = "#agentic-mmm-panel";

/** Drag the splitter left of the right sidebar, as an analyst would, to give the panel `width` px. */
export async function widenRightSidebar(page: Page, width: number): Promise<void> {
  const handles = await page.locator("#jp-main-split-panel > .lm-SplitPanel-handle:not(.lm-mod-hidden)").all();
  const boxes = (await Promise.all(handles.map((h) => h.boundingBox()))).filter((b): b is NonNullable<typeof b> => !!b && b.width > 0);
  const right = boxes.sort((a, b) => b.x - a.x)[0];
  assert.ok(right, "the right sidebar's splitter");
  const viewport = page.viewportSize()!;
  const y = right.y + right.height / 2;
  await page.mouse.move(right.x + right.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(viewport.width - 33 - width, y, { steps: 8 });
  await page.mouse.up();
  const panel = await page.locator(PANEL).boundingBox();
  assert.ok(panel && panel.width >= width * 0.9, `the panel is ${panel?.width} px wide`);
}

/** Add a code cell at the end of the current notebook with `source` and run it (without waiting for it). */
export async function appendCell(page: Page, source: string): Promise<void> {
  await page.evaluate(() => {
    const nb = (window as unknown as { jupyterapp: { shell: { currentWidget: { content: { widgets: unknown[]; activeCellIndex: number } } } } }).jupyterapp.shell.currentWidget.content;
    nb.activeCellIndex = nb.widgets.length - 1;
  });
  await command(page, "notebook:insert-cell-below");
  await page.evaluate((src) => {
    const nb = (window as unknown as { jupyterapp: { shell: { currentWidget: { content: { activeCell: { model: { sharedModel: { setSource(s: string): void } } } } } } } }).jupyterapp.shell.currentWidget.content;
    nb.activeCell.model.sharedModel.setSource(src);
  }, source);
  await command(page, "notebook:run-cell");
}

/**
 * Send an answer the way a question widget in a cell does (the `agentic-mmm:send` event from an
 * output node), with any value: what an old cell's still-enabled button or a bad value sends.
 */
export async function dispatchAnswer(page: Page, questionId: string, value: unknown): Promise<void> {
  const session = (await page.locator(`${PANEL} .ammm-trace`).getAttribute("data-session")) ?? "";
  await page.evaluate(
    ([session, questionId, value]) => {
      const node = document.querySelector(".jp-Notebook .jp-OutputArea-output .ammm-question") ?? document.querySelector(".jp-Notebook .jp-OutputArea-output");
      node!.dispatchEvent(new CustomEvent("agentic-mmm:send", { bubbles: true, cancelable: true, detail: { request: { kind: "answer", session, questionId, value }, onStatus: Boolean } }));
    },
    [session, questionId, value] as const,
  );
}

/** The run status class of every trace box in the notebook's cells, in order. */
export function cellTraceStates(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll(".jp-Notebook .jp-OutputArea-output .ammm-trace")].map((t) => [...t.classList].find((c) => c.startsWith("ammm-run-")) ?? ""));
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two boxes share any area (touching edges do not count). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
