/**
 * `profileData`: everything an analyst checks before modelling, in one JSON-serialisable object —
 * column roles, per-column quality, the time axis, collinearity, and a verdict on sufficiency.
 */
import { AGENT_CFG } from "../../config";
import { errorMessage } from "../../errors";
import { varianceInflation } from "../../math/stats";
import { parseDateColumn } from "../dates";
import { pl, toLazy, type DataFrame, type Frame } from "../polars";
import { columnQuality, type ColumnQuality } from "./quality";
import { detectRoles, type RoleHints, type Roles } from "./roles";
import { analyseTimeline, type Granularity, type Timeline } from "./timeline";
import { profileWarnings } from "./warnings";
import { verdictOf } from "./verdict";

export type { ColumnQuality, Roles, RoleHints, Timeline, Granularity };

export interface DataProfile {
  rows: number;
  columns: number;
  columnNames: string[];
  granularity: Granularity;
  roles: Roles;
  quality: Record<string, ColumnQuality>;
  timeline?: Timeline;
  /** Transactions or daily rows that must be aggregated to weeks before modelling. */
  needsAggregation: boolean;
  /** Enough weekly history for MMM (>= minRowsForMmm weeks) and a usable numeric KPI. */
  sufficient: boolean;
  /** Suitable for MMM as it stands (date, numeric KPI, channels, enough history); `unsuitableBecause` says why not. */
  suitable: boolean;
  unsuitableBecause: string[];
  minRowsForMmm: number;
  warnings: string[];
}

export interface ProfileOptions extends RoleHints {
  minRowsForMmm?: number;
  /** Rows used for VIF (a seeded sample of bigger tables). */
  vifRows?: number;
}

/**
 * Profile a table (eager or lazy).
 * @example
 * const p = profileData(pl.readCSV("weekly.csv"));
 * p.roles.kpi; // "revenue"
 */
export function profileData(frame: Frame, opts: ProfileOptions = {}): DataProfile {
  const { rows, columns: quality } = columnQuality(frame);
  const roles = detectRoles(frame, quality, rows, opts);
  const minRows = opts.minRowsForMmm ?? AGENT_CFG.minRowsForMmm;
  const extra: string[] = [];
  const timeline = roles.date ? timelineOf(frame, roles, extra) : undefined;
  addVif(frame, roles, quality, opts.vifRows ?? 100_000);
  const granularity = timeline?.granularity ?? "irregular";
  const needsAggregation = granularity === "transactions" || granularity === "daily" || (granularity === "irregular" && (timeline?.stepDays ?? 7) < 7);
  const verdict = verdictOf(roles, quality, timeline, minRows);
  const warnings = [...extra, ...profileWarnings({ rows, roles, quality, timeline, minRows, needsAggregation, sufficient: (timeline?.weeks ?? 0) >= minRows })];
  return {
    rows,
    columns: Object.keys(quality).length,
    columnNames: Object.keys(quality),
    granularity,
    roles,
    quality,
    timeline,
    needsAggregation,
    sufficient: verdict.sufficient,
    suitable: verdict.suitable,
    unsuitableBecause: verdict.reasons,
    minRowsForMmm: minRows,
    warnings,
  };
}

function timelineOf(frame: Frame, roles: Roles, warnings: string[]): Timeline | undefined {
  const keep = [roles.date!, ...(roles.geo ? [roles.geo] : [])];
  let small: DataFrame = toLazy(frame)
    .select(...keep)
    .collectSync();
  try {
    small = parseDateColumn(small, roles.date!).frame;
  } catch (err) {
    warnings.push(errorMessage(err));
    return undefined;
  }
  return analyseTimeline(small, roles.date!, roles.geo);
}

/** VIF among the candidate regressors (spend channels and numeric controls). */
function addVif(frame: Frame, roles: Roles, quality: Record<string, ColumnQuality>, maxRows: number): void {
  const cols = [...roles.channels, ...roles.controls].filter((c) => quality[c]!.numeric && !quality[c]!.constant && !quality[c]!.allNull);
  if (cols.length < 2) return;
  let data = toLazy(frame)
    .select(...cols.map((c) => pl.col(c).cast(pl.Float64)))
    .dropNulls()
    .collectSync();
  if (data.height > maxRows) data = data.sample({ n: maxRows, seed: AGENT_CFG.seed });
  if (data.height <= cols.length) return;
  const vif = varianceInflation(cols.map((c) => data.getColumn(c).toTypedArray() as Float64Array));
  cols.forEach((c, i) => (quality[c]!.vif = Number.isFinite(vif[i]!) ? Math.round(vif[i]! * 100) / 100 : vif[i]!));
}
