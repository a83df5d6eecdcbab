/** What a per-geo budget plan (geoBudget.ts) adds to a plan: spend and expected KPI per cell, per geo and per channel. */
/** Spend and expected incremental KPI over the horizon, at the plan and at current spend. */
export interface GeoBudgetTotals {
  current: number;
  allocation: number;
  currentExpected: number;
  expected: number;
}

/** What a per-geo plan adds to a plan: per cell, per geo and per channel. */
export interface GeoSplit {
  cells: ({ geo: string; channel: string; mroas: number; status: "interior" | "lower" | "upper" | "fixed" } & GeoBudgetTotals)[];
  byGeo: Record<string, GeoBudgetTotals>;
  byChannel: Record<string, GeoBudgetTotals>;
  /** Uplift of the best plan keeping each channel's current split across geos (geoChannelMix.ts; default bounds only). */
  channelMixUplift?: number;
}
