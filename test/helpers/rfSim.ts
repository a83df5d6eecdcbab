/** Simulated data with two paid channels and one reach & frequency channel (Meridian's form), with their true steady-state curves. */
import { simulateMMM, type ChannelSpec } from "../../kernel-lib/src";
import { prepareMmmData } from "../../kernel-lib/src/model/mmmData";
import type { ChannelResponse } from "../../kernel-lib/src/model/response";
import { paidChannels } from "./paidChannels";

export const RF_POPULATION = 2_000_000;
export const RF_CPM = 5;

export function rfSimulation(seed: number, weeks = 200, population = RF_POPULATION) {
  const channels: ChannelSpec[] = paidChannels([0.6, 0.3]);
  channels.push({
    name: "video",
    rf: { population },
    cpm: RF_CPM,
    spend: { mean: 15_000, variability: 0.6, onProbability: 0.85, flightWeeks: 5 },
    adstock: { type: "geometric", params: { alpha: 0.4, lMax: 8, normalize: true } },
    saturation: { type: "hill", params: { K: 2, S: 2 } },
    beta: 70_000,
  });
  const sim = simulateMMM({ seed, weeks, channels, noise: 0.015 });
  const spec = {
    kpi: "revenue",
    channels: ["ch0_spend", "ch1_spend"],
    rf: [{ reach: "video_reach", frequency: "video_frequency", spend: "video_spend" }],
    controls: ["price_index", "competitor_sales"],
    dateCol: "date",
    fourierOrder: 2,
  };
  return { sim, spec, mmm: prepareMmmData(sim.data, spec) };
}

/**
 * The simulator's true steady-state weekly response of each channel at a constant weekly spend s:
 * paid β·tanh(λ·s/max spend/2); video β·R/max R·Hill(I/R) with I = s/CPM·1000 and R = P(1 − e^(−I/P)).
 */
export function trueRfResponses(sim: ReturnType<typeof rfSimulation>["sim"]): ChannelResponse[] {
  const n = sim.data.height;
  const col = (c: string) => sim.data.getColumn(c).toArray() as number[];
  const population = sim.truth.options.channels.find((c) => c.rf)!.rf!.population;
  return sim.truth.channels.map((t) => {
    const spend = col(t.column);
    const weekly = spend.reduce((a, b) => a + b, 0) / n;
    let f: (s: number) => number;
    if (t.rf) {
      const maxR = Math.max(...col(`${t.name}_reach`));
      const { K, S } = t.saturation.params as { K: number; S: number };
      f = (s) => {
        const I = (s / RF_CPM) * 1000;
        if (!(I > 0)) return 0;
        const R = -population * Math.expm1(-I / population);
        const x = I / R;
        return (t.beta * R) / maxR / (1 + (K / x) ** S);
      };
    } else {
      const lam = Number((t.saturation.params as Record<string, number>)["lam"]);
      const scale = Math.max(...spend);
      f = (s) => t.beta * Math.tanh((lam * s) / scale / 2);
    }
    // Central differences: the truth is checked against, not differentiated analytically.
    return { name: t.column, currentWeekly: weekly, response: f, marginal: (s) => (f(s + 1e-3 * weekly) - f(Math.max(0, s - 1e-3 * weekly))) / (s + 1e-3 * weekly - Math.max(0, s - 1e-3 * weekly)) };
  });
}
