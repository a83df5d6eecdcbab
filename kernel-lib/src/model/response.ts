/**
 * The contract between a fitted model and the budget optimiser: each channel's expected
 * incremental KPI per week at a steady weekly spend, and its derivative (marginal return).
 * Ridge and Bayesian fits both produce these; the optimiser and scenarios only consume them.
 */

/** One channel's fitted steady-state response curve. */
export interface ChannelResponse {
  /** Channel name as the user sees it (e.g. the spend column "tv_spend"). */
  name: string;
  /** Average weekly spend over the modelled period (the "current" allocation). */
  currentWeekly: number;
  /** Expected incremental KPI per week when `weeklySpend` is spent every week (steady state). */
  response(weeklySpend: number): number;
  /** d response / d weeklySpend: the marginal ROAS at that weekly spend. */
  marginal(weeklySpend: number): number;
}
