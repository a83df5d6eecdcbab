/**
 * Honest out-of-sample checks of the Bayesian MMM (issue #16 item 3): fit on the weeks before an
 * origin, forecast the next `holdoutWeeks` weeks with their true spend and controls (the adstock
 * carries the training weeks' spend into them, as any forecast does), and score the forecast
 * against the realised KPI — MAPE of the posterior mean and coverage of the 94% predictive band —
 * next to the same scores on the training weeks. One origin is a plain holdout of the last weeks;
 * several are rolling-origin time-slice CV (origins `holdoutWeeks` apart, the last ending at the data's end).
 */
import { isoDate } from "../../data/dates";
import { MMMError } from "../../errors";
import { fitBayesian, type BayesOptions } from "../bayes/fit";
import { bayesForecast } from "../forecast/bayesForecast";
import type { Schedule } from "../forecast/schedule";
import type { MmmData } from "../mmmData";
import { firstWeeks } from "./slice";

/** How to validate: weeks per held-out block, origins, and the (cheaper) sampler settings of each refit. */
export interface ValidationOptions {
  /** Weeks forecast after each origin (default 13). */
  holdoutWeeks?: number;
  /** Origins (default 1: hold out the last weeks; 3 = rolling-origin CV over the last 3 blocks). */
  folds?: number;
  chains?: number;
  warmup?: number;
  draws?: number;
  seed?: number;
}

export interface FitScore {
  /** MAPE of the posterior-mean KPI (a fraction: 0.05 = 5%). */
  mape: number;
  /** Share of weeks whose KPI lies inside the 94% posterior predictive band. */
  coverage94: number;
}

export interface ValidationFold {
  /** First held-out week (ISO). */
  origin: string;
  trainWeeks: number;
  testWeeks: number;
  inSample: FitScore;
  outOfSample: FitScore;
  divergences: number;
  seconds: number;
}

export interface ValidationResult {
  holdoutWeeks: number;
  folds: ValidationFold[];
  /** Means over the folds. */
  inSample: FitScore;
  outOfSample: FitScore;
  sampler: { chains: number; warmup: number; draws: number; seed: number };
  /** Out-of-sample fit far worse than in-sample, or a band that misses held-out weeks. */
  warnings: string[];
}

/** Default refit cost: 2 chains × (300 + 300) draws — enough for a MAPE and a 94% band. */
export const VALIDATION_SAMPLER = { chains: 2, warmup: 300, draws: 300 };

/** The held-out weeks [from, from + h) as a forecast schedule: true spend, raw controls and time terms, realised KPI. */
function heldOutSchedule(data: MmmData, from: number, h: number): Schedule {
  return {
    n: from,
    h,
    days: data.days.slice(from, from + h),
    spend: data.channels.map((c) => c.spend.slice(0, from + h)),
    base: data.base.cols.map((c) => c.slice(from, from + h)),
    actual: Array.from(data.y.subarray(from, from + h)),
    warnings: [],
  };
}

async function fold(data: MmmData, from: number, h: number, opts: BayesOptions): Promise<ValidationFold> {
  const fit = await fitBayesian(firstWeeks(data, from), opts);
  const seed = opts.seed ?? 42;
  const ppc = fit.posterior.predictive(seed);
  const f = bayesForecast(fit.density, fit.posterior.draws, heldOutSchedule(data, from, h), seed);
  return {
    origin: isoDate(data.days[from]!),
    trainWeeks: from,
    testWeeks: h,
    inSample: { mape: ppc.mape, coverage94: ppc.coverage94 },
    outOfSample: { mape: f.accuracy!.mape, coverage94: f.accuracy!.coverage94 },
    divergences: fit.divergences,
    seconds: fit.seconds,
  };
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Warnings an analyst must see: out-of-sample MAPE > 2× in-sample and > 10 points worse; a band covering < 70% of held-out weeks. */
export function validationWarnings(inSample: FitScore, out: FitScore, weeks: number): string[] {
  const w: string[] = [];
  if (out.mape > 2 * inSample.mape && out.mape - inSample.mape > 0.1)
    w.push(
      `Out-of-sample MAPE ${pct(out.mape)} is far worse than in-sample ${pct(inSample.mape)}: the model fits its history but does not predict new weeks. Its ROAS and budget advice may reflect overfitting or a break in the data; check the held-out weeks for events or a trend change, simplify the model (fewer controls, Fourier terms), or use likelihood "studentT".`,
    );
  if (out.coverage94 < 0.7) w.push(`The 94% band covers only ${pct(out.coverage94)} of the ${weeks} held-out weeks: the model is over-confident about new weeks. Treat its intervals as too narrow.`);
  return w;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * Validate the Bayesian MMM with options `model` on `data` (see the file comment).
 * @throws MMMError INVALID_ARGUMENT when the folds leave too little training history.
 * @example
 * const v = await validateBayesian(mmm, { likelihood: "studentT" }, { holdoutWeeks: 13, folds: 3 });
 * v.outOfSample.mape; v.warnings;
 */
export async function validateBayesian(data: MmmData, model: BayesOptions, opts: ValidationOptions = {}): Promise<ValidationResult> {
  const h = opts.holdoutWeeks ?? 13;
  const k = opts.folds ?? 1;
  if (!Number.isInteger(h) || h < 1 || !Number.isInteger(k) || k < 1) throw new MMMError("INVALID_ARGUMENT", `holdoutWeeks ${h} and folds ${k} must be whole numbers ≥ 1.`, "E.g. holdoutWeeks 13, folds 3.", { value: h });
  const first = data.n - k * h;
  if (first < Math.max(52, Math.ceil(data.n / 2)))
    throw new MMMError("INVALID_ARGUMENT", `${k} fold(s) of ${h} weeks leave ${first} of ${data.n} weeks to train on.`, "Keep at least a year (52 weeks) and half the data for training: fewer folds or fewer held-out weeks.", {
      value: first,
    });
  const sampler = { chains: opts.chains ?? VALIDATION_SAMPLER.chains, warmup: opts.warmup ?? VALIDATION_SAMPLER.warmup, draws: opts.draws ?? VALIDATION_SAMPLER.draws, seed: opts.seed ?? model.seed ?? 42 };
  const run: BayesOptions = { ...model, ...sampler };
  const folds: ValidationFold[] = [];
  for (let j = 0; j < k; j++) folds.push(await fold(data, first + j * h, h, run));
  const inSample = { mape: mean(folds.map((f) => f.inSample.mape)), coverage94: mean(folds.map((f) => f.inSample.coverage94)) };
  const outOfSample = { mape: mean(folds.map((f) => f.outOfSample.mape)), coverage94: mean(folds.map((f) => f.outOfSample.coverage94)) };
  return { holdoutWeeks: h, folds, inSample, outOfSample, sampler, warnings: validationWarnings(inSample, outOfSample, k * h) };
}
