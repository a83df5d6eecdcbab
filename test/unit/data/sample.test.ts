import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pl, type DataFrame } from "../../../kernel-lib/src/data/polars";
import type { SimulationTruth } from "../../../kernel-lib/src/model/simulate/types";
import { buildSample } from "../../../scripts/generate-sample";

const DATA_DIR = join(__dirname, "..", "..", "..", "kernel-lib", "data");

describe("bundled sample data (kernel-lib/data/sample_weekly.*)", () => {
  let committed: DataFrame;
  let truthFile: SimulationTruth;
  let data: DataFrame;
  let truth: SimulationTruth;
  before(() => {
    committed = pl.readCSV(readFileSync(join(DATA_DIR, "sample_weekly.csv"), "utf8"));
    truthFile = JSON.parse(readFileSync(join(DATA_DIR, "sample_weekly.truth.json"), "utf8")) as SimulationTruth;
    ({ data, truth } = buildSample());
  });

  it("regenerating with the same options reproduces the committed CSV", () => {
    assert.deepEqual(committed.columns, data.columns);
    assert.equal(committed.height, 156);
    for (const col of data.columns) {
      if (!data.getColumn(col).isNumeric()) continue;
      const expected = data.getColumn(col).sum() as number;
      const actual = committed.getColumn(col).sum() as number;
      assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected), `${col}: ${actual} vs ${expected}`);
    }
    assert.deepEqual(committed.getColumn("events").toArray(), data.getColumn("events").toArray());
    assert.equal(String(committed.getColumn("date").toArray()[0]).slice(0, 10), "2021-01-04");
  });

  it("its truth file matches the simulation and has realistic magnitudes", () => {
    assert.deepEqual(truthFile.options, JSON.parse(JSON.stringify(truth.options)));
    assert.equal(truthFile.channels.length, truth.channels.length);
    truth.channels.forEach((c, i) => {
      const saved = truthFile.channels[i]!;
      assert.equal(saved.name, c.name);
      assert.ok(Math.abs(saved.roas - c.roas) < 1e-4, `${c.name} ROAS`);
      assert.ok(Math.abs(saved.contribution - c.contribution) < 0.01, `${c.name} contribution`);
      assert.ok(c.roas > 0.5 && c.roas < 5, `${c.name} ROAS ${c.roas}`);
    });
    const revenue = committed.getColumn("revenue").mean() as number;
    assert.ok(revenue > 100_000 && revenue < 1_000_000, `mean weekly revenue ${revenue}`);
    assert.deepEqual([...new Set(committed.getColumn("events").toArray() as string[])].sort(), ["holiday", "na", "promo"]);
  });
});
