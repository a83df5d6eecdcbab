/**
 * A refresh's ROAS before and after per channel, with 94% intervals (Bayesian) as error bars: two
 * bar traces side by side, grey for the saved model, coloured for the refreshed one; a drifted
 * channel is marked in its label.
 */
import type { FitRefresh } from "../../model/refresh/types";
import { baseLayout, label, type ChartOptions, type PlotlyFigure } from "../figure";

const errorBars = (v: { mean: number; hdi94?: [number, number] }[]) => (v.every((e) => e.hdi94) ? { type: "data", symmetric: false, array: v.map((e) => e.hdi94![1] - e.mean), arrayminus: v.map((e) => e.mean - e.hdi94![0]) } : undefined);

/**
 * The before/after ROAS bars of one refreshed fit (chart key `refresh`).
 * @example refreshFigure(engine.analysis.refresh!.fits[0]).layout.barmode; // "group"
 */
export function refreshFigure(fit: FitRefresh, opts: ChartOptions = {}): PlotlyFigure {
  const x = fit.channels.map((c) => `${label(c.name)}${c.why === "drift" ? " (drift)" : ""}`);
  const trace = (name: string, v: { mean: number; hdi94?: [number, number] }[], color: string) => ({
    type: "bar" as const,
    name,
    x,
    y: v.map((e) => e.mean),
    marker: { color },
    ...(errorBars(v) ? { error_y: errorBars(v) } : {}),
    hovertemplate: `<b>%{x}</b><br>${name}: ROAS %{y:.2f}<extra></extra>`,
  });
  const title = opts.title ?? `ROAS before and after the refresh (${fit.kind}, ${fit.before.weeks} → ${fit.after.weeks} weeks${fit.kind === "bayesian" ? ", 94% HDI" : ""})`;
  return {
    data: [
      trace(
        `saved (to ${fit.before.end})`,
        fit.channels.map((c) => c.roas.before),
        "#9ca3af",
      ),
      trace(
        `refreshed (to ${fit.after.end})`,
        fit.channels.map((c) => c.roas.after),
        "#2563eb",
      ),
    ],
    layout: { ...baseLayout(title, "Channel", "ROAS", { barmode: "group" }), yaxis: { title: { text: "ROAS" }, automargin: true }, meta: { key: "refresh" } },
  };
}
