/**
 * Posterior predictive forecasts of the Bayesian MMM. For every (thinned) draw, each channel's
 * saturation series is run by the density's own kernel over the observed spend followed by the
 * planned spend — the adstock carries the last observed weeks into the forecast — and
 * scaled by that draw's β; the baseline adds the draw's intercept and coefficients on the forecast
 * weeks' regressors, standardised with the observed weeks' mean and SD exactly as the density did,
 * and — with baseline "hsgp" — the draw's Gaussian process on the forecast weeks' HSGP basis
 * (the same basis functions, evaluated past the data: away from the data the process is held only
 * by its prior, so the band widens, and it returns to the intercept at the basis edge, a year out).
 * Replicates add the likelihood's noise (Normal or Student-t, seeded), so the 94% band holds both
 * parameter uncertainty and the noise of a week.
 */
import tFactory from "@stdlib/random-base-t";
import { createRng } from "../../math/random";
import { adstockInput } from "../bayes/model/adstock";
import { ChannelState } from "../bayes/model/channelState";
import type { BayesMmmDensity, ChannelParams } from "../bayes/mmmDensity";
import { thin } from "../bayes/outputs/bands";
import { predictiveSummary } from "./predictive";
import { forecastFrame, withAccuracy, type Forecast } from "./result";
import { rfForecastSeries } from "./rfForecast";
import type { Schedule } from "./schedule";

/** The density's standardisation of an observed base column: (v − mean) / sd, sd 1 for a constant column. */
export function standardiser(col: Float64Array): { m: number; sd: number } {
  const m = col.reduce((s, v) => s + v, 0) / col.length;
  const sd = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / col.length) || 1;
  return { m, sd };
}

/** Expected KPI (μ) and per-channel contributions of one draw over the forecast weeks, in KPI units. */
export class ForecastKernel {
  readonly #density: BayesMmmDensity;
  readonly #s: Schedule;
  readonly #inputs;
  readonly #buffers: ChannelState[];
  readonly #z: Float64Array[];
  /** The HSGP basis on the forecast weeks, with baseline "hsgp". */
  readonly #gp: Float64Array[];

  constructor(density: BayesMmmDensity, s: Schedule) {
    this.#density = density;
    this.#s = s;
    const chans = density.data.channels;
    this.#inputs = s.spend.map((sp, c) =>
      adstockInput(
        sp.map((v) => v / chans[c]!.scale),
        density.lMax,
      ),
    );
    this.#buffers = density.layout.channels.map((ch) => new ChannelState(s.n + s.h, ch.curve.k, ch.adstock.k));
    this.#z = s.base.map((col, b) => {
      const { m, sd } = standardiser(density.data.base.cols[b]!);
      return col.map((v) => (v - m) / sd);
    });
    this.#gp = density.gp?.basisAt(s.days) ?? [];
  }

  /** The last run's saturation series of channel `c` over observed and forecast weeks (for checks). */
  series(c: number): Float64Array {
    return this.#buffers[c]!.h;
  }

  /** μ per forecast week into `mu`, each channel's contribution into `channels[c]`; returns σ in KPI units. */
  run(q: Float64Array, mu: Float64Array, channels: Float64Array[]): number {
    const d = this.#density;
    const { n, h } = this.#s;
    const p = d.constrain(q);
    const k = d.yScale;
    mu.fill(k * p.intercept);
    this.#z.forEach((z, j) => {
      for (let t = 0; t < h; t++) mu[t]! += k * p.base[j]! * z[t]!;
    });
    this.#gp.forEach((phi, j) => {
      const w = k * p.gp!.w[j]!;
      for (let t = 0; t < h; t++) mu[t]! += w * phi[t]!;
    });
    d.layout.channels.forEach((ch, c) => {
      const cp = p.channels[c]!;
      // R&F: observed reach × Hill(frequency), then the spend curve on the planned weeks (rfForecast.ts).
      if (ch.rf) return this.#addRf(c, cp, mu, channels[c]!);
      const out = this.#buffers[c]!;
      ch.adstock.series(this.#inputs[c]!, cp.adstock, cp.theta, out, out.sums, ch.curve);
      const f = k * cp.beta;
      for (let t = 0; t < h; t++) {
        const v = f * out.h[n + t]!;
        channels[c]![t] = v;
        mu[t]! += v;
      }
    });
    return p.sigma * k;
  }

  #addRf(c: number, cp: ChannelParams, mu: Float64Array, into: Float64Array): void {
    const { n, h } = this.#s;
    const series = rfForecastSeries(this.#density, c, cp, this.#s.spend[c]!, n);
    this.#buffers[c]!.h.set(series.map((v) => v / (this.#density.yScale * cp.beta || 1)));
    for (let t = 0; t < h; t++) {
      into[t] = series[n + t]!;
      mu[t]! += series[n + t]!;
    }
  }
}

/** Posterior predictive forecast over the schedule's weeks from (≤ 1000 thinned) draws; seeded. */
export function bayesForecast(density: BayesMmmDensity, draws: readonly Float64Array[], s: Schedule, seed = 42): Forecast {
  const { h } = s;
  const names = density.data.channels.map((c) => c.name);
  const rng = createRng(seed);
  // ν per draw: fixed, or sampled with the other parameters (log_nu).
  const student = density.options.likelihood === "studentT" ? tFactory.factory({ prng: () => rng.uniform() }) : undefined;
  const nuOf = (q: Float64Array) => density.options.nu ?? Math.exp(q[density.layout.nu]!);
  const kernel = new ForecastKernel(density, s);
  const used = thin(draws);
  const sum = predictiveSummary(used.length, h, names.length, (i, mu, parts) => {
    const q = used[i]!;
    const sd = kernel.run(q, mu, parts);
    return Float64Array.from(mu, (m) => m + sd * (student ? student(nuOf(q)) : rng.normal(0, 1)));
  });
  return withAccuracy(
    {
      model: "bayesian",
      kpi: density.data.kpi,
      ...forecastFrame(s, names),
      mean: sum.mean,
      lo: sum.lo,
      hi: sum.hi,
      band: `94% HDI of the posterior predictive (${used.length} draws, ${density.options.likelihood ?? "normal"} noise)`,
      contributions: Object.fromEntries(names.map((c, i) => [c, sum.contributions[i]!])),
      total: sum.total,
      warnings: s.warnings,
    },
    s.actual,
  );
}
