/**
 * What a refresh reports (issue #16 item 5): per fit and channel, ROAS and contribution before and
 * after the refit with their 94% intervals, the change, and why it moved — drift (the saved model
 * mispredicts the new weeks along that channel's contribution) or more data (it predicts them; the
 * estimate moved as a posterior does when weeks are added). The rule is in drift.ts.
 */

/** An estimate with its 94% interval (HDI for the Bayesian fit; none for ridge, whose fit has no interval). */
export interface Estimate {
  mean: number;
  hdi94?: [number, number];
}

/** How the saved model forecast the weeks after its end, and what that says about one channel. */
export interface ChannelDrift {
  /**
   * Relative change of the channel's effect the new weeks imply: the coefficient of the saved
   * model's predicted contribution of the channel in a regression of the forecast errors on every
   * channel's predicted contribution (plus an intercept). 0: the saved effect fits; 0.5: 50% more.
   */
  gamma: number;
  /** Its standard error (OLS) and gamma / se. */
  se: number;
  z: number;
}

export type RefreshReason = "drift" | "more_data";

export interface ChannelRefresh {
  name: string;
  roas: { before: Estimate; after: Estimate; change: number; relativeChange: number };
  contribution: { before: Estimate; after: Estimate };
  /** Whether the refreshed mean ROAS lies inside the saved 94% HDI (Bayesian only). */
  withinBefore?: boolean;
  /** Undefined when there are no weeks after the saved end (only revised weeks). */
  drift?: ChannelDrift;
  why: RefreshReason;
  /** One sentence: what moved and why. */
  reason: string;
}

export interface FitRefresh {
  kind: "ridge" | "bayesian";
  /** Weeks and period before and after. */
  before: { weeks: number; start: string; end: string };
  after: { weeks: number; start: string; end: string };
  /** The saved model's forecast of the new weeks with their true spend: MAPE and 94% band coverage; in-sample MAPE for comparison. */
  outOfSample?: { weeks: number; mape: number; coverage94: number; inSampleMape: number };
  channels: ChannelRefresh[];
  /** Bayesian: how the refit was started and what it cost. */
  sampler?: { warmStart: boolean; warmup: number; draws: number; chains: number; seconds: number; maxRhat: number; divergences: number; note?: string };
  /** Ridge: whether the saved transform parameters and penalty were kept. */
  ridge?: { keptMedia: boolean; lambda: number };
}

export interface RefreshReport {
  /** Weeks appended after the saved end, and saved weeks the new table replaced (dates, ISO). */
  added: { weeks: number; from?: string; to?: string };
  replaced: { weeks: number; from?: string; to?: string };
  fits: FitRefresh[];
  /** The rule the "why" follows, in words (also in the Markdown report). */
  rule: string;
  warnings: string[];
}

/** Thresholds of the drift rule (drift.ts). */
export const DRIFT_RULE = { z: 2, gamma: 0.15 } as const;

export const RULE_TEXT =
  `The saved model forecasts the new weeks from their true spend; its errors are regressed on each channel's forecast contribution (with an intercept for a baseline shift). ` +
  `A channel whose coefficient γ (the relative change of its effect the new weeks imply) is both significant (|γ|/SE ≥ ${DRIFT_RULE.z}) and material (|γ| ≥ ${DRIFT_RULE.gamma}) has drifted; ` +
  `otherwise its estimate moved because more weeks were added (the saved model predicts its part of the new weeks).`;
