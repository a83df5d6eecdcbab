/**
 * Why an estimate moved at a refresh: drift or more data. The saved model forecasts the weeks after
 * its end from their true spend and controls (carry-over of the saved weeks included); if a
 * channel's effect has changed, the forecast errors follow that channel's contribution pattern:
 * with effect (1 + γ)·β instead of β the error of week t is γ·mₜ (mₜ the saved model's predicted
 * contribution). So the errors e are regressed on every channel's predicted contribution and an
 * intercept (a baseline shift): e = a + Σ γ_c m_c + ε. γ_c is the relative change of channel c's
 * effect the new weeks imply, with its OLS standard error. Drift when |γ|/SE ≥ 2 and |γ| ≥ 0.15
 * (DRIFT_RULE); otherwise the saved model predicts the channel's part of the new weeks and its
 * estimate moved because the refit saw more weeks.
 */
import { choleskySolve } from "../../math/linalg";
import type { Forecast } from "../forecast/result";
import { DRIFT_RULE, type ChannelDrift, type RefreshReason } from "./types";

/** OLS of y on the columns (an intercept first): coefficients and standard errors, or undefined when singular or too few rows. */
function ols(y: readonly number[], cols: readonly (readonly number[])[]): { coef: Float64Array; se: Float64Array } | undefined {
  const h = y.length;
  const x = [new Array<number>(h).fill(1), ...cols];
  const p = x.length;
  if (h <= p + 1) return undefined;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    for (let t = 0; t < h; t++) xty[i] = xty[i]! + x[i]![t]! * y[t]!;
    for (let j = 0; j < p; j++) for (let t = 0; t < h; t++) xtx[i * p + j] = xtx[i * p + j]! + x[i]![t]! * x[j]![t]!;
  }
  const coef = choleskySolve(xtx, xty, p);
  if (!coef) return undefined;
  let rss = 0;
  for (let t = 0; t < h; t++) {
    let fit = 0;
    for (let i = 0; i < p; i++) fit += coef[i]! * x[i]![t]!;
    rss += (y[t]! - fit) ** 2;
  }
  const s2 = rss / (h - p);
  const se = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const e = new Float64Array(p);
    e[i] = 1;
    se[i] = Math.sqrt(s2 * choleskySolve(xtx, e, p)![i]!);
  }
  return { coef, se };
}

/**
 * Per channel, how far the new weeks say its effect moved (γ, SE, z), from the saved model's
 * forecast of those weeks with the realised KPI (`forecast.actual`). Undefined entries: too few
 * new weeks (at most channels + 2) or contributions that cannot be told apart.
 * @example channelDrift(forecastOfNewWeeks)["tv"]; // { gamma: 0.62, se: 0.08, z: 7.7 }
 */
export function channelDrift(forecast: Forecast): Record<string, ChannelDrift | undefined> {
  const names = Object.keys(forecast.contributions);
  const actual = forecast.actual ?? [];
  const errors = actual.map((y, t) => y - forecast.mean[t]!);
  const fit = ols(
    errors,
    names.map((c) => forecast.contributions[c]!),
  );
  return Object.fromEntries(
    names.map((c, i) => {
      if (!fit) return [c, undefined];
      const gamma = fit.coef[i + 1]!;
      const se = fit.se[i + 1]!;
      return [c, { gamma, se, z: se > 0 ? gamma / se : gamma === 0 ? 0 : Math.sign(gamma) * Infinity }];
    }),
  );
}

/** The rule: drift when the change is significant and material, else more data. */
export function refreshReason(d: ChannelDrift | undefined): RefreshReason {
  return d && Math.abs(d.z) >= DRIFT_RULE.z && Math.abs(d.gamma) >= DRIFT_RULE.gamma ? "drift" : "more_data";
}
