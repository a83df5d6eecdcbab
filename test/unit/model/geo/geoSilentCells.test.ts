/**
 * A channel that never spent in a geo has no response curve there but its prior's, anchored at a
 * reference spend of ~0 (1e-3 of a spend scale of 1): priced by that curve, a few hundred in such a cell
 * bought hundreds of times the geo's whole KPI. The per-geo budget holds those cells at zero and refuses
 * a bound or fixed budget that gives one money.
 */
import { strict as assert } from "node:assert";
import { MMMEngine, MMMError } from "../../../../kernel-lib/src";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { geoPanelRows, simulateGeoPanel } from "../../../../kernel-lib/src/model/simulate/geoPanel";

describe("per-geo budget: cells whose geo never spent on the channel", function () {
  this.timeout(300_000);
  let engine: MMMEngine;
  let total = 0;
  let currentKpi = 0;

  before(async () => {
    const rows = geoPanelRows(simulateGeoPanel({ seed: 5, geos: 4, weeks: 60 }));
    rows["geo"]!.forEach((g, i) => {
      if (g !== "geo_1") rows["social"]![i] = 0;
    });
    engine = new MMMEngine();
    await engine.loadData(pl.DataFrame(rows), { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels: ["tv", "search", "social"] });
    await engine.runGeoBayesianMMM({ chains: 2, warmup: 150, draws: 100, seed: 1 });
    const cells = engine.analysis.currentGeo!.posterior.cellResponses();
    total = 13 * cells.reduce((a, c) => a + c.currentWeekly, 0);
    currentKpi = 13 * cells.reduce((a, c) => a + c.response(c.currentWeekly), 0);
  });

  it("free bounds leave them at zero and say so; the plan's KPI stays within 1.5x of the current spend's", () => {
    const plan = engine.optimizeBudget(total, undefined, { weeks: 13, byGeo: true, bounds: {}, check: false });
    for (const g of ["geo_2", "geo_3", "geo_4"]) assert.equal(plan.allocation[`social@${g}`], 0, g);
    const expected = Object.values(plan.geo!.byChannel).reduce((a, t) => a + t.expected, 0);
    assert.ok(expected < 1.5 * currentKpi, `${expected} vs current ${currentKpi}`);
    assert.ok(
      plan.warnings.some((w) => w.includes("social@geo_2") && w.includes("never spent")),
      plan.warnings.join("\n"),
    );
  });

  it("a bound or fixed budget giving one money is INVALID_ARGUMENT naming the cell; a channel's fixed budget still splits over its spending geos", () => {
    const refused = (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && e.what.includes("social@geo_3") && e.what.includes("never spent") && e.hint.length > 10;
    assert.throws(() => engine.optimizeBudget(total, undefined, { weeks: 13, byGeo: true, bounds: { "social@geo_3": [0, 400] }, check: false }), refused);
    assert.throws(() => engine.optimizeBudget(total, undefined, { weeks: 13, byGeo: true, fixed: { "social@geo_3": 100 }, check: false }), refused);
    const plan = engine.optimizeBudget(total, undefined, { weeks: 13, byGeo: true, fixed: { social: 300 }, check: false });
    assert.ok(Math.abs(plan.allocation["social@geo_1"]! - 300) < 1e-9 && plan.allocation["social@geo_3"] === 0);
  });
});
