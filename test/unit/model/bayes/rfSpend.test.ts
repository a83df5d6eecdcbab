/**
 * The spend → response curve of a reach & frequency channel (model/bayes/model/rfSpend.ts): its
 * reach curve recovers the simulator's audience, the curve at the historical mean spend is the
 * fitted contribution, the marginal is the curve's derivative, and through the engine the R&F
 * channel takes part in the budget — equal marginal ROAS with the paid channels, and a plan that
 * raises the TRUE response (the simulator's curves).
 */
import { strict as assert } from "node:assert";
import { MMMEngine } from "../../../../kernel-lib/src";
import { bayesFlightModel, optimizeBudget } from "../../../../kernel-lib/src/model/budget";
import { channelFlight } from "../../../../kernel-lib/src/model/budget/flightModel";
import { thin } from "../../../../kernel-lib/src/model/bayes/outputs/bands";
import { ForecastKernel } from "../../../../kernel-lib/src/model/forecast/bayesForecast";
import { buildSchedule } from "../../../../kernel-lib/src/model/forecast/schedule";
import { fitReachCurve, rfInputAt } from "../../../../kernel-lib/src/model/bayes/model/rfSpend";
import { rfHill } from "../../../../kernel-lib/src/model/bayes/model/rfMedia";
import { RF_CPM, RF_POPULATION, rfSimulation, trueRfResponses } from "../../../helpers/rfSim";

const WEEKS = 52;
const col = (sim: ReturnType<typeof rfSimulation>["sim"], c: string) => Float64Array.from(sim.data.getColumn(c).toArray() as number[]);

describe("model/bayes/model/rfSpend: an R&F channel's spend curve", function () {
  this.timeout(300_000);

  it("the reach curve recovers the simulator's audience and frequency floor; g' = finite differences", () => {
    const { sim } = rfSimulation(3, 104);
    const c = fitReachCurve(col(sim, "video_spend"), col(sim, "video_reach"), col(sim, "video_frequency"));
    console.log(`      P ${c.population.toExponential(4)} (true ${RF_POPULATION}), f0 ${c.minFrequency.toFixed(4)} (true 1), cost per impression ${c.costPerImpression} (true ${RF_CPM / 1000})`);
    assert.ok(Math.abs(c.population / RF_POPULATION - 1) < 0.01 && Math.abs(c.minFrequency - 1) < 0.01);
    assert.ok(Math.abs(c.costPerImpression / (RF_CPM / 1000) - 1) < 1e-9);
    const hill = rfHill("video");
    const theta = Float64Array.of(2.2, 1.7);
    for (const w of [1, 0.3 * c.weeklySpend, c.weeklySpend, 3 * c.weeklySpend]) {
      const h = 1e-4 * w;
      const fd = (rfInputAt(c, hill, theta, w + h).g - rfInputAt(c, hill, theta, w - h).g) / (2 * h);
      const { dg } = rfInputAt(c, hill, theta, w);
      assert.ok(Math.abs(dg - fd) < 1e-6 * Math.abs(fd) + 1e-12, `w ${w}: ${dg} vs ${fd}`);
    }
    // Constant frequency (reach ∝ impressions): the audience goes to its cap, the frequency floor to the frequency.
    const spend = Float64Array.from({ length: 50 }, (_, t) => 1000 + 100 * t);
    const flat = fitReachCurve(
      spend,
      spend.map((s) => s * 10),
      spend.map(() => 3),
    );
    assert.ok(flat.population > 50 * 10 * 5900 && Math.abs(flat.minFrequency - 3) < 0.05, JSON.stringify(flat));
  });

  it("through the engine: curve at the mean spend = fitted contribution, marginal ROAS, budget at equal marginals, true response up, flighting, forecasts", async () => {
    // An audience of 1M: frequency ~3 at the current spend, where the Hill on frequency (K = 2, S = 2) has diminishing returns.
    const { sim, spec } = rfSimulation(8, 160, 1_000_000);
    const engine = new MMMEngine();
    await engine.loadData(sim.data, { kpiCol: "revenue", dateCol: "date", channels: spec.channels, controls: spec.controls });
    const r = await engine.runBayesianMMM({ rf: spec.rf, fourierOrder: 2, chains: 2, warmup: 300, draws: 300, seed: 5, threads: 1 });
    const post = engine.analysis.bayesian!.posterior;
    const d = post.density;
    const c = d.data.channels.findIndex((ch) => ch.rf);
    const ch = d.data.channels[c]!;
    const weekly = ch.total / d.n;
    // Multiplier 1: n weeks at the mean spend give each draw's contribution.
    for (const p of post.params.slice(0, 50)) {
      const atMean = d.n * d.response(p.channels[c]!, c, weekly);
      assert.ok(Math.abs(atMean / (p.channels[c]!.roas * ch.total) - 1) < 1e-9);
      const h = 1e-4 * weekly;
      const fd = (d.response(p.channels[c]!, c, weekly * 1.3 + h) - d.response(p.channels[c]!, c, weekly * 1.3 - h)) / (2 * h);
      assert.ok(Math.abs(d.marginal(p.channels[c]!, c, weekly * 1.3) / fd - 1) < 1e-5);
    }
    const video = r.channels.find((x) => x.name === "video_spend")!;
    const band = post.responseCurves().find((b) => b.channel === "video_spend")!;
    assert.ok(Math.abs((band.current.response.mean * d.n) / video.contribution.mean - 1) < 1e-9, "the plotted curve at the mean spend is the contribution");
    console.log(`      video ROAS ${video.roas.mean.toFixed(3)} (true ${sim.truth.channels[2]!.roas.toFixed(3)}), mROAS ${video.mroas.mean.toFixed(3)} [${video.mroas.hdi94.map((v) => v.toFixed(3)).join(", ")}]`);
    assert.ok(video.mroas.mean > 0 && Number.isFinite(video.mroas.hdi94[1]));

    const truth = trueRfResponses(sim);
    const total = WEEKS * truth.reduce((a, t) => a + t.currentWeekly, 0);
    const plan = engine.optimizeBudget(total);
    assert.deepEqual(Object.keys(plan.allocation).sort(), ["ch0_spend", "ch1_spend", "video_spend"]);
    const interior = Object.keys(plan.allocation).filter((k) => plan.status[k] === "interior");
    const level = plan.mroas[interior[0]!]!;
    console.log(`      plan ${JSON.stringify(Object.fromEntries(Object.entries(plan.allocation).map(([k, v]) => [k, Math.round(v)])))}, status ${JSON.stringify(plan.status)}, mROAS ${JSON.stringify(plan.mroas)}`);
    assert.ok(interior.includes("video_spend"), "the R&F channel is interior");
    for (const k of interior) assert.ok(Math.abs(plan.mroas[k]! / level - 1) < 1e-3, `${k}: mROAS ${plan.mroas[k]} vs ${level}`);
    const value = (alloc: Record<string, number>) => truth.reduce((a, t) => a + WEEKS * t.response(alloc[t.name]! / WEEKS), 0);
    const now = value(Object.fromEntries(truth.map((t) => [t.name, WEEKS * t.currentWeekly])));
    const best = optimizeBudget(total, truth, { weeks: WEEKS, bounds: Object.fromEntries(truth.map((t) => [t.name, { pct: 0.5 }])) });
    const gain = value(plan.allocation) / now - 1;
    const optimum = value(best.allocation) / now - 1;
    console.log(`      TRUE media response: plan +${(100 * gain).toFixed(2)}% (true optimum +${(100 * optimum).toFixed(2)}%; the model expected +${((100 * plan.uplift) / plan.currentExpected).toFixed(2)}%)`);
    assert.ok(gain > 0.5 * optimum && gain > 0, "the plan raises the true response");
    // Scenarios and uplift read the same curve.
    const sc = engine.simulateScenario({ ...plan.allocation, video_spend: plan.allocation["video_spend"]! * 1.1 }, { weeks: WEEKS });
    assert.ok(Number.isFinite(sc.expected) && sc.perChannel.some((p) => p.name === "video_spend"));
    assert.ok(plan.upliftPosterior && Number.isFinite(plan.upliftPosterior.mean));

    // Flighting: the R&F channel's weekly input is its spend curve, then the adstock; gradient = central differences.
    const fm = bayesFlightModel(post, 20);
    const fv = fm.channels.find((x) => x.name === "video_spend")!;
    const H = 6;
    const counted = H + 8;
    const x = Float64Array.from({ length: H }, (_, k) => weekly * (0.5 + 0.2 * k));
    const grad = new Float64Array(H);
    const flightTotal = (y: ArrayLike<number>) => channelFlight(fv, y, counted, new Float64Array(counted)).reduce((a, v) => a + v, 0) / fv.draws.length;
    channelFlight(fv, x, counted, new Float64Array(counted), grad);
    for (let k = 0; k < H; k++) {
      const [up, dn] = [Float64Array.from(x), Float64Array.from(x)];
      up[k]! += 1e-3 * weekly;
      dn[k]! -= 1e-3 * weekly;
      const fd = (flightTotal(up) - flightTotal(dn)) / (2e-3 * weekly);
      assert.ok(Math.abs(grad[k]! / fd - 1) < 1e-5, `week ${k}: ${grad[k]} vs ${fd}`);
    }
    // Constant spend over a long plan settles at the steady-state curve (normalised adstock).
    const long = new Float64Array(40).fill(weekly * 1.2);
    const weeklyOut = new Float64Array(40);
    channelFlight(fv, long, 40, weeklyOut);
    const steady = thin(post.params, 20).reduce((a, p) => a + d.response(p.channels[c]!, c, weekly * 1.2), 0) / fv.draws.length;
    assert.ok(Math.abs(weeklyOut[39]! / steady - 1) < 1e-9, `${weeklyOut[39]} vs ${steady}`);
    const flight = engine.planFlighting({ weeks: 8 });
    assert.ok(flight.spend["video_spend"]!.length === 8 && flight.incremental > 0);

    // Forecasts: observed weeks = the fit's decomposition; planned weeks run the spend curve through the adstock.
    const schedule = buildSchedule(d.data, { spend: { video_spend: weekly * 1.2 }, weeks: 30 });
    const kernel = new ForecastKernel(d, schedule);
    const q = post.draws[17]!;
    kernel.run(
      q,
      new Float64Array(30),
      d.data.channels.map(() => new Float64Array(30)),
    );
    const dec = d.data.channels.map(() => new Float64Array(d.n));
    const p17 = d.decompose(q, dec, new Float64Array(d.n));
    const h = kernel.series(c);
    for (let t = 0; t < d.n; t++) assert.ok(Math.abs(d.yScale * p17.channels[c]!.beta * h[t]! - dec[c]![t]!) <= 1e-9 * Math.abs(dec[c]![t]!) + 1e-9, `week ${t}`);
    const f = engine.forecast({ spend: { video_spend: weekly * 1.2 }, weeks: 30 }, { model: "bayesian" });
    const used = thin(post.params);
    const expected = used.reduce((a, p) => a + d.response(p.channels[c]!, c, weekly * 1.2), 0) / used.length;
    assert.ok(Math.abs(f.contributions["video_spend"]![29]! / expected - 1) < 1e-9, `${f.contributions["video_spend"]![29]} vs ${expected}`);
    const dark = engine.forecast({ spend: { video_spend: 0 }, weeks: 12 }, { model: "bayesian" }).contributions["video_spend"]!;
    assert.ok(dark[0]! > 0 && dark[11] === 0, "carry-over of the observed weeks, then nothing");
  });
});
