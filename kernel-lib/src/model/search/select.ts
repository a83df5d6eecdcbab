/**
 * Choosing the reported model among the search's candidates. Out-of-sample fit decides (rolling
 * time-series CV); DECOMP.RSSD only breaks ties among candidates whose CV error is within noise of
 * the best and whose ROAS all stay within 10% of the best's. Ranking on in-sample NRMSE × (1 + w·RSSD) instead let the search trade a little fit
 * for "plausible" shares: with Hill K and S free per channel, some parameter set always puts every
 * channel's effect share on its spend share (RSSD → 0), so every channel got the same ROAS. When
 * the near-equivalent candidates disagree on a channel's ROAS, or its ROAS jumps across folds, the
 * channel is flagged as not identified instead of being silently equalised.
 */
import type { MediaParams } from "../media";
import { notIdentified } from "../ridge/identification";
import type { MmmData } from "../mmmData";
import { crossValidate, cvPlan, worseBeyondNoise, type CvOptions, type CvScore } from "./cv";

export interface Candidate {
  params: MediaParams[];
  nrmse: number;
  decompRssd: number;
}

export interface ChannelStability {
  name: string;
  /** ROAS range over the candidates within noise of the best CV error. */
  roasRange: [number, number];
  /** Spread of the chosen model's ROAS across CV folds: sd / |mean|. */
  foldSpread: number;
  identified: boolean;
  /** Why not, when not identified. */
  reason?: string;
}

export interface Selection {
  /** Index of the chosen candidate. */
  index: number;
  method: "cv" | "in-sample";
  folds: number;
  candidates: number;
  /** Candidates whose CV error is within noise of the best. */
  nearEquivalent: number;
  cvError: number;
  bestCvError: number;
  /** Wall time of the selection (CV of every candidate). */
  seconds: number;
  channels: ChannelStability[];
  /** Every candidate's scores and ROAS (fitted on all weeks), in candidate order. */
  table: { cvError: number; nrmse: number; decompRssd: number; roas: number[]; near: boolean }[];
  warnings: string[];
}

/** Thresholds for "not identified": ROAS range max/min, and fold spread (sd / mean). */
export const IDENTIFICATION = { roasRatio: 1.5, foldSpread: 0.35 } as const;

/** Choose among `candidates` (fit at penalty `lambda`); falls back to in-sample NRMSE on short data. */
export function selectModel(data: MmmData, candidates: Candidate[], lambda: number, opts: CvOptions = {}): Selection {
  const t0 = performance.now();
  const plan = cvPlan(data.n, data.channels.length + data.base.cols.length, opts);
  if (!plan || candidates.length === 0) return inSample(data, candidates);
  const scores = candidates.map((c) => crossValidate(data, c.params, lambda, plan));
  const best = argmin(scores.map((s) => s.error));
  if (best < 0) return inSample(data, candidates);
  const near = scores.map((_, i) => i).filter((i) => !worseBeyondNoise(scores[i]!, scores[best]!));
  // DECOMP.RSSD breaks ties only between models that tell the same story (every ROAS within
  // TIE_ROAS of the best's): a wider move would make the reported ROAS an artefact of the rule.
  const ties = near.filter((i) => sameStory(scores[i]!.roas, scores[best]!.roas));
  const index = ties.reduce((a, i) => (candidates[i]!.decompRssd < candidates[a]!.decompRssd ? i : a), best);
  const channels = stability(data, scores, near, index, plan.folds);
  return {
    index,
    method: "cv",
    folds: plan.folds,
    candidates: candidates.length,
    nearEquivalent: near.length,
    cvError: scores[index]!.error,
    bestCvError: scores[best]!.error,
    seconds: (performance.now() - t0) / 1000,
    channels,
    table: scores.map((sc, i) => ({ cvError: sc.error, nrmse: candidates[i]!.nrmse, decompRssd: candidates[i]!.decompRssd, roas: sc.roas, near: near.includes(i) })),
    warnings: channels.filter((c) => !c.identified).map((c) => notIdentified(c.name, c.reason!)),
  };
}

function inSample(data: MmmData, candidates: Candidate[]): Selection {
  const index = Math.max(0, argmin(candidates.map((c) => c.nrmse)));
  const warnings = ["Too few weeks for time-series cross-validation: the media parameters were chosen on in-sample fit only."];
  const channels = data.channels.map((c) => ({ name: c.name, roasRange: [NaN, NaN] as [number, number], foldSpread: NaN, identified: true }));
  return { index, method: "in-sample", folds: 0, candidates: candidates.length, nearEquivalent: 1, cvError: NaN, bestCvError: NaN, seconds: 0, channels, table: [], warnings };
}

/** Relative ROAS change a tie-break may cause per channel. */
export const TIE_ROAS = 0.1;

function sameStory(roas: number[], best: number[]): boolean {
  return roas.every((r, i) => Math.abs(r - best[i]!) <= TIE_ROAS * Math.max(Math.abs(best[i]!), 0.1));
}

function stability(data: MmmData, scores: CvScore[], near: number[], chosen: number, folds: number): ChannelStability[] {
  const chosenFolds = scores[chosen]!.foldRoas;
  return data.channels.map((ch, i) => {
    const roas = near.map((k) => scores[k]!.roas[i]!);
    const lo = Math.min(...roas);
    const hi = Math.max(...roas);
    const f = chosenFolds.map((r) => r[i]!);
    const mean = f.reduce((a, b) => a + b, 0) / f.length;
    const sd = Math.sqrt(f.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, f.length - 1));
    const foldSpread = mean > 0 ? sd / mean : sd > 0 ? Infinity : 0;
    const base = { name: ch.name, roasRange: [lo, hi] as [number, number], foldSpread };
    if (hi > IDENTIFICATION.roasRatio * Math.max(lo, 1e-9 * hi) && hi - lo > 0.2) return { ...base, identified: false, reason: `models that predict equally well out of sample give it a ROAS from ${lo.toFixed(2)} to ${hi.toFixed(2)}` };
    if (foldSpread > IDENTIFICATION.foldSpread)
      return { ...base, identified: false, reason: `its ROAS varies by ${Number.isFinite(foldSpread) ? `${Math.round(100 * foldSpread)}%` : "more than its mean"} across ${folds} time-series CV folds` };
    return { ...base, identified: true };
  });
}

function argmin(v: number[]): number {
  let k = -1;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]) && (k < 0 || v[i]! < v[k]!)) k = i;
  return k;
}
