/**
 * A saturation registered in the test through the public API (`tanh`, with a prior and an
 * analytic gradient) fits end to end: simulated data with it as the truth, ridge (runRidgeMMM →
 * decomposition → roiSummary → optimizeBudget), the hyper-parameter search and the Bayesian model (its declared prior, its
 * gradient, in-process chains). A saturation without a gradient fits in ridge and is refused by
 * the Bayesian model with an MMMError, never a TypeError (issue #18: it was one in decomposition.ts).
 */
import { strict as assert } from "node:assert";
import { MMMEngine, MMMError, simulateMMM, type ChannelSpec } from "../../../kernel-lib/src";
import { fitBayesian } from "../../../kernel-lib/src/model/bayes/fit";
import { BayesMmmDensity } from "../../../kernel-lib/src/model/bayes/mmmDensity";
import { prepareMmmData } from "../../../kernel-lib/src/model/mmmData";
import "../../helpers/customTransforms";

const TRUE_LAM = [1.2, 2.5];

function simulated(weeks = 140) {
  const channels: ChannelSpec[] = TRUE_LAM.map((lam, i) => ({
    name: `ch${i}`,
    spend: { mean: 20_000 * (1 + i), variability: 0.5, onProbability: 0.85, flightWeeks: 4 },
    adstock: { type: "geometric", params: { alpha: [0.5, 0.25][i]!, lMax: 8, normalize: true } },
    saturation: { type: "tanh", params: { lam } },
    beta: [90_000, 70_000][i]!,
  }));
  const sim = simulateMMM({ seed: 21, weeks, channels, noise: 0.02 });
  const columns = sim.truth.channels.map((c) => c.column);
  const spec = { kpi: "revenue", channels: columns, controls: ["price_index", "competitor_sales"], fourierOrder: 2 };
  const mmm = prepareMmmData(sim.data, { ...spec, dateCol: "date" });
  return { sim, columns, spec, mmm };
}

/** The MMMError the promise or function rejects with (fails on a TypeError or anything else). */
async function mmmError(run: () => unknown): Promise<MMMError> {
  try {
    await run();
  } catch (err) {
    assert.ok(err instanceof MMMError, `expected an MMMError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected an MMMError, nothing was thrown");
}

describe("a transform registered in the test, end to end", function () {
  this.timeout(240_000);
  const { sim, columns, spec, mmm } = simulated();

  it("the simulator uses it as the truth", () => {
    assert.deepEqual(
      sim.truth.channels.map((c) => c.saturation.type),
      ["tanh", "tanh"],
    );
    for (const ch of sim.truth.channels) assert.ok(ch.weekly.every((v) => v >= 0 && v < ch.beta) && ch.contribution > 0);
  });

  it("ridge: runRidgeMMM → decomposition → roiSummary → optimizeBudget (was a TypeError in decomposition.ts)", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const media = Object.fromEntries(sim.truth.channels.map((c) => [c.column, { adstock: c.adstock, saturation: c.saturation }]));
    const fit = engine.runRidgeMMM({ ...spec, media });
    assert.ok(fit.metrics.r2 > 0.95, `R² ${fit.metrics.r2}`);
    const rows = engine.decomposition();
    assert.equal(rows.length, sim.data.height);
    const roi = engine.roiSummary();
    for (const c of sim.truth.channels) {
      const est = roi.find((r) => r.name === c.column)!;
      assert.ok(Number.isFinite(est.roas) && Number.isFinite(est.mroas) && est.mroas > 0, JSON.stringify(est));
      assert.ok(Math.abs(est.roas - c.roas) < 0.25 * c.roas, `${c.column} ROAS ${est.roas} vs true ${c.roas}`);
    }
    const total = engine.currentSpend(52, columns);
    const plan = engine.optimizeBudget(total);
    assert.ok(Number.isFinite(plan.uplift) && plan.uplift >= -1e-6 * Math.abs(plan.expected ?? 1), JSON.stringify(plan).slice(0, 300));
    // Equal marginal returns at the optimum: the registry's slope reached the optimiser.
    const curves = engine.responseCurves();
    assert.ok(curves.every((c) => c.response.every(Number.isFinite)));
  });

  it("search: its declared bounds are searched (on this thread), and the searched model recovers the truth", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const search = engine.optimizeAllAdstockParameters({ ...spec, family: { saturation: "tanh" }, seed: 3, evaluations: 3000, threads: 2 });
    sim.truth.channels.forEach((c) => {
      const p = search.params[c.column]!;
      assert.equal(p.saturation.type, "tanh");
      assert.ok(Math.abs(Number(p.adstock.params["alpha"]) - Number((c.adstock.params as Record<string, unknown>)["alpha"])) < 0.15, `${c.column} ${JSON.stringify(p)}`);
    });
    const fit = engine.runRidgeMMM(spec); // the searched parameters
    assert.ok(fit.metrics.r2 > 0.95, `R² ${fit.metrics.r2}`);
    for (const c of sim.truth.channels) {
      const est = engine.roiSummary().find((r) => r.name === c.column)!;
      assert.ok(Math.abs(est.roas - c.roas) < 0.25 * c.roas, `${c.column} ROAS ${est.roas} vs true ${c.roas}`);
    }
  });

  it("ridge: a saturation without a gradient fits too", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const media = Object.fromEntries(columns.map((c) => [c, { adstock: { type: "geometric", params: { alpha: 0.4 } }, saturation: { type: "exp_nograd", params: { lam: 2 } } }]));
    const fit = engine.runRidgeMMM({ ...spec, media });
    assert.ok(fit.metrics.r2 > 0.8);
    assert.ok(engine.roiSummary().every((r) => Number.isFinite(r.mroas)));
    assert.ok(Number.isFinite(engine.optimizeBudget(engine.currentSpend(52, columns)).uplift));
  });

  it("Bayesian: its declared prior and gradient are used, and the fit recovers the truth (2 chains × 200 + 200)", async () => {
    const density = new BayesMmmDensity(mmm, { saturation: "tanh" });
    assert.ok(density.names.includes(`${columns[0]}:log_lam`));
    // The declared prior Gamma(3, 1.5) is in the density: overriding it changes log p by exactly the prior difference.
    const other = new BayesMmmDensity(mmm, { saturation: "tanh", transformPriors: { tanh: { lam: { dist: "HalfNormal", sigma: 3 } } } });
    const q = new Float64Array(density.dim).fill(0.1);
    const g = new Float64Array(density.dim);
    const lam = Math.exp(0.1);
    const gamma = 3 * Math.log(1.5) - Math.log(2) + 2 * Math.log(lam) - 1.5 * lam; // lgamma(3) = log 2
    const halfNormal = Math.log(2) - 0.5 * Math.log(2 * Math.PI) - Math.log(3) - (lam * lam) / 18;
    const diff = density.logpGrad(q, g) - other.logpGrad(q, g);
    assert.ok(Math.abs(diff - 2 * (gamma - halfNormal)) < 1e-9, `${diff} vs ${2 * (gamma - halfNormal)}`);

    const fit = await fitBayesian(mmm, { saturation: "tanh", chains: 2, warmup: 200, draws: 200, seed: 5 });
    const c = fit.posterior.convergence();
    assert.ok(c.maxRhat < 1.1, `R-hat ${c.maxRhat}`);
    assert.ok(fit.divergences < 20, `${fit.divergences} divergences`);
    fit.channels.forEach((ch, i) => {
      const truth = sim.truth.channels[i]!;
      assert.equal(ch.saturation, "tanh");
      assert.ok("lam" in ch.saturationParams);
      const [lo, hi] = ch.roas.hdi94;
      assert.ok(lo < truth.roas * 1.15 && hi > truth.roas * 0.85, `${ch.name} ROAS HDI [${lo}, ${hi}] vs true ${truth.roas}`);
    });
  });

  it("Bayesian: a saturation without a gradient, or an adstock without weightsGradient, is a clear MMMError", async () => {
    const noGrad = await mmmError(() => fitBayesian(mmm, { saturation: "exp_nograd", chains: 1, warmup: 10, draws: 10 }));
    assert.equal(noGrad.code, "INVALID_ARGUMENT");
    assert.match(noGrad.message, /saturation "exp_nograd" \(channel "ch0_spend"\) has no gradient: /);
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const viaEngine = await mmmError(() => engine.runBayesianMMM({ ...spec, saturation: "exp_nograd", chains: 1, warmup: 10, draws: 10 }));
    assert.match(viaEngine.message, /has no gradient/);
    const linear = await mmmError(() => fitBayesian(mmm, { adstock: { [columns[1]!]: "linear_nograd" }, chains: 1, warmup: 10, draws: 10 }));
    assert.match(linear.message, /adstock "linear_nograd" \(channel "ch1_spend"\) has no weightsGradient: /);
    const badPrior = await mmmError(() => fitBayesian(mmm, { saturation: "tanh", transformPriors: { tanh: { lamda: { dist: "HalfNormal", sigma: 1 } } } }));
    assert.match(badPrior.message, /not a parameter of Saturation "tanh"/);
  });
});
