/** The geo fit's decomposition through the engine and in the report: per-geo share table, national stacked chart; nothing for national data. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MMMEngine } from "../../../kernel-lib/src";
import { pl } from "../../../kernel-lib/src/data/polars";
import { MMMError } from "../../../kernel-lib/src/errors";
import { buildReport } from "../../../kernel-lib/src/report/report";
import { geoPanelRows, simulateGeoPanel } from "../../../kernel-lib/src/model/simulate/geoPanel";
import { runTool } from "../../helpers/toolContext";

const total = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);

describe("report/geoDecomposition (engine.geoDecomposition and the report's geo section)", function () {
  this.timeout(300_000);
  const panel = simulateGeoPanel({ seed: 4, geos: 4, weeks: 60 });
  const frame = pl.DataFrame(geoPanelRows(panel));
  const channels = ["tv", "search", "social"];

  it("the geo fit's decomposition: national = sum of the geos, channel totals = the fit's national contributions; the same after save/load; roi_summary's kpiShares; the report's share table and stacked chart close to the observed KPI", async () => {
    const engine = new MMMEngine();
    await engine.loadData(frame, { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels });
    assert.throws(
      () => engine.geoDecomposition(),
      (e: unknown) => e instanceof MMMError && e.code === "NO_MODEL",
    );
    const r = await engine.runGeoBayesianMMM({ chains: 2, warmup: 150, draws: 100, seed: 3 });
    const dec = engine.geoDecomposition();
    assert.equal(engine.geoDecomposition(), dec, "computed once per fit");
    assert.equal(dec.draws, 200);
    assert.deepEqual(dec.geos, panel.data.geos);
    for (const c of r.channels) {
      const nat = total(dec.national.channels[c.name]!);
      assert.ok(Math.abs(nat / c.contribution.mean - 1) < 1e-9, `${c.name}: ${nat} vs ${c.contribution.mean}`);
      dec.national.channels[c.name]!.forEach((v, t) => assert.ok(Math.abs(v - total(dec.byGeo.map((p) => p.channels[c.name]![t]!))) < 1e-9 * Math.abs(v) + 1e-9));
    }
    dec.national.actual.forEach((y, t) => assert.ok(Math.abs(y - total(panel.data.y.map((v) => v[t]!))) < 1e-9 * y));

    // A saved and loaded geo fit decomposes identically (its options keep the seed).
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mmm-geo-dec-")), "model");
    engine.save(dir);
    assert.deepEqual((await MMMEngine.load(dir)).geoDecomposition(), dec);
    // roi_summary on the geo fit says where the national KPI comes from (shares summing to 1).
    const roi = await runTool<{ model: string; kpiShares: { baseline: number; weekEffects: number; channels: Record<string, number>; residual: number } }>(engine, "roi_summary");
    assert.equal(roi.model, "geo");
    const s = roi.kpiShares;
    assert.ok(Math.abs(s.baseline + s.weekEffects + total(Object.values(s.channels)) + s.residual - 1) < 0.005, JSON.stringify(s));
    assert.equal(s.channels.tv, Number((total(dec.national.channels.tv!) / total(dec.national.actual)).toPrecision(3)));

    const report = buildReport(engine);
    const section = report.sections.geo!;
    assert.ok(section.includes("Where each geo's revenue comes from"), section);
    const row = section.split("\n").find((l) => l.startsWith("| **National**"))!;
    const pcts = row
      .split("|")
      .slice(2, -1)
      .map((c) => Number.parseFloat(c));
    assert.equal(pcts.length, 2 + channels.length + 1, "baseline, week effects, channels, residual (no controls column without controls)");
    assert.ok(Math.abs(total(pcts) - 100) < 0.5, row);
    // The figure stacks baseline, week effects and the channels; with the residual they give the observed KPI.
    const fig = report.charts.geo_contributions!;
    const stacked = fig.data.filter((tr) => tr.stackgroup === "contributions");
    assert.deepEqual(
      stacked.map((tr) => tr.name),
      ["baseline", "week effects (control)", ...channels],
    );
    const actual = fig.data.find((tr) => tr.stackgroup === undefined)!.y as number[];
    actual.forEach((y, t) => assert.ok(Math.abs(total(stacked.map((tr) => (tr.y as number[])[t]!)) + dec.national.residual[t]! - y) < 1e-9 * y));
  });

  it("national data: the report has no geo chart or share table (unchanged)", async () => {
    const engine = new MMMEngine();
    await engine.loadData(frame.filter(pl.col("geo").eq(pl.lit("geo_1"))).drop("geo"), { kpiCol: "revenue", dateCol: "date", channels });
    engine.runRidgeMMM();
    const report = buildReport(engine);
    assert.equal(report.charts.geo_contributions, undefined);
    assert.equal(report.sections.geo, undefined);
    assert.ok(report.charts.contributions);
  });
});
