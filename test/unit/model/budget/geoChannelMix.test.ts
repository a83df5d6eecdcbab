import { strict as assert } from "node:assert";
import { optimizeGeoBudget, type GeoCell } from "../../../../kernel-lib/src/model/budget";
import { addChannelMixShare, channelCurves, channelMixPlan } from "../../../../kernel-lib/src/model/budget/geoChannelMix";

/** A cell with a closed-form curve k·(1 − e^(−w/s)): marginal k/s·e^(−w/s). */
function cell(channel: string, geo: string, currentWeekly: number, k: number, s: number): GeoCell {
  return { name: `${channel}@${geo}`, channel, geo, currentWeekly, response: (w) => k * (1 - Math.exp(-w / s)), marginal: (w) => (k / s) * Math.exp(-w / s) };
}

describe("model/budget/geoChannelMix: how much of a per-geo plan the channel mix alone gives", () => {
  // Both channels alike nationally; within each, geo a responds far better than geo b at the same spend.
  const cells = [cell("tv", "a", 100, 5000, 300), cell("tv", "b", 100, 500, 300), cell("radio", "a", 100, 5000, 300), cell("radio", "b", 100, 500, 300)];
  const weeks = 10;
  const total = 4000;

  it("a channel's curve is its cells at their current shares (closed form), its marginal the derivative", () => {
    const [tv] = channelCurves(cells);
    assert.equal(tv!.currentWeekly, 200);
    const w = 260;
    const want = 5000 * (1 - Math.exp(-130 / 300)) + 500 * (1 - Math.exp(-130 / 300));
    assert.ok(Math.abs(tv!.response(w) - want) < 1e-9 * want);
    const h = 1e-3;
    assert.ok(Math.abs(tv!.marginal(w) - (tv!.response(w + h) - tv!.response(w - h)) / (2 * h)) < 1e-6);
  });

  it("symmetric channels: the mix gains nothing, every gain is between geos, and the plan says so", () => {
    const plan = optimizeGeoBudget(total, cells, { weeks, bounds: Object.fromEntries(cells.map((c) => [c.name, { pct: 0.5 }])), check: false });
    assert.ok(Math.abs(channelMixPlan(total, cells, weeks).uplift) < 1e-6 * plan.currentExpected);
    addChannelMixShare(plan, total, cells, weeks);
    assert.ok(plan.uplift > 0.05 * plan.currentExpected, `${plan.upliftPct}%`);
    assert.ok(Math.abs(plan.geo.channelMixUplift!) < 1e-6 * plan.currentExpected);
    assert.ok(
      plan.warnings.some((w) => /of the .* uplift comes from moving money between geos; the channel mix alone .* gains 0\.0%/.test(w)),
      plan.warnings.join(" | "),
    );
  });

  it("when the channels differ and the geos do not, the mix is the whole uplift and nothing is said", () => {
    const flat = [cell("tv", "a", 100, 5000, 300), cell("tv", "b", 100, 5000, 300), cell("radio", "a", 100, 500, 300), cell("radio", "b", 100, 500, 300)];
    const plan = optimizeGeoBudget(total, flat, { weeks, bounds: Object.fromEntries(flat.map((c) => [c.name, { pct: 0.5 }])), check: false });
    addChannelMixShare(plan, total, flat, weeks);
    assert.ok(Math.abs(plan.geo.channelMixUplift! - plan.uplift) < 1e-6 * plan.currentExpected, `${plan.geo.channelMixUplift} vs ${plan.uplift}`);
    assert.ok(!plan.warnings.some((w) => w.includes("between geos")));
  });
});
