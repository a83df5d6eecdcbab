/**
 * Role detection across naming conventions, roles the analyst sets, and the doubtful cases the
 * agent must ask about (issue #14). Each case is a small frame with the names real exports use.
 */
import { strict as assert } from "node:assert";
import { MMMEngine, pl, profileData } from "../../../kernel-lib/src";
import { numberFormatOf, parseTextNumbers, readNumber } from "../../../kernel-lib/src/data/numberText";
import { columnsIn, rolesFromText } from "../../../kernel-lib/src/agent/offline/roleIntent";
import { checkAnswer } from "../../../kernel-lib/src/tools/answers";
import { fixtureRng } from "../../helpers/fixtures";

/** 60 weekly rows: a date, a KPI and the named numeric columns (bursty, non-negative unless `negative`). */
function frame(kpi: string, cols: string[], opts: { negative?: string; smooth?: string[] } = {}) {
  const rnd = fixtureRng(7);
  const n = 60;
  const data: Record<string, unknown[]> = { date: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2023, 0, 2) + i * 7 * 86_400_000).toISOString().slice(0, 10)) };
  data[kpi] = Array.from({ length: n }, () => 100_000 + rnd() * 20_000);
  for (const c of cols) data[c] = Array.from({ length: n }, (_, i) => (opts.smooth?.includes(c) ? 100 + rnd() : rnd() < 0.25 ? 0 : 1000 + rnd() * 9000) * (c === opts.negative && i === 7 ? -1 : 1));
  return pl.DataFrame(data);
}

const rolesOf = (df: ReturnType<typeof frame>, hints = {}) => profileData(df, hints).roles;

describe("roles: detection by name in many conventions", () => {
  const cases: [string, string, string[], string[]][] = [
    ["snake spend", "revenue", ["tv_spend", "search_spend"], ["tv_spend", "search_spend"]],
    ["Robyn suffixes", "revenue", ["tv_S", "ooh_S"], ["tv_S", "ooh_S"]],
    ["currency units", "Revenue ($)", ["TV ($)", "Radio (EUR)"], ["TV ($)", "Radio (EUR)"]],
    ["channel words", "sales", ["search", "social", "email"], ["search", "social", "email"]],
    ["spaces and brands", "Total Sales", ["Facebook Ads", "YouTube", "TikTok"], ["Facebook Ads", "YouTube", "TikTok"]],
    ["prefixes", "conversions", ["spend_tv", "cost_radio"], ["spend_tv", "cost_radio"]],
    ["camelCase", "totalRevenue", ["tvSpend", "searchCost"], ["tvSpend", "searchCost"]],
    ["German", "Umsatz", ["Kosten TV", "Ausgaben Radio"], ["Kosten TV", "Ausgaben Radio"]],
    ["French", "chiffre d'affaires", ["dépenses télé", "dépenses radio"], ["dépenses télé", "dépenses radio"]],
    ["email is a channel, newsletter an organic control", "orders", ["email_spend", "newsletter"], ["email_spend"]],
  ];
  for (const [what, kpi, cols, channels] of cases) {
    it(`${what}: ${cols.join(", ")}`, () => {
      const r = rolesOf(frame(kpi, cols));
      assert.equal(r.kpi, kpi);
      assert.deepEqual(r.channels, channels);
      for (const c of channels) assert.ok(r.reasons[c] && r.confidence[c], `${c} has a reason and a confidence`);
    });
  }

  it("a channel word alone gives medium confidence; a spend word high", () => {
    const r = rolesOf(frame("revenue", ["tv", "search_spend"]));
    assert.equal(r.confidence["tv"], "medium");
    assert.equal(r.confidence["search_spend"], "high");
  });

  it("anonymous bursty columns are candidates (kept as controls), smooth ones plain controls", () => {
    const r = rolesOf(frame("kpi", ["x1", "x2", "z1"], { smooth: ["z1"] }));
    assert.deepEqual(r.channels, []);
    assert.deepEqual(r.channelCandidates, ["x1", "x2"]);
    assert.equal(r.confidence["x1"], "low");
    assert.ok(!r.channelCandidates.includes("z1"));
  });

  it("a refund keeps a spend column a channel and is flagged with its row and value", () => {
    const r = rolesOf(frame("revenue", ["tv_spend", "search_spend"], { negative: "tv_spend" }));
    assert.ok(r.channels.includes("tv_spend"));
    assert.equal(r.negativeSpend.length, 1);
    assert.equal(r.negativeSpend[0]!.column, "tv_spend");
    assert.equal(r.negativeSpend[0]!.firstRow, 7);
    assert.ok(r.negativeSpend[0]!.min < 0);
  });

  it("given channels and controls are exact; other detected ones are left out with the reason", () => {
    const r = rolesOf(frame("revenue", ["tv_spend", "x1", "price", "promo"]), { channels: ["tv_spend", "x1"], controls: ["price"] });
    assert.deepEqual(r.channels, ["tv_spend", "x1"]);
    assert.deepEqual(r.controls, ["price"]);
    assert.ok(r.ignored.includes("promo"));
    assert.match(r.reasons["promo"]!, /not among the given controls/);
    assert.deepEqual(r.channelCandidates, []);
  });

  it("columns made by add_time_features are never drivers", () => {
    const r = rolesOf(frame("revenue", ["tv_spend", "trend", "month"]), { generated: ["trend", "month"] });
    assert.ok(!r.controls.includes("trend") && !r.controls.includes("month"));
    assert.ok(r.ignored.includes("trend"));
  });
});

describe("roles: setRoles checks before it changes anything", () => {
  it("a typo gets 'did you mean' and the roles stay as they were", async () => {
    const e = new MMMEngine();
    await e.loadData(frame("revenue", ["tv", "radio"]));
    const before = e.profile().roles.channels;
    assert.throws(() => e.setRoles({ channels: ["tv", "raido"] }), /Column 'raido' is not in the data.*radio/);
    assert.deepEqual(e.profile().roles.channels, before);
    e.setRoles({ channels: ["tv"] });
    assert.deepEqual(e.profile().roles.channels, ["tv"]);
  });

  it("one column cannot have two roles", async () => {
    const e = new MMMEngine();
    await e.loadData(frame("revenue", ["tv", "radio"]));
    assert.throws(() => e.setRoles({ channels: ["tv"], controls: ["tv"] }), /two roles/);
  });
});

describe("roles in plain words", () => {
  const cols = ["tv", "tv_spend", "search", "social", "email", "price", "revenue"];
  it("finds the exact columns, longest names first", () => {
    assert.deepEqual(columnsIn("tv_spend and search", cols), ["tv_spend", "search"]);
  });
  it("reads each clause's role", () => {
    assert.deepEqual(rolesFromText("search, social and email are my channels; price is a control", cols), { channels: ["search", "social", "email"], controls: ["price"] });
  });
  it("a multi-select answer may be one text with commas and 'and'", () => {
    const q = { id: "q", kind: "choice" as const, prompt: "?", options: ["tv", "search", "social"], multiple: true };
    assert.deepEqual(checkAnswer(q, "tv, search and social"), ["tv", "search", "social"]);
    assert.throws(() => checkAnswer(q, "tv, radio"), /'radio' is not one of the options/);
  });
});

describe("numbers exported as text", () => {
  it("reads thousands separators and decimal commas, and leaves real text alone", () => {
    assert.equal(numberFormatOf(["1,234.5", "22.1"]), "thousands-comma");
    assert.equal(numberFormatOf(["1.234,5", "22,1"]), "decimal-comma");
    assert.equal(numberFormatOf(["n/a", "1,234"]), undefined);
    assert.equal(readNumber("1.234,5", "decimal-comma"), 1234.5);
    const { frame: out, converted } = parseTextNumbers(pl.DataFrame({ a: ["1,000", "2,500.5"], b: ["x", "y"] }));
    assert.deepEqual(converted, { a: "thousands-comma" });
    assert.deepEqual(out.getColumn("a").toArray(), [1000, 2500.5]);
  });

  it("a KPI-named text column is reported by row and value, not as 'no KPI'", () => {
    const df = frame("revenue", ["tv_spend"]).withColumns(
      pl.Series(
        "revenue",
        Array.from({ length: 60 }, (_, i) => (i === 12 ? "n/a" : String(1000 + i))),
      ),
    );
    const p = profileData(df);
    assert.equal(p.suitable, false);
    assert.match(p.unsuitableBecause.join(" "), /'revenue'.*row 12: 'n\/a'/);
    const problem = p.roles.problems[0]!;
    assert.deepEqual([problem.role, problem.column, problem.row, problem.value], ["kpi", "revenue", 12, "n/a"]);
  });
});
