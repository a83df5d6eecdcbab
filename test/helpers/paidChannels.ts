/** Paid channels for simulations: geometric adstock at the given decays, logistic saturation, effects and spend rising with the index. */
import type { ChannelSpec } from "../../kernel-lib/src";

export function paidChannels(alphas: number[]): ChannelSpec[] {
  return alphas.map((alpha, i) => ({
    name: `ch${i}`,
    spend: { mean: 10_000 * (1 + i), variability: 0.4, onProbability: 0.8, flightWeeks: 4 },
    adstock: { type: "geometric", params: { alpha, lMax: 8, normalize: true } },
    saturation: { type: "logistic", params: { lam: 1.5 + i } },
    beta: 60_000 + 25_000 * i,
  }));
}
