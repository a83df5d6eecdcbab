/**
 * Modelling benchmarks: ridge fit time and hyper-parameter search throughput on simulated
 * 200 weeks × 8 channels (geometric adstock + Hill saturation, as the search explores).
 */
// The compiled package (npm run bench builds first): what users run, and worker threads load JS.
import * as os from "node:os";
import { simulateMMM } from "../kernel-lib/dist/model/simulate/simulate";
import type { ChannelSpec } from "../kernel-lib/dist/model/simulate/types";
import { prepareMmmData, type MmmData } from "../kernel-lib/dist/model/mmmData";
import { fitRidge } from "../kernel-lib/dist/model/ridge/fit";
import { ridgeResult } from "../kernel-lib/dist/model/ridge/result";
import { optimizeAllChannels } from "../kernel-lib/dist/model/search/search";
import { EQUAL_SPEND_ROAS, equalSpendSimulation } from "../test/helpers/equalSpend";

function data(): MmmData {
  const alphas = [0.7, 0.3, 0.5, 0.15, 0.6, 0.4, 0.25, 0.55];
  const channels: ChannelSpec[] = alphas.map((alpha, i) => ({
    name: `ch${i}`,
    spend: { mean: 10_000 * (1 + (i % 3)), variability: 0.4, onProbability: 0.8, flightWeeks: 4 },
    adstock: { type: "geometric", params: { alpha, lMax: 8, normalize: true } },
    saturation: { type: "hill", params: { K: 0.3 + 0.1 * (i % 4), S: 1 + 0.5 * (i % 3) } },
    beta: 40_000 + 15_000 * (i % 3),
  }));
  const sim = simulateMMM({ seed: 1, noise: 0.01, weeks: 200, channels });
  return prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date" });
}

/** Three channels, equal spend, true ROAS 1.5 / 3 / 4.5 (the case the old RSSD-weighted pick equalised). */
function equalSpend(): { mmm: MmmData; roas: number[] } {
  const s = equalSpendSimulation(simulateMMM, 1);
  return { mmm: prepareMmmData(s.data, { kpi: "revenue", channels: s.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date" }), roas: EQUAL_SPEND_ROAS };
}

/** The CV model selection's cost and the mean |ROAS error| it leaves, against the old in-sample RSSD-weighted pick. */
function selectionBench(): object {
  const { mmm, roas } = equalSpend();
  const error = (opts: Parameters<typeof optimizeAllChannels>[1]) => {
    const r = optimizeAllChannels(mmm, { seed: 1, evaluations: 10_000, ...opts });
    const fit = ridgeResult(fitRidge(mmm, { media: r.params }));
    return { r, meanAbsRoasError: Number((fit.channels.reduce((a, c, i) => a + Math.abs(c.roas / roas[i]! - 1), 0) / roas.length).toFixed(3)), roas: fit.channels.map((c) => Number(c.roas.toFixed(2))) };
  };
  const cv = error({});
  const old = error({ decompWeight: 0.3, cv: false });
  return {
    name: "ridge_selection_equal_spend_3ch",
    trueRoas: roas,
    selectionSeconds: Number(cv.r.selection!.seconds.toFixed(3)),
    candidates: cv.r.selection!.candidates,
    cv: { roas: cv.roas, meanAbsRoasError: cv.meanAbsRoasError },
    oldRssdRule: { roas: old.roas, meanAbsRoasError: old.meanAbsRoasError },
  };
}

export function modelBench(): object[] {
  const mmm = data();
  fitRidge(mmm);
  const reps = 200;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fitRidge(mmm);
  const fitMs = (performance.now() - t0) / reps;
  optimizeAllChannels(mmm, { seed: 1, evaluations: 1000, threads: 1 });
  const threads = Math.min(4, os.availableParallelism());
  const runs = [1, threads].map((th) => {
    const t = performance.now();
    const r = optimizeAllChannels(mmm, { seed: 7, evaluations: 10_000, threads: th });
    return { threads: th, seconds: (performance.now() - t) / 1000, evaluations: r.evaluations, nrmse: r.score.nrmse };
  });
  const { seconds, evaluations } = runs[1]!;
  return [
    selectionBench(),
    { name: "ridge_fit_200x8", weeks: mmm.n, channels: mmm.channels.length, regressors: mmm.channels.length + mmm.base.cols.length, msPerFit: Number(fitMs.toFixed(3)), note: "GCV penalty path, holdout refit, non-negative media" },
    {
      name: "hyperparameter_search_200x8",
      evaluations,
      seconds: Number(seconds.toFixed(3)),
      evaluationsPerSecond: Math.round(evaluations / seconds),
      threads,
      singleThread: { seconds: Number(runs[0]!.seconds.toFixed(3)), evaluationsPerSecond: Math.round(runs[0]!.evaluations / runs[0]!.seconds) },
      sameResult: runs[0]!.nrmse === runs[1]!.nrmse,
      target: ">= 10,000 evaluations in <= 2 s",
      pass: evaluations >= 10_000 && seconds <= 2,
    },
  ];
}
