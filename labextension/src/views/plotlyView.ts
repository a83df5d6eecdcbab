/**
 * Plotly figures. plotly.js (the "basic" bundle: scatter, bar and pie — every chart agentic-mmm
 * draws — 1.2 MB instead of the full bundle's 4.8 MB) is loaded with a dynamic import the first time a
 * figure is shown, so it is a separate chunk and JupyterLab's start does not pay for it.
 */
import { figureTitle, parsePlotly, type PlotlyFigure } from "agentic-mmm-protocol";
import { clear, el, errorBox } from "./dom";

export interface PlotlyLike {
  newPlot(root: HTMLElement, data: unknown[], layout?: unknown, config?: unknown): Promise<unknown>;
  purge(root: HTMLElement): void;
  /** Re-lay-out a drawn plot to its container's size (plotly.js's `Plots.resize`). */
  Plots?: { resize(root: HTMLElement): unknown };
}

export type PlotlyLoader = () => Promise<PlotlyLike>;

let cached: Promise<PlotlyLike> | undefined;

/** The real plotly.js, loaded once on first use. */
export const loadPlotly: PlotlyLoader = () =>
  (cached ??= import("plotly.js-basic-dist-min")
    .then((m) => (m as { default?: PlotlyLike }).default ?? (m as unknown as PlotlyLike))
    .catch((e: unknown) => {
      cached = undefined;
      throw e;
    }));

/** Follow the JupyterLab theme: transparent background, the theme's font colour. */
function themed(doc: Document, fig: PlotlyFigure): Record<string, unknown> {
  const css = doc.defaultView?.getComputedStyle?.(doc.body);
  const color = css?.getPropertyValue("--jp-ui-font-color1").trim();
  const font = { ...(color ? { color } : {}), ...((fig.layout.font as object | undefined) ?? {}) };
  return { paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", autosize: true, ...fig.layout, font };
}

/** Height of the toolbar row above a compact chart's title: the toolbar never covers the title. */
export const TOOLBAR_ROW = 28;

/**
 * For a narrow host (the side panel): a smaller title under a row kept free for the toolbar, the
 * legend in the bottom band of the figure (below the axis title, which Plotly keeps inside its
 * automatic margins) and tight side margins, so the plotting area keeps most of the width.
 */
export function compactLayout(layout: Record<string, unknown>): Record<string, unknown> {
  const title = layout.title;
  const text = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text;
  return {
    ...layout,
    ...(text ? { title: { text, font: { size: 13 }, x: 0, xref: "container", xanchor: "left", y: 1, yref: "container", yanchor: "top", pad: { t: TOOLBAR_ROW, l: 8 }, automargin: true } } : {}),
    margin: { l: 55, r: 10, t: TOOLBAR_ROW + (text ? 30 : 0), b: 10, autoexpand: true },
    legend: { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom", font: { size: 10 } },
    xaxis: { ...(layout.xaxis as object | undefined), automargin: true },
    yaxis: { ...(layout.yaxis as object | undefined), automargin: true },
    height: 420,
  };
}

/** The toolbar of a chart in the side panel: download and reset only (zoom and pan fight the narrow panel's scrolling). */
export const COMPACT_CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines", "sendDataToCloud"],
};

/**
 * Draw a validated figure into a fresh element; resolves once drawn (or the error box is shown).
 * `compact`: the narrow layout of the side panel.
 */
export async function plotInto(host: HTMLElement, fig: PlotlyFigure, load: PlotlyLoader = loadPlotly, compact = false): Promise<void> {
  const doc = host.ownerDocument;
  const plot = el(doc, "div", { class: "ammm-plot", "aria-label": figureTitle(fig) });
  const note = el(doc, "div", { class: "ammm-plot-loading" }, `Loading chart “${figureTitle(fig)}”…`);
  host.append(note, plot);
  try {
    const Plotly = await load();
    const layout = themed(doc, fig);
    await Plotly.newPlot(plot, fig.data, compact ? compactLayout(layout) : layout, compact ? COMPACT_CONFIG : { responsive: true, displaylogo: false });
    note.remove();
  } catch (e) {
    note.remove();
    plot.remove();
    host.append(errorBox(doc, "agentic-mmm: cannot draw this chart", e instanceof Error ? e.message : String(e)));
  }
}

/** Render a Plotly payload into `host`; never rejects. */
export async function renderPlotly(host: HTMLElement, data: unknown, load: PlotlyLoader = loadPlotly): Promise<void> {
  clear(host);
  const parsed = parsePlotly(data);
  if (!parsed.ok) {
    host.append(errorBox(host.ownerDocument, "agentic-mmm: cannot show this chart", parsed.error));
    return;
  }
  await plotInto(host, parsed.value, load);
}

/**
 * Re-lay-out the plots inside `host` to their current width: plotly.js's `responsive` follows the
 * window only, not a side panel dragged wider.
 */
export function resizePlots(host: HTMLElement, load: PlotlyLoader = loadPlotly): void {
  const plots = Array.from(host.querySelectorAll<HTMLElement>(".ammm-plot")).filter((p) => p.querySelector(".main-svg"));
  if (plots.length && (cached || load !== loadPlotly))
    void load().then(
      (P) => plots.forEach((p) => P.Plots?.resize(p)),
      () => undefined,
    );
}

/** Release plotly.js's listeners on the plots inside `host` (when the output goes away). */
export function purgePlots(host: HTMLElement, load: PlotlyLoader = loadPlotly): void {
  const plots = Array.from(host.querySelectorAll<HTMLElement>(".ammm-plot"));
  // Nothing to release when plotly.js was never loaded (the default loader has not run).
  if (plots.length && (cached || load !== loadPlotly))
    void load().then(
      (P) => plots.forEach((p) => P.purge(p)),
      () => undefined,
    );
}
