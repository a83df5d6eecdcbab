/**
 * Forecast accuracy on simulated data (issue #16.2): for several seeds, fit on the first 130 weeks
 * (ridge, and the Bayesian MMM with 4 chains × 500 + 500), forecast the next 26 with the true spend
 * and controls; MAPE and the share of weeks whose realised KPI falls inside the 94% band.
 * Target: Bayesian coverage ≥ 85%. Each seed runs in a fresh process (worker threads, clean heap).
 * Run alone: `node --import tsx bench/forecast.ts one <seed>`.
 */
import { execFileSync } from "node:child_process";
import { MMMEngine } from "../kernel-lib/src";
import { bayesSimulation } from "../test/helpers/bayesSim";

const TRAIN = 130;
const AHEAD = 26;
const SEEDS = [1, 2, 3];

async function once(seed: number) {
  const { sim } = bayesSimulation(seed, { weeks: TRAIN + AHEAD });
  const engine = new MMMEngine();
  const channels = sim.truth.channels.map((c) => c.column);
  await engine.loadData(sim.data.head(TRAIN), { kpiCol: "revenue", dateCol: "date", channels, controls: ["price_index", "competitor_sales"] });
  engine.runRidgeMMM();
  const t0 = performance.now();
  await engine.runBayesianMMM({ chains: 4, warmup: 500, draws: 500, seed });
  const fitSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const bayes = engine.predict(sim.data.tail(AHEAD), { model: "bayesian" });
  const forecastMs = performance.now() - t1;
  const ridge = engine.predict(sim.data.tail(AHEAD), { model: "ridge" });
  return { seed, fitSeconds: Number(fitSeconds.toFixed(2)), forecastMs: Math.round(forecastMs), bayesian: bayes.accuracy!, ridge: ridge.accuracy! };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number, d = 4) => Number(x.toFixed(d));

export function forecastBench() {
  const runs = SEEDS.map(
    (seed) =>
      JSON.parse(
        execFileSync(process.execPath, ["--import", "tsx", __filename, "one", String(seed)], { encoding: "utf8" })
          .trim()
          .split("\n")
          .pop()!,
      ) as Awaited<ReturnType<typeof once>>,
  );
  const coverage = mean(runs.map((r) => r.bayesian.coverage94));
  return [
    {
      name: "forecast_26_weeks_simulated",
      dataset: `bayesSimulation, 3 channels, fit on ${TRAIN} weeks, forecast ${AHEAD} with the true spend and controls, seeds ${SEEDS.join(", ")}`,
      bayesian: { mape: round(mean(runs.map((r) => r.bayesian.mape))), coverage94: round(coverage, 3) },
      ridge: { mape: round(mean(runs.map((r) => r.ridge.mape))), coverage94: round(mean(runs.map((r) => r.ridge.coverage94)), 3) },
      target: "Bayesian 94% band covers >= 85% of forecast weeks",
      pass: runs.every((r) => r.bayesian.coverage94 >= 0.85),
      perSeed: runs.map((r) => ({
        seed: r.seed,
        fitSeconds: r.fitSeconds,
        forecastMs: r.forecastMs,
        bayesianMape: round(r.bayesian.mape),
        bayesianCoverage: round(r.bayesian.coverage94, 3),
        ridgeMape: round(r.ridge.mape),
        ridgeCoverage: round(r.ridge.coverage94, 3),
      })),
    },
  ];
}

if (require.main === module && process.argv[2] === "one") {
  once(Number(process.argv[3])).then((r) => console.log(JSON.stringify(r)));
}
