/**
 * Posterior predictive forecasts of the hierarchical geo model, for the nation. The plan's national spend of a
 * channel is split over the geos at each geo's share of the channel's observed spend. For every (thinned) draw,
 * each geo's channel series run over its observed spend followed by its planned share (the adstock carries the
 * last observed weeks over) with the draw's geo effects; each geo's baseline is the draw's intercept and
 * trend/seasonality coefficients (integrated ones drawn as the fit draws them) on the forecast weeks' regressors,
 * standardised as the density did; controls stay at their mean (centred per geo: zero). The week effects: their
 * level, trend and seasonal part is confounded with the geos' own baselines (a draw with higher week effects has
 * lower intercepts), so it continues into the forecast weeks with the draw's own regression on [1, trend, Fourier];
 * the rest — a week's shock — is not known ahead: Normal(0, its sd in the fitted weeks), shared by the geos.
 * Replicates add each geo's noise. The geos summed give the national KPI, its band and each channel's part.
 */
import tFactory from "@stdlib/random-base-t";
import { choleskySolve } from "../../math/linalg";
import { createRng } from "../../math/random";
import { adstockInput } from "../bayes/model/adstock";
import { ChannelState } from "../bayes/model/channelState";
import type { GeoMmmDensity } from "../bayes/geo/geoDensity";
import { thin } from "../bayes/outputs/bands";
import { predictiveSummary } from "./predictive";
import { standardiser } from "./bayesForecast";
import { forecastFrame, withAccuracy, type Forecast } from "./result";
import type { Schedule } from "./schedule";

/** One draw's national expected KPI per forecast week and each channel's part, with its week-effect and noise scales. */
class GeoForecastKernel {
  readonly #d: GeoMmmDensity;
  readonly #s: Schedule;
  /** Per channel, per geo: adstock input over observed + planned spend. */
  readonly #inputs;
  readonly #state: ChannelState[];
  /** The forecast weeks' base regressors, standardised as the density's. */
  readonly #z: Float64Array[];
  /** (XᵀX)⁻¹Xᵀ of the observed weeks' X = [1, base regressors] (row per regressor): a draw's week effects regressed on them. */
  readonly #project: Float64Array[];
  readonly #x: Float64Array[];

  constructor(d: GeoMmmDensity, s: Schedule) {
    this.#d = d;
    this.#s = s;
    const data = d.data;
    const lMax = d.options.lMax ?? 8;
    this.#inputs = data.channels.map((ch, c) => {
      const total = ch.total.reduce((a, b) => a + b, 0);
      const planned = s.spend[c]!.subarray(s.n);
      return ch.spend.map((observed, g) => {
        const share = total > 0 ? ch.total[g]! / total : 1 / data.geos.length;
        const all = new Float64Array(s.n + s.h);
        all.set(observed);
        for (let t = 0; t < s.h; t++) all[s.n + t] = planned[t]! * share;
        return adstockInput(
          all.map((v) => v / ch.scale[g]!),
          lMax,
        );
      });
    });
    this.#state = d.layout.channels.map((ch) => new ChannelState(s.n + s.h, ch.curve.k, ch.adstock.k));
    this.#z = s.base.map((col, b) => {
      const { m, sd } = standardiser(data.base.cols[b]!);
      return col.map((v) => (v - m) / sd);
    });
    this.#x = [new Float64Array(data.n).fill(1), ...d.z];
    this.#project = projector(this.#x);
  }

  /** μ per forecast week (national, KPI units) into `mu`, channel parts into `channels`; returns per-geo noise sds and the week effects' sd (scaled KPI). */
  run(q: Float64Array, mu: Float64Array, channels: Float64Array[]): { sigma: Float64Array; weekSd: number } {
    const d = this.#d;
    const { n, h } = this.#s;
    const p = d.constrain(q);
    mu.fill(0);
    for (const v of channels) v.fill(0);
    d.data.geos.forEach((_, g) => {
      const k = d.data.kpiScale[g]!;
      const b = p.base[g]!;
      for (let t = 0; t < h; t++) {
        let v = b[0]!;
        this.#z.forEach((z, j) => (v += b[1 + j]! * z[t]!));
        mu[t]! += k * v;
      }
      d.layout.channels.forEach((ch, c) => {
        const cp = p.channels[c]!;
        const st = this.#state[c]!;
        ch.adstock.series(this.#inputs[c]![g]!, cp.adstock, cp.theta, st, st.sums, ch.curve);
        const f = k * cp.beta[g]!;
        for (let t = 0; t < h; t++) {
          const v = f * st.h[n + t]!;
          channels[c]![t]! += v;
          mu[t]! += v;
        }
      });
    });
    return { sigma: p.sigma, weekSd: this.#weekEffects(q, mu) };
  }

  /** The draw's week effects' regression part on the forecast weeks, added to `mu` in each geo's scale; returns the rest's sd. */
  #weekEffects(q: Float64Array, mu: Float64Array): number {
    const d = this.#d;
    const at = d.layout.time;
    if (at < 0) return 0;
    const delta = Float64Array.from(q.subarray(at, at + d.data.n));
    const coef = this.#project.map((row) => row.reduce((a, v, t) => a + v * delta[t]!, 0));
    const kpiTotal = d.data.kpiScale.reduce((a, b) => a + b, 0);
    for (let t = 0; t < mu.length; t++) mu[t]! += kpiTotal * (coef[0]! + this.#z.reduce((a, z, j) => a + coef[1 + j]! * z[t]!, 0));
    let ss = 0;
    for (let t = 0; t < delta.length; t++) ss += (delta[t]! - this.#x.reduce((a, x, j) => a + coef[j]! * x[t]!, 0)) ** 2;
    return Math.sqrt(ss / Math.max(1, delta.length - this.#x.length));
  }
}

/** (XᵀX)⁻¹Xᵀ for the columns X (a tiny ridge keeps a constant base column solvable). */
function projector(cols: readonly Float64Array[]): Float64Array[] {
  const p = cols.length;
  const xtx = new Float64Array(p * p);
  cols.forEach((a, i) => cols.forEach((b, j) => (xtx[i * p + j] = a.reduce((s, v, t) => s + v * b[t]!, 0) + (i === j ? 1e-9 : 0))));
  const inv = cols.map(
    (_, i) =>
      choleskySolve(
        xtx,
        Float64Array.from({ length: p }, (_, j) => (i === j ? 1 : 0)),
        p,
      ) ?? new Float64Array(p),
  );
  return cols.map((_, i) => Float64Array.from(cols[0]!, (_, t) => cols.reduce((s, c, j) => s + inv[i]![j]! * c[t]!, 0)));
}

/** Posterior predictive national forecast of the geo model over the schedule's weeks from (≤ 1000 thinned) draws; seeded. */
export function geoForecast(density: GeoMmmDensity, draws: readonly Float64Array[], s: Schedule, seed = 42): Forecast {
  const { h } = s;
  const data = density.data;
  const names = data.channels.map((c) => c.name);
  const rng = createRng(seed);
  const nu = density.options.nu ?? 5;
  const student = density.options.likelihood === "studentT" ? tFactory.factory({ prng: () => rng.uniform() }) : undefined;
  const kernel = new GeoForecastKernel(density, s);
  const used = thin(draws);
  const kpiTotal = data.kpiScale.reduce((a, b) => a + b, 0);
  const sum = predictiveSummary(used.length, h, names.length, (i, mu, parts) => {
    const { sigma, weekSd } = kernel.run(used[i]!, mu, parts);
    // The week's shared shock moves every geo (in its own scale); each geo adds its own noise.
    return Float64Array.from(mu, (m) => {
      let v = m + kpiTotal * weekSd * rng.normal(0, 1);
      data.geos.forEach((_, g) => (v += data.kpiScale[g]! * sigma[g]! * (student ? student(nu) : rng.normal(0, 1))));
      return v;
    });
  });
  const warnings = [...s.warnings, "Geo forecast: each channel's plan is split over the geos at their shares of its observed spend; controls stay at their mean; new weeks' shocks are drawn like the fitted weeks'."];
  return withAccuracy(
    {
      model: "geo",
      kpi: data.kpi,
      ...forecastFrame(s, names),
      mean: sum.mean,
      lo: sum.lo,
      hi: sum.hi,
      band: `94% HDI of the geo model's posterior predictive, summed over ${data.geos.length} geos (${used.length} draws, ${density.options.likelihood ?? "normal"} noise, new week shocks)`,
      contributions: Object.fromEntries(names.map((c, i) => [c, sum.contributions[i]!])),
      total: sum.total,
      warnings,
    },
    s.actual,
  );
}
