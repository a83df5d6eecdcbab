/** What the analytics tools read: the roles from the profile and one series per period of the working table. */
import { analyticsSeries, numericColumns } from "../data/analyticsSeries";
import { MMMError } from "../errors";
import type { ToolContext } from "./types";

/** The KPI, channels and numeric controls as the profile has them, and the date/geo to order and sum by. */
export function rolesOf({ engine }: ToolContext) {
  const roles = engine.profile().roles;
  // Text controls (e.g. an events column) need one-hot encoding first: the statistics skip them.
  const controls = numericColumns(engine.data, roles.controls);
  return { kpi: engine.kpiCol ?? roles.kpi, channels: roles.channels, controls, date: engine.dateCol ?? roles.date, geo: engine.geoCol ?? roles.geo };
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
