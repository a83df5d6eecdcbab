/**
 * Reach & frequency as a role (data/profile/rfRoles.ts, data/rfColumns.ts): `<stem>_reach` +
 * `_frequency` + `_spend` columns are proposed as one R&F channel by the profile; `rf` given on
 * loadData / setRoles is exact; unpaired columns get a note (profile) or an error naming the column
 * (options); the engine's model spec takes the proposed channel without code.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { MMMEngine, MMMError, simulateMMM } from "../../../../kernel-lib/src";
import { pl } from "../../../../kernel-lib/src/data/polars";
import { profileData } from "../../../../kernel-lib/src/data/profile";
import { rfSimulation } from "../../../helpers/rfSim";

const MERIDIAN_RF = path.join(__dirname, "../../../fixtures/public/national_media_rf.csv");
const RF = { reach: "Channel3_reach", frequency: "Channel3_frequency", spend: "Channel3_spend" };

function table() {
  const n = 60;
  const col = (f: (t: number) => number) => Array.from({ length: n }, (_, t) => f(t));
  return pl.DataFrame({
    date: Array.from({ length: n }, (_, t) => new Date(Date.UTC(2022, 0, 3 + 7 * t))),
    revenue: col((t) => 1000 + 10 * t),
    tv_spend: col((t) => 100 + (t % 7)),
    video_spend: col((t) => 50 + (t % 5)),
    video_reach: col((t) => 1000 + 30 * (t % 5)),
    video_frequency: col((t) => 2 + 0.1 * (t % 3)),
    price: col((t) => 1 + 0.01 * (t % 4)),
  });
}

describe("data/profile/rfRoles: reach & frequency channels as a role", () => {
  it("Meridian's national_media_rf.csv: Channel3 proposed as R&F with its spend; the spend leaves the channels, reach and frequency the controls", async () => {
    const engine = new MMMEngine();
    await engine.loadData(MERIDIAN_RF);
    const r = engine.profile().roles;
    assert.deepEqual(r.rf, [RF]);
    assert.deepEqual(r.channels, ["Channel0_spend", "Channel1_spend", "Channel2_spend"]);
    for (const c of Object.values(RF)) {
      assert.ok(![...r.controls, ...r.impressions, ...r.ignored, ...r.channels].includes(c), c);
      assert.match(r.reasons[c]!, /reach & frequency/);
    }
    // The model takes it without code: an R&F channel named by its spend, no Channel3 column among the controls.
    await engine.runRidgeMMM();
    const data = engine.analysis.ridge!.model.data;
    assert.deepEqual(
      data.channels.filter((c) => c.rf).map((c) => c.name),
      ["Channel3_spend"],
    );
    assert.ok(!data.base.names.some((c) => c.startsWith("Channel3")), data.base.names.join());
    // Naming the spend as a plain channel in a call models it by its spend.
    await engine.runRidgeMMM({ channels: ["Channel0_spend", "Channel3_spend"] });
    assert.ok(!engine.analysis.ridge!.model.data.channels.some((c) => c.rf));
  });

  it("a geo panel: the R&F channel is proposed, and the geo model (no R&F form yet) keeps it by its spend", async () => {
    const geo = simulateMMM({ seed: 3, weeks: 52, geos: 3, channels: rfSimulation(3, 52).sim.truth.options.channels });
    const engine = new MMMEngine();
    await engine.loadData(geo.data, { kpiCol: "revenue", dateCol: "date", geoCol: "geo" });
    assert.deepEqual(engine.profile().roles.rf, [{ reach: "video_reach", frequency: "video_frequency", spend: "video_spend" }]);
    assert.deepEqual(engine.geoModelShape(), { weeks: 52, channels: 3, geos: 3 });
  });

  it("given rf is exact: rf: [] proposes none; a given spend channel keeps its spend role, with a note", () => {
    const df = table();
    assert.deepEqual(profileData(df).roles.rf, [{ reach: "video_reach", frequency: "video_frequency", spend: "video_spend" }]);
    const none = profileData(df, { rf: [] }).roles;
    assert.deepEqual(none.rf, []);
    assert.ok(none.channels.includes("video_spend"));
    const asChannel = profileData(df, { channels: ["tv_spend", "video_spend"] }).roles;
    assert.deepEqual(asChannel.rf, []);
    assert.ok(asChannel.rfNotes.some((n) => n.includes("'video_spend' is given as a spend channel")));
  });

  it("unpaired columns: a note in the profile (the load goes on), an error naming the column when given as rf", async () => {
    const df = table().drop("video_frequency");
    const p = profileData(df);
    assert.deepEqual(p.roles.rf, []);
    assert.ok(
      p.warnings.some((w) => w.includes("Reach column 'video_reach' has no frequency column")),
      p.warnings.join(" | "),
    );
    const noSpend = profileData(table().rename({ video_spend: "video_cost" })).roles;
    assert.deepEqual(noSpend.rf, []);
    assert.ok(noSpend.rfNotes.some((n) => n.includes("no spend column 'video_spend'")));
    const engine = new MMMEngine();
    await engine.loadData(table(), { kpiCol: "revenue", dateCol: "date" });
    const isArg = (col: string) => (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && e.location.column === col;
    assert.throws(() => engine.setRoles({ rf: [{ reach: "video_reach", spend: "video_spend" } as never] }), isArg("video_reach"));
    assert.throws(
      () => engine.setRoles({ rf: [{ reach: "video_reach", frequency: "video_freq", spend: "video_spend" }] }),
      (e: unknown) => e instanceof MMMError && e.code === "COLUMN_NOT_FOUND",
    );
    assert.throws(() => engine.setRoles({ channels: ["tv_spend", "video_spend"], rf: [{ reach: "video_reach", frequency: "video_frequency", spend: "video_spend" }] }), isArg("video_spend"));
    await assert.rejects(engine.loadData(table(), { rf: [{ reach: "video_reach", frequency: "price", spend: "video_spend" }], controls: ["price"] }), isArg("price"));
  });

  it("setRoles / loadData rf: the model fits the channel as R&F (ridge by its spend)", async () => {
    const engine = new MMMEngine();
    await engine.loadData(table().rename({ video_reach: "vid_people", video_frequency: "vid_freq" }), { kpiCol: "revenue", dateCol: "date" });
    assert.deepEqual(engine.profile().roles.rf, []);
    const roles = engine.setRoles({ rf: [{ reach: "vid_people", frequency: "vid_freq", spend: "video_spend" }] });
    assert.deepEqual(roles.rf, [{ reach: "vid_people", frequency: "vid_freq", spend: "video_spend" }]);
    assert.ok(!roles.channels.includes("video_spend") && roles.given.includes("vid_people"));
    await engine.runRidgeMMM();
    const data = engine.analysis.ridge!.model.data;
    assert.deepEqual(
      data.channels.map((c) => [c.name, !!c.rf]),
      [
        ["tv_spend", false],
        ["video_spend", true],
      ],
    );
  });
});
