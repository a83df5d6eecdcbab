/** Simulated data in the Bayesian model's family (geometric adstock + logistic saturation) with known truth. */
import { simulateMMM, type ChannelSpec, type SimulateOptions } from "../../kernel-lib/src";
import { prepareMmmData } from "../../kernel-lib/src/model/mmmData";

export function bayesSimulation(seed: number, opts: { channels?: number; weeks?: number; noise?: number; confounder?: SimulateOptions["confounder"] } = {}) {
  const decays = [0.6, 0.3, 0.45, 0.5, 0.2, 0.7, 0.35, 0.55];
  const channels: ChannelSpec[] = decays.slice(0, opts.channels ?? 3).map((alpha, i) => ({
    name: `ch${i}`,
    spend: { mean: 10_000 * (1 + i), variability: 0.4, onProbability: 0.8, flightWeeks: 4 },
    adstock: { type: "geometric", params: { alpha, lMax: 8, normalize: true } },
    saturation: { type: "logistic", params: { lam: 1.5 + (i % 3) } },
    beta: 60_000 + 25_000 * (i % 3),
  }));
  const sim = simulateMMM({ seed, weeks: opts.weeks ?? 120, channels, noise: opts.noise ?? 0.03, confounder: opts.confounder });
  const mmm = prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 2 });
  return { sim, mmm };
}

/** True steady-state weekly response of a simulated logistic channel at weekly spend s. */
export function trueResponse(ch: { beta: number; saturation: { params: Record<string, unknown> } }, scale: number, s: number): number {
  const lam = Number(ch.saturation.params["lam"]);
  return ch.beta * Math.tanh((lam * s) / scale / 2);
}
