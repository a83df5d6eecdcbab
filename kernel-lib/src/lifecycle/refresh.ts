/**
 * Refreshing saved fits with new weeks (issue #16 item 5; Robyn's `robyn_refresh`): the new table's
 * weeks are appended to each fit's arrays (model/refresh/combine.ts), the saved model forecasts the
 * weeks after its end (the evidence for the "why", model/refresh/drift.ts), and the same
 * specification is refitted — ridge with the saved adstock/saturation parameters and penalty
 * (unless `research`), Bayesian warm-started from the saved posterior (model/bayes/warmStart.ts).
 * The result is the refitted fits and a `RefreshReport`: per channel ROAS and contribution before
 * and after, the change and why.
 */
import type { BayesianFit, RidgeFit } from "../analysis/fits";
import { MMMError } from "../errors";
import type { Frame } from "../data/polars";
import { fitBayesian } from "../model/bayes/fit";
import { bayesianResult } from "../model/bayes/result";
import { fitBayesianWarm, WARM_WARMUP } from "../model/bayes/warmStart";
import { bayesForecast } from "../model/forecast/bayesForecast";
import type { Forecast } from "../model/forecast/result";
import { ridgeForecast } from "../model/forecast/ridgeForecast";
import type { Schedule } from "../model/forecast/schedule";
import { modelPeriod, type MmmData, type MmmSpec } from "../model/mmmData";
import { combineWeeks, type CombinedData } from "../model/refresh/combine";
import { channelDrift } from "../model/refresh/drift";
import { RULE_TEXT, type FitRefresh, type RefreshReport } from "../model/refresh/types";
import { fitRidge } from "../model/ridge/fit";
import { ridgeResult } from "../model/ridge/result";
import { channelRefresh, type Before } from "./refreshChannels";

/** How to refresh. */
export interface RefreshOptions {
  /** Bayesian: start from the saved posterior (default true); false refits cold with the saved sampler settings. */
  warmStart?: boolean;
  /** Bayesian warm-up iterations of a warm start (default 300). */
  warmup?: number;
  /** Bayesian draws per chain and chains (default: the saved fit's). */
  draws?: number;
  chains?: number;
  seed?: number;
  /** Ridge: search the penalty again (GCV) and fit with the default media parameters instead of the saved ones. */
  research?: boolean;
  onProgress?: (e: { phase: string; iteration: number; chain: number }) => void;
}

/** The refitted fits (to record) and what changed. */
export interface Refreshed {
  ridge?: Omit<RidgeFit, "kind" | "seq" | "at">;
  bayesian?: Omit<BayesianFit, "kind" | "seq" | "at">;
  /** The extended arrays (the current fit's) and the spec they answer to (controls as modelled columns, national). */
  data: MmmData;
  spec: MmmSpec;
  report: RefreshReport;
}

/** The weeks after the saved end as a forecast schedule: true spend (carry-over from the saved weeks), raw controls and time terms, realised KPI. */
function newWeeksSchedule(c: CombinedData): Schedule | undefined {
  const { data, savedWeeks: n } = c;
  const h = data.n - n;
  if (h < 1) return undefined;
  return { n, h, days: data.days.slice(n), spend: data.channels.map((ch) => ch.spend.slice()), base: data.base.cols.map((b) => b.slice(n)), actual: Array.from(data.y.subarray(n)), warnings: [] };
}

function specOf(fit: RidgeFit | BayesianFit): MmmSpec {
  if (!fit.spec) throw new MMMError("INVALID_ARGUMENT", `The saved ${fit.kind} fit does not record the columns it was built from.`, "Refit the model with this version of agentic-mmm and save it again, then refresh.");
  return fit.spec;
}

/** The refreshed arrays' spec: the same columns, controls as the modelled (one-hot) columns, national. */
function refreshedSpec(spec: MmmSpec, data: MmmData): MmmSpec {
  return { ...spec, channels: data.channels.map((c) => c.name), controls: data.base.names.filter((_, i) => data.base.kind[i] === "control"), geoCol: undefined };
}

function outOfSample(f: Forecast | undefined, inSampleMape: number): FitRefresh["outOfSample"] {
  return f?.accuracy && { weeks: f.accuracy.weeks, mape: f.accuracy.mape, coverage94: f.accuracy.coverage94, inSampleMape };
}

function refreshRidge(fit: RidgeFit, c: CombinedData, opts: RefreshOptions): { fit: Omit<RidgeFit, "kind" | "seq" | "at">; report: FitRefresh } {
  const old = fit.model;
  const schedule = newWeeksSchedule(c);
  const forecast = schedule && ridgeForecast(old, schedule);
  const keep = !opts.research;
  const media = keep ? Object.fromEntries(old.data.channels.map((ch, i) => [ch.name, old.media[i]!])) : fit.options.media;
  const options = { ...fit.options, media, penalty: keep ? old.fit.lambda : fit.options.penalty };
  const model = fitRidge(c.data, options);
  const result = ridgeResult(model);
  const before: Before[] = fit.result.channels.map((ch) => ({ name: ch.name, roas: { mean: ch.roas }, contribution: { mean: ch.contribution } }));
  const after: Before[] = result.channels.map((ch) => ({ name: ch.name, roas: { mean: ch.roas }, contribution: { mean: ch.contribution } }));
  const drift = forecast ? channelDrift(forecast) : {};
  return {
    fit: { options, result, model, spec: refreshedSpec(specOf(fit), c.data) },
    report: {
      kind: "ridge",
      before: modelPeriod(old.data),
      after: modelPeriod(c.data),
      outOfSample: outOfSample(forecast, fit.result.metrics.mape),
      channels: channelRefresh(before, after, drift),
      ridge: { keptMedia: keep, lambda: model.fit.lambda },
    },
  };
}

async function refreshBayesian(fit: BayesianFit, c: CombinedData, opts: RefreshOptions): Promise<{ fit: Omit<BayesianFit, "kind" | "seq" | "at">; report: FitRefresh }> {
  const saved = fit.posterior;
  const schedule = newWeeksSchedule(c);
  const seed = opts.seed ?? fit.options.seed ?? 42;
  const forecast = schedule && bayesForecast(saved.density, saved.draws, schedule, seed);
  const warm = opts.warmStart ?? true;
  const base = { ...fit.options, seed, chains: opts.chains ?? fit.options.chains, draws: opts.draws ?? fit.options.draws, onProgress: opts.onProgress };
  const refit = warm ? await fitBayesianWarm(c.data, base, saved, opts.warmup ?? WARM_WARMUP) : { ...(await fitBayesian(c.data, base)), warmStart: false, warmup: base.warmup ?? 1000, note: undefined };
  const { onProgress: _drop, ...options } = { ...base, warmup: refit.warmup };
  const result = bayesianResult(refit, options);
  const pick = (chs: typeof result.channels): Before[] => chs.map((ch) => ({ name: ch.name, roas: { mean: ch.roas.mean, hdi94: ch.roas.hdi94 }, contribution: { mean: ch.contribution.mean, hdi94: ch.contribution.hdi94 } }));
  const drift = forecast ? channelDrift(forecast) : {};
  return {
    fit: { options, result, posterior: refit.posterior, spec: refreshedSpec(specOf(fit), c.data) },
    report: {
      kind: "bayesian",
      before: modelPeriod(saved.density.data),
      after: modelPeriod(c.data),
      outOfSample: outOfSample(forecast, fit.result.fit.mape),
      channels: channelRefresh(pick(fit.result.channels), pick(result.channels), drift),
      sampler: {
        warmStart: refit.warmStart,
        warmup: refit.warmup,
        draws: result.sampler.draws,
        chains: result.sampler.chains,
        seconds: refit.seconds,
        maxRhat: result.diagnostics.maxRhat,
        divergences: result.diagnostics.divergences,
        ...(refit.note ? { note: refit.note } : {}),
      },
    },
  };
}

const span = (dates: string[]) => ({ weeks: dates.length, ...(dates.length ? { from: dates[0], to: dates[dates.length - 1] } : {}) });

/**
 * Refresh the saved fits with the new table's weeks.
 * @throws MMMError NO_MODEL (nothing to refresh), DATA_MISMATCH (the new table lacks a column, has another type, or weeks off the saved grid or after a gap)
 * @example const r = await refreshFits({ bayesian: engine.analysis.bayesian }, newWeeks); r.report.fits[0].channels;
 */
export async function refreshFits(fits: { ridge?: RidgeFit; bayesian?: BayesianFit }, frame: Frame, opts: RefreshOptions = {}): Promise<Refreshed> {
  const { ridge, bayesian } = fits;
  if (!ridge && !bayesian) throw new MMMError("NO_MODEL", "There is no fitted or loaded model to refresh.", "Load a saved model (MMMEngine.load(dir)) or fit one first, then refresh it with the new weeks.");
  const reports: FitRefresh[] = [];
  const out: Partial<Refreshed> = {};
  let combined: CombinedData | undefined;
  if (ridge) {
    combined = combineWeeks(ridge.model.data, frame, specOf(ridge));
    const r = refreshRidge(ridge, combined, opts);
    out.ridge = r.fit;
    reports.push(r.report);
  }
  if (bayesian) {
    combined = combineWeeks(bayesian.posterior.density.data, frame, specOf(bayesian));
    const b = await refreshBayesian(bayesian, combined, opts);
    out.bayesian = b.fit;
    reports.push(b.report);
  }
  const c = combined!;
  const spec = (out.bayesian ?? out.ridge)!.spec!;
  const report: RefreshReport = { added: span(c.added), replaced: span(c.replaced), fits: reports, rule: RULE_TEXT, warnings: c.warnings };
  if (c.added.length === 0) report.warnings.push("No week after the saved end: the refit saw revised weeks only, so there is no out-of-sample test and every change is put down to the revised data.");
  return { ...out, data: c.data, spec, report };
}
