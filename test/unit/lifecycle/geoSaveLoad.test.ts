/**
 * Save / load of the hierarchical geo fit (issue #15 item 1): saved beside the national fits, loaded
 * back as `analysis.geoBayesian` with the same result, and the ROAS/contribution summaries recomputed
 * from the loaded draws identical to the fitted ones; the geo fit stays the current model; a
 * different panel, an edited file and a geo model of another version are clear MMMErrors.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MMMEngine, MMMError } from "../../../kernel-lib/src";
import { pl } from "../../../kernel-lib/src/data/polars";
import { geoChannelPosteriors } from "../../../kernel-lib/src/model/bayes/geo/geoOutputs";
import { geoPanelRows, simulateGeoPanel } from "../../../kernel-lib/src/model/simulate/geoPanel";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "mmm-geo-model-"));
const channels = ["tv", "search", "social"];
const frameOf = (seed: number) => pl.DataFrame(geoPanelRows(simulateGeoPanel({ seed, geos: 4, weeks: 60 })));

async function rejects(p: Promise<unknown>, code: string, message: RegExp) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof MMMError, `not an MMMError: ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    assert.ok(err.hint.length > 10);
    return true;
  });
}

describe("saved geo models (engine.save / MMMEngine.load)", function () {
  this.timeout(300_000);
  const frame = frameOf(4);
  let engine: MMMEngine;
  let dir: string;

  before(async () => {
    engine = new MMMEngine();
    await engine.loadData(frame, { kpiCol: "revenue", dateCol: "date", geoCol: "geo", channels });
    engine.runRidgeMMM();
    await engine.runGeoBayesianMMM({ chains: 2, warmup: 150, draws: 100, seed: 3 });
    dir = path.join(tmp(), "model");
    const saved = engine.save(dir);
    assert.deepEqual(saved.fits, ["ridge", "geo"]);
    assert.equal(saved.current, "geo");
    assert.deepEqual(fs.readdirSync(dir).sort(), ["data-geo.parquet", "data-ridge.parquet", "draws-geo.parquet", "manifest.json"]);
  });

  it("round trip: the same result, and ROAS/contribution summaries recomputed from the loaded draws are identical", async () => {
    const again = await MMMEngine.load(dir);
    const [a, b] = [engine.analysis.geoBayesian!, again.analysis.geoBayesian!];
    assert.ok(b, "geo fit restored");
    assert.deepEqual(b.result, a.result);
    assert.deepEqual(b.spec, a.spec);
    assert.equal(b.seq, a.seq);
    assert.equal(again.analysis.currentGeo, b, "the geo fit is still the model in use");
    const before = geoChannelPosteriors(a.posterior.density, a.posterior.params);
    const after = geoChannelPosteriors(b.posterior.density, b.posterior.params);
    assert.deepEqual(after, before);
    assert.deepEqual(after, a.result.channels);
    // Budget curves come from the same draws: identical cell responses.
    const [ra, rb] = [a.posterior.cellResponses(), b.posterior.cellResponses()];
    ra.forEach((r, i) => assert.equal(rb[i]!.response(1.3 * r.currentWeekly), r.response(1.3 * r.currentWeekly)));
    again.useModel("ridge");
    assert.equal(again.analysis.currentGeo, undefined, "picking the ridge fit sets the geo fit aside");
  });

  it("with data: the same panel passes, another panel is a DATA_MISMATCH", async () => {
    const same = await MMMEngine.load(dir, { data: frame, channels });
    assert.ok(same.analysis.geoBayesian);
    await rejects(MMMEngine.load(dir, { data: frameOf(5), channels }), "DATA_MISMATCH", /not the one the saved (ridge|geo) model/);
    // The geo fit's own check (the ridge fit's runs first above): a folder holding only the geo fit.
    const geoOnly = edited((d) => {
      editManifest(d, (m) => delete (m.fits as Record<string, unknown>)["ridge"]);
      fs.rmSync(path.join(d, "data-ridge.parquet"));
    });
    assert.ok((await MMMEngine.load(geoOnly, { data: frame, channels })).analysis.currentGeo);
    // Loaded without data, the geo fit still plans: current spend from its panel, a budget per geo.
    const alone = await MMMEngine.load(geoOnly);
    const cells = alone.analysis.currentGeo!.posterior.cellResponses();
    const now = 13 * cells.reduce((a, c) => a + c.currentWeekly, 0);
    assert.ok(Math.abs(alone.currentSpend(13) / now - 1) < 1e-12);
    const plan = alone.optimizeBudget(now, undefined, { weeks: 13, byGeo: true, check: false });
    assert.deepEqual(Object.keys(plan.geo!.byGeo), engine.analysis.geoBayesian!.result.geos);
    await rejects(MMMEngine.load(geoOnly, { data: frameOf(5), channels }), "DATA_MISMATCH", /not the one the saved geo model .* was fitted on .*tv/);
  });

  function edited(edit: (d: string) => void): string {
    const copy = path.join(tmp(), "m");
    fs.cpSync(dir, copy, { recursive: true });
    edit(copy);
    return copy;
  }
  const editManifest = (d: string, f: (m: { fits: { geo: Record<string, unknown> } }) => void) => {
    const file = path.join(d, "manifest.json");
    const m = JSON.parse(fs.readFileSync(file, "utf8"));
    f(m);
    fs.writeFileSync(file, JSON.stringify(m));
  };

  it("an edited or truncated geo file, a geo entry without fingerprint and another geo model version are clear errors", async () => {
    const flipped = edited((d) => {
      const f = path.join(d, "draws-geo.parquet");
      const b = fs.readFileSync(f);
      b[b.length >> 1]! ^= 0xff;
      fs.writeFileSync(f, b);
    });
    await rejects(MMMEngine.load(flipped), "CORRUPT_FILE", /draws-geo\.parquet.*SHA-256/);
    const truncated = edited((d) => fs.truncateSync(path.join(d, "data-geo.parquet"), 100));
    await rejects(MMMEngine.load(truncated), "CORRUPT_FILE", /data-geo\.parquet/);
    const noPrint = edited((d) => editManifest(d, (m) => delete m.fits.geo.fingerprint));
    await rejects(MMMEngine.load(noPrint), "CORRUPT_FILE", /geo fit .* misses/);
    // A geo model whose layout changed (e.g. a parameter integrated out) has other parameters.
    const older = edited((d) => editManifest(d, (m) => (m.fits.geo.parameters = ["geo_1:intercept", ...(m.fits.geo.parameters as string[])])));
    await rejects(MMMEngine.load(older), "UNSUPPORTED_FORMAT", /geo fit .* has parameters/);
  });
});
