/**
 * The per-geo budget (issue #15 item 1) on a simulated geo panel with known per-geo curves: the plan
 * made on the fitted geo model's cells raises the TRUE response (the simulator's curves) over the
 * current split, every interior geo × channel cell ends at the same marginal ROAS (KKT), bound cells
 * on the right side of it, and the national total is the sum over geos and over channels.
 */
import { strict as assert } from "node:assert";
import { fitGeoBayesian } from "../../../../kernel-lib/src/model/bayes/geo/geoFit";
import { GeoPosterior, cellName } from "../../../../kernel-lib/src/model/bayes/geo/geoPosterior";
import { optimizeGeoBudget, type GeoCell } from "../../../../kernel-lib/src/model/budget";
import { simulateGeoPanel } from "../../../../kernel-lib/src/model/simulate/geoPanel";
import { geometricAdstock, logisticSaturation } from "../../../../kernel-lib/src/model/transforms/math";

const WEEKS = 52;

/** The simulator's steady-state curve of every cell: k_gc · tanh(λ_c · s / scale_gc / 2), k_gc read off the true weekly contribution. */
function trueCells(panel: ReturnType<typeof simulateGeoPanel>): GeoCell[] {
  const { data, truth } = panel;
  return data.geos.flatMap((geo, g) =>
    data.channels.map((ch, c) => {
      const t = truth.channels[c]!;
      const scale = ch.scale[g]!;
      const h = logisticSaturation(
        geometricAdstock(
          ch.spend[g]!.map((v) => v / scale),
          t.alpha,
          8,
          true,
        ),
        t.lam,
      );
      const k = t.weekly[g]!.reduce((a, b) => a + b, 0) / h.reduce((a, b) => a + b, 0);
      return {
        name: cellName(ch.name, geo),
        geo,
        channel: ch.name,
        currentWeekly: ch.total[g]! / data.n,
        response: (s: number) => k * Math.tanh((t.lam * s) / scale / 2),
        marginal: (s: number) => ((k * t.lam) / 2 / scale) * (1 - Math.tanh((t.lam * s) / scale / 2) ** 2),
      };
    }),
  );
}

const trueValue = (cells: GeoCell[], allocation: Record<string, number>) => cells.reduce((a, c) => a + WEEKS * c.response(allocation[c.name]! / WEEKS), 0);

describe("model/budget/geoBudget: national total over geo × channel cells", function () {
  this.timeout(300_000);
  const panel = simulateGeoPanel({ seed: 11, geos: 5, weeks: 80 });
  const truth = trueCells(panel);
  const current = Object.fromEntries(truth.map((c) => [c.name, WEEKS * c.currentWeekly]));
  const total = Object.values(current).reduce((a, b) => a + b, 0);
  const bounds = Object.fromEntries(truth.map((c) => [c.name, { pct: 0.5 }]));
  let posterior: GeoPosterior;
  // One plan on the fitted cells serves three checks (each plan runs the seeded evolution check too).
  let plan: ReturnType<typeof optimizeGeoBudget>;

  before(async () => {
    const fit = await fitGeoBayesian(panel.data, { chains: 2, warmup: 200, draws: 150, seed: 2 });
    posterior = new GeoPosterior(fit.density, fit.chains, fit.params);
    const t0 = performance.now();
    plan = optimizeGeoBudget(total, posterior.cellResponses(), { weeks: WEEKS, bounds });
    console.log(`      plan over ${truth.length} cells × ${fit.params.length} draws: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

  it("the fitted model's plan raises the true response over the current split, towards the true optimum", () => {
    const now = trueValue(truth, current);
    const planned = trueValue(truth, plan.allocation);
    const best = optimizeGeoBudget(total, truth, { weeks: WEEKS, bounds });
    const gain = (planned - now) / now;
    const bestGain = (best.expected - now) / now;
    console.log(`      true media response: current ${now.toFixed(0)}, fitted plan ${planned.toFixed(0)} (+${(100 * gain).toFixed(2)}%), true optimum +${(100 * bestGain).toFixed(2)}%; model's expected uplift ${plan.upliftPct.toFixed(2)}%`);
    assert.ok(gain > 0.25 * bestGain, `the plan gains ${gain}, the true optimum ${bestGain}`);
    assert.ok(planned <= best.expected * (1 + 1e-9), "nobody beats the true optimum on the true curves");
    assert.ok(Math.abs(best.currentExpected - now) < 1e-6 * now);
  });

  it("on three more panels (seeds 12–14) the fitted plan also gains at least a quarter of the true optimum's gain", async () => {
    for (const seed of [12, 13, 14]) {
      const other = simulateGeoPanel({ seed, geos: 5, weeks: 80 });
      const cells = trueCells(other);
      const now = Object.fromEntries(cells.map((c) => [c.name, WEEKS * c.currentWeekly]));
      const sum = Object.values(now).reduce((a, b) => a + b, 0);
      const b = Object.fromEntries(cells.map((c) => [c.name, { pct: 0.5 }]));
      const fit = await fitGeoBayesian(other.data, { chains: 2, warmup: 200, draws: 150, seed: 2 });
      const fitted = optimizeGeoBudget(sum, new GeoPosterior(fit.density, fit.chains, fit.params).cellResponses(), { weeks: WEEKS, bounds: b, check: false });
      const base = trueValue(cells, now);
      const gain = (trueValue(cells, fitted.allocation) - base) / base;
      const best = (optimizeGeoBudget(sum, cells, { weeks: WEEKS, bounds: b, check: false }).expected - base) / base;
      console.log(`      seed ${seed}: fitted plan +${(100 * gain).toFixed(2)}% of the true response, true optimum +${(100 * best).toFixed(2)}%`);
      assert.ok(gain > 0.25 * best, `seed ${seed}: ${gain} vs ${best}`);
    }
  });

  it("KKT: every interior cell at the same marginal ROAS, cells at a bound on the right side of it", () => {
    for (const p of [plan, optimizeGeoBudget(total, truth, { weeks: WEEKS, bounds })]) {
      const rows = p.geo.cells;
      const interior = rows.filter((r) => r.status === "interior").map((r) => r.mroas);
      assert.ok(interior.length >= 2, `${interior.length} interior cells`);
      const level = interior.reduce((a, b) => a + b, 0) / interior.length;
      for (const m of interior) assert.ok(Math.abs(m / level - 1) < 1e-4, `interior mROAS ${m} vs ${level}`);
      for (const r of rows.filter((x) => x.status === "upper")) assert.ok(r.mroas >= level * (1 - 1e-4), `${r.channel}@${r.geo} at its upper bound with mROAS ${r.mroas} < ${level}`);
      for (const r of rows.filter((x) => x.status === "lower")) assert.ok(r.mroas <= level * (1 + 1e-4), `${r.channel}@${r.geo} at its lower bound with mROAS ${r.mroas} > ${level}`);
    }
  });

  it("the national total is the sum over geos and over channels; per-geo rows add up to the plan", () => {
    const sum = (o: Record<string, { allocation: number; expected: number; current: number }>, k: "allocation" | "expected" | "current") => Object.values(o).reduce((a, t) => a + t[k], 0);
    assert.deepEqual(Object.keys(plan.geo.byGeo), panel.data.geos);
    assert.deepEqual(Object.keys(plan.geo.byChannel), ["tv", "search", "social"]);
    for (const part of [plan.geo.byGeo, plan.geo.byChannel]) {
      assert.ok(Math.abs(sum(part, "allocation") / total - 1) < 1e-9);
      assert.ok(Math.abs(sum(part, "current") / total - 1) < 1e-9);
      assert.ok(Math.abs(sum(part, "expected") / plan.expected - 1) < 1e-9);
    }
    for (const r of plan.geo.cells) assert.equal(r.allocation, plan.allocation[cellName(r.channel, r.geo)]);
    // Each cell within ±50% of its current spend.
    for (const r of plan.geo.cells) assert.ok(r.allocation >= 0.5 * r.current - 1e-6 && r.allocation <= 1.5 * r.current + 1e-6);
  });

  it("a channel's ±pct bound holds in each of its cells, its fixed budget splits at the current geo shares; a channel's [min, max] is refused", () => {
    const cells = posterior.cellResponses();
    const tv = cells.filter((c) => c.channel === "tv");
    const tvNow = tv.reduce((a, c) => a + WEEKS * c.currentWeekly, 0);
    const plan = optimizeGeoBudget(total - 0.2 * tvNow, cells, { weeks: WEEKS, bounds: { search: { pct: 0.1 }, social: { pct: 0.1 } }, fixed: { tv: tvNow * 0.8 }, check: false });
    for (const c of tv) assert.ok(Math.abs(plan.allocation[c.name]! - 0.8 * WEEKS * c.currentWeekly) < 1e-6 * tvNow, c.name);
    for (const r of plan.geo.cells.filter((x) => x.channel !== "tv")) assert.ok(r.allocation <= 1.1 * r.current + 1e-6 && r.allocation >= 0.9 * r.current - 1e-6);
    assert.throws(
      () => optimizeGeoBudget(total, cells, { weeks: WEEKS, bounds: { tv: [0, tvNow] } }),
      (e: unknown) => (e as { code?: string }).code === "INVALID_ARGUMENT" && /per cell/.test((e as { hint: string }).hint),
    );
  });
});
