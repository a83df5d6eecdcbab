import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { MMMEngine, type MMMError, pl, SAMPLE_TRUTH, samplePath, simulateMMM } from "../../../kernel-lib/src";
import type { ChannelSpec } from "../../../kernel-lib/src";
import { prepareMmmData } from "../../../kernel-lib/src/model/mmmData";
import { fitRidge } from "../../../kernel-lib/src/model/ridge/fit";
import { ridgeResult } from "../../../kernel-lib/src/model/ridge/result";
import { optimizeAllChannels, optimizeChannel } from "../../../kernel-lib/src/model/search/search";

/** Channels in the ridge model's own family (geometric adstock + Hill), so recovery is well posed. */
function channels(count: number): ChannelSpec[] {
  const alphas = [0.7, 0.3, 0.5, 0.15, 0.6, 0.4, 0.25, 0.55];
  return alphas.slice(0, count).map((alpha, i) => ({
    name: `ch${i}`,
    spend: { mean: 10_000 * (1 + (i % 3)), variability: 0.4, onProbability: 0.8, flightWeeks: 4 },
    adstock: { type: "geometric", params: { alpha, lMax: 8, normalize: true } },
    saturation: { type: "hill", params: { K: 0.3 + 0.1 * (i % 4), S: 1 + 0.5 * (i % 3) } },
    beta: 40_000 + 15_000 * (i % 3),
  }));
}

function simulated(count: number, seed: number, noise = 0.001) {
  const sim = simulateMMM({ seed, noise, weeks: 200, channels: channels(count) });
  const chs = sim.truth.channels.map((c) => c.column);
  const controls = sim.data.columns.filter((c) => !["date", "revenue", ...chs].includes(c));
  return { ...sim, mmm: prepareMmmData(sim.data, { kpi: "revenue", channels: chs, controls, dateCol: "date" }) };
}

const shares = (r: ReturnType<typeof ridgeResult>) => r.channels.map((c) => c.share);

describe("ridge MMM", () => {
  it("with the true media parameters, recovers every contribution share within 2 points", () => {
    const { truth, mmm } = simulated(6, 11);
    const media = Object.fromEntries(truth.channels.map((c) => [c.column, { adstock: c.adstock, saturation: c.saturation }]));
    const r = ridgeResult(fitRidge(mmm, { media }));
    truth.channels.forEach((c, i) => assert.ok(Math.abs(r.channels[i]!.share - c.share) < 0.02, `${c.name}: ${r.channels[i]!.share} vs ${c.share}`));
    assert.ok(r.metrics.r2 > 0.99);
  });

  for (const [count, seed] of [
    [4, 1],
    [6, 2],
    [8, 3],
    [8, 1],
  ] as const) {
    it(`search + fit on ${count} channels (seed ${seed}): decays within 0.1, shares within 5 points, ranking kept`, function () {
      this.timeout(60_000);
      const { truth, mmm } = simulated(count, seed);
      // Pure fit (no DECOMP.RSSD tie-breaker): on low-noise data the fit alone pins the truth down.
      const search = optimizeAllChannels(mmm, { seed: 7, evaluations: 8000, decompWeight: 0 });
      truth.channels.forEach((c) => {
        const alpha = (search.params[c.column]!.adstock.params as { alpha: number }).alpha;
        assert.ok(Math.abs(alpha - (c.adstock.params as { alpha: number }).alpha) < 0.1, `${c.name} decay ${alpha}`);
      });
      const r = ridgeResult(fitRidge(mmm, { media: search.params }));
      const trueShares = truth.channels.map((c) => c.share);
      r.channels.forEach((c, i) => assert.ok(Math.abs(c.share - trueShares[i]!) < 0.05, `${c.name}: share ${c.share.toFixed(3)} vs ${trueShares[i]!.toFixed(3)}`));
      // Ranking: every pair whose true shares differ by more than 3 points is ordered correctly
      // (closer pairs are ties at this noise level).
      const est = shares(r);
      for (let i = 0; i < count; i++) {
        for (let j = 0; j < count; j++) {
          if (trueShares[i]! > trueShares[j]! + 0.03) assert.ok(est[i]! > est[j]!, `order of ch${i} (${trueShares[i]!.toFixed(3)}) and ch${j} (${trueShares[j]!.toFixed(3)})`);
        }
      }
      assert.ok(search.pareto.length >= 1 && search.pareto.every((p, i, a) => i === 0 || p.nrmse >= a[i - 1]!.nrmse));
    });
  }

  it("the search is seeded: same seed, same parameters", () => {
    const { mmm } = simulated(3, 5);
    const a = optimizeAllChannels(mmm, { seed: 3, evaluations: 1500 });
    const b = optimizeAllChannels(mmm, { seed: 3, evaluations: 1500 });
    assert.deepEqual(a.params, b.params);
    assert.equal(a.evaluations, b.evaluations);
  });

  it("single-channel search finds its decay with the others held at the truth", () => {
    const { truth, mmm } = simulated(4, 2);
    const start = Object.fromEntries(truth.channels.map((c) => [c.column, { adstock: c.adstock, saturation: c.saturation }]));
    const progress: string[] = [];
    const r = optimizeChannel(mmm, "ch2_spend", {
      start: { ...start, ch2_spend: { adstock: { type: "geometric", params: { alpha: 0.05, lMax: 8 } }, saturation: { type: "hill", params: { K: 1, S: 1 } } } },
      onProgress: (p) => progress.push(p.phase),
    });
    assert.ok(Math.abs((r.params["ch2_spend"]!.adstock.params as { alpha: number }).alpha - 0.5) < 0.1);
    assert.ok(progress.includes("start") && progress.at(-1) === "done");
  });

  it("decomposition sums to the fit every week; ROAS is contribution / spend; marginal ROAS is the curve's slope", async () => {
    const { data } = simulated(4, 4);
    const engine = new MMMEngine();
    await engine.loadData(data);
    const result = engine.runRidgeMMM({ controls: ["price_index", "competitor_sales"] });
    const rows = engine.decomposition();
    assert.equal(rows.length, 200);
    for (const row of rows) {
      const sum = row.baseline + Object.values(row.controls).reduce((a, b) => a + b, 0) + Object.values(row.channels).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - row.fitted) < 1e-6 * Math.abs(row.fitted));
    }
    for (const c of result.channels) {
      const total = rows.reduce((a, r) => a + r.channels[c.name]!, 0);
      assert.ok(Math.abs(total - c.contribution) < 1e-6 * Math.abs(c.contribution) + 1e-9);
      assert.ok(Math.abs(c.roas - c.contribution / c.spend) < 1e-12);
    }
    const curve = engine.responseCurves({ points: 11 })[0]!;
    const s = curve.current.spend;
    const h = s * 1e-4;
    const fd = (interp(curve, s + h) - interp(curve, s - h)) / (2 * h);
    assert.ok(Math.abs(fd - curve.current.mroas) < 0.05 * Math.abs(curve.current.mroas) + 1e-6, `${fd} vs ${curve.current.mroas}`);
    assert.deepEqual(
      engine.roiSummary().map((c) => c.roas),
      [...result.channels.map((c) => c.roas)].sort((a, b) => b - a),
    );
  });

  describe("degenerate input", () => {
    const base = () => simulated(3, 9).data;

    it("all-zero and constant channels are left out with a warning that says why", () => {
      const df = base().withColumns(pl.lit(0).alias("radio_spend"), pl.lit(500).alias("print_spend"));
      const mmm = prepareMmmData(df, { kpi: "revenue", channels: ["ch0_spend", "ch1_spend", "radio_spend", "print_spend"], dateCol: "date" });
      assert.deepEqual(
        mmm.channels.map((c) => c.name),
        ["ch0_spend", "ch1_spend"],
      );
      assert.ok(mmm.warnings.some((w) => /radio_spend/.test(w) && /zero spend in every week/.test(w)));
      assert.ok(mmm.warnings.some((w) => /print_spend/.test(w) && /same spend every week/.test(w)));
    });

    it("perfectly collinear channels get a warning; the fit still runs", () => {
      const df = base().withColumns(pl.col("ch0_spend").mul(2).alias("ch0_copy_spend"));
      const mmm = prepareMmmData(df, { kpi: "revenue", channels: ["ch0_spend", "ch0_copy_spend", "ch1_spend"], dateCol: "date" });
      assert.ok(mmm.warnings.some((w) => /ch0_spend' and 'ch0_copy_spend' move together exactly/.test(w)));
      const r = ridgeResult(fitRidge(mmm));
      assert.ok(r.channels.every((c) => Number.isFinite(c.contribution)));
    });

    it("more regressors than weeks is refused with what to do", () => {
      const df = base().head(8);
      assert.throws(
        () => prepareMmmData(df, { kpi: "revenue", channels: ["ch0_spend", "ch1_spend", "ch2_spend"], controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 2 }),
        (e: MMMError) => /regressors for 8 weeks/.test(e.message) && /fourierOrder/.test(e.hint),
      );
    });

    it("NaN or missing KPI values are refused naming the weeks", () => {
      const df = base().withColumns(
        pl
          .when(pl.col("date").eq(pl.col("date").sort().gather([5]).first()))
          .then(pl.lit(null))
          .otherwise(pl.col("revenue"))
          .alias("revenue"),
      );
      assert.throws(
        () => prepareMmmData(df, { kpi: "revenue", channels: ["ch0_spend"], dateCol: "date" }),
        (e: MMMError) => e.code === "NOT_NUMERIC" && /row 5 \(\d{4}-\d{2}-\d{2}\)/.test(e.message),
      );
    });

    it("modelling calls before a fit, and unknown channels, say what to do", async () => {
      const engine = new MMMEngine();
      await engine.loadData(base());
      assert.throws(
        () => engine.roiSummary(),
        (e: MMMError) => e.code === "NO_MODEL" && /runRidgeMMM/.test(e.hint),
      );
      engine.runRidgeMMM();
      assert.throws(() => engine.optimizeBudget(1e6, ["ch0_spend", "tv_spend"]), /'tv_spend' has no fitted response/);
      assert.throws(() => engine.runRidgeMMM({ media: { nope: { adstock: { type: "geometric", params: { alpha: 0.5 } }, saturation: { type: "hill", params: { K: 0.5, S: 1 } } } } }), /'nope', which is not a modelled channel/);
    });
  });

  it("a channel the fit gives no effect is kept at its lowest budget with a warning, not an error", async () => {
    const { data } = simulated(3, 12);
    // Spend that moves exactly against the KPI: the non-negative constraint pins its coefficient at 0.
    const df = data.withColumns(pl.col("revenue").max().minus(pl.col("revenue")).div(100).plus(10).alias("junk_spend"));
    const engine = new MMMEngine();
    await engine.loadData(df);
    const r = engine.runRidgeMMM({ channels: ["ch0_spend", "ch1_spend", "ch2_spend", "junk_spend"] });
    assert.equal(r.channels.find((c) => c.name === "junk_spend")!.coef, 0);
    const total = (r.channels.reduce((a, c) => a + c.spend, 0) / r.weeks) * 52;
    const plan = engine.optimizeBudget(total);
    assert.ok(Math.abs(plan.allocation["junk_spend"]! - plan.current!["junk_spend"]! * 0.5) < 1e-6 * total);
    assert.ok(plan.warnings.some((w) => /junk_spend' has no fitted effect/.test(w)));
    assert.ok(Math.abs(Object.values(plan.allocation).reduce((a, b) => a + b, 0) - total) < 1e-6 * total);
  });

  it("the engine's budget plan stays within ±50% of current spend by default and spends the total exactly", async () => {
    const engine = new MMMEngine();
    await engine.loadData(simulated(4, 6).data);
    const r = engine.runRidgeMMM();
    const total = (r.channels.reduce((a, c) => a + c.spend, 0) / r.weeks) * 52;
    const plan = engine.optimizeBudget(total);
    assert.ok(Math.abs(Object.values(plan.allocation).reduce((a, b) => a + b, 0) - total) < 1e-6 * total);
    for (const [ch, v] of Object.entries(plan.allocation)) {
      assert.ok(v >= plan.current![ch]! * 0.5 - 1e-6 && v <= plan.current![ch]! * 1.5 + 1e-6, ch);
    }
    assert.ok(plan.expected >= plan.currentExpected! - 1e-6);
  });
});

function interp(c: { spend: number[]; response: number[] }, s: number): number {
  const i = Math.min(c.spend.length - 2, Math.max(0, c.spend.findIndex((v) => v > s) - 1));
  const t = (s - c.spend[i]!) / (c.spend[i + 1]! - c.spend[i]!);
  return c.response[i]! + t * (c.response[i + 1]! - c.response[i]!);
}

describe("search defaults on realistic noise (bundled sample: 4% noise, mixed transform families)", () => {
  it("keep ROAS differentiated, choose out of sample (not the in-sample optimum that gives social ~60%), shares near the truth", async function () {
    this.timeout(60_000);
    const truth = JSON.parse(fs.readFileSync(SAMPLE_TRUTH, "utf8")) as { channels: { column: string; share: number }[] };
    const engine = new MMMEngine();
    await engine.loadData(samplePath("sample"));
    const search = engine.optimizeAllAdstockParameters({ seed: 1, evaluations: 10_000 });
    const r = engine.runRidgeMMM();
    const roas = r.channels.map((c) => c.roas);
    assert.ok(Math.max(...roas) - Math.min(...roas) > 0.5, `ROAS not equalised: ${roas.map((x) => x.toFixed(2)).join(", ")}`);
    // The best in-sample fit is an artefact (social's ROAS ~10, 5x the truth); CV must not pick it.
    const sel = search.selection!;
    assert.equal(sel.method, "cv");
    assert.ok(sel.cvError < sel.table[0]!.cvError, `chosen CV ${sel.cvError} vs in-sample best ${sel.table[0]!.cvError}`);
    const errors = r.channels.map((c, i) => Math.abs(c.share - truth.channels[i]!.share));
    // paid_search is always on with a seasonal spend, so the Fourier baseline absorbs part of it:
    // the ridge underestimates it (12.2 points here; it was 10 under the old RSSD-weighted rule, by
    // luck of the pull). Every other channel is within 5 points.
    r.channels.forEach((c, i) => assert.ok(errors[i]! < (c.name === "paid_search_spend" ? 0.13 : 0.05), `${c.name}: ${c.share.toFixed(3)} vs ${truth.channels[i]!.share.toFixed(3)}`));
    assert.ok(errors.reduce((a, b) => a + b, 0) / errors.length < 0.05, `mean share error ${errors.join(", ")}`);
  });
});

describe("parallel search", () => {
  it("gives exactly the same result on 1 and 2 threads", function () {
    this.timeout(60_000);
    const { mmm } = simulated(5, 8);
    const one = optimizeAllChannels(mmm, { seed: 4, evaluations: 2500, threads: 1 });
    const two = optimizeAllChannels(mmm, { seed: 4, evaluations: 2500, threads: 2 });
    assert.deepEqual(two.params, one.params);
    assert.deepEqual(two.score, one.score);
    assert.ok(two.evaluations >= 2500 && two.evaluations <= 2505, String(two.evaluations)); // Nelder–Mead may finish its last step
  });
});
