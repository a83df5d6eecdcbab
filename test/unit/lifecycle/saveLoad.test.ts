/**
 * Save / load (issue #16 item 1): a ridge and a Bayesian fit saved, loaded in a NEW process, give
 * the same summaries, curves, decomposition, plans and forecasts (compared as JSON text); a damaged
 * manifest, an older format, a truncated or edited file and a different dataset each give a clear
 * MMMError; saving checks its folder and holds no secret.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MMMEngine, MMMError, registerSecret } from "../../../kernel-lib/src";
import { bayesSimulation } from "../../helpers/bayesSim";
import { modelViews } from "../../helpers/modelViews";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "mmm-model-"));

async function fitted(seed = 7) {
  const { sim } = bayesSimulation(seed, { weeks: 104 });
  const engine = new MMMEngine();
  const channels = sim.truth.channels.map((c) => c.column);
  await engine.loadData(sim.data, { kpiCol: "revenue", dateCol: "date", channels, controls: ["price_index", "competitor_sales"] });
  engine.runRidgeMMM();
  await engine.runBayesianMMM({ chains: 2, warmup: 150, draws: 150, seed: 1 });
  return { engine, sim };
}

async function rejects(p: Promise<unknown> | (() => unknown), code: string, message: RegExp) {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    assert.ok(err instanceof MMMError, `not an MMMError: ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    assert.ok(err.hint.length > 10);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe("saved models (engine.save / MMMEngine.load)", function () {
  this.timeout(300_000);
  let engine: MMMEngine;
  let sim: Awaited<ReturnType<typeof fitted>>["sim"];
  let dir: string;

  before(async () => {
    ({ engine, sim } = await fitted());
    dir = path.join(tmp(), "model");
    const saved = engine.save(dir);
    assert.deepEqual(saved.fits, ["ridge", "bayesian"]);
    assert.equal(saved.current, "bayesian");
    assert.deepEqual(fs.readdirSync(dir).sort(), ["data-bayesian.parquet", "data-ridge.parquet", "draws.parquet", "manifest.json"]);
  });

  it("round trip: a new process loads identical summaries, curves, decomposition, plans and forecasts", () => {
    const views = modelViews(engine);
    const child = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "../../helpers/modelViews.ts"), dir], { encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
    assert.ok(views.length > 10_000);
    assert.equal(child, views);
  });

  it("keeps which fit is current, and the data check passes with the same dataset", async () => {
    const again = await MMMEngine.load(dir, { data: sim.data });
    assert.equal(again.currentModel, "bayesian");
    assert.equal(again.status().rows, 104);
    assert.deepEqual(again.analysis.bayesian!.result, engine.analysis.bayesian!.result);
  });

  it("a different dataset is a DATA_MISMATCH naming the columns", async () => {
    const other = bayesSimulation(8, { weeks: 104 }).sim.data;
    await rejects(MMMEngine.load(dir, { data: other }), "DATA_MISMATCH", /not the one the saved (ridge|bayesian) model .* was fitted on .*revenue/);
    const fewer = sim.data.drop("ch2_spend");
    await rejects(MMMEngine.load(dir, { data: fewer }), "DATA_MISMATCH", /ch2_spend/);
  });

  function damagedCopy(edit: (d: string) => void): string {
    const copy = path.join(tmp(), "m");
    fs.cpSync(dir, copy, { recursive: true });
    edit(copy);
    return copy;
  }

  it("a corrupted manifest, an older format version and a newer one are clear errors", async () => {
    const bad = damagedCopy((d) => fs.writeFileSync(path.join(d, "manifest.json"), '{"format": "agentic-mmm/model", "formatVersion": 2,'));
    await rejects(MMMEngine.load(bad), "CORRUPT_FILE", /manifest\.json is not valid JSON/);
    const version = (v: number) =>
      damagedCopy((d) => {
        const f = path.join(d, "manifest.json");
        fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace('"formatVersion": 2', `"formatVersion": ${v}`));
      });
    const older = await rejects(MMMEngine.load(version(1)), "UNSUPPORTED_FORMAT", /format version 1; this agentic-mmm reads version 2/);
    assert.match(older.hint, /older agentic-mmm: refit/);
    const newer = await rejects(MMMEngine.load(version(3)), "UNSUPPORTED_FORMAT", /format version 3/);
    assert.match(newer.hint, /newer agentic-mmm/);
    await rejects(MMMEngine.load(tmp()), "FILE_NOT_FOUND", /No saved model/);
  });

  it("a truncated or edited Parquet file is named", async () => {
    const truncated = damagedCopy((d) => {
      const f = path.join(d, "draws.parquet");
      fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2));
    });
    await rejects(MMMEngine.load(truncated), "CORRUPT_FILE", /"draws\.parquet" has \d+ bytes, the manifest says \d+/);
    const edited = damagedCopy((d) => {
      const f = path.join(d, "data-ridge.parquet");
      const b = fs.readFileSync(f);
      const i = Math.floor(b.length / 2);
      b[i] = b[i]! ^ 0xff;
      fs.writeFileSync(f, b);
    });
    await rejects(MMMEngine.load(edited), "CORRUPT_FILE", /"data-ridge\.parquet" does not match its SHA-256/);
    const missing = damagedCopy((d) => fs.rmSync(path.join(d, "data-bayesian.parquet")));
    await rejects(MMMEngine.load(missing), "CORRUPT_FILE", /"data-bayesian\.parquet" is missing/);
  });

  it("save checks its folder: special filesystems, symlinks, a non-empty folder, overwrite of a model only", async () => {
    await rejects(() => engine.save("/proc/mmm-model"), "INVALID_ARGUMENT", /special filesystem/);
    const base = tmp();
    fs.symlinkSync(base, path.join(base, "link"));
    await rejects(() => engine.save(path.join(base, "link")), "INVALID_ARGUMENT", /symlink/);
    fs.writeFileSync(path.join(base, "notes.txt"), "mine");
    await rejects(() => engine.save(base), "INVALID_ARGUMENT", /not empty/);
    await rejects(() => engine.save(dir), "INVALID_ARGUMENT", /holds a saved model/);
    assert.equal(engine.save(dir, { overwrite: true }).formatVersion, 2);
    await rejects(() => new MMMEngine().save(tmp()), "NO_MODEL", /no fitted model/);
  });

  it("a saved model holds no secret", async () => {
    const secret = "sk-proj-SAVEDMODEL0123456789abcdefXYZ";
    registerSecret(secret);
    const r = engine.analysis.ridge!;
    r.result.warnings.push(`leaked ${secret}`);
    const out = path.join(tmp(), "m");
    engine.save(out);
    r.result.warnings.pop();
    for (const f of fs.readdirSync(out)) assert.ok(!fs.readFileSync(path.join(out, f)).includes(secret), f);
    assert.match(fs.readFileSync(path.join(out, "manifest.json"), "utf8"), /leaked \[REDACTED\]/);
  });
});
