/**
 * Everything a reloaded model must reproduce, as one JSON text: per fit its summaries (result),
 * curves, decomposition, budget plan and a forecast; for the Bayesian fit also the posterior
 * channels, predictive check and diagnostics recomputed from the draws. Run as a script
 * (`node --import tsx modelViews.ts <model dir>`) it loads the model in a fresh process and prints
 * that text, so the round-trip test compares two processes.
 */
import { MMMEngine } from "../../kernel-lib/src";
import { toJson } from "../../kernel-lib/src/lifecycle/format";

export function modelViews(engine: MMMEngine): string {
  const out: Record<string, unknown> = { current: engine.currentModel };
  const plan = { spend: { ch0_spend: 12_000, ch1_spend: Array.from({ length: 8 }, (_, k) => 15_000 + 1000 * k) }, weeks: 8, seed: 3 };
  if (engine.analysis.ridge) {
    engine.useModel("ridge");
    out.ridge = {
      result: engine.lastRidge(),
      curves: engine.responseCurves(),
      decomposition: engine.decomposition(),
      roi: engine.roiSummary(),
      budget: engine.optimizeBudget(engine.currentSpend(26), undefined, { weeks: 26 }),
      forecast: engine.forecast(plan),
    };
  }
  if (engine.analysis.bayesian) {
    engine.useModel("bayesian");
    const b = engine.bayesian();
    out.bayesian = {
      result: engine.analysis.bayesian.result,
      channels: b.channels(),
      curves: b.responseCurves({ points: 20 }),
      decomposition: b.decomposition(),
      predictive: b.predictive(5),
      convergence: b.convergence(),
      budget: engine.optimizeBudget(engine.currentSpend(26), undefined, { weeks: 26 }),
      forecast: engine.forecast(plan),
    };
  }
  return toJson(out);
}

if (require.main === module) {
  MMMEngine.load(process.argv[2]!).then((engine) => process.stdout.write(modelViews(engine)));
}
