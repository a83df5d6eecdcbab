/**
 * Draws for other tools: every chain's draws of the natural parameters (β, ROAS, contribution,
 * adstock, saturation, base coefficients, the HSGP baseline's length-scale in weeks and η, σ) keyed by name as chain × draw arrays — the layout of
 * arviz.from_dict(posterior=…) — or one wide table (chain, draw, parameters…) for Parquet/CSV.
 */
import type { DataFrame } from "nodejs-polars";
import { pl } from "../../../data/polars";
import type { BayesMmmDensity, BayesParams } from "../mmmDensity";

/** JSON export: `posterior[name][chain][draw]`. */
export interface DrawsExport {
  kpi: string;
  chains: number;
  draws: number;
  /** Names, in column order. β and σ are on the max-scaled KPI; controls' coefficients on standardised regressors. */
  parameters: string[];
  posterior: Record<string, number[][]>;
}

/** Named natural parameters of one draw. */
function namedValues(density: BayesMmmDensity, p: BayesParams): [string, number][] {
  const out: [string, number][] = [["intercept", p.intercept]];
  density.layout.channels.forEach((lay, c) => {
    const ch = p.channels[c]!;
    out.push([`${lay.name}:beta`, ch.beta], [`${lay.name}:roas`, ch.roas], [`${lay.name}:contribution`, ch.roas * density.data.channels[c]!.total]);
    // alpha under its historical name "decay", other adstock parameters (theta, lambda, k) by theirs.
    lay.adstock.paramNames.forEach((k, j) => out.push([`${lay.name}:${k === "alpha" ? "decay" : k}`, ch.adstock[j]!]));
    for (const [k, v] of Object.entries(lay.curve.describe(ch.theta))) out.push([`${lay.name}:${k}`, v]);
  });
  density.data.base.names.forEach((b, k) => out.push([`${b}:coef`, p.base[k]!]));
  // The HSGP baseline's hyperparameters (its weekly path is in the decomposition's bands).
  if (p.gp) out.push(["baseline:ls", p.gp.ls], ["baseline:eta", p.gp.eta]);
  out.push(["sigma", p.sigma]);
  return out;
}

/** All chains' draws (natural parameters) by parameter name (chain × draw). */
export function exportDraws(density: BayesMmmDensity, chains: readonly (readonly BayesParams[])[]): DrawsExport {
  const posterior: Record<string, number[][]> = {};
  let parameters: string[] = [];
  chains.forEach((draws, k) => {
    for (const p of draws) {
      const named = namedValues(density, p);
      if (parameters.length === 0) parameters = named.map(([n]) => n);
      for (const [name, v] of named) ((posterior[name] ??= [])[k] ??= []).push(v);
    }
  });
  return { kpi: density.data.kpi, chains: chains.length, draws: chains[0]?.length ?? 0, parameters, posterior };
}

/** The draws as one wide Polars frame: chain, draw, then one column per parameter. */
export function drawsFrame(exported: DrawsExport): DataFrame {
  const chain: number[] = [];
  const draw: number[] = [];
  for (let k = 0; k < exported.chains; k++) for (let d = 0; d < exported.draws; d++) chain.push(k), draw.push(d);
  const cols: Record<string, number[]> = { chain, draw };
  for (const name of exported.parameters) cols[name] = exported.posterior[name]!.flat();
  return pl.DataFrame(cols).withColumns(pl.col("chain").cast(pl.Int32), pl.col("draw").cast(pl.Int32));
}
