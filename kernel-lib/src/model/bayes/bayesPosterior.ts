/**
 * A fitted Bayesian MMM: the density, every chain's draws, and the posterior outputs an analyst
 * asks for — channel summaries, weekly decomposition and response curves with bands, posterior
 * predictive check, the posterior-mean curves for the budget optimiser with the uplift's HDI, and
 * the draws exported for other tools (JSON in arviz's layout, or Parquet).
 */
import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { DataFrame } from "nodejs-polars";
import { MMMError } from "../../errors";
import type { ChannelResponse } from "../response";
import type { BayesMmmDensity, BayesParams } from "./mmmDensity";
import { convergenceSummary, diagnosticsTable, type ConvergenceSummary, type ParameterDiagnostics } from "./diagnostics";
import { channelPosteriors, organicPosteriors, type ChannelPosterior, type OrganicPosterior, type Uncertain } from "./posterior";
import type { ChainResult } from "./sampler";
import { decompositionBands, type BayesDecomposition } from "./outputs/decomposition";
import { drawsFrame, exportDraws, type DrawsExport } from "./outputs/export";
import { posteriorPredictive, type PosteriorPredictive } from "./outputs/ppc";
import { meanResponses, responseCurveBands, upliftPosterior, type ResponseCurveBand } from "./outputs/curves";

export class BayesPosterior {
  readonly density: BayesMmmDensity;
  readonly chains: readonly ChainResult[];
  #params?: BayesParams[];

  constructor(density: BayesMmmDensity, chains: readonly ChainResult[]) {
    this.density = density;
    this.chains = chains;
  }

  /** Unconstrained draws of all chains, pooled. */
  get draws(): Float64Array[] {
    return this.chains.flatMap((c) => c.draws);
  }

  /** Natural parameters of every pooled draw (computed once). */
  get params(): BayesParams[] {
    return (this.#params ??= this.draws.map((q) => this.density.constrain(q)));
  }

  /** Per paid channel: contribution, ROAS, marginal ROAS, adstock and saturation with 94% HDIs. */
  channels(): ChannelPosterior[] {
    return channelPosteriors(this.density, this.params);
  }

  /** Per organic medium: contribution and contribution per unit of activity (no ROAS), adstock and saturation with 94% HDIs. */
  organic(): OrganicPosterior[] {
    return organicPosteriors(this.density, this.params);
  }

  /** Weekly decomposition (fitted, baseline, each channel) with 94% bands. */
  decomposition(): BayesDecomposition {
    return decompositionBands(this.density, this.draws);
  }

  /** Replicated KPI vs actual: 94% band, coverage and fit metrics. Seeded. */
  predictive(seed = 42): PosteriorPredictive {
    return posteriorPredictive(this.density, this.draws, seed);
  }

  /** Response curves (weekly spend → weekly KPI) with 94% bands. */
  responseCurves(opts?: { points?: number; upTo?: number }): ResponseCurveBand[] {
    return responseCurveBands(this.density, this.params, opts);
  }

  /** Posterior-mean response per channel, for the budget optimiser and scenarios. */
  responses(): ChannelResponse[] {
    return meanResponses(this.density, this.params);
  }

  /** Uplift over current spend of a horizon allocation, under every draw. */
  uplift(allocation: Record<string, number>, weeks: number): Uncertain {
    return upliftPosterior(this.density, this.params, allocation, weeks);
  }

  /**
   * R-hat (rank-normalised split), bulk/tail ESS and MCSE of every natural parameter (β, ROAS,
   * contribution, decay, saturation, coefficients, σ), as arviz computes them.
   */
  diagnostics(): ParameterDiagnostics[] {
    const ex = this.exportDraws();
    const draws = Array.from({ length: ex.chains }, (_, k) => Array.from({ length: ex.draws }, (_, d) => Float64Array.from(ex.parameters, (name) => ex.posterior[name]![k]![d]!)));
    return diagnosticsTable(draws, ex.parameters);
  }

  /** Worst R-hat and ESS, divergences, tree-depth hits and E-BFMI of the run. */
  convergence(maxTreeDepth = 10): ConvergenceSummary {
    return convergenceSummary(
      this.diagnostics(),
      this.chains.map((c) => c.stats),
      maxTreeDepth,
    );
  }

  /** Draws by parameter name, chain × draw (arviz.from_dict layout). */
  exportDraws(): DrawsExport {
    // params are pooled in chain order: cut them back into chains.
    let at = 0;
    return exportDraws(
      this.density,
      this.chains.map((c) => this.params.slice(at, (at += c.draws.length))),
    );
  }

  /** Draws as a wide Polars frame (chain, draw, parameters…). */
  drawsFrame(): DataFrame {
    return drawsFrame(this.exportDraws());
  }

  /** Write the draws to `path`: `.json` (arviz layout) or `.parquet`. */
  writeDraws(path: string): string {
    const ext = extname(path).toLowerCase();
    if (ext === ".json") writeFileSync(path, JSON.stringify(this.exportDraws()));
    else if (ext === ".parquet") this.drawsFrame().writeParquet(path);
    else throw new MMMError("INVALID_ARGUMENT", `Cannot write draws to "${path}": unknown extension "${ext}".`, "Use a .json or .parquet file name.", { value: path });
    return path;
  }
}
