/**
 * Weekly flighting (issue #16 item 6): the analytic gradient through adstock and saturation equals
 * central differences; the plan's reported total response equals an independent week-by-week
 * forecast of the plan (model/forecast: ridge and Bayesian) to 1e-6; carry-over from the observed
 * weeks is counted; bounds, ramps and the total hold; flighting behaves as theory says — even weeks
 * on a concave curve, pulsing on an S-shaped one, spend pulled forward when the spill-over is not counted.
 */
import { strict as assert } from "node:assert";
import { buildReport, MMMEngine, MMMError } from "../../../../kernel-lib/src";
import { bayesFlightModel, planFlighting, type FlightModel } from "../../../../kernel-lib/src/model/budget";
import { channelFlight, type FlightChannel, type FlightDraw } from "../../../../kernel-lib/src/model/budget/flightModel";
import { resolveMedia } from "../../../../kernel-lib/src/model/media";
import { bayesSimulation } from "../../../helpers/bayesSim";

/** A channel of known transforms: geometric or Weibull weights, Hill or logistic saturation, β. */
function channel(name: string, adstock: Parameters<typeof resolveMedia>[0]["adstock"], saturation: Parameters<typeof resolveMedia>[0]["saturation"], beta: number, history: number[], scale = 10_000): FlightChannel {
  const r = resolveMedia({ adstock, saturation });
  const p = r.saturation.checkParams(r.saturationParams);
  const draw: FlightDraw = { beta, weights: r.adstock.weights(r.adstockParams), value: (a) => r.saturation.valueAt(a, p), slope: (a) => r.saturation.slopeAt(a, p) };
  return { name, scale, history: Float64Array.from(history), currentWeekly: history.reduce((a, v) => a + v, 0) / Math.max(1, history.length), draws: [draw] };
}

const model = (...channels: FlightChannel[]): FlightModel => ({ model: "ridge", lastDay: 19_000, channels });
const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);

describe("weekly flighting (planFlighting)", function () {
  this.timeout(300_000);

  it("the gradient through adstock and saturation equals central differences (geometric + Hill, Weibull PDF + logistic)", () => {
    const chans = [
      channel("a", { type: "geometric", params: { alpha: 0.6, lMax: 8, normalize: true } }, { type: "hill", params: { K: 0.8, S: 2.2 } }, 5e4, [9000, 12000, 0, 8000]),
      channel("b", { type: "weibull_pdf", params: { lambda: 3, k: 2, lMax: 10, normalize: true } }, { type: "logistic", params: { lam: 1.7 } }, 3e4, [5000, 7000, 6000]),
    ];
    for (const ch of chans) {
      const H = 9;
      for (const counted of [H, H + 9]) {
        const plan = Float64Array.from({ length: H }, (_, k) => 4000 + 1500 * Math.sin(k));
        const grad = new Float64Array(H);
        channelFlight(ch, plan, counted, new Float64Array(counted), grad);
        const f = (x: Float64Array) => sum(Array.from(channelFlight(ch, x, counted, new Float64Array(counted))));
        for (let k = 0; k < H; k++) {
          const h = 1e-3 * plan[k]!;
          const up = Float64Array.from(plan);
          const dn = Float64Array.from(plan);
          up[k] = up[k]! + h;
          dn[k] = dn[k]! - h;
          const fd = (f(up) - f(dn)) / (2 * h);
          assert.ok(Math.abs(fd - grad[k]!) <= 1e-6 * Math.abs(fd) + 1e-9, `${ch.name} week ${k} counted ${counted}: analytic ${grad[k]} vs ${fd}`);
        }
      }
    }
  });

  it("concave curve: even weeks without carry-over (Jensen); with carry-over, even interior weeks and a heavier last week (its tail lands on unsaturated weeks)", () => {
    const hist = new Array(20).fill(10_000);
    const sat = { type: "logistic", params: { lam: 2 } } as const;
    const flat = planFlighting(model(channel("tv", { type: "geometric", params: { alpha: 0, lMax: 1, normalize: true } }, sat, 1e5, hist)), { weeks: 12, total: 120_000 });
    const f = flat.spend.tv!;
    assert.ok(Math.max(...f) - Math.min(...f) < 1e-4 * 10_000, f.join(" "));
    const plan = planFlighting(model(channel("tv", { type: "geometric", params: { alpha: 0.5, lMax: 8, normalize: true } }, sat, 1e5, hist)), { weeks: 12, total: 120_000 });
    const s = plan.spend.tv!;
    const inner = s.slice(1, 11);
    const spread = (Math.max(...inner) - Math.min(...inner)) / (sum(inner) / inner.length);
    console.log(`      concave with carry-over: weeks ${s.map((v) => v.toFixed(0)).join(" ")} (interior spread ${(100 * spread).toFixed(2)}%)`);
    assert.ok(spread < 0.02, `spread ${spread}`);
    assert.ok(s[11]! > 1.5 * s[5]!, "the last week's carry-over reaches unsaturated weeks after the plan");
    assert.ok(plan.incremental >= plan.even.incremental);
    assert.ok(Math.abs(sum(s) - 120_000) < 1e-6);
  });

  it("S-shaped curve at a low budget: the plan pulses and beats even weeks by a wide margin", () => {
    const m = model(channel("tv", { type: "geometric", params: { alpha: 0.2, lMax: 4, normalize: true } }, { type: "hill", params: { K: 1, S: 4 } }, 1e5, [0, 0, 0]));
    const plan = planFlighting(m, { weeks: 12, total: 12 * 4000, bounds: { tv: [0, 20_000] } });
    const s = plan.spend.tv!;
    const on = s.filter((v) => v > 1000).length;
    console.log(`      S-shaped: ${on} of 12 weeks on, incremental ${plan.incremental.toFixed(0)} vs even ${plan.even.incremental.toFixed(0)}`);
    assert.ok(on <= 6, `weeks on ${on}: ${s.map((v) => v.toFixed(0)).join(" ")}`);
    assert.ok(plan.incremental > 3 * plan.even.incremental, `${plan.incremental} vs ${plan.even.incremental}`);
  });

  it("without the spill-over the plan pulls spend forward (late weeks' carry-over falls outside the horizon)", () => {
    const hist = new Array(20).fill(10_000);
    const m = model(channel("tv", { type: "geometric", params: { alpha: 0.8, lMax: 8, normalize: true } }, { type: "logistic", params: { lam: 2 } }, 1e5, hist));
    const plan = planFlighting(m, { weeks: 12, total: 120_000, spillover: false });
    const s = plan.spend.tv!;
    assert.equal(plan.countedWeeks, 12);
    assert.ok(sum(s.slice(0, 4)) > sum(s.slice(8)) * 1.2, s.map((v) => v.toFixed(0)).join(" "));
    assert.ok(s[11]! < s[0]!);
  });

  it("weekly bounds, ramp limits from the last observed week and the total hold; infeasible ones are BOUNDS_INFEASIBLE", () => {
    const hist = [8000, 9000, 10_000];
    const m = model(
      channel("tv", { type: "geometric", params: { alpha: 0.3, lMax: 4, normalize: true } }, { type: "hill", params: { K: 1, S: 4 } }, 1e5, hist),
      channel("search", { type: "geometric", params: { alpha: 0.1, lMax: 4, normalize: true } }, { type: "logistic", params: { lam: 1 } }, 4e4, [5000, 5000, 5000]),
    );
    const plan = planFlighting(m, { weeks: 10, total: 150_000, bounds: { search: [2000, 9000], tv: [0, 30_000] }, ramp: { tv: { pct: 0.25 }, search: { abs: 1500 } } });
    const tol = 1e-6 * 15_000;
    assert.ok(Math.abs(sum([...plan.spend.tv!, ...plan.spend.search!]) - 150_000) < 1e-6);
    const check = (s: number[], last: number, lo: number, hi: number, ok: (a: number, b: number) => boolean) =>
      s.forEach((v, t) => {
        assert.ok(v >= lo - tol && v <= hi + tol, `bound week ${t}: ${v}`);
        assert.ok(ok(t === 0 ? last : s[t - 1]!, v), `ramp week ${t}: ${t === 0 ? last : s[t - 1]} → ${v}`);
      });
    check(plan.spend.tv!, 10_000, 0, 30_000, (a, b) => b <= 1.25 * a + tol && b >= 0.75 * a - tol);
    check(plan.spend.search!, 5000, 2000, 9000, (a, b) => Math.abs(b - a) <= 1500 + tol);
    assert.ok(plan.rampViolation <= tol);
    assert.throws(
      () => planFlighting(m, { weeks: 10, total: 400_000, bounds: { search: [2000, 9000], tv: [0, 30_000] }, ramp: { tv: { pct: 0.25 } } }),
      (e: unknown) => e instanceof MMMError && e.code === "BOUNDS_INFEASIBLE" && /at most/.test(e.hint),
    );
    assert.throws(
      () => planFlighting(m, { weeks: 10, total: 100_000, ramp: { tvv: { pct: 0.1 } } }),
      (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && /tv/.test(e.hint),
    );
  });

  describe("equals an independent week-by-week forecast of the plan (model/forecast)", () => {
    let engine: MMMEngine;
    let channels: string[];
    before(async () => {
      const { sim } = bayesSimulation(4, { weeks: 104 });
      engine = new MMMEngine();
      channels = sim.truth.channels.map((c) => c.column);
      await engine.loadData(sim.data, { kpiCol: "revenue", dateCol: "date", channels, controls: ["price_index", "competitor_sales"] });
      engine.runRidgeMMM();
      await engine.runBayesianMMM({ chains: 2, warmup: 150, draws: 80, seed: 5 });
    });

    /** Σ forecast contributions over the counted weeks, and over the same weeks with no planned spend. */
    function forecastTotals(plan: ReturnType<MMMEngine["planFlighting"]>, model: "ridge" | "bayesian") {
      const tail = plan.countedWeeks - plan.weeks;
      const run = (zero: boolean) => {
        const spend = Object.fromEntries(channels.map((c) => [c, [...plan.spend[c]!.map((v) => (zero ? 0 : v)), ...new Array(tail).fill(0)]]));
        const f = engine.forecast({ spend, weeks: plan.countedWeeks }, { model });
        return sum(channels.map((c) => sum(f.contributions[c]!)));
      };
      return { total: run(false), carry: run(true) };
    }

    for (const model of ["ridge", "bayesian"] as const) {
      for (const spillover of [true, false]) {
        it(`${model}, spill-over ${spillover ? "counted" : "not counted"}: total response and carry-over to 1e-6 relative`, () => {
          const plan = engine.planFlighting({ model, weeks: 10, total: 10 * 50_000, spillover, ramp: { "*": { pct: 0.4 } } });
          const f = forecastTotals(plan, model);
          const rel = Math.abs(f.total - plan.totalResponse) / f.total;
          console.log(
            `      ${model} spill ${spillover}: plan ${plan.totalResponse.toFixed(2)} vs forecast ${f.total.toFixed(2)} (rel ${rel.toExponential(1)}), carry-over ${plan.carryOver.toFixed(0)}, ROAS ${plan.roas.toFixed(3)} vs even ${plan.even.roas.toFixed(3)}`,
          );
          assert.ok(rel < 1e-6, `rel ${rel}`);
          assert.ok(Math.abs(f.carry - plan.carryOver) <= 1e-6 * f.carry);
          assert.ok(plan.carryOver > 0, "the observed weeks carry over into the plan");
          assert.ok(plan.incremental >= plan.even.incremental * (1 - 1e-9));
          if (model === "bayesian") {
            const p = plan.incrementalPosterior!;
            assert.ok(p.hdi94[0] < plan.incremental && plan.incremental < p.hdi94[1]);
          }
        });
      }
    }

    it("the engine records the plan in the analysis and the report shows it (section and stacked chart)", () => {
      const plan = engine.planFlighting({ weeks: 8 });
      assert.equal(engine.analysis.flighting, plan);
      const report = buildReport(engine);
      assert.match(report.sections.budget, /Weekly flighting \(8 weeks/);
      assert.equal(report.charts.flighting!.layout.barmode, "stack");
      assert.equal(report.charts.flighting!.data.length, channels.length);
      // The default total is the current weekly spend × weeks.
      const weekly = sum(bayesFlightModel(engine.bayesian()).channels.map((c) => c.currentWeekly));
      assert.ok(Math.abs(plan.total - 8 * weekly) < 1e-6 * plan.total);
    });
  });
});
