/**
 * Posterior summaries of the geo model, draw by draw: each channel's contribution and ROAS per geo
 * and nationally (the national value of a draw is the sum over its geos, so the national interval
 * carries the geos' joint uncertainty, correlations included), the pooling spread τ, the shared
 * adstock and saturation parameters, and weekly national contribution bands.
 */
import { bandOf, thin, type Band } from "../outputs/bands";
import { uncertain, type Uncertain } from "../posterior";
import type { GeoMmmDensity, GeoParams } from "./geoDensity";

export interface GeoChannelGeo {
  geo: string;
  spend: number;
  contribution: Uncertain;
  roas: Uncertain;
}

export interface GeoChannelPosterior {
  name: string;
  /** National spend, contribution (sum over geos per draw) and ROAS. */
  spend: number;
  contribution: Uncertain;
  roas: Uncertain;
  /** Spread of the weekly response across geos: its coefficient of variation (normal geo effects) or the sd of its log (log-normal). */
  tau: Uncertain;
  adstock: string;
  saturation: string;
  adstockParams: Record<string, Uncertain>;
  saturationParams: Record<string, Uncertain>;
  geos: GeoChannelGeo[];
}

/** Per-channel summaries over the draws' natural parameters. */
export function geoChannelPosteriors(density: GeoMmmDensity, params: readonly GeoParams[]): GeoChannelPosterior[] {
  const data = density.data;
  return density.layout.channels.map((lay, c) => {
    const ch = data.channels[c]!;
    const spend = ch.total.reduce((a, b) => a + b, 0);
    const draws = params.map((p) => p.channels[c]!);
    const national = draws.map((d) => d.contribution.reduce((a, b) => a + b, 0));
    const byName = (names: readonly string[], pick: (d: (typeof draws)[number]) => Float64Array) => Object.fromEntries(names.map((n, j) => [n, uncertain(draws.map((d) => pick(d)[j]!))]));
    return {
      name: ch.name,
      spend,
      contribution: uncertain(national),
      roas: uncertain(national.map((v) => v / spend)),
      tau: uncertain(draws.map((d) => d.tau)),
      adstock: lay.adstock.kind,
      saturation: lay.curve.kind,
      adstockParams: byName(lay.adstock.paramNames, (d) => d.adstock),
      saturationParams: byName(lay.curve.paramNames, (d) => d.theta),
      geos: data.geos.map((geo, g) => {
        const contrib = draws.map((d) => d.contribution[g]!);
        const s = ch.total[g]!;
        return { geo, spend: s, contribution: uncertain(contrib), roas: uncertain(contrib.map((v) => (s > 0 ? v / s : 0))) };
      }),
    };
  });
}

/** Weekly national contribution of channel `c` (sum over geos per draw): mean and 94% HDI per week. */
export function nationalContributionBand(density: GeoMmmDensity, draws: readonly Float64Array[], c: number): Band {
  const n = density.data.n;
  const one = new Float64Array(n);
  const series = thin(draws).map((q) => {
    density.constrain(q);
    const total = new Float64Array(n);
    for (let g = 0; g < density.layout.G; g++) {
      density.weekly(c, g, one);
      for (let t = 0; t < n; t++) total[t]! += one[t]!;
    }
    return total;
  });
  return bandOf(series);
}
