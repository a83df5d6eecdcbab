/**
 * Predict and forecast (issue #16 item 2), against simulated truth: fit on the first 130 weeks,
 * forecast the next 26 with the true spend and controls; the Bayesian 94% band covers the realised
 * KPI in ≥ 85% of weeks (MAPE printed). The forecast kernel reproduces the density's in-sample
 * series exactly, carry-over from the observed weeks reaches the forecast and ends after lMax weeks.
 */
import { strict as assert } from "node:assert";
import { MMMEngine, type MMMError, forecastFigure } from "../../../kernel-lib/src";
import { ForecastKernel } from "../../../kernel-lib/src/model/forecast/bayesForecast";
import { buildSchedule } from "../../../kernel-lib/src/model/forecast/schedule";
import { ridgeForecast } from "../../../kernel-lib/src/model/forecast/ridgeForecast";
import { mediaColumns } from "../../../kernel-lib/src/model/ridge/design";
import { bayesSimulation } from "../../helpers/bayesSim";

const TRAIN = 130;
const AHEAD = 26;

async function trained(seed: number) {
  const { sim } = bayesSimulation(seed, { weeks: TRAIN + AHEAD });
  const engine = new MMMEngine();
  const channels = sim.truth.channels.map((c) => c.column);
  await engine.loadData(sim.data.head(TRAIN), { kpiCol: "revenue", dateCol: "date", channels, controls: ["price_index", "competitor_sales"] });
  engine.runRidgeMMM();
  await engine.runBayesianMMM({ chains: 2, warmup: 300, draws: 300, seed: 3 });
  return { engine, future: sim.data.tail(AHEAD), channels };
}

describe("forecast (engine.forecast / engine.predict)", function () {
  this.timeout(300_000);
  const runs: Awaited<ReturnType<typeof trained>>[] = [];
  before(async () => {
    for (const seed of [1, 2]) runs.push(await trained(seed));
  });

  it("Bayesian: the 94% band covers the realised KPI of ≥ 85% of 26 held-out weeks (true spend and controls)", () => {
    for (const [i, { engine, future }] of runs.entries()) {
      const f = engine.predict(future, { model: "bayesian" });
      const r = engine.predict(future, { model: "ridge" });
      console.log(
        `      seed ${i + 1}: Bayesian MAPE ${(100 * f.accuracy!.mape).toFixed(2)}%, coverage ${(100 * f.accuracy!.coverage94).toFixed(0)}%; ridge MAPE ${(100 * r.accuracy!.mape).toFixed(2)}%, coverage ${(100 * r.accuracy!.coverage94).toFixed(0)}%`,
      );
      assert.equal(f.dates.length, AHEAD);
      assert.ok(f.accuracy!.coverage94 >= 0.85, `coverage ${f.accuracy!.coverage94}`);
      assert.ok(f.accuracy!.mape < 0.05, `MAPE ${f.accuracy!.mape}`);
      assert.ok(r.accuracy!.mape < 0.05 && r.accuracy!.coverage94 >= 0.75);
      // The band is a band, not the whole axis: narrower than ±15% of the KPI.
      f.mean.forEach((m, t) => assert.ok(f.hi[t]! - f.lo[t]! < 0.3 * m && f.lo[t]! < m && m < f.hi[t]!));
      assert.ok(f.total.lo < f.total.mean && f.total.mean < f.total.hi);
    }
  });

  it("the forecast kernel runs the density's own series: observed weeks identical to the decomposition", () => {
    const { engine, future } = runs[0]!;
    const post = engine.bayesian();
    const density = post.density;
    const schedule = buildSchedule(density.data, { spend: Object.fromEntries(density.data.channels.map((c) => [c.name, 1000])), weeks: 4 });
    const kernel = new ForecastKernel(density, schedule);
    const q = post.draws[17]!;
    const mu = new Float64Array(4);
    const ch = density.data.channels.map(() => new Float64Array(4));
    kernel.run(q, mu, ch);
    const dec = density.data.channels.map(() => new Float64Array(density.n));
    const p = density.decompose(q, dec, new Float64Array(density.n));
    dec.forEach((v, c) => {
      const h = kernel.series(c);
      for (let t = 0; t < density.n; t++) assert.equal(density.yScale * p.channels[c]!.beta * h[t]!, v[t]);
    });
    void future;
  });

  it("carry-over: with no spend planned, the last observed weeks still contribute, then stop after lMax weeks", () => {
    const { engine, channels } = runs[0]!;
    const zero = Object.fromEntries(channels.map((c) => [c, 0]));
    for (const model of ["bayesian", "ridge"] as const) {
      const f = engine.forecast({ spend: zero, weeks: 12 }, { model });
      for (const c of channels) {
        const v = f.contributions[c]!;
        assert.ok(v[0]! > 0, `${model} ${c} week 1`);
        assert.ok(v[0]! >= v[3]!, `${model} ${c} decays`);
        for (let t = 8; t < 12; t++) assert.equal(v[t], 0, `${model} ${c} week ${t + 1} after the 8-week window`);
      }
    }
  });

  it("ridge: the media features of observed + planned spend continue the fitted ones", () => {
    const { engine, future, channels } = runs[0]!;
    const model = engine.analysis.ridge!.model;
    const s = buildSchedule(model.data, { spend: Object.fromEntries(channels.map((c) => [c, future.getColumn(c).toArray() as number[]])) });
    const ext = mediaColumns({ ...model.data, channels: model.data.channels.map((c, i) => ({ ...c, spend: s.spend[i]! })) }, model.media);
    ext.forEach((f, c) => assert.deepEqual(Array.from(f.subarray(0, model.data.n)), Array.from(model.features[c]!)));
    const r = ridgeForecast(model, s);
    assert.match(r.band, /residual SD/);
    assert.ok(r.hi[0]! - r.lo[0]! > 0);
  });

  it("checks its input: unknown channel, wrong length, dates that do not follow the data, no model", () => {
    const { engine, channels } = runs[0]!;
    assert.throws(
      () => engine.forecast({ spend: { nope: 1 } }),
      (e: MMMError) => e.code === "INVALID_ARGUMENT" && /'nope' is not a channel/.test(e.message),
    );
    assert.throws(() => engine.forecast({ spend: { [channels[0]!]: [1, 2] }, weeks: 3 }), /2 weekly values for a 3-week forecast/);
    assert.throws(() => engine.forecast({ dates: ["2020-01-01"] }), /is not the week after/);
    assert.throws(
      () => new MMMEngine().forecast(),
      (e: MMMError) => e.code === "NO_MODEL",
    );
    const f = engine.forecast({ weeks: 2 });
    assert.ok(f.warnings.some((w) => /historical weekly average/.test(w)) && f.warnings.some((w) => /held at its historical mean/.test(w)));
  });

  it("a Plotly forecast chart: history, band, forecast, realised weeks", () => {
    const { engine, future } = runs[0]!;
    const f = engine.predict(future);
    const fig = forecastFigure(f, { history: { dates: ["2020-01-06"], actual: [1] } });
    assert.deepEqual(
      fig.data.map((t) => t.name),
      ["Actual revenue", "94% band upper", "94% band", "Forecast revenue (bayesian)", "Realised revenue", "Outside the band"],
    );
    assert.match(fig.layout.title.text, /MAPE .*inside the band/);
  });
});
