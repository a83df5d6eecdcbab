/**
 * Stepwise selection of controls by AIC on OLS: the constant and media columns stay in every
 * model; forward selection adds, one at a time, the candidate control that lowers the AIC most and
 * stops when none does; backward elimination (optional, after the forward pass) then drops a kept
 * control while that lowers the AIC. AIC as statsmodels' OLS reports it (model/analytics/ols.ts).
 */
import { MMMError } from "../../errors";
import { ols } from "./ols";

export interface StepwiseStep {
  direction: "forward" | "backward";
  /** The control added or dropped. */
  column: string;
  /** AIC of the model after the step. */
  aic: number;
  /** AIC of every model tried at this step (name → AIC), for the record. */
  tried: Record<string, number>;
}

export interface StepwiseResult {
  /** AIC of the model with the fixed columns only. */
  baseAic: number;
  selected: string[];
  aic: number;
  steps: StepwiseStep[];
}

const aicOf = (fixed: readonly Float64Array[], cols: readonly Float64Array[], y: Float64Array) => ols([...fixed, ...cols], y).aic;

/**
 * @param fixed columns in every model (include a column of ones for the constant)
 * @param candidates the controls to choose among, by name
 * @example
 * stepwiseAic([ones(n), tv, search], { price, temperature, noise }, kpi).selected; // ["price", "temperature"]
 */
export function stepwiseAic(fixed: readonly Float64Array[], candidates: Record<string, Float64Array>, y: Float64Array, opts: { backward?: boolean } = {}): StepwiseResult {
  const names = Object.keys(candidates);
  if (!names.length) throw new MMMError("INVALID_ARGUMENT", "Stepwise selection needs at least one candidate control.", "Pass the candidate controls as columns, or set controls with set_column_roles.");
  const colsOf = (set: readonly string[]) => set.map((c) => candidates[c]!);
  const baseAic = aicOf(fixed, [], y);
  const selected: string[] = [];
  const steps: StepwiseStep[] = [];
  let aic = baseAic;
  for (;;) {
    const rest = names.filter((c) => !selected.includes(c));
    if (!rest.length) break;
    const tried = Object.fromEntries(rest.map((c) => [c, aicOf(fixed, colsOf([...selected, c]), y)]));
    const best = rest.reduce((m, c) => (tried[c]! < tried[m]! ? c : m));
    if (tried[best]! >= aic) break;
    selected.push(best);
    aic = tried[best]!;
    steps.push({ direction: "forward", column: best, aic, tried });
  }
  while (opts.backward && selected.length) {
    const tried = Object.fromEntries(selected.map((c) => [c, aicOf(fixed, colsOf(selected.filter((s) => s !== c)), y)]));
    const best = selected.reduce((m, c) => (tried[c]! < tried[m]! ? c : m));
    if (tried[best]! >= aic) break;
    selected.splice(selected.indexOf(best), 1);
    aic = tried[best]!;
    steps.push({ direction: "backward", column: best, aic, tried });
  }
  return { baseAic, selected, aic, steps };
}
