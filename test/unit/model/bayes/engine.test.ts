import { strict as assert } from "node:assert";
import { MMMEngine } from "../../../../kernel-lib/src";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { bayesSimulation } from "../../../helpers/bayesSim";
import { goDarkTests } from "../../../helpers/liftSim";

const SMALL = { chains: 2, warmup: 150, draws: 100, seed: 3 };

describe("MMMEngine Bayesian workflow", function () {
  this.timeout(120_000);
  const { sim } = bayesSimulation(4, { weeks: 110 });
  const channels = sim.truth.channels.map((c) => c.column);
  const spec = { kpi: "revenue", channels, controls: ["price_index", "competitor_sales"], fourierOrder: 2 };

  it("says what to run first when no Bayesian fit exists", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    assert.throws(() => engine.bayesian(), /Run runBayesianMMM\(\)/);
  });

  it("fits, reports the posterior predictive fit and model choices, and the budget plan carries the uplift's HDI", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const r = await engine.runBayesianMMM({ ...spec, ...SMALL, saturation: { [channels[0]!]: "hill" }, likelihood: "studentT" });
    assert.equal(r.model.saturation[channels[0]!], "hill");
    assert.equal(r.model.likelihood, "studentT");
    assert.ok(r.fit.r2 > 0.8 && r.fit.coverage94 > 0.8, JSON.stringify(r.fit));
    assert.ok("K" in r.channels[0]!.saturationParams && "lam" in r.channels[1]!.saturationParams);
    // 2 × 100 draws cannot reach 400 effective draws: the diagnostics say so, naming parameters.
    assert.ok(r.diagnostics.maxRhat > 0.99 && r.diagnostics.minEssBulk < 400 && r.diagnostics.ebfmi.length === 2, JSON.stringify(r.diagnostics));
    assert.ok(
      r.warnings.some((w) => /ESS/.test(w) && /:/.test(w)),
      r.warnings.join("\n"),
    );
    assert.ok(
      engine
        .bayesian()
        .diagnostics()
        .some((d) => d.name === `${channels[1]}:roas`),
    );
    const total = channels.reduce((a, c) => a + (sim.truth.channels.find((t) => t.column === c)!.spend / 110) * 52, 0);
    const plan = engine.optimizeBudget(total);
    assert.ok(plan.upliftPosterior, "Bayesian plan has an uplift posterior");
    assert.ok(plan.upliftPosterior.hdi94[0] <= plan.upliftPosterior.mean && plan.upliftPosterior.mean <= plan.upliftPosterior.hdi94[1]);
    assert.ok(Math.abs(plan.upliftPosterior.mean - plan.uplift) <= 1e-6 * Math.abs(plan.uplift) + 1e-6, `${plan.upliftPosterior.mean} vs ${plan.uplift}`);
    assert.equal(engine.bayesian().decomposition().dates.length, 110);
    // A ridge fit afterwards becomes the latest: its plan has no posterior.
    engine.runRidgeMMM(spec);
    assert.equal(engine.optimizeBudget(total).upliftPosterior, undefined);
  });

  it("lift tests bring the time-varying baseline with the lift-test priors (defaults.ts); a call that chose the linear baseline keeps it", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    const { sim: s, mmm } = bayesSimulation(4, { weeks: 110 });
    const liftTests = goDarkTests(s.truth, mmm, 1, [30], 8, 0.1, 4);
    const r = await engine.runBayesianMMM({ ...spec, ...SMALL, chains: 1, liftTests });
    assert.equal(r.model.baseline, "hsgp");
    assert.deepEqual(r.model.hsgp?.lengthscalePrior, [4, 52]);
    // 110 weeks: L = 54.5 + 52, ⌈1.75·106.5/4⌉ = 47 basis functions.
    assert.equal(r.model.hsgp?.m, 47);
    assert.equal(r.model.liftTests, 1);
    const linear = await engine.runBayesianMMM({ ...spec, ...SMALL, chains: 1, liftTests, baseline: "linear" });
    assert.equal(linear.model.baseline, "linear");
  });

  it("excludes a zero-spend channel with a warning and still fits", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data.withColumns(pl.lit(0).alias("radio_spend")));
    const r = await engine.runBayesianMMM({ ...spec, channels: [...channels, "radio_spend"], ...SMALL, chains: 1 });
    assert.deepEqual(
      r.excluded.map((e) => e.name),
      ["radio_spend"],
    );
    assert.ok(
      r.warnings.some((w) => w.includes("radio_spend")),
      r.warnings.join("\n"),
    );
    assert.equal(r.channels.length, 3);
  });

  it("rejects bad input with clear errors and keeps the loaded data", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    await assert.rejects(engine.runBayesianMMM({ ...spec, ...SMALL, roasPriors: { tv: { mean: 2, sd: 1 } } }), /roasPriors names "tv", which is not a channel/);
    await assert.rejects(engine.runBayesianMMM({ ...spec, ...SMALL, liftTests: [{ channel: channels[0]!, start: "2021-03-01", end: "2021-02-01", deltaSpend: 1000, lift: 500, sd: 100 }] }), /end 2021-02-01 is before start/);
    await assert.rejects(engine.runBayesianMMM({ ...spec, ...SMALL, saturation: "linear" as "hill" }), /Unknown saturation "linear"/);
    const few = new MMMEngine();
    await few.loadData(sim.data.head(12));
    await assert.rejects(few.runBayesianMMM({ ...spec, ...SMALL }), /(regressors|parameters) for 12 weeks/);
    const broken = new MMMEngine();
    await broken.loadData(
      sim.data.withColumns(
        pl
          .when(pl.col("date").eq(pl.col("date").min()))
          .then(pl.lit(Number.NaN))
          .otherwise(pl.col("revenue"))
          .alias("revenue"),
      ),
    );
    await assert.rejects(broken.runBayesianMMM({ ...spec, ...SMALL }), /non-finite/);
    assert.equal(engine.status().rows, 110, "data survives the failed calls");
  });

  it("reports divergences with advice instead of crashing when the posterior is hostile", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    // Step sizes adapted to a 1% acceptance rate overshoot on every trajectory: the sampler diverges.
    const r = await engine.runBayesianMMM({ ...spec, chains: 1, warmup: 60, draws: 40, seed: 1, targetAccept: 0.01 });
    assert.ok(r.sampler.divergences > 0, `divergences ${r.sampler.divergences}`);
    assert.ok(
      r.warnings.some((w) => /divergent|diverged/.test(w) && /targetAccept|priors/.test(w)),
      r.warnings.join("\n"),
    );
  });
});
