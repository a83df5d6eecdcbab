/**
 * Response curves with posterior bands, and the posterior-mean curve as the `ChannelResponse` the
 * budget optimiser consumes (the expected weekly KPI at a spend, averaged over draws).
 */
import { hasSpendCurve } from "../../mmmData";
import type { ChannelResponse } from "../../response";
import type { BayesMmmDensity, BayesParams } from "../mmmDensity";
import { uncertain, type Uncertain } from "../posterior";
import { bandOf, thin, type Band } from "./bands";

export interface ResponseCurveBand {
  channel: string;
  /** Weekly spend levels (steady state). */
  spend: number[];
  /** Expected weekly incremental KPI at each level: mean and 94% HDI. */
  response: Band;
  current: { spend: number; response: Uncertain; mroas: Uncertain };
}

/** Curves up to `upTo` × the larger of peak and average weekly spend, `points` levels each. */
export function responseCurveBands(density: BayesMmmDensity, params: readonly BayesParams[], opts: { points?: number; upTo?: number } = {}): ResponseCurveBand[] {
  const points = opts.points ?? 50;
  const used = thin(params);
  // R&F channels have no spend → reach map yet, so no spend curve; organic media have no spend.
  return density.data.channels.flatMap((ch, c) => {
    if (!hasSpendCurve(ch)) return [];
    const weekly = ch.total / density.n;
    const top = (opts.upTo ?? 1.5) * Math.max(ch.scale, weekly);
    const spend = Array.from({ length: points }, (_, k) => (top * k) / (points - 1));
    const series = used.map((p) => Float64Array.from(spend, (s) => density.response(p.channels[c]!, c, s)));
    return [
      {
        channel: ch.name,
        spend,
        response: bandOf(series),
        current: {
          spend: weekly,
          response: uncertain(used.map((p) => density.response(p.channels[c]!, c, weekly))),
          mroas: uncertain(used.map((p) => density.marginal(p.channels[c]!, c, weekly))),
        },
      },
    ];
  });
}

/**
 * Draws behind the optimiser's curves and the uplift posterior — the same ones, so the plan's
 * uplift is exactly the mean of the uplift's draws; few enough that the optimiser stays quick.
 */
export const BUDGET_DRAWS = 400;

/** Posterior-mean response of each paid channel (≤ BUDGET_DRAWS thinned draws: the optimiser calls it often); organic media have no spend to move, R&F channels no spend curve yet. */
export function meanResponses(density: BayesMmmDensity, params: readonly BayesParams[]): ChannelResponse[] {
  const used = thin(params, BUDGET_DRAWS);
  return density.data.channels.flatMap((ch, c) =>
    !hasSpendCurve(ch)
      ? []
      : [
          {
            name: ch.name,
            currentWeekly: ch.total / density.n,
            response: (s: number) => used.reduce((a, p) => a + density.response(p.channels[c]!, c, s), 0) / used.length,
            marginal: (s: number) => used.reduce((a, p) => a + density.marginal(p.channels[c]!, c, s), 0) / used.length,
          },
        ],
  );
}

/**
 * The uplift of an allocation over current spend under every draw: weeks × Σ_c (r(new) − r(current)).
 * Its HDI says how sure the model is that the reallocation pays.
 */
export function upliftPosterior(density: BayesMmmDensity, params: readonly BayesParams[], allocation: Record<string, number>, weeks: number): Uncertain {
  const chans = density.data.channels;
  return uncertain(
    thin(params, BUDGET_DRAWS).map((p) =>
      chans.reduce((sum, ch, c) => {
        if (!hasSpendCurve(ch)) return sum;
        const now = ch.total / density.n;
        const next = ch.name in allocation ? allocation[ch.name]! / weeks : now;
        return sum + weeks * (density.response(p.channels[c]!, c, next) - density.response(p.channels[c]!, c, now));
      }, 0),
    ),
  );
}
