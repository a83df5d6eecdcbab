/**
 * Bayesian MMM benchmark: 4 chains × (1000 warm-up + 1000 draws) of our NUTS on simulated data in the
 * model's family (geometric adstock + logistic saturation), 3 controls and yearly Fourier terms.
 * Each case runs in its own process (`node --import tsx bench/bayes.ts <case>`) so peak RSS is its own.
 * Figures: wall seconds, worst R-hat and bulk/tail ESS (our arviz-equal diagnostics), divergences,
 * ESS per second, leapfrog steps per draw, microseconds per gradient (at the posterior draws), peak RSS.
 * The `_hsgp` case fits the same data with the time-varying baseline (`baseline: "hsgp"`).
 */
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { simulateMMM } from "../kernel-lib/dist/model/simulate/simulate";
import type { ChannelSpec } from "../kernel-lib/dist/model/simulate/types";
import { prepareMmmData } from "../kernel-lib/dist/model/mmmData";
import { fitBayesian } from "../kernel-lib/dist/model/bayes/fit";

const CASES = {
  "200w_8ch": { weeks: 200, channels: 8, target: "<= 10 s wall, R-hat <= 1.01, ESS >= 400, < 1% divergences" },
  "179w_2ch": { weeks: 179, channels: 2, target: "<= 3 s wall" },
  "200w_8ch_hsgp": { weeks: 200, channels: 8, baseline: "hsgp", target: "R-hat <= 1.01, ESS >= 400, < 1% divergences" },
} as const;
type CaseName = keyof typeof CASES;

function data(weeks: number, n: number) {
  const decays = [0.6, 0.3, 0.45, 0.5, 0.2, 0.7, 0.35, 0.55];
  const channels: ChannelSpec[] = decays.slice(0, n).map((alpha, i) => ({
    name: `ch${i}`,
    spend: { mean: 10_000 * (1 + (i % 3)), variability: 0.4, onProbability: 0.8, flightWeeks: 4 },
    adstock: { type: "geometric", params: { alpha, lMax: 8, normalize: true } },
    saturation: { type: "logistic", params: { lam: 1.5 + (i % 3) } },
    beta: 60_000 + 25_000 * (i % 3),
  }));
  const controls = [
    { name: "price_index", kind: "price" as const, mean: 1, sd: 0.03, coef: -300_000 },
    { name: "competitor_sales", kind: "competitor" as const, mean: 100_000, sd: 0.1, coef: -0.2 },
    { name: "weather_index", kind: "normal" as const, mean: 0, sd: 1, coef: 4_000 },
  ];
  const sim = simulateMMM({ seed: 11, weeks, channels, controls, noise: 0.015 });
  return prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: controls.map((c) => c.name), dateCol: "date", fourierOrder: 2 });
}

async function runCase(name: CaseName): Promise<object> {
  const spec: { weeks: number; channels: number; baseline?: "hsgp"; target: string } = CASES[name];
  const mmm = data(spec.weeks, spec.channels);
  const t0 = performance.now();
  const fit = await fitBayesian(mmm, { chains: 4, warmup: 1000, draws: 1000, seed: 42, baseline: spec.baseline });
  const wall = (performance.now() - t0) / 1000;
  const draws = fit.posterior.draws;
  const grad = new Float64Array(fit.density.dim);
  const g0 = performance.now();
  for (let i = 0; i < 20_000; i++) fit.density.logpGrad(draws[i % draws.length]!, grad);
  const gradientMicros = ((performance.now() - g0) * 1000) / 20_000;
  const c = fit.posterior.convergence();
  const leapfrogs = fit.chains.reduce((a, ch) => a + ch.stats.nLeapfrog.reduce((s, v) => s + v, 0), 0) / (4 * 1000);
  return {
    name: `bayesian_${name}`,
    model: { weeks: mmm.n, channels: mmm.channels.length, controls: 3, fourierOrder: 2, baseline: spec.baseline ?? "linear", parameters: fit.density.dim },
    chains: 4,
    warmup: 1000,
    draws: 1000,
    threads: Math.min(4, os.availableParallelism()),
    wallSeconds: Number(wall.toFixed(2)),
    maxRhat: Number(c.maxRhat.toFixed(4)),
    minEssBulk: Math.round(c.minEssBulk),
    minEssTail: Math.round(c.minEssTail),
    divergences: c.divergences,
    divergencePct: Number(((100 * c.divergences) / c.transitions).toFixed(2)),
    essPerSecond: Number((c.minEssBulk / wall).toFixed(1)),
    leapfrogsPerDraw: Number(leapfrogs.toFixed(1)),
    gradientMicros: Number(gradientMicros.toFixed(1)),
    stepSizes: fit.chains.map((ch) => Number(ch.stats.stepSize.toFixed(3))),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    target: spec.target,
  };
}

/** Both cases, each in a fresh process. */
export function bayesBench(): object[] {
  return (Object.keys(CASES) as CaseName[]).map((name) => {
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "bayes.ts"), name], { encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop()!);
  });
}

if (require.main === module && process.argv[2]) {
  runCase(process.argv[2] as CaseName).then((r) => console.log(JSON.stringify(r)));
}
