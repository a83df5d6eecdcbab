/**
 * model_diagnostics: what an experienced analyst checks before trusting a fit, as findings with
 * a severity and the action that addresses each.
 */
import type { BayesianResult } from "../model/bayes/result";
import type { RidgeResult } from "../model/ridge/result";

export interface Finding {
  severity: "ok" | "warning" | "problem";
  check: string;
  detail: string;
  action?: string;
}

export function ridgeFindings(r: RidgeResult): Finding[] {
  const f: Finding[] = [];
  const m = r.metrics;
  f.push(
    m.r2 >= 0.8
      ? { severity: "ok", check: "fit", detail: `R² ${m.r2.toFixed(3)}, MAPE ${(100 * m.mape).toFixed(1)}%` }
      : { severity: m.r2 >= 0.5 ? "warning" : "problem", check: "fit", detail: `R² ${m.r2.toFixed(3)} is low`, action: "add controls or seasonality (add_time_features), check outliers, or re-run the adstock search" },
  );
  if (m.holdout) {
    const ratio = m.holdout.mape / Math.max(m.mape, 1e-9);
    f.push(
      ratio <= 2
        ? { severity: "ok", check: "holdout", detail: `holdout MAPE ${(100 * m.holdout.mape).toFixed(1)}% over the last ${m.holdout.weeks} weeks` }
        : {
            severity: "warning",
            check: "holdout",
            detail: `holdout MAPE ${(100 * m.holdout.mape).toFixed(1)}% is ${ratio.toFixed(1)}× the in-sample MAPE: the model may overfit`,
            action: "use fewer controls or a stronger penalty (penalty: 'tscv')",
          },
    );
  }
  for (const c of r.channels) {
    if (c.roas > 20) f.push({ severity: "warning", check: `roas:${c.name}`, detail: `ROAS ${c.roas.toFixed(1)} is implausibly high`, action: "check the channel's spend units, or give a ROAS prior in the Bayesian model" });
    if (c.contribution === 0) f.push({ severity: "warning", check: `roas:${c.name}`, detail: "the fit gave this channel no effect", action: "check its spend variation; consider a lift test" });
  }
  for (const w of r.warnings) f.push({ severity: "warning", check: "model", detail: w });
  return f;
}

export function bayesianFindings(r: BayesianResult): Finding[] {
  const d = r.diagnostics;
  const f: Finding[] = [
    d.maxRhat <= 1.01
      ? { severity: "ok", check: "rhat", detail: `max R-hat ${d.maxRhat.toFixed(3)}` }
      : { severity: "problem", check: "rhat", detail: `max R-hat ${d.maxRhat.toFixed(3)} > 1.01: chains disagree`, action: "run longer (more warmup and draws) or simplify the model" },
    Math.min(d.minEssBulk, d.minEssTail) >= 400
      ? { severity: "ok", check: "ess", detail: `min ESS bulk ${Math.round(d.minEssBulk)}, tail ${Math.round(d.minEssTail)}` }
      : { severity: "warning", check: "ess", detail: `min ESS ${Math.round(Math.min(d.minEssBulk, d.minEssTail))} < 400`, action: "more draws" },
    d.divergences === 0
      ? { severity: "ok", check: "divergences", detail: "no divergences" }
      : { severity: "warning", check: "divergences", detail: `${d.divergences} divergent transitions`, action: "targetAccept 0.95 or likelihood 'studentT'" },
    r.fit.r2 >= 0.8
      ? { severity: "ok", check: "fit", detail: `R² ${r.fit.r2.toFixed(3)}, 94% band covers ${(100 * r.fit.coverage94).toFixed(0)}% of weeks` }
      : { severity: "warning", check: "fit", detail: `R² ${r.fit.r2.toFixed(3)} is low`, action: "add controls or seasonality" },
  ];
  for (const w of r.warnings) f.push({ severity: "warning", check: "model", detail: w });
  return f;
}
