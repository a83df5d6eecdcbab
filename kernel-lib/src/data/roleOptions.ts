/**
 * Roles an analyst sets: the KPI, date and geo columns, and the exact lists of channels,
 * controls, organic media and reach & frequency channels. Checked against the table before anything changes, so a typo gets "did you mean"
 * instead of a silently empty model.
 */
import { MMMError } from "../errors";
import { requireColumns } from "./explore";
import type { Frame } from "./polars";
import { checkRfRole, type RfSpec } from "./rfColumns";

export interface RoleOptions {
  kpiCol?: string;
  dateCol?: string;
  geoCol?: string;
  /** Paid-media columns, exactly (spend, or impressions when that is all there is). */
  channels?: string[];
  /** Control columns, exactly (price, promotions, competitor activity, ...). */
  controls?: string[];
  /** Organic media columns, exactly (non-paid activity with carry-over: emails sent, organic impressions); no ROAS, no budget. */
  organic?: string[];
  /** Reach & frequency channels, exactly (`[]`: none; by default proposed from `<stem>_reach` / `_frequency` / `_spend` names). */
  rf?: RfSpec[];
}

const KEYS = ["kpiCol", "dateCol", "geoCol", "channels", "controls", "organic"] as const;
/** Every role field, `rf` (a list of column triples) included. */
const ALL_KEYS = [...KEYS, "rf"] as const;

/** Throw a clear error when a role names a missing column or one column is given two roles. */
export function checkRoleOptions(frame: Frame, roles: RoleOptions): void {
  for (const k of KEYS) {
    const v = roles[k];
    if (v === undefined) continue;
    const list = Array.isArray(v) ? v : [v];
    if (list.some((c) => typeof c !== "string" || c === ""))
      throw new MMMError("INVALID_ARGUMENT", `${k} must be ${Array.isArray(v) ? "a list of column names" : "a column name"}.`, `e.g. ${k === "channels" ? 'channels: ["tv", "search"]' : `${k}: "revenue"`}.`, { value: v });
    requireColumns(frame, list);
  }
  if (roles.rf !== undefined) checkRfRole(frame, roles.rf);
  const seen = new Map<string, string>();
  for (const k of ALL_KEYS) {
    const v = k === "rf" ? roles.rf?.flatMap((r) => [r.reach, r.frequency, r.spend]) : roles[k];
    for (const c of v === undefined ? [] : Array.isArray(v) ? v : [v]) {
      const other = seen.get(c);
      if (other && other !== k) throw new MMMError("INVALID_ARGUMENT", `Column '${c}' is given two roles (${other} and ${k}).`, "Give each column one role.", { column: c });
      seen.set(c, k);
    }
  }
}

/** `next` over `current`: a role left undefined keeps its value. */
export function mergeRoleOptions<T extends RoleOptions>(current: T, next: RoleOptions): T {
  const out = { ...current };
  for (const k of ALL_KEYS) if (next[k] !== undefined) (out as RoleOptions)[k] = next[k] as never;
  return out;
}

/** Only the role fields of a larger options object. */
export function pickRoleOptions(o: RoleOptions): RoleOptions {
  return Object.fromEntries(ALL_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as RoleOptions;
}
