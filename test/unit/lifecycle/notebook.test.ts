/**
 * Save / load and forecast from a notebook: `nb.save(dir)`, `initMMM({ model: dir })` with and
 * without the data, `nb.forecast(plan)` showing and recording the forecast chart.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initMMM, pl, samplePath, type NotebookError } from "../../../kernel-lib/src";

describe("nb.save / initMMM({ model }) / nb.forecast", function () {
  this.timeout(120_000);
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mmm-nb-")), "model");

  before(async () => {
    const nb = await initMMM({ source: samplePath("sample"), kpiCol: "revenue" });
    nb.engine.runRidgeMMM();
    const saved = await nb.save(dir);
    assert.deepEqual(saved.fits, ["ridge"]);
  });

  it("a saved model alone: summaries, plans and a forecast with its chart", async () => {
    const nb = await initMMM({ model: dir });
    assert.equal(nb.engine.currentModel, "ridge");
    assert.ok(nb.engine.optimizeBudget(nb.engine.currentSpend(52)).allocation);
    const f = await nb.forecast({ weeks: 6 });
    assert.equal(f.dates.length, 6);
    assert.equal(f.model, "ridge");
    assert.ok(nb.engine.analysis.figures["forecast"]);
  });

  it("with the same data it loads; with other data it is a one-line DATA_MISMATCH", async () => {
    const nb = await initMMM({ model: dir, source: samplePath("sample") });
    assert.equal(nb.engine.status().loaded, true);
    const other = pl.readCSV(samplePath("sample")).withColumns(pl.col("revenue").mul(1.01));
    await assert.rejects(initMMM({ model: dir, source: other }), (e: NotebookError) => e.code === "DATA_MISMATCH");
    await assert.rejects(initMMM({}), (e: NotebookError) => e.code === "INVALID_ARGUMENT");
  });
});
