import { strict as assert } from "node:assert";
import * as path from "node:path";
import { loadTable, MMMEngine, MMMError, profileData, pl } from "../../../kernel-lib/src";
import { tempDir, weeklyCsv, writeText } from "../../helpers/fixtures";

const dir = tempDir();

/** Assert an MMMError with `code` whose message matches every pattern. */
function isError(code: string, ...patterns: RegExp[]) {
  return (e: unknown) => {
    assert.ok(e instanceof MMMError, `expected MMMError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    for (const p of patterns) assert.match(e.message, p);
    assert.ok(e.hint.length > 10, "the error says what to do");
    return true;
  };
}

describe("bad input gives clear, actionable errors", () => {
  it("missing file: names the path and where it looked", async () => {
    await assert.rejects(loadTable(path.join(dir, "nope.csv")), isError("FILE_NOT_FOUND", /nope\.csv/, /Check the path/));
  });

  it("empty file (0 bytes)", async () => {
    await assert.rejects(loadTable(writeText(dir, "empty.csv", "")), isError("EMPTY_FILE", /empty\.csv/, /0 bytes/));
  });

  it("header only: lists the columns it did find", async () => {
    await assert.rejects(loadTable(writeText(dir, "header.csv", "date,revenue,tv_spend\n")), isError("NO_ROWS", /header \(date, revenue, tv_spend\) but no data rows/));
  });

  it("unknown extension: lists the supported formats", async () => {
    await assert.rejects(loadTable(writeText(dir, "data.sav", "x")), isError("UNSUPPORTED_FORMAT", /'\.sav'/, /Parquet/));
  });

  it("corrupt Parquet", async () => {
    await assert.rejects(loadTable(writeText(dir, "bad.parquet", "PAR1 this is not parquet at all")), isError("CORRUPT_FILE", /bad\.parquet/, /Re-export/));
  });

  it("corrupt Excel and invalid JSON", async () => {
    await assert.rejects(loadTable(writeText(dir, "bad.xlsx", "not a zip")), isError("CORRUPT_FILE", /bad\.xlsx/));
    await assert.rejects(loadTable(writeText(dir, "bad.json", "{ nope")), isError("CORRUPT_FILE", /not valid JSON/));
  });

  it("KPI column missing: suggests the closest name", async () => {
    const file = writeText(dir, "w.csv", weeklyCsv(8));
    await assert.rejects(new MMMEngine().loadData(file, { kpiCol: "revenu" }), isError("COLUMN_NOT_FOUND", /'revenu'/, /Did you mean 'revenue'/));
  });

  it("KPI column not numeric: names the first bad row and value", async () => {
    const text = weeklyCsv(8).replace(/\n(2022-01-24),[0-9.]+,/, "\n$1,n/a-ish,");
    const file = writeText(dir, "textkpi.csv", text);
    await assert.rejects(new MMMEngine().loadData(file, { kpiCol: "revenue" }), isError("NOT_NUMERIC", /'revenue'/, /row 3/, /'n\/a-ish'/));
  });

  it("all-null column: an error as KPI, a warning in the profile", async () => {
    const rows = ["date,revenue,tv_spend,empty_col", ...Array.from({ length: 6 }, (_, i) => `2022-01-${String(3 + i * 7).padStart(2, "0")},${100 + i},${i},`)];
    const file = writeText(dir, "allnull.csv", `${rows.slice(0, 5).join("\n")}\n`);
    await assert.rejects(new MMMEngine().loadData(file, { kpiCol: "empty_col" }), isError("ALL_NULL", /'empty_col'/, /entirely empty/));
    const profile = profileData(pl.readCSV(file), { kpiCol: "revenue" });
    assert.equal(profile.quality["empty_col"]!.allNull, true);
    assert.ok(profile.roles.ignored.includes("empty_col"));
  });

  it("duplicate dates: a warning naming the date and how many rows", () => {
    const text = weeklyCsv(10);
    const lines = text.trim().split("\n");
    lines.splice(4, 0, lines[3]!.replace(/,[0-9.]+,/, ",123.45,"));
    const profile = profileData(pl.readCSV(Buffer.from(lines.join("\n"))));
    assert.equal(profile.timeline!.duplicateDates.count, 1);
    const w = profile.warnings.find((x) => /more than once/.test(x));
    assert.ok(w, profile.warnings.join("\n"));
    assert.match(w!, /2022-01-17 \(2 rows\)/);
  });

  it("unparseable dates: names the row and the value", async () => {
    const text = weeklyCsv(10).replace("2022-01-31", "2022-13-45");
    const file = writeText(dir, "baddate.csv", text);
    await assert.rejects(new MMMEngine().loadData(file, { dateCol: "date" }), isError("BAD_DATES", /'date'/, /row 4/, /'2022-13-45'/, /dateFormat/));
  });

  it("fewer rows than needed: a warning, not a crash", async () => {
    const engine = new MMMEngine();
    await engine.loadData(writeText(dir, "short.csv", weeklyCsv(30)));
    const p = engine.profile();
    assert.equal(p.sufficient, false);
    assert.ok(
      p.warnings.some((w) => /Only 30 weeks/.test(w) && /104/.test(w)),
      p.warnings.join("\n"),
    );
  });

  it("a failed load keeps the data already loaded, and the engine stays usable", async () => {
    const engine = new MMMEngine();
    await engine.loadData(writeText(dir, "good.csv", weeklyCsv(120)));
    await assert.rejects(engine.loadData(path.join(dir, "missing.csv")));
    await assert.rejects(engine.loadData(writeText(dir, "good2.csv", weeklyCsv(5)), { kpiCol: "nope" }));
    assert.equal(engine.status().rows, 120);
    assert.equal(engine.profile().roles.kpi, "revenue");
  });

  it("using the engine before loading says what to do", () => {
    assert.throws(() => new MMMEngine().profile(), isError("NO_DATA_LOADED", /loadData/));
  });
});
