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
import { linearFit, ridgeResult, type RidgeResult } from "./ridge/result";
import { optimizeAllChannels, optimizeChannel, type SearchOptions, type SearchResult } from "./search/search";

export class ModelSession {
  #media: Record<string, MediaParams> = {};
  #model?: RidgeModel;
  #result?: RidgeResult;

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
  }

  prepare(frame: Frame, spec: MmmSpec): MmmData {
    return prepareMmmData(frame, spec);
  }

  fitRidge(data: MmmData, opts: RidgeOptions = {}): RidgeResult {
    const known = Object.fromEntries(Object.entries(this.#media).filter(([k]) => data.channels.some((c) => c.name === k)));
    this.#model = fitRidge(data, { ...opts, media: { ...known, ...opts.media } });
    this.#result = ridgeResult(this.#model);
    return this.#result;
  }

  searchChannel(data: MmmData, channel: string, opts: SearchOptions = {}): SearchResult {
    const r = optimizeChannel(data, channel, { ...opts, start: { ...this.#media, ...opts.start } });
    this.#media[channel] = r.params[channel]!;
    return r;
  }

  searchAll(data: MmmData, opts: SearchOptions = {}): SearchResult {
    const r = optimizeAllChannels(data, { ...opts, start: { ...this.#media, ...opts.start } });
    Object.assign(this.#media, r.params);
    return r;
  }

  recommendations(data: MmmData): AdstockRecommendation[] {
    return adstockRecommendations(data);
  }

  responses(): ChannelResponse[] {
    return channelResponses(linearFit(this.#fitted()));
  }

  curves(opts?: { points?: number; upTo?: number }): ResponseCurve[] {
    return responseCurves(linearFit(this.#fitted()), opts);
  }

  decomposition(): DecompositionRow[] {
    return decompose(linearFit(this.#fitted()));
  }

  #fitted(): RidgeModel {
    if (!this.#model) throw new MMMError("NOT_AVAILABLE", "No model has been fitted yet.", "Run runRidgeMMM() (tool run_ols_mmm) first.");
    return this.#model;
  }
}
