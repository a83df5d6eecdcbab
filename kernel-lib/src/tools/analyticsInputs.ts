/** What the analytics tools read: the roles from the profile and one series per period of the working table. */
import { analyticsSeries, numericColumns } from "../data/analyticsSeries";
import { MMMError } from "../errors";
import type { ToolContext } from "./types";

/** The main cycle in rows at the table's granularity (a week of days, a year of weeks or months): the default decomposition period. */
const SEASON: Record<string, number> = { daily: 7, transactions: 7, weekly: 52, monthly: 12 };

/** The KPI, channels and numeric controls as the profile has them, and the date/geo to order and sum by. */
export function rolesOf({ engine }: ToolContext) {
  const profile = engine.profile();
  const roles = profile.roles;
  // Text controls (e.g. an events column) need one-hot encoding first: the statistics skip them.
  const controls = numericColumns(engine.data, roles.controls);
  return { kpi: engine.kpiCol ?? roles.kpi, channels: roles.channels, controls, date: engine.dateCol ?? roles.date, geo: engine.geoCol ?? roles.geo, period: SEASON[profile.granularity] ?? 52 };
}

/** One series per period for `cols` (summed over geos, in date order). */
export function seriesFor(ctx: ToolContext, cols: readonly string[]) {
  const { date, geo } = rolesOf(ctx);
  return analyticsSeries(ctx.engine.data, cols, { date, geo });
}

/** The KPI given, else the profile's; an error the agent can act on when there is none. */
export function kpiOf(ctx: ToolContext, given?: string): string {
  const kpi = given ?? rolesOf(ctx).kpi;
  if (!kpi) throw new MMMError("INVALID_ARGUMENT", "No KPI column is set.", "Pass the KPI column, or set it with set_column_roles.");
  return kpi;
}

/** Round to `d` significant digits for a short JSON result. */
export const sig = (v: number, d = 3): number => (Number.isFinite(v) ? Number(v.toPrecision(d)) : v);

/** A p-value as an analyst reads it. */
export const pText = (v: number): string => (v < 1e-4 ? "< 0.0001" : v.toFixed(4));
