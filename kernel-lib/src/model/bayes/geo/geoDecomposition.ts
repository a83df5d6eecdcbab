/**
 * The geo model's weekly decomposition per geo and nationally (issue #15 item 1): each geo's
 * baseline (intercept + trend + seasonality), the week effects shared by the geos, the controls and
 * each channel, in KPI units; the residual is what is left of the observed KPI, so the parts add
 * to it in every week. A draw's national parts are the sum of its geos', so the national channel
 * bands carry the geos' joint uncertainty. With the baseline (and normal geo effects) integrated out,
 * each draw's coefficients are a draw from their conditional posterior seeded by the draw itself
 * (geoDensity.ts): the same decomposition however the draws are thinned, and the channels the same
 * as the fit's contributions.
 */
import { isoDate } from "../../../data/dates";
import { bandOf, thin, type Band } from "../outputs/bands";
import type { GeoMmmDensity } from "./geoDensity";

/** One geo's (or the nation's) weekly parts; baseline + weekEffects + controls + channels + residual = actual. */
export interface GeoDecompositionParts {
  actual: number[];
  /** Intercept + trend + seasonality. */
  baseline: number[];
  /** The week effects shared by the geos (zeros without them). */
  weekEffects: number[];
  /** All controls together (centred per geo: they average zero over a geo's weeks). */
  controls: number[];
  channels: Record<string, number[]>;
  residual: number[];
}

export interface GeoDecomposition {
  kpi: string;
  dates: string[];
  geos: string[];
  /** Per geo, posterior means. */
  byGeo: GeoDecompositionParts[];
  /** Sum over the geos, posterior means. */
  national: GeoDecompositionParts;
  /** National weekly contribution of each channel (sum over geos per draw): mean and 94% HDI. */
  nationalChannels: Record<string, Band>;
  /** Draws the means and bands come from. */
  draws: number;
}

/** Default number of draws (thinned evenly): the budget's posterior means use as many. */
export const GEO_DECOMPOSITION_DRAWS = 400;

/** Geo parts with the residual set so the parts add to `actual`. */
function closed(actual: number[], baseline: number[], weekEffects: number[], controls: number[], channels: Record<string, number[]>): GeoDecompositionParts {
  const chans = Object.values(channels);
  const residual = actual.map((y, t) => y - (baseline[t]! + weekEffects[t]! + controls[t]! + chans.reduce((a, v) => a + v[t]!, 0)));
  return { actual, baseline, weekEffects, controls, channels, residual };
}

/**
 * One draw's parts in every geo (the integrated coefficients drawn as the draw seeds them).
 * @example
 * const parts = geoDrawParts(fit.density, fit.chains[0]!.draws[0]!);
 * parts[0]!.residual; // geo 0's observed KPI minus every modelled part, per week
 */
export function geoDrawParts(density: GeoMmmDensity, q: Float64Array): GeoDecompositionParts[] {
  const d = density.data;
  const one = new Float64Array(d.n);
  return d.geos.map((_, g) => {
    const b = density.baseline(q, g);
    const channels = Object.fromEntries(
      d.channels.map((ch, c) => {
        density.weekly(c, g, one);
        return [ch.name, Array.from(one)];
      }),
    );
    return closed(Array.from(d.y[g]!), Array.from(b.base), Array.from(b.time), Array.from(b.controls), channels);
  });
}

/** The nation's parts: each part summed over the geos, the residual closing the sum of their actual KPIs. */
export function nationalParts(byGeo: readonly GeoDecompositionParts[]): GeoDecompositionParts {
  const first = byGeo[0]!;
  const sum = (pick: (p: GeoDecompositionParts) => number[]) => pick(first).map((_, t) => byGeo.reduce((a, p) => a + pick(p)[t]!, 0));
  const channels = Object.fromEntries(Object.keys(first.channels).map((name) => [name, sum((p) => p.channels[name]!)]));
  return closed(
    sum((p) => p.actual),
    sum((p) => p.baseline),
    sum((p) => p.weekEffects),
    sum((p) => p.controls),
    channels,
  );
}

/** Running sums of each geo's parts over the draws (the residual is recomputed from the means). */
function meanParts(acc: GeoDecompositionParts[], k: number): GeoDecompositionParts[] {
  const m = (v: number[]) => v.map((x) => x / k);
  return acc.map((p) => closed(p.actual, m(p.baseline), m(p.weekEffects), m(p.controls), Object.fromEntries(Object.entries(p.channels).map(([c, v]) => [c, m(v)]))));
}

function addInto(acc: GeoDecompositionParts, p: GeoDecompositionParts): void {
  for (const key of ["baseline", "weekEffects", "controls"] as const) acc[key].forEach((_, t) => (acc[key][t]! += p[key][t]!));
  for (const [c, v] of Object.entries(p.channels)) v.forEach((x, t) => (acc.channels[c]![t]! += x));
}

/**
 * Posterior-mean decomposition per geo and nationally from the pooled unconstrained draws (thinned
 * evenly to ≤ `maxDraws`), with 94% bands of each channel's national weekly contribution.
 * @example
 * const dec = geoDecomposition(fit.density, fit.chains.flatMap((c) => c.draws));
 * dec.national.channels.tv; // weekly national TV contribution (posterior mean)
 */
export function geoDecomposition(density: GeoMmmDensity, draws: readonly Float64Array[], opts: { maxDraws?: number } = {}): GeoDecomposition {
  const d = density.data;
  const indexed = thin(draws, opts.maxDraws ?? GEO_DECOMPOSITION_DRAWS);
  const zeros = () => new Array<number>(d.n).fill(0);
  const acc = d.geos.map((_, g) => closed(Array.from(d.y[g]!), zeros(), zeros(), zeros(), Object.fromEntries(d.channels.map((ch) => [ch.name, zeros()]))));
  const national = d.channels.map(() => [] as Float64Array[]);
  for (const q of indexed) {
    const parts = geoDrawParts(density, q);
    parts.forEach((p, g) => addInto(acc[g]!, p));
    d.channels.forEach((ch, c) => national[c]!.push(Float64Array.from(parts[0]!.channels[ch.name]!, (_, t) => parts.reduce((a, p) => a + p.channels[ch.name]![t]!, 0))));
  }
  const byGeo = meanParts(acc, indexed.length);
  return {
    kpi: d.kpi,
    dates: Array.from(d.days, (day) => isoDate(day)),
    geos: [...d.geos],
    byGeo,
    national: nationalParts(byGeo),
    nationalChannels: Object.fromEntries(d.channels.map((ch, c) => [ch.name, bandOf(national[c]!)])),
    draws: indexed.length,
  };
}
