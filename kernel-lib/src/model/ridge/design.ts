/**
 * The ridge design matrix: one transformed media column per channel (constrained ≥ 0), then the
 * baseline regressors. Row-major so the regression hot path reads it sequentially.
 */
import type { MmmData } from "../mmmData";
import { mediaFeature, type MediaParams } from "../media";
import type { RidgeProblem } from "../../math/ridge";

export interface Design {
  problem: RidgeProblem;
  /** Transformed media columns, in channel order. */
  media: Float64Array[];
  names: string[];
}

/** Media features for every channel under the given parameters. */
export function mediaColumns(data: MmmData, params: MediaParams[]): Float64Array[] {
  return data.channels.map((ch, i) => mediaFeature(ch.spend, ch.scale, params[i]!));
}

/** Assemble [media | base] into a ridge problem over rows [0, rows). */
export function buildDesign(data: MmmData, media: Float64Array[], rows = data.n): Design {
  const cols = [...media, ...data.base.cols];
  const p = cols.length;
  const x = new Float64Array(rows * p);
  for (let j = 0; j < p; j++) {
    const c = cols[j]!;
    for (let r = 0; r < rows; r++) x[r * p + j] = c[r]!;
  }
  const nonNegative = cols.map((_, j) => j < media.length);
  return { problem: { x, y: data.y.subarray(0, rows), n: rows, p, nonNegative }, media, names: [...data.channels.map((c) => c.name), ...data.base.names] };
}
