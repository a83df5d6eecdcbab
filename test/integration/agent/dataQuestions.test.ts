/**
 * The analyst's data through the offline agent (issue #14): typed roles, roles in the chat,
 * questions where the file cannot decide, and stops that name the column, row and value.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMAgent, simulateMMM } from "../../../kernel-lib/src";
import { runAsAnalyst } from "../../helpers/analyst";
import { tempDir } from "../../helpers/fixtures";

const dir = tempDir("ammm-dataq-");

/** The simulator's CSV (date, revenue, 4 × *_spend, price_index, competitor_sales), then edited as text. */
function csv(name: string, edit: (lines: string[]) => string[] = (l) => l, weeks = 120): string {
  const file = path.join(dir, `${name}.csv`);
  simulateMMM({ seed: 5, weeks }).data.writeCSV(file);
  fs.writeFileSync(file, `${edit(fs.readFileSync(file, "utf8").trim().split("\n")).join("\n")}\n`);
  return file;
}

/** Rename the header's channels to plain channel words without "spend". */
const plainNames = (l: string[]) => [l[0]!.replace(/_spend/g, ""), ...l.slice(1)];

async function agentOn(file: string): Promise<MMMAgent> {
  const agent = new MMMAgent({ llm: "offline" });
  await agent.engine.loadData(file);
  return agent;
}

describe("the analyst's data through the offline agent", function () {
  this.timeout(300_000);

  it("typed channels and controls go to the engine as values: no question, exactly those roles", async () => {
    const agent = await agentOn(csv("typed", plainNames));
    const run = await agent.runFullAnalysis({ channels: ["tv", "search"], controls: ["price_index"], bayesian: false });
    assert.equal(run.status, "completed");
    const roles = agent.engine.profile().roles;
    assert.deepEqual(roles.channels, ["tv", "search"]);
    assert.deepEqual(roles.controls, ["price_index"]);
    assert.deepEqual(agent.results.ridge!.channels.map((c) => c.name).sort(), ["search", "tv"]);
  });

  it("a typed role naming a missing column fails before anything runs, and the session stays usable", async () => {
    const agent = await agentOn(csv("typo"));
    await assert.rejects(agent.runFullAnalysis({ channels: ["tv_spnd"] }), /Column 'tv_spnd' is not in the data.*tv_spend/);
    const run = await agent.ask("Profile this dataset");
    assert.equal(run.status, "completed");
  });

  it("the chat understands 'X, Y and Z are my channels'", async () => {
    const agent = await agentOn(csv("chat", plainNames));
    const run = await agent.ask("tv, search and social are my channels");
    assert.match(run.reply, /Channels\*\* \(3\): tv, search, social/);
    assert.deepEqual(agent.engine.profile().roles.channels, ["tv", "search", "social"]);
  });

  it("repeated dates: asks, then de-duplicates and sums per week instead of fitting two weeks", async () => {
    const agent = await agentOn(csv("dups", (l) => [...l, l[30]!, l[31]!.replace(/^([^,]*),([0-9.]+)/, "$1,1234")]));
    const { run, questions } = await runAsAnalyst(agent, () => agent.runFullAnalysis({ bayesian: false }), { kpi: "revenue", channels: [] });
    assert.ok(
      questions.some((q) => /more than one row/.test(q)),
      questions.join(" | "),
    );
    assert.equal(run.status, "completed");
    assert.equal(agent.results.ridge!.weeks, 120);
  });

  it("a KPI with text in row 12 stops the analysis naming the column, row and value", async () => {
    const agent = await agentOn(csv("textkpi", (l) => l.map((x, i) => (i === 13 ? x.replace(/^([^,]*),[^,]*/, "$1,n/a") : x))));
    const run = await agent.runFullAnalysis({ bayesian: false });
    assert.match(run.reply, /'revenue'.*row 12: 'n\/a'/);
    assert.doesNotMatch(run.reply, /No KPI column is known/);
  });

  it("one bad date in row 50 is named, not 'no date column'", async () => {
    const agent = await agentOn(csv("baddate", (l) => l.map((x, i) => (i === 51 ? x.replace(/^[^,]*/, "2021-13-45") : x))));
    const run = await agent.runFullAnalysis({ bayesian: false });
    assert.match(run.reply, /row 50: '2021-13-45'/);
  });

  it("a decimal-comma file (';' separated) loads as numbers and is analysed", async () => {
    const file = csv("decimalcomma", (l) => [
      l[0]!.replace(/,/g, ";"),
      ...l.slice(1).map((x) =>
        x
          .split(",")
          .map((v) => v.replace(".", ","))
          .join(";"),
      ),
    ]);
    const agent = await agentOn(file);
    assert.ok(agent.engine.source?.numbersRead?.["revenue"], JSON.stringify(agent.engine.source));
    const run = await agent.runFullAnalysis({ bayesian: false });
    assert.equal(run.status, "completed");
    assert.ok(agent.results.ridge);
  });

  it("no column named like a KPI: asks which one it is (numeric columns offered), then completes", async () => {
    const agent = await agentOn(csv("nokpi", (l) => [l[0]!.replace("revenue", "outcome"), ...l.slice(1)]));
    const { run, questions } = await runAsAnalyst(agent, () => agent.runFullAnalysis({ bayesian: false }), { kpi: "outcome", channels: [] });
    assert.ok(
      questions.some((q) => /Which column is the KPI.*No column is named like one/.test(q)),
      questions.join(" | "),
    );
    assert.equal(run.status, "completed");
    assert.equal(agent.results.ridge!.kpi, "outcome");
  });

  it("10 weeks of data are not 'suitable': the analysis stops saying why", async () => {
    const agent = await agentOn(csv("short", (l) => l.slice(0, 11)));
    const p = agent.engine.profile();
    assert.equal(p.suitable, false);
    assert.equal(p.sufficient, false);
    const run = await agent.runFullAnalysis({ bayesian: false });
    assert.match(run.reply, /Only 10 weeks of history/);
  });
});
