/**
 * Options and truth of the MMM data simulator (`simulateMMM`). Plain JSON-serialisable shapes,
 * so a truth object can be written next to a CSV and the options replayed later.
 */
import type { AdstockSpec, AdstockSpecLike, SaturationSpec, SaturationSpecLike } from "../transforms/specs";

// The transform specs belong to the model layer; re-exported here for existing imports.
export type { AdstockSpec, SaturationSpec } from "../transforms/specs";

/** How a channel's weekly spend is generated (amounts for a geo of relative size 1). */
export interface SpendSpec {
  /** Average weekly spend in an on-air week. */
  mean: number;
  /** Coefficient of variation of week-to-week (log-normal) noise. Default 0.25. */
  variability?: number;
  /** Share of weeks on air (flighting); off weeks have zero spend. Default 1 (always on). */
  onProbability?: number;
  /** Mean length in weeks of an on-air burst. Default 4. */
  flightWeeks?: number;
  /** Relative amplitude of the yearly spend cycle, in [0, 1). Default 0. */
  seasonalAmplitude?: number;
  /** Week of the year at which spend peaks. Default 47 (the run-up to the holidays). */
  peakWeek?: number;
}

/** One paid media channel: column `<name>_spend` (and `<name>_impressions` when asked for). */
export interface ChannelSpec {
  name: string;
  spend: SpendSpec;
  /** Any registered adstock (the built-ins are typed). */
  adstock: AdstockSpec | AdstockSpecLike;
  /** Any registered saturation (the built-ins are typed). */
  saturation: SaturationSpec | SaturationSpecLike;
  /** KPI units per week at full saturation (for a geo of relative size 1). */
  beta: number;
  /** Cost per thousand impressions, for the impressions column. Default 10. */
  cpm?: number;
  /**
   * Organic media (no spend): the column is `<name>_activity` (sends, organic impressions, …; `spend`
   * then describes the activity), with its adstock and saturation; never an impressions column.
   */
  organic?: boolean;
  /**
   * Reach & frequency (Meridian's simulation): impressions = spend / CPM × 1000, reach =
   * population·(1 − e^(−impressions/population)), frequency = impressions / reach; columns
   * `<name>_reach` and `<name>_frequency` beside `<name>_spend`. The media response is then
   * beta × adstock(reach / max reach × saturation(frequency)): `saturation` acts on frequency (a Hill, as Meridian).
   */
  rf?: { population: number };
}

/**
 * An observed control variable. It adds `coef × (value − reference)` to the KPI, where
 * `reference` is the control's nominal level (`mean`), so controls move the KPI around its baseline.
 */
export interface ControlSpec {
  name: string;
  /** KPI units per unit of the control. */
  coef: number;
  /**
   * `price`: an index around `mean` (AR(1), the same in every geo's units);
   * `competitor`: a positive series around `mean` × geo size with seasonality and AR(1) noise (`sd` relative);
   * `normal`: i.i.d. normal(`mean`, `sd`); `random_walk`: `mean` plus a Gaussian random walk of step `sd`.
   */
  kind?: "price" | "competitor" | "normal" | "random_walk";
  mean?: number;
  sd?: number;
}

/**
 * A latent demand series that raises both the KPI and one channel's spend (advertisers spend
 * more when demand is high), so a regression that omits it overstates that channel.
 */
export interface ConfounderSpec {
  /** The channel whose spend follows demand. */
  channel: string;
  /** Log-spend change per standard deviation of demand. Default 0.4. */
  spendEffect?: number;
  /** KPI change per standard deviation of demand, relative to the baseline. Default 0.06. */
  kpiEffect?: number;
  /** AR(1) persistence of demand, in [0, 1). Default 0.85. */
  rho?: number;
  /** Emit the demand series as a column (then it is an observable control). Default false. */
  observed?: boolean;
  /** Column name when observed. Default "demand_index". */
  name?: string;
}

/** Promotions and holidays: an `events` string column ("na" | "promo" | "holiday") and KPI lifts. */
export interface EventsSpec {
  column?: string;
  /** Chance that a non-holiday week runs a promotion. Default 0.06. */
  promoProbability?: number;
  /** KPI lift of a promo week, relative to the baseline. Default 0.08. */
  promoLift?: number;
  /** KPI lift of the Black Friday and Christmas weeks, relative to the baseline. Default 0.15. */
  holidayLift?: number;
}

/**
 * Options of `simulateMMM`; every field has a default.
 * @example { seed: 7, geos: 3, events: true, confounder: { channel: "search" }, impressions: ["tv"] }
 */
export interface SimulateOptions {
  /** Integer seed; the same seed and options give an identical frame. Default 1. */
  seed?: number;
  /** Number of weeks per geo. Default 156. */
  weeks?: number;
  /** First week's Monday as `YYYY-MM-DD`. Default "2021-01-04". */
  start?: string;
  /** Number of geos (named geo_1 …) or their names; omitted (or `[]`) means one national series. */
  geos?: number | string[];
  /** Relative geo sizes (scale spend, baseline, betas); default decreasing sizes with mean 1. */
  geoSizes?: number[];
  /** KPI column name. Default "revenue". */
  kpi?: string;
  /** Weekly intercept of the KPI for a geo of size 1. Default 200000. */
  baseline?: number;
  /** Linear trend: change of the baseline per year, relative to the intercept. Default 0.05. */
  trend?: number;
  /** Yearly Fourier coefficients `[sin, cos]` per order, relative to the intercept; `false` for none. */
  seasonality?: Array<[number, number]> | false;
  channels?: ChannelSpec[];
  controls?: ControlSpec[];
  /** Omitted or `null` for none. */
  confounder?: ConfounderSpec | null;
  /** `true` for default events, an object to tune them; omitted, `false` or `null` for none. */
  events?: EventsSpec | boolean | null;
  /** Gaussian noise sd relative to the intercept. Default 0.04. */
  noise?: number;
  /** Emit `<name>_impressions` for all channels (`true`) or the named ones. Default false. */
  impressions?: boolean | string[];
}

/** Options with every default filled in (what `truth.options` records; pass it back to replay). */
export interface ResolvedSimulateOptions {
  seed: number;
  weeks: number;
  start: string;
  geos: string[];
  geoSizes: number[];
  kpi: string;
  baseline: number;
  trend: number;
  seasonality: Array<[number, number]>;
  channels: Array<Required<Omit<ChannelSpec, "spend" | "organic" | "rf">> & { spend: Required<SpendSpec>; organic?: true; rf?: { population: number } }>;
  controls: Array<Required<ControlSpec>>;
  confounder: Required<ConfounderSpec> | null;
  events: Required<EventsSpec> | null;
  noise: number;
  impressions: string[];
}

/** What the simulator put into one channel. Totals are over all rows (all geos). */
export interface ChannelTruth {
  name: string;
  column: string;
  /** Total spend (organic media: total activity). */
  spend: number;
  contribution: number;
  /** Share of the total paid-media contribution (organic media: relative to that same total). */
  share: number;
  /** contribution / spend (organic media: KPI per unit of activity). */
  roas: number;
  /** Organic media: `column` is `<name>_activity`. */
  organic?: true;
  /** Reach & frequency: `<name>_reach` and `<name>_frequency` hold its reach and frequency. */
  rf?: true;
  adstock: AdstockSpec | AdstockSpecLike;
  saturation: SaturationSpec | SaturationSpecLike;
  beta: number;
  /** Contribution per row, aligned with the data frame. */
  weekly: number[];
}

/** One control's true effect: `coef × (value − reference)` per row. */
export interface ControlTruth {
  name: string;
  coef: number;
  reference: number;
  contribution: number;
  weekly: number[];
}

/**
 * The known truth behind a simulated frame. Per row:
 * `kpi = baseline + Σ controls.weekly + confounder.weekly + Σ channels.weekly + noise`.
 */
export interface SimulationTruth {
  seed: number;
  kpi: string;
  options: ResolvedSimulateOptions;
  rows: number;
  weeks: number;
  /** Geo names (empty for a national series). */
  geos: string[];
  channels: ChannelTruth[];
  /** Intercept + trend + seasonality + events, per row. */
  baseline: number[];
  trend: number[];
  seasonality: number[];
  events: number[];
  controls: ControlTruth[];
  confounder: { name: string; channel: string; observed: boolean; latent: number[]; weekly: number[] } | null;
  noise: number[];
  /** Noise standard deviation in KPI units (for a geo of size 1). */
  noiseSd: number;
}
