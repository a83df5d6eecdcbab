/** The geo model through the engine: roles from the profile, the result in Analysis, the report's geo section. */
import { strict as assert } from "node:assert";
import { MMMEngine } from "../../../../kernel-lib/src";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { geoSection } from "../../../../kernel-lib/src/report/geoSection";
import { buildReport } from "../../../../kernel-lib/src/report/report";
import { geoPanelRows, simulateGeoPanel } from "../../../../kernel-lib/src/model/simulate/geoPanel";

describe("engine.runGeoBayesianMMM", function () {
  this.timeout(300_000);
  const panel = simulateGeoPanel({ seed: 4, geos: 4, weeks: 60 });
  const frame = pl.DataFrame(geoPanelRows(panel));
  const channels = ["tv", "search", "social"];

  it("fits the geo panel, records it in Analysis and reports national and per-geo ROAS", async () => {
    const engine = new MMMEngine();
    await engine.loadData(frame, { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels });
    const r = await engine.runGeoBayesianMMM({ chains: 2, warmup: 150, draws: 100, seed: 3 });
    assert.deepEqual(r.geos, panel.data.geos);
    assert.deepEqual(
      r.channels.map((c) => c.name),
      channels,
    );
    assert.equal(r.weeks, 60);
    for (const c of r.channels) {
      // The national draw is the sum of the geos' draws: means add up exactly.
      const sum = c.geos.reduce((a, g) => a + g.contribution.mean, 0);
      assert.ok(Math.abs(sum / c.contribution.mean - 1) < 1e-9, c.name);
      assert.ok(c.roas.hdi94[0] < c.roas.mean && c.roas.mean < c.roas.hdi94[1]);
    }
    assert.equal(engine.analysis.geoBayesian?.result, r);
    const report = buildReport(engine);
    assert.ok(report.sections.geo?.startsWith("## Geo model"), report.sections.geo);
    assert.ok(report.sections.geo!.includes("geo_4") && report.markdown.includes("ROAS by geo"));
    // The fit's warnings (here one added, as the negative-geo check writes them) are in the section.
    const warned = geoSection({ ...r, warnings: ["tv: a negative ROAS in 2 of 4 geos."] });
    assert.match(warned!, /Warnings from the geo fit:\n\n- tv: a negative ROAS in 2 of 4 geos\./);
    assert.ok(!report.sections.geo!.includes("Warnings from the geo fit") || r.warnings.length > 0);
  });

  it("without a geo column: INVALID_ARGUMENT naming the national model", async () => {
    const engine = new MMMEngine();
    await engine.loadData(frame.filter(pl.col("geo").eq(pl.lit("geo_1"))).drop("geo"), { kpiCol: "revenue", dateCol: "date", channels });
    await assert.rejects(
      () => engine.runGeoBayesianMMM({ chains: 1, warmup: 10, draws: 10 }),
      (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && e.hint.includes("runBayesianMMM"),
    );
  });
});
