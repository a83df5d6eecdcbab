/**
 * Refresh building blocks (issue #16 item 5): the saved arrays extended by a new table equal a fresh
 * preparation of the whole table (fingerprints, with and without overlapping weeks; a text control's
 * levels), overlapping weeks take the new values, bad tables are DATA_MISMATCH with the column or
 * date named; the drift regression against its closed form and the rule's thresholds; warm starts
 * from a saved posterior; the run_bayesian_mmm refresh option records the chart.
 */
import { strict as assert } from "node:assert";
import { MMMEngine, MMMError, pl, simulateMMM } from "../../../kernel-lib/src";
import { createRng } from "../../../kernel-lib/src/math/random";
import { fitBayesian } from "../../../kernel-lib/src/model/bayes/fit";
import { BayesMmmDensity } from "../../../kernel-lib/src/model/bayes/mmmDensity";
import { warmStarts } from "../../../kernel-lib/src/model/bayes/warmStart";
import type { Forecast } from "../../../kernel-lib/src/model/forecast/result";
import { prepareMmmData, type MmmSpec } from "../../../kernel-lib/src/model/mmmData";
import { combineWeeks } from "../../../kernel-lib/src/model/refresh/combine";
import { channelDrift, refreshReason } from "../../../kernel-lib/src/model/refresh/drift";
import { fingerprint } from "../../../kernel-lib/src/lifecycle/snapshot";
import { bayesSimulation } from "../../helpers/bayesSim";
import { runTool } from "../../helpers/toolContext";

const { sim } = bayesSimulation(4, { weeks: 130 });
const spec: MmmSpec = { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 2 };
const saved = prepareMmmData(sim.data.slice(0, 100), spec);

function mismatch(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (err: unknown) => {
    assert.ok(err instanceof MMMError, String(err));
    assert.equal(err.code, "DATA_MISMATCH", err.message);
    assert.match(err.message, pattern);
    assert.ok(err.hint.length > 10);
    return true;
  });
}

describe("refresh: combining the saved weeks with a new table", () => {
  it("equals a fresh preparation of the whole table (new weeks only, and with 6 overlapping weeks)", () => {
    const whole = fingerprint(prepareMmmData(sim.data, spec));
    const only = combineWeeks(saved, sim.data.slice(100, 30), spec);
    assert.equal(only.data.n, 130);
    assert.equal(only.added.length, 30);
    assert.equal(fingerprint(only.data), whole);
    const overlap = combineWeeks(saved, sim.data.slice(94, 36), spec);
    assert.equal(overlap.replaced.length, 6);
    assert.equal(fingerprint(overlap.data), whole);
    assert.match(overlap.warnings.join(" "), /6 saved week\(s\) .* replace/);
  });

  it("overlapping weeks take the new values", () => {
    const revised = sim.data.slice(98, 10).withColumns(
      pl.Series(
        "revenue",
        Array.from({ length: 10 }, (_, i) => 1000 + i),
        pl.Float64,
      ),
    );
    const c = combineWeeks(saved, revised, spec);
    assert.equal(c.data.y[98], 1000);
    assert.equal(c.data.y[99], 1001);
    assert.equal(c.data.y[97], saved.y[97]);
    assert.equal(c.savedWeeks, 100);
    assert.equal(c.data.n, 108);
  });

  it("a text control's levels are one-hot as saved (equal to a fresh preparation)", () => {
    const ev = simulateMMM({ seed: 3, weeks: 120, events: true });
    const evSpec: MmmSpec = { kpi: "revenue", channels: ev.truth.channels.map((c) => c.column), controls: ["events"], dateCol: "date" };
    const c = combineWeeks(prepareMmmData(ev.data.slice(0, 90), evSpec), ev.data.slice(90, 30), evSpec);
    assert.equal(fingerprint(c.data), fingerprint(prepareMmmData(ev.data, evSpec)));
  });

  it("a missing column, another type, off-grid dates, a gap or an earlier week are DATA_MISMATCH", () => {
    const rest = sim.data.slice(100, 30);
    mismatch(() => combineWeeks(saved, rest.drop("ch1_spend"), spec), /ch1_spend/);
    mismatch(() => combineWeeks(saved, rest.withColumns(pl.col("price_index").cast(pl.Utf8)), spec), /price_index/);
    mismatch(() => combineWeeks(saved, rest.withColumns(pl.col("date").cast(pl.Int32).add(1).cast(pl.Date)), spec), /not on the saved weekly grid/);
    mismatch(() => combineWeeks(saved, rest.slice(0, 5).vstack(rest.slice(6, 24)), spec), /gap/);
    mismatch(() => combineWeeks(saved, rest.withColumns(pl.col("date").cast(pl.Int32).sub(800).cast(pl.Date)), spec), /before the saved model's first week/);
  });
});

describe("refresh: the drift rule", () => {
  const rng = createRng(11);
  const h = 52;
  const m1 = Array.from({ length: h }, () => 1000 + 500 * rng.normal(0, 1));
  const m2 = Array.from({ length: h }, () => 800 + 300 * rng.normal(0, 1));
  const forecast = (errors: number[], contributions: Record<string, number[]>): Forecast => ({
    model: "ridge",
    kpi: "y",
    dates: [],
    spend: {},
    mean: new Array(h).fill(0),
    lo: [],
    hi: [],
    band: "",
    contributions,
    total: { mean: 0, lo: 0, hi: 0 },
    actual: errors,
    warnings: [],
  });

  it("recovers γ exactly from noiseless errors", () => {
    const d = channelDrift(
      forecast(
        m1.map((v, t) => 30 + 0.5 * v - 0.2 * m2[t]!),
        { a: m1, b: m2 },
      ),
    );
    assert.ok(Math.abs(d.a!.gamma - 0.5) < 1e-9 && Math.abs(d.b!.gamma + 0.2) < 1e-9, JSON.stringify(d));
  });

  it("γ and its SE equal the one-regressor closed form", () => {
    const e = m1.map((v) => 5 + 0.3 * v + 40 * rng.normal(0, 1));
    const mx = m1.reduce((a, v) => a + v, 0) / h;
    const my = e.reduce((a, v) => a + v, 0) / h;
    const sxx = m1.reduce((a, v) => a + (v - mx) ** 2, 0);
    const g = m1.reduce((a, v, t) => a + (v - mx) * (e[t]! - my), 0) / sxx;
    const rss = e.reduce((a, y, t) => a + (y - my - g * (m1[t]! - mx)) ** 2, 0);
    const se = Math.sqrt(rss / (h - 2) / sxx);
    const d = channelDrift(forecast(e, { a: m1 })).a!;
    assert.ok(Math.abs(d.gamma - g) < 1e-10 * Math.abs(g), `${d.gamma} vs ${g}`);
    assert.ok(Math.abs(d.se - se) < 1e-8 * se, `${d.se} vs ${se}`);
    assert.equal(d.z, d.gamma / d.se);
  });

  it("drift needs both |z| ≥ 2 and |γ| ≥ 0.15; too few weeks give no test", () => {
    assert.equal(refreshReason({ gamma: 0.2, se: 0.05, z: 4 }), "drift");
    assert.equal(refreshReason({ gamma: -0.4, se: 0.15, z: -2.7 }), "drift");
    assert.equal(refreshReason({ gamma: 0.1, se: 0.01, z: 10 }), "more_data");
    assert.equal(refreshReason({ gamma: 0.6, se: 0.4, z: 1.5 }), "more_data");
    assert.equal(refreshReason(undefined), "more_data");
    const few = channelDrift({ ...forecast(m1.slice(0, 3), { a: m1.slice(0, 3), b: m2.slice(0, 3) }), mean: [0, 0, 0] });
    assert.equal(few.a, undefined);
  });
});

describe("refresh: warm starts and the tool option", function () {
  this.timeout(120_000);

  it("chains start at saved draws with the saved chains' mean metric; other parameters fall back with a reason", async () => {
    const fit = await fitBayesian(saved, { chains: 2, warmup: 60, draws: 30, seed: 1, threads: 1 });
    const more = combineWeeks(saved, sim.data.slice(100, 30), spec).data;
    const density = new BayesMmmDensity(more, {});
    const { starts } = warmStarts(fit.posterior, density, 3);
    assert.deepEqual(Array.from(starts!.inits[0]!), Array.from(fit.chains[0]!.draws.at(-1)!));
    assert.deepEqual(Array.from(starts!.inits[1]!), Array.from(fit.chains[1]!.draws.at(-1)!));
    assert.deepEqual(Array.from(starts!.inits[2]!), Array.from(fit.chains[0]!.draws.at(-18)!));
    const k = 7;
    assert.ok(Math.abs(starts!.initInverseMetric![k]! - (fit.chains[0]!.inverseMetric[k]! + fit.chains[1]!.inverseMetric[k]!) / 2) < 1e-15);
    const other = warmStarts(fit.posterior, new BayesMmmDensity(more, { saturation: "hill" }), 2);
    assert.equal(other.starts, undefined);
    assert.match(other.reason!, /other parameters/);
  });

  it("run_bayesian_mmm with refresh refreshes the model and records the 'refresh' chart", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data.slice(0, 100), { kpiCol: "revenue", dateCol: "date", channels: spec.channels, controls: spec.controls });
    engine.runRidgeMMM();
    const dir = `${require("node:os").tmpdir()}/mmm-refresh-tool-${process.pid}.parquet`;
    sim.data.slice(100, 30).writeParquet(dir);
    const r = await runTool<{ refreshed: boolean; chart: string; fits: { kind: string; channels: { why: string }[] }[] }>(engine, "run_bayesian_mmm", { refresh: { source: dir } });
    assert.equal(r.refreshed, true);
    assert.equal(r.fits[0]!.kind, "ridge");
    assert.equal(r.fits[0]!.channels.length, 3);
    assert.equal(engine.status().rows, 130);
    const fig = engine.analysis.figures["refresh"]!;
    assert.equal((fig.layout as { meta?: { key?: string } }).meta?.key, "refresh");
  });
});
