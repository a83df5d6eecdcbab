/**
 * Is each channel's estimate identified by the data? Two checks on a fitted ridge model: a channel
 * whose media feature moves with another's (|r| ≥ 0.95) cannot be separated from it — the ridge
 * penalty, not the data, then splits their effect, typically into equal halves; and a channel whose
 * ROAS jumps across rolling time-series CV folds is not pinned down either. Such channels are
 * flagged with a reason, so their numbers are read as uncertain instead of as findings.
 */
import { crossValidate, cvPlan } from "../search/cv";
import type { RidgeModel } from "./fit";

export interface ChannelIdentification {
  name: string;
  identified: boolean;
  /** sd / mean of the channel's ROAS over the CV folds (NaN when the data are too short). */
  foldSpread: number;
  reason?: string;
  /** The channel it moves with (|r| ≥ 0.95), when that is why it is not identified. */
  partner?: string;
}

/** Thresholds: feature correlation that makes a pair inseparable; fold spread that means "not pinned down". */
export const IDENTIFIED = { collinear: 0.95, foldSpread: 0.35 } as const;

export function identification(m: RidgeModel): ChannelIdentification[] {
  const d = m.data;
  const plan = cvPlan(d.n, m.fit.coef.length);
  const folds = plan ? crossValidate(d, m.media, m.fit.lambda, plan).foldRoas : [];
  return d.channels.map((ch, i) => {
    // Either the spends or the transformed media move together: different adstocks can decorrelate the features of one spend pattern a little, not enough to separate them.
    const r = (j: number) => Math.max(Math.abs(correlation(m.features[i]!, m.features[j]!)), Math.abs(correlation(ch.spend, d.channels[j]!.spend)));
    const partner = d.channels.findIndex((_, j) => j !== i && r(j) >= IDENTIFIED.collinear);
    const roas = folds.map((f) => f[i]!);
    const mean = roas.reduce((a, b) => a + b, 0) / Math.max(1, roas.length);
    const sd = Math.sqrt(roas.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, roas.length - 1));
    const foldSpread = roas.length ? (mean > 0 ? sd / mean : sd > 0 ? Infinity : 0) : NaN;
    if (partner >= 0)
      return {
        name: ch.name,
        identified: false,
        foldSpread,
        partner: d.channels[partner]!.name,
        reason: `it moves with '${d.channels[partner]!.name}' (r = ${r(partner).toFixed(2)}), so the data cannot split their effect and the split shown is the penalty's`,
      };
    if (foldSpread > IDENTIFIED.foldSpread)
      return { name: ch.name, identified: false, foldSpread, reason: `its ROAS varies by ${Number.isFinite(foldSpread) ? `${Math.round(100 * foldSpread)}%` : "more than its mean"} across ${roas.length} time-series CV folds` };
    return { name: ch.name, identified: true, foldSpread };
  });
}

/** One warning per channel that is not identified. */
export function identificationWarnings(ids: ChannelIdentification[]): string[] {
  return ids.filter((c) => !c.identified).map((c) => notIdentified(c.name, c.reason!));
}

export function notIdentified(name: string, reason: string): string {
  return `Channel '${name}' is not identified by the data: ${reason}. Read its ROAS as uncertain (the Bayesian model's HDI shows how much), or add variation (a lift test, a flighting change, a prior).`;
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let t = 0; t < n; t++) {
    ma += a[t]!;
    mb += b[t]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let t = 0; t < n; t++) {
    sab += (a[t]! - ma) * (b[t]! - mb);
    saa += (a[t]! - ma) ** 2;
    sbb += (b[t]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
