/**
 * Three channels with equal mean spend and different true ROAS (1.5 / 3 / 4.5 by default), in the
 * Bayesian model's family (geometric + logistic): the case where a selection rule that equalises
 * ROAS shows. Betas are set from a probe run so the simulated ROAS are exactly `roas`. Takes the
 * simulator so the bench can pass the compiled one and the tests the sources.
 */
import type { ChannelSpec, SimulateOptions, SimulationTruth } from "../../kernel-lib/src/model/simulate/types";

export const EQUAL_SPEND_ROAS = [1.5, 3, 4.5];

type Simulate<D> = (o: SimulateOptions) => { data: D; truth: SimulationTruth };

export function equalSpendSimulation<D>(simulate: Simulate<D>, seed = 1, roas: number[] = EQUAL_SPEND_ROAS): { data: D; truth: SimulationTruth } {
  const sim = (betas: number[]) =>
    simulate({
      seed,
      weeks: 156,
      noise: 0.04,
      channels: betas.map<ChannelSpec>((beta, i) => ({
        name: `ch${i}`,
        spend: { mean: 20_000, variability: 0.4, onProbability: 0.8, flightWeeks: 4 },
        adstock: { type: "geometric", params: { alpha: [0.5, 0.3, 0.6][i]!, lMax: 8, normalize: true } },
        saturation: { type: "logistic", params: { lam: 1.5 } },
        beta,
      })),
    });
  const probe = sim(roas.map(() => 1));
  return sim(probe.truth.channels.map((c, i) => roas[i]! / c.roas));
}
