/**
 * The colours and layout defaults shared by every chart of a report. No plotly dependency; the
 * figure types and figure keys are the analysis's (analysis/figure.ts), re-exported here.
 */
import type { PlotlyLayout } from "../analysis/figure";

export { figureKey, withFigureKey, type PlotlyFigure, type PlotlyLayout, type PlotlyTrace } from "../analysis/figure";

/** Options every chart accepts. */
export interface ChartOptions {
  title?: string;
  /** KPI name for axis labels ("revenue"). */
  kpi?: string;
  /** Colour per channel; defaults to `channelColors` of the figure's channels. */
  colors?: Record<string, string>;
}

/** Tableau 10, then Plotly's own ten: distinct and colour-blind friendlier than the defaults alone. */
const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880", "#ff97ff", "#fecb52"];

/** Neutral colours for the non-media parts of a decomposition. */
export const BASELINE_COLOR = "#9e9e9e";
export const CONTROL_COLORS = ["#c7c7c7", "#b3b3b3", "#d9d9d9", "#8c8c8c", "#e6e6e6"];
export const ACTUAL_COLOR = "#222222";

/**
 * A colour per channel. Channels are ranked alphabetically, so every figure built from the same
 * channels colours them alike whatever order its input lists them in (ROI sorted by ROAS, budget
 * in channel order…).
 * @example
 * channelColors(["tv", "search"]); // { search: "#4e79a7", tv: "#f28e2b" }
 */
export function channelColors(channels: readonly string[]): Record<string, string> {
  const sorted = [...new Set(channels)].sort();
  return Object.fromEntries(sorted.map((c, i) => [c, PALETTE[i % PALETTE.length]!]));
}

/** The colour of `channel` from the options, else from the figure's own channel list. */
export function colorOf(channel: string, channels: readonly string[], opts: ChartOptions): string {
  return opts.colors?.[channel] ?? channelColors(channels)[channel] ?? PALETTE[0]!;
}

/** `#rrggbb` → `rgba(r, g, b, alpha)` for translucent bands. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

/** Layout defaults shared by all report charts: white template, horizontal legend under the title, hover by x. */
export function baseLayout(title: string, xTitle: string, yTitle: string, extra: Record<string, unknown> = {}): PlotlyLayout {
  return {
    title: { text: title, x: 0.02, xanchor: "left" },
    xaxis: { title: { text: xTitle }, automargin: true },
    yaxis: { title: { text: yTitle }, automargin: true, separatethousands: true, tickformat: ",~s" },
    legend: { orientation: "h", y: -0.2 },
    template: { layout: { paper_bgcolor: "white", plot_bgcolor: "white", font: { family: "Inter, Segoe UI, Helvetica, Arial, sans-serif", size: 12 } } },
    margin: { t: 60, r: 20, b: 60, l: 60 },
    separators: ".,",
    ...extra,
  };
}

/** A readable label for a column name: "paid_search_spend" → "paid search spend". */
export function label(name: string): string {
  return name.replace(/_/g, " ");
}
