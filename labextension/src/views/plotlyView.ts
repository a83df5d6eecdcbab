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

/**
 * For a narrow host (the side panel): a smaller title, legend below the plot, tight margins, so
 * the plotting area keeps most of the width.
 */
export function compactLayout(layout: Record<string, unknown>): Record<string, unknown> {
  const title = layout.title;
  const text = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text;
  return {
    ...layout,
    ...(text ? { title: { text, font: { size: 13 }, x: 0, xanchor: "left" } } : {}),
    margin: { l: 55, r: 10, t: text ? 36 : 10, b: 40 },
    legend: { orientation: "h", x: 0, y: -0.22, yanchor: "top", font: { size: 10 } },
    height: 380,
  };
}

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
    await Plotly.newPlot(plot, fig.data, compact ? compactLayout(layout) : layout, { responsive: true, displaylogo: false });
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
