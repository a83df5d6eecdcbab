/**
 * Plotly figure JSON (`{ data, layout }`) as plain, serialisable objects — the shape of the
 * `application/vnd.plotly.v1+json` MIME type and of `Plotly.newPlot(div, data, layout)` — and the
 * key a figure is kept under. The analysis keeps figures by key; report/ draws them.
 */

/** One Plotly trace. Only the fields we use are typed; anything else Plotly accepts may be added. */
export interface PlotlyTrace {
  type: "scatter" | "bar";
  name?: string;
  x: (number | string)[];
  y: number[];
  [attribute: string]: unknown;
}

/** A Plotly layout (title, axes, legend, shapes…). */
export interface PlotlyLayout {
  title: { text: string; [attribute: string]: unknown };
  [attribute: string]: unknown;
}

/** A complete figure, ready for `Plotly.newPlot(div, fig.data, fig.layout)` or a notebook MIME bundle. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
}

/**
 * The figure with its identity in `layout.meta.key` (Plotly carries `meta` through untouched): the
 * notebook and the side panel replace a chart of the same key instead of showing both.
 * @example
 * figureKey(withFigureKey(fig, "roi")); // "roi"
 */
export function withFigureKey(fig: PlotlyFigure, key: string): PlotlyFigure {
  const meta = fig.layout.meta && typeof fig.layout.meta === "object" ? fig.layout.meta : {};
  return { ...fig, layout: { ...fig.layout, meta: { ...meta, key } } };
}

/** The key `withFigureKey` gave the figure, if any. */
export function figureKey(fig: PlotlyFigure): string | undefined {
  const key = (fig.layout.meta as { key?: unknown } | undefined)?.key;
  return typeof key === "string" ? key : undefined;
}
