import { strict as assert } from "node:assert";
import { fmtInterval, fmtNumber, fmtPct, fmtSigned, mdTable, safeLocation } from "../../../kernel-lib/src/report/format";

describe("report number and Markdown formatting", () => {
  it("formats numbers for people: separators from 100 up, three significant digits below", () => {
    assert.equal(fmtNumber(1234567.8), "1,234,568");
    assert.equal(fmtNumber(-98765.4), "-98,765");
    assert.equal(fmtNumber(2.83184), "2.83");
    assert.equal(fmtNumber(0.012345), "0.0123");
    assert.equal(fmtNumber(12.345), "12.3");
    assert.equal(fmtNumber(0), "0");
    assert.equal(fmtNumber(NaN), "–");
    assert.equal(fmtNumber(undefined), "–");
    assert.equal(fmtPct(0.12748), "12.7%");
    assert.equal(fmtSigned(1043941.2), "+1,043,941");
    assert.equal(fmtSigned(-0.5, true), "−50%");
    assert.equal(fmtSigned(0), "0");
    assert.equal(fmtInterval(2.1, [1.4, 2.94]), "2.1 [1.4, 2.94]");
  });

  it("builds Markdown tables whose cells cannot break the table", () => {
    const md = mdTable(["a", "b"], [["x|y", "1\n2"]], ["l", "r"]);
    assert.equal(md, "| a | b |\n| :-- | --: |\n| x\\|y | 1 2 |");
  });

  it("never shows credentials of a source URL", () => {
    assert.equal(safeLocation("https://user:secret@host.example/data.csv?sig=abc&token=t"), "https://host.example/data.csv?…");
    assert.equal(safeLocation("/data/weekly.csv"), "/data/weekly.csv");
    assert.equal(safeLocation("main.sales.weekly"), "main.sales.weekly");
  });
});
