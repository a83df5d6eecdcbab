/**
 * Monte Carlo standard errors of the posterior mean and sd, as arviz 0.x's
 * `mcse(method="mean")` and `mcse(method="sd")`.
 */
import { essMean } from "./ess";
import { mean } from "../../../math/stats";
import { mapChains, pooled, usable, variance, type Chains } from "./normalize";

/**
 * MCSE of the mean: sd / √ESS_mean, sd over all draws (n − 1 denominator). NaN below 4 draws.
 *
 * @example
 * mcseMean([chain0, chain1, chain2, chain3]); // ≈ sd / √4000 for 4 × 1000 independent draws
 */
export function mcseMean(chains: Chains): number {
  if (!usable(chains)) return NaN;
  return Math.sqrt(variance(pooled(chains))) / Math.sqrt(essMean(chains));
}

/**
 * MCSE of the sd by the delta method on the squared deviations s = (x − x̄)²: with E = mean(s),
 * Var(Ê) ≈ (mean(s²) − E²) / ESS_mean(s), and sd = √E gives Var(sd) ≈ Var(Ê) / (4E).
 * NaN below 4 draws.
 *
 * @example
 * mcseSd([chain0, chain1, chain2, chain3]); // ≈ sd / √(2 · 4000) for independent normal draws
 */
export function mcseSd(chains: Chains): number {
  if (!usable(chains)) return NaN;
  const xbar = mean(pooled(chains));
  const sq = mapChains(chains, (x) => (x - xbar) ** 2);
  const all = pooled(sq);
  const e = mean(all);
  const varOfE = (mean(all.map((v) => v * v)) - e * e) / essMean(sq);
  return Math.sqrt(varOfE / e / 4);
}
