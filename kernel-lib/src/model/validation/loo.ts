/**
 * PSIS-LOO of a fitted Bayesian MMM: the pointwise log-likelihood of every draw and week, the relative
 * efficiency of the draws from their mean ESS (as arviz), and the weeks named by date in warnings.
 * ELPD is on the scaled KPI the model fits (log densities shift by n·log(yScale) in KPI units): it
 * compares models of the same data, it is not a fit metric of its own.
 */
import { isoDate } from "../../data/dates";
import type { BayesPosterior } from "../bayes/bayesPosterior";
import { psisLoo, relativeEfficiency, type LooResult } from "../bayes/diagnostics/loo";
import { pointwiseLogLik } from "./logLik";

/**
 * PSIS-LOO of a posterior (all chains' draws).
 * @example
 * const loo = posteriorLoo(engine.bayesian()); // { elpd, se, pLoo, paretoK, highK, warnings, … }
 */
export function posteriorLoo(posterior: BayesPosterior): LooResult {
  const ex = posterior.exportDraws();
  const reff = relativeEfficiency(ex.parameters.map((name) => ex.posterior[name]!));
  const data = posterior.density.data;
  return psisLoo(pointwiseLogLik(posterior.density, posterior.draws), { reff, labels: Array.from(data.days, (d) => `week ${isoDate(d)}`) });
}
