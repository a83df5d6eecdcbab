/**
 * Ridge point forecasts: the fitted coefficients applied to the media features of the observed
 * spend followed by the planned spend (so the adstock carries the last observed weeks over), plus
 * the baseline regressors of the forecast weeks. The band is ±z₀.₉₇·σ̂ with σ̂ the in-sample
 * residual SD corrected for the fit's effective degrees of freedom: it covers the noise of a week,
 * not the uncertainty of the coefficients (the Bayesian forecast has both).
 */
import { mediaFeature } from "../media";
import type { RidgeModel } from "../ridge/fit";
import { forecastFrame, withAccuracy, type Forecast } from "./result";
import type { Schedule } from "./schedule";

/** Standard normal quantile at 0.97: the half-width of a central 94% interval in SDs. */
export const Z94 = 1.880793608151251;

/** Residual SD of the fit, per degree of freedom left (df + intercept used). */
export function residualSd(m: RidgeModel): number {
  const { y, n } = m.data;
  let rss = 0;
  for (let t = 0; t < n; t++) rss += (y[t]! - m.fitted[t]!) ** 2;
  const used = (Number.isFinite(m.fit.df) ? m.fit.df : m.fit.coef.length) + 1;
  return Math.sqrt(rss / Math.max(1, n - used));
}

/** Point forecast of the ridge model over the schedule's weeks. */
export function ridgeForecast(m: RidgeModel, s: Schedule): Forecast {
  const { data, fit } = m;
  const C = data.channels.length;
  const mean = new Array<number>(s.h).fill(fit.intercept);
  const contributions: Record<string, number[]> = {};
  data.channels.forEach((ch, c) => {
    const feature = mediaFeature(s.spend[c]!, ch.scale, m.media[c]!);
    const weekly = Array.from(feature.subarray(s.n), (v) => fit.coef[c]! * v);
    contributions[ch.name] = weekly;
    weekly.forEach((v, t) => (mean[t]! += v));
  });
  s.base.forEach((col, b) => col.forEach((v, t) => (mean[t]! += fit.coef[C + b]! * v)));
  const sd = residualSd(m);
  const total = mean.reduce((a, v) => a + v, 0);
  const half = Z94 * sd * Math.sqrt(s.h);
  return withAccuracy(
    {
      model: "ridge",
      kpi: data.kpi,
      ...forecastFrame(
        s,
        data.channels.map((c) => c.name),
      ),
      mean,
      lo: mean.map((v) => v - Z94 * sd),
      hi: mean.map((v) => v + Z94 * sd),
      band: `±${Z94.toFixed(3)} × residual SD (${sd.toPrecision(4)}): week-to-week noise only, not coefficient uncertainty`,
      contributions,
      total: { mean: total, lo: total - half, hi: total + half },
      warnings: s.warnings,
    },
    s.actual,
  );
}
