import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { optimizeBudget } from "../../../../kernel-lib/src/model/budget";
import type { BayesPosterior } from "../../../../kernel-lib/src/model/bayes/bayesPosterior";
import { fitBayesian } from "../../../../kernel-lib/src/model/bayes/fit";
import { bandOf, thin } from "../../../../kernel-lib/src/model/bayes/outputs/bands";
import { bayesSimulation, trueResponse } from "../../../helpers/bayesSim";

describe("model/bayes/outputs", function () {
  this.timeout(120_000);
  const { sim, mmm } = bayesSimulation(2);
  let post: BayesPosterior;

  before(async () => {
    const fit = await fitBayesian(mmm, { chains: 2, warmup: 300, draws: 250, seed: 5 });
    post = fit.posterior;
  });

  it("bands: pointwise mean and narrowest 94% interval; thinning is even and deterministic", () => {
    const series = Array.from({ length: 101 }, (_, d) => Float64Array.of(d, 2 * d));
    const b = bandOf(series);
    assert.deepEqual(b.mean, [50, 100]);
    assert.ok(b.hi[0]! - b.lo[0]! === 94 && b.hi[1]! - b.lo[1]! === 188, JSON.stringify(b));
    assert.deepEqual(thin([0, 1, 2, 3, 4, 5], 3), [0, 2, 4]);
  });

  it("decomposition: fitted = baseline + channels in every draw; channel bands sum to the posterior contribution", () => {
    const dec = post.decomposition();
    const channels = post.channels();
    assert.equal(dec.dates.length, mmm.n);
    for (let t = 0; t < mmm.n; t++) {
      const sum = dec.baseline.mean[t]! + Object.values(dec.channels).reduce((a, b) => a + b.mean[t]!, 0);
      assert.ok(Math.abs(sum - dec.fitted.mean[t]!) < 1e-6 * Math.abs(sum), `week ${t}`);
      assert.ok(dec.fitted.lo[t]! <= dec.fitted.mean[t]! && dec.fitted.mean[t]! <= dec.fitted.hi[t]!);
    }
    channels.forEach((c) => {
      const total = dec.channels[c.name]!.mean.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - c.contribution.mean) < 1e-6 * c.contribution.mean, `${c.name}: ${total} vs ${c.contribution.mean}`);
    });
    // The true weekly contributions mostly sit inside the 94% bands.
    sim.truth.channels.forEach((t) => {
      const band = dec.channels[t.column]!;
      const inside = t.weekly.filter((v, w) => v >= band.lo[w]! - 1e-6 && v <= band.hi[w]! + 1e-6).length / mmm.n;
      assert.ok(inside > 0.7, `${t.name}: only ${(100 * inside).toFixed(0)}% of weeks inside the band`);
    });
  });

  it("posterior predictive: covers ≈94% of weeks, fits well, seeded", () => {
    const a = post.predictive(7);
    assert.ok(a.coverage94 > 0.85 && a.coverage94 <= 1, `coverage ${a.coverage94}`);
    assert.ok(a.r2 > 0.9 && a.mape < 0.05, `r2 ${a.r2}, mape ${a.mape}`);
    assert.deepEqual(post.predictive(7).predicted, a.predicted);
    assert.notDeepEqual(post.predictive(8).predicted.lo, a.predicted.lo);
  });

  it("response curves: zero at zero, increasing, truth inside the band at current spend", () => {
    const curves = post.responseCurves({ points: 21 });
    curves.forEach((c, i) => {
      assert.equal(c.response.mean[0], 0);
      for (let k = 1; k < c.spend.length; k++) assert.ok(c.response.mean[k]! > c.response.mean[k - 1]!);
      const t = sim.truth.channels[i]!;
      const truth = trueResponse(t, mmm.channels[i]!.scale, c.current.spend);
      assert.ok(c.current.response.hdi94[0] <= truth && truth <= c.current.response.hdi94[1], `${c.channel}: ${truth} outside ${c.current.response.hdi94}`);
    });
  });

  it("posterior-mean responses: marginal is the derivative of response; uplift of the current plan is exactly 0", () => {
    const responses = post.responses();
    for (const r of responses) {
      const s = r.currentWeekly;
      const fd = (r.response(s * 1.001) - r.response(s * 0.999)) / (0.002 * s);
      assert.ok(Math.abs(fd - r.marginal(s)) < 1e-4 * Math.abs(fd), `${r.name}: ${fd} vs ${r.marginal(s)}`);
    }
    const current = Object.fromEntries(responses.map((r) => [r.name, r.currentWeekly * 52]));
    assert.deepEqual(post.uplift(current, 52), { mean: 0, sd: 0, hdi94: [0, 0] });
    const total = Object.values(current).reduce((a, b) => a + b, 0);
    const plan = optimizeBudget(total, responses, { bounds: Object.fromEntries(responses.map((r) => [r.name, { pct: 0.5 }])) });
    const u = post.uplift(plan.allocation, 52);
    assert.ok(u.hdi94[0] <= u.mean && u.mean <= u.hdi94[1]);
    // The same draws behind the optimiser's curves and the uplift posterior: the plan's uplift is their mean.
    assert.ok(Math.abs(u.mean - plan.uplift) < 1e-6 * Math.abs(plan.uplift) + 1e-6, `${u.mean} vs ${plan.uplift}`);
  });

  it("exports draws by name (chain × draw) as JSON and Parquet with the same values", () => {
    const ex = post.exportDraws();
    assert.equal(ex.chains, 2);
    assert.equal(ex.draws, 250);
    const name = `${mmm.channels[0]!.name}:contribution`;
    assert.ok(ex.parameters.includes(name) && ex.parameters.includes("sigma") && ex.parameters.includes(`${mmm.channels[0]!.name}:lam`));
    assert.equal(ex.posterior[name]!.length, 2);
    assert.equal(ex.posterior[name]![1]!.length, 250);
    const roas = ex.posterior[`${mmm.channels[0]!.name}:roas`]![0]![3]!;
    assert.ok(Math.abs(ex.posterior[name]![0]![3]! - roas * mmm.channels[0]!.total) < 1e-6 * roas * mmm.channels[0]!.total);
    const dir = mkdtempSync(join(tmpdir(), "draws-"));
    const pq = post.writeDraws(join(dir, "draws.parquet"));
    const back = pl.readParquet(pq);
    assert.equal(back.height, 500);
    assert.deepEqual(back.getColumn(name).toArray(), ex.posterior[name]!.flat());
    const js = JSON.parse(readFileSync(post.writeDraws(join(dir, "draws.json")), "utf8"));
    assert.deepEqual(js.posterior.sigma, ex.posterior["sigma"]);
    assert.throws(() => post.writeDraws(join(dir, "draws.xlsx")), /Use a .json or .parquet/);
  });
});
