/**
 * The geo fit as the weekly flighting planner sees it. A channel's national plan is split over the geos at their
 * shares of its observed spend (as the geo forecast splits it), so week t's national contribution is
 * Σ_g kpiScale_g·β_gc·h_g(Σ_i w_i·s_{t−i}·share_g/scale_g). The planner averages its draws, so each (posterior
 * draw, geo) pair is one draw with β·G·kpiScale_g and its input rescaled from the national spend to the geo's:
 * the average over draws × geos is the posterior mean of the sum over geos. The carry-over into the plan is the
 * national history split at the same shares (each geo's own history differs a little in the plan's first weeks).
 */
import type { GeoPosterior } from "../bayes/geo/geoPosterior";
import { thin } from "../bayes/outputs/bands";
import type { FlightDraw, FlightModel } from "./flightModel";

/** Posterior draws used: each is expanded over the geos (25 × 40 geos = 1000 curves a channel). */
export const GEO_FLIGHT_DRAWS = 25;

/** The geo fit's channels under ≤ `maxDraws` thinned posterior draws, each expanded over the geos. */
export function geoFlightModel(posterior: GeoPosterior, maxDraws = GEO_FLIGHT_DRAWS): FlightModel {
  const d = posterior.density;
  const data = d.data;
  const G = data.geos.length;
  const used = thin(posterior.params, maxDraws);
  const channels = data.channels.map((ch, c) => {
    const history = new Float64Array(data.n);
    for (const s of ch.spend) for (let t = 0; t < data.n; t++) history[t]! += s[t]!;
    const total = ch.total.reduce((a, b) => a + b, 0);
    const scale = Math.max(...history) || 1;
    const layout = d.layout.channels[c]!;
    const sat = layout.curve.transform;
    const draws = used.flatMap((p) => {
      const cp = p.channels[c]!;
      const sp = layout.curve.describe(cp.theta);
      const weights = layout.adstock.transform.weights(layout.adstock.describe(cp.adstock));
      return data.geos.map((_, g): FlightDraw => {
        // National scaled input a → this geo's scaled input a·k.
        const k = total > 0 ? (scale * ch.total[g]!) / total / ch.scale[g]! : 0;
        return { beta: G * data.kpiScale[g]! * cp.beta[g]!, weights, value: (a) => sat.valueAt(a * k, sp), slope: (a) => k * sat.slopeAt(a * k, sp) };
      });
    });
    return { name: ch.name, scale, history, currentWeekly: total / data.n, draws };
  });
  return { model: "geo", lastDay: data.days[data.n - 1]!, channels };
}
