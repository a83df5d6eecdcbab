/** Feature importance as horizontal bars, largest at the top, with ±1 sd error bars when repeats give one. */
import { baseLayout, colorOf, label, type ChartOptions, type PlotlyFigure } from "../figure";

export interface ImportanceBar {
  name: string;
  value: number;
  sd?: number;
}

/**
 * @example
 * importanceFigure([{ name: "tv", value: 0.21, sd: 0.02 }], { title: "Permutation importance", measure: "drop in R²" });
 */
export function importanceFigure(bars: readonly ImportanceBar[], opts: ChartOptions & { measure: string }): PlotlyFigure {
  const sorted = [...bars].sort((a, b) => a.value - b.value);
  const names = sorted.map((b) => b.name);
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: opts.measure,
        x: sorted.map((b) => b.value),
        y: names.map((_, i) => i),
        marker: { color: names.map((n) => colorOf(n, names, opts)) },
        ...(sorted.some((b) => b.sd !== undefined) ? { error_x: { type: "data", array: sorted.map((b) => b.sd ?? 0), visible: true } } : {}),
        customdata: names.map(label),
        hovertemplate: `%{customdata}: %{x:.4f} ${opts.measure}<extra></extra>`,
      },
    ],
    layout: baseLayout(opts.title ?? "Feature importance", opts.measure, "", {
      yaxis: { tickvals: names.map((_, i) => i), ticktext: names.map(label), automargin: true },
      xaxis: { title: { text: opts.measure }, automargin: true },
      height: Math.max(300, 80 + 32 * names.length),
    }),
  };
}
