/**
 * The modelling state of an engine session: the prepared arrays, the media parameters found so
 * far (searches update them, fits use them) and the last fitted model that ROI, curves,
 * decomposition and the budget optimiser read.
 */
import { MMMError } from "../errors";
import type { Frame } from "../data/polars";
import { channelResponses, decompose, responseCurves, type DecompositionRow, type ResponseCurve } from "./decomposition";
import type { MediaParams } from "./media";
import { prepareMmmData, type MmmData, type MmmSpec } from "./mmmData";
import { adstockRecommendations, type AdstockRecommendation } from "./recommendations";
import type { ChannelResponse } from "./response";
import { fitRidge, type RidgeModel, type RidgeOptions } from "./ridge/fit";
import { notIdentified } from "./ridge/identification";
import { linearFit, ridgeResult, type RidgeResult } from "./ridge/result";
import { optimizeAllChannels, optimizeChannel, type SearchOptions, type SearchResult } from "./search/search";
import type { BayesPosterior } from "./bayes/bayesPosterior";

export class ModelSession {
  #media: Record<string, MediaParams> = {};
  #model?: RidgeModel;
  #result?: RidgeResult;
  #bayes?: BayesPosterior;
  /** Channels the last joint search could not identify, with the reason. */
  #searchWarnings = new Map<string, string>();
  /** Which fit the budget optimiser and scenarios read: the latest one. */
  #latest?: "ridge" | "bayesian";

  /** Media parameters currently in use (from searches or given). */
  get media(): Record<string, MediaParams> {
    return { ...this.#media };
  }

  get lastResult(): RidgeResult | undefined {
    return this.#result;
  }

  /** Forget fitted models and parameters (the data changed). */
  reset(): void {
    this.#media = {};
    this.#model = undefined;
    this.#result = undefined;
    this.#bayes = undefined;
    this.#latest = undefined;
    this.#searchWarnings.clear();
  }

  /** The last Bayesian fit. */
  get bayesian(): BayesPosterior | undefined {
    return this.#bayes;
  }

  /** Which model was fitted last. */
  get latest(): "ridge" | "bayesian" | undefined {
    return this.#latest;
  }

  setBayesian(posterior: BayesPosterior): void {
    this.#bayes = posterior;
    this.#latest = "bayesian";
  }

  prepare(frame: Frame, spec: MmmSpec): MmmData {
    return prepareMmmData(frame, spec);
  }

  fitRidge(data: MmmData, opts: RidgeOptions = {}): RidgeResult {
    const known = Object.fromEntries(Object.entries(this.#media).filter(([k]) => data.channels.some((c) => c.name === k)));
    this.#model = fitRidge(data, { ...opts, media: { ...known, ...opts.media } });
    this.#result = withSearchFlags(ridgeResult(this.#model), this.#searchWarnings, opts.media);
    this.#latest = "ridge";
    return this.#result;
  }

  searchChannel(data: MmmData, channel: string, opts: SearchOptions = {}): SearchResult {
    const r = optimizeChannel(data, channel, { ...opts, start: { ...this.#media, ...opts.start } });
    this.#media[channel] = r.params[channel]!;
    this.#searchWarnings.delete(channel);
    return r;
  }

  searchAll(data: MmmData, opts: SearchOptions = {}): SearchResult {
    const r = optimizeAllChannels(data, { ...opts, start: { ...this.#media, ...opts.start } });
    Object.assign(this.#media, r.params);
    this.#searchWarnings = new Map((r.selection?.channels ?? []).filter((c) => !c.identified).map((c) => [c.name, c.reason!]));
    return r;
  }

  recommendations(data: MmmData): AdstockRecommendation[] {
    return adstockRecommendations(data);
  }

  /** Response curves of the latest fit (the Bayesian one's are posterior means). */
  responses(): ChannelResponse[] {
    if (this.#latest === "bayesian" && this.#bayes) return this.#bayes.responses();
    return channelResponses(linearFit(this.#fitted()));
  }

  curves(opts?: { points?: number; upTo?: number }): ResponseCurve[] {
    return responseCurves(linearFit(this.#fitted()), opts);
  }

  decomposition(): DecompositionRow[] {
    return decompose(linearFit(this.#fitted()));
  }

  #fitted(): RidgeModel {
    if (!this.#model) throw new MMMError("NOT_AVAILABLE", "No ridge model has been fitted yet.", this.#bayes ? "This view reads the ridge fit: run runRidgeMMM() (tool run_ols_mmm), or use engine.bayesian() for the Bayesian fit's decomposition and curves." : "Run runRidgeMMM() (tool run_ols_mmm) first.");
    return this.#model;
  }
}

/** Channels fitted with the searched parameters carry the search's "not identified" flags. */
function withSearchFlags(r: RidgeResult, flags: Map<string, string>, given: RidgeOptions["media"]): RidgeResult {
  const flagged = r.identification.map((c) => (c.identified && flags.has(c.name) && !given?.[c.name] ? { ...c, identified: false, reason: flags.get(c.name)! } : c));
  const extra = flagged.filter((c, i) => c !== r.identification[i]).map((c) => notIdentified(c.name, c.reason!));
  return { ...r, identification: flagged, warnings: [...r.warnings, ...extra] };
}
