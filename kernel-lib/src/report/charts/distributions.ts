/**
 * One histogram per column in a grid of small multiples, each on its own axes (spend and KPI scales
 * differ by orders of magnitude). Bins are computed here (Freedman–Diaconis width, Sturges when the
 * IQR is 0), so the figure carries counts, not the raw rows.
 */
import { baseLayout, colorOf, label, type ChartOptions, type PlotlyFigure, type PlotlyTrace } from "../figure";

/** Bin centres and counts of the finite values of `x`. */
export function histogram(x: Float64Array): { centres: number[]; counts: number[]; width: number } {
  const v = Array.from(x)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const lo = v[0] ?? 0;
  const hi = v.at(-1) ?? 0;
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * (v.length - 1)))] ?? 0;
  const iqr = q(0.75) - q(0.25);
  const fd = iqr > 0 ? (2 * iqr) / Math.cbrt(v.length) : 0;
  const bins = hi === lo ? 1 : Math.min(60, Math.max(5, fd > 0 ? Math.ceil((hi - lo) / fd) : Math.ceil(Math.log2(v.length) + 1)));
  const width = hi === lo ? 1 : (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const a of v) counts[Math.min(bins - 1, Math.floor((a - lo) / width))]!++;
  return { centres: counts.map((_, i) => lo + (i + 0.5) * width), counts, width };
}

/** Histograms of each column, three to a row. */
export function distributionsFigure(series: Record<string, Float64Array>, opts: ChartOptions = {}): PlotlyFigure {
  const names = Object.keys(series);
  const cols = Math.min(3, names.length);
  const rows = Math.ceil(names.length / cols);
  const data: PlotlyTrace[] = names.map((name, i) => {
    const h = histogram(series[name]!);
    const axis = i === 0 ? "" : String(i + 1);
    return {
      type: "bar",
      name: label(name),
      x: h.centres,
      y: h.counts,
      width: h.width,
      xaxis: `x${axis}`,
      yaxis: `y${axis}`,
      marker: { color: colorOf(name, names, opts) },
      hovertemplate: `${label(name)} ≈ %{x:,.3~s}: %{y} rows<extra></extra>`,
    };
  });
  const axes = Object.fromEntries(
    names.flatMap((name, i) => [
      [`xaxis${i === 0 ? "" : i + 1}`, { title: { text: label(name) }, tickformat: ",~s", automargin: true }],
      [`yaxis${i === 0 ? "" : i + 1}`, { automargin: true }],
    ]),
  );
  return {
    data,
    layout: baseLayout(opts.title ?? "Distributions", "", "", { ...axes, grid: { rows, columns: cols, pattern: "independent" }, showlegend: false, bargap: 0.05, height: Math.max(320, 260 * rows) }),
  };
}
