/** Simulated data in the Bayesian model's family (geometric adstock + logistic saturation) with known truth. */
import { simulateMMM, type ChannelSpec, type SimulateOptions } from "../../kernel-lib/src";
import { pl } from "../../kernel-lib/src/data/polars";
import { mediaResponse } from "../../kernel-lib/src/model/simulate/series";
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

/** A drifting baseline: a level shift at `shiftWeek` and a slow wave, both relative to the simulated intercept. */
export interface BaselineDrift {
  /** Level shift, e.g. 0.12 (12% of the intercept, centred on `shiftWeek`). */
  shift: number;
  shiftWeek: number;
  /** Weeks the shift takes from 10% to 90% (a logistic ramp; 0 for a step). */
  rampWeeks: number;
  /** Amplitude and period (weeks) of a slow wave; not yearly, so Fourier terms cannot take it. */
  wave: number;
  periodWeeks: number;
  /** The first channel's spend is multiplied by 1 + `spendUp` from `shiftWeek` on (budgets follow demand). */
  spendUp: number;
}

/**
 * `bayesSimulation`'s family with a drifting baseline (issue #15 item 2): the drift is added to the
 * KPI and the first channel's spend rises with the level shift, its media response recomputed with
 * the simulator's own transform. Returns the data, the true ROAS per channel and the true weekly
 * non-media baseline (intercept, trend, seasonality, controls, drift) that the model's baseline estimates.
 */
export function driftingBaselineSimulation(seed: number, drift: BaselineDrift, opts: { channels?: number; weeks?: number; noise?: number } = {}) {
  const { sim } = bayesSimulation(seed, opts);
  const t = sim.truth;
  const n = t.weeks;
  const level = t.options.baseline;
  const ramp = (w: number) => (drift.rampWeeks > 0 ? 1 / (1 + Math.exp((-4.394 * (w - drift.shiftWeek)) / drift.rampWeeks)) : w >= drift.shiftWeek ? 1 : 0);
  const drifted = Float64Array.from({ length: n }, (_, w) => level * (drift.shift * ramp(w) + drift.wave * Math.sin((2 * Math.PI * w) / drift.periodWeeks)));
  const ch0 = t.channels[0]!;
  const oldSpend = sim.data.getColumn(ch0.column).toArray() as number[];
  const spend = Float64Array.from(oldSpend, (v, w) => v * (w >= drift.shiftWeek ? 1 + drift.spendUp : 1));
  const media = mediaResponse(spend, t.options.channels[0]!, ch0.beta);
  const kpi = (sim.data.getColumn("revenue").toArray() as number[]).map((y, w) => y - ch0.weekly[w]! + media[w]! + drifted[w]!);
  const data = sim.data.withColumns(pl.Series("revenue", kpi, pl.Float64), pl.Series(ch0.column, Array.from(spend), pl.Float64));
  const roas = t.channels.map((c, i) => (i === 0 ? media.reduce((a, v) => a + v, 0) / spend.reduce((a, v) => a + v, 0) : c.roas));
  const baseline = Array.from({ length: n }, (_, w) => t.baseline[w]! + t.controls.reduce((a, c) => a + c.weekly[w]!, 0) + drifted[w]!);
  const mmm = prepareMmmData(data, { kpi: "revenue", channels: t.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 2 });
  return { data, mmm, roas, baseline, drift: Array.from(drifted) };
}
