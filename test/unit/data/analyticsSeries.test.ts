/**
 * One value per period for the time-series analytics: rows summed per date (geos, or transactions
 * on the same day), in date order whatever the row order, rows with a gap dropped and counted,
 * text columns refused by code.
 */
import { strict as assert } from "node:assert";
import { analyticsSeries, numericColumns } from "../../../kernel-lib/src/data/analyticsSeries";
import { pl } from "../../../kernel-lib/src/data/polars";

const frame = pl.DataFrame({
  date: ["2024-01-15", "2024-01-01", "2024-01-08", "2024-01-01", "2024-01-08", "2024-01-15", "2024-01-15"],
  geo: ["a", "a", "a", "b", "b", "b", "b"],
  sales: [3, 1, 2, 10, 20, 30, null],
  tv: [0.5, 0.1, 0.2, 1, 2, 3, 4],
  note: ["x", "y", "z", "x", "y", "z", "w"],
});

describe("analyticsSeries", () => {
  it("sums per date in date order, drops rows with a gap and counts them", () => {
    const s = analyticsSeries(frame, ["sales", "tv"], { date: "date", geo: "geo" });
    assert.deepEqual(s.index, ["2024-01-01", "2024-01-08", "2024-01-15"]);
    assert.deepEqual(Array.from(s.columns["sales"]!), [11, 22, 33]);
    assert.deepEqual(Array.from(s.columns["tv"]!), [1.1, 2.2, 3.5], "the row with no sales is dropped from every column");
    assert.equal(s.dropped, 1);
    assert.equal(s.geos, 2);
  });

  it("sums repeated dates without a geo column (transactions), keeps row order without a date", () => {
    assert.deepEqual(Array.from(analyticsSeries(frame, ["tv"], { date: "date" }).columns["tv"]!), [1.1, 2.2, 7.5]);
    assert.deepEqual(Array.from(analyticsSeries(frame, ["tv"]).columns["tv"]!), [0.5, 0.1, 0.2, 1, 2, 3, 4]);
  });

  it("refuses text columns and unknown names with codes; numericColumns filters them", () => {
    assert.throws(() => analyticsSeries(frame, ["note"], { date: "date" }), { code: "NOT_NUMERIC" });
    assert.throws(() => analyticsSeries(frame, ["slaes"]), { code: "COLUMN_NOT_FOUND" });
    assert.throws(() => analyticsSeries(frame, []), { code: "INVALID_ARGUMENT" });
    assert.deepEqual(numericColumns(frame, ["sales", "note", "tv", "missing"]), ["sales", "tv"]);
  });
});
