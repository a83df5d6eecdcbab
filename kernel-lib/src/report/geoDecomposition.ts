/**
 * The geo fit's decomposition in the report: each geo's KPI split into baseline, shared week
 * effects, controls and channels (shares of the geo's observed KPI over the data, posterior means),
 * and the national weekly contributions stacked (the geos summed draw by draw).
 */
import type { GeoDecomposition, GeoDecompositionParts } from "../model/bayes/geo/geoDecomposition";
import type { DecompositionRow } from "../model/decomposition";
import { contributionsFigure } from "./charts/contributions";
import type { ChartOptions, PlotlyFigure } from "./figure";
import { fmtPct, mdTable } from "./format";

const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);

/** Parts in table order (baseline, week effects, controls when there are any, channels, residual). */
function parts(p: GeoDecompositionParts, controls: boolean): number[][] {
  return [p.baseline, p.weekEffects, ...(controls ? [p.controls] : []), ...Object.values(p.channels), p.residual];
}

/**
 * Per geo (the first `maxGeos`) and nationally: each part's share of the observed KPI over the data
 * (posterior means; a row sums to 100%). The controls column only when the model has controls.
 * @example
 * geoShareTable(engine.geoDecomposition()); // "| geo | baseline | week effects | tv | … | residual |"
 */
export function geoShareTable(dec: GeoDecomposition, maxGeos = 20): string {
  const controls = dec.national.controls.some((v) => v !== 0);
  const shares = (p: GeoDecompositionParts) => parts(p, controls).map((v) => fmtPct(sum(v) / sum(p.actual)));
  const header = ["geo", "baseline", "week effects", ...(controls ? ["controls"] : []), ...Object.keys(dec.national.channels), "residual"];
  const rows = dec.byGeo.slice(0, maxGeos).map((p, g) => [dec.geos[g]!, ...shares(p)]);
  rows.push(["**National**", ...shares(dec.national)]);
  return mdTable(
    header,
    rows,
    header.map((_, i) => (i === 0 ? "l" : "r")),
  );
}

/** The national parts as weekly rows (week effects and controls as control series), for the stacked chart. */
export function nationalRows(dec: GeoDecomposition): DecompositionRow[] {
  const n = dec.national;
  const hasControls = n.controls.some((v) => v !== 0);
  return dec.dates.map((date, t) => ({
    date,
    actual: n.actual[t]!,
    fitted: n.actual[t]! - n.residual[t]!,
    baseline: n.baseline[t]!,
    controls: { "week effects": n.weekEffects[t]!, ...(hasControls ? { controls: n.controls[t]! } : {}) },
    channels: Object.fromEntries(Object.entries(n.channels).map(([c, v]) => [c, v[t]!])),
  }));
}

/**
 * The national weekly contributions of the geo fit, stacked, with the observed KPI over them.
 * @example
 * const fig = geoContributionsFigure(engine.geoDecomposition(), { kpi: "revenue" });
 */
export function geoContributionsFigure(dec: GeoDecomposition, opts: ChartOptions = {}): PlotlyFigure {
  return contributionsFigure(nationalRows(dec), { ...opts, title: opts.title ?? `National contributions to ${opts.kpi ?? "KPI"} by week (geo model, posterior means summed over ${dec.geos.length} geos)` });
}
