import { strict as assert } from "node:assert";
import { buildReport, MMMEngine, MMMError, simulateMMM, type ChannelSpec } from "../../../kernel-lib/src";
import { pl } from "../../../kernel-lib/src/data/polars";
import { decompose, paidResponses } from "../../../kernel-lib/src/model/decomposition";
import { prepareMmmData } from "../../../kernel-lib/src/model/mmmData";
import { fitRidge } from "../../../kernel-lib/src/model/ridge/fit";
import { linearFit, ridgeResult } from "../../../kernel-lib/src/model/ridge/result";
import { BayesMmmDensity } from "../../../kernel-lib/src/model/bayes/mmmDensity";
import { fitBayesian } from "../../../kernel-lib/src/model/bayes/fit";
import { bayesianResult } from "../../../kernel-lib/src/model/bayes/result";
import { assertGradientMatches } from "../../helpers/gradientCheck";
import { restoreData, snapshotData } from "../../../kernel-lib/src/lifecycle/snapshot";
import { combineWeeks } from "../../../kernel-lib/src/model/refresh/combine";
import { paidChannels } from "../../helpers/paidChannels";

/** Three paid channels and one organic medium (e.g. emails sent), all geometric adstock + logistic saturation. */
function simulation(seed: number, noise = 0.015, weeks = 156) {
  const channels: ChannelSpec[] = paidChannels([0.6, 0.3, 0.45]);
  channels.push({
    name: "email",
    organic: true,
    spend: { mean: 200_000, variability: 0.5, onProbability: 0.7, flightWeeks: 3 },
    adstock: { type: "geometric", params: { alpha: 0.5, lMax: 8, normalize: true } },
    saturation: { type: "logistic", params: { lam: 2 } },
    beta: 50_000,
  });
  const sim = simulateMMM({ seed, weeks, channels, noise });
  const paid = sim.truth.channels.filter((c) => !c.organic).map((c) => c.column);
  const spec = { kpi: "revenue", channels: paid, organic: ["email_activity"], controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 2 };
  return { sim, spec, mmm: prepareMmmData(sim.data, spec) };
}

const within = (x: number, truth: number, tol: number) => Math.abs(x / truth - 1) < tol;
const inside = (v: number, [lo, hi]: [number, number]) => lo <= v && v <= hi;

describe("organic media", function () {
  this.timeout(300_000);

  it("the simulator writes <name>_activity for an organic medium and its truth (per-unit effect, share of paid media)", () => {
    const { sim, mmm } = simulation(3);
    const email = sim.truth.channels.find((c) => c.name === "email")!;
    assert.equal(email.column, "email_activity");
    assert.equal(email.organic, true);
    assert.ok(sim.data.columns.includes("email_activity") && !sim.data.columns.includes("email_spend"));
    assert.ok(email.contribution > 0 && Math.abs(email.roas - email.contribution / email.spend) < 1e-12);
    const paidShares = sim.truth.channels.filter((c) => !c.organic).reduce((a, c) => a + c.share, 0);
    assert.ok(Math.abs(paidShares - 1) < 1e-12);
    assert.deepEqual(
      mmm.channels.map((c) => [c.name, c.organic ?? false]),
      [
        ["ch0_spend", false],
        ["ch1_spend", false],
        ["ch2_spend", false],
        ["email_activity", true],
      ],
    );
  });

  it("ridge with the true transforms: organic contribution within 5% of the truth, paid ROAS within 5%; no ROAS, no budget curve for it", () => {
    const { sim, mmm } = simulation(3, 0.005);
    const media = Object.fromEntries(sim.truth.channels.map((c) => [c.column, { adstock: c.adstock, saturation: c.saturation }]));
    const model = fitRidge(mmm, { media, penalty: 1e-6 });
    const r = ridgeResult(model);
    assert.deepEqual(
      r.channels.map((c) => c.name),
      ["ch0_spend", "ch1_spend", "ch2_spend"],
    );
    const truthEmail = sim.truth.channels[3]!;
    const o = r.organic![0]!;
    assert.equal(o.name, "email_activity");
    assert.ok(within(o.contribution, truthEmail.contribution, 0.05), `organic ${o.contribution} vs ${truthEmail.contribution}`);
    assert.ok(Math.abs(o.perUnit - o.contribution / o.activity) < 1e-12 && o.activity === truthEmail.spend);
    sim.truth.channels.slice(0, 3).forEach((t, i) => assert.ok(within(r.channels[i]!.roas, t.roas, 0.05), `${t.name}: ROAS ${r.channels[i]!.roas} vs ${t.roas}`));
    assert.ok(Math.abs(r.channels.reduce((a, c) => a + c.share, 0) - 1) < 1e-12);
    // The decomposition carries the organic medium and still sums to the fitted value.
    const rows = decompose(linearFit(model));
    const fromRows = rows.reduce((a, row) => a + row.channels["email_activity"]!, 0);
    assert.ok(Math.abs(fromRows - o.contribution) < 1e-6 * Math.abs(o.contribution));
    assert.deepEqual(
      paidResponses(linearFit(model)).map((x) => x.name),
      ["ch0_spend", "ch1_spend", "ch2_spend"],
    );
  });

  it("ridge without the organic medium credits paid channels with its effect (why the role matters)", () => {
    const { sim, spec } = simulation(3, 0.005);
    const withOut = prepareMmmData(sim.data, { ...spec, organic: [] });
    const media = Object.fromEntries(sim.truth.channels.map((c) => [c.column, { adstock: c.adstock, saturation: c.saturation }]));
    const { email_activity: _, ...paidMedia } = media;
    const r = ridgeResult(fitRidge(withOut, { media: paidMedia, penalty: 1e-6 }));
    const withOrganic = ridgeResult(fitRidge(prepareMmmData(sim.data, spec), { media, penalty: 1e-6 }));
    const err = (res: typeof r) => Math.max(...res.channels.map((c, i) => Math.abs(c.roas / sim.truth.channels[i]!.roas - 1)));
    console.log(`      worst paid ROAS error: ${(100 * err(withOrganic)).toFixed(1)}% with the organic medium, ${(100 * err(r)).toFixed(1)}% without`);
    assert.ok(err(r) > 2 * err(withOrganic));
  });

  it("through the engine: the organic role from loadData, in the ridge result and report, left out of the budget", async () => {
    const { sim } = simulation(5);
    const engine = new MMMEngine();
    await engine.loadData(sim.data, { kpiCol: "revenue", dateCol: "date", channels: ["ch0_spend", "ch1_spend", "ch2_spend"], organic: ["email_activity"], controls: ["price_index", "competitor_sales"] });
    assert.deepEqual(engine.profile().roles.organic, ["email_activity"]);
    const r = engine.runRidgeMMM();
    assert.equal(r.organic?.[0]?.name, "email_activity");
    assert.ok(!r.channels.some((c) => c.name === "email_activity"));
    const plan = engine.optimizeBudget(52 * 60_000);
    assert.deepEqual(Object.keys(plan.allocation).sort(), ["ch0_spend", "ch1_spend", "ch2_spend"]);
    assert.throws(
      () => engine.optimizeBudget(52 * 60_000, ["ch0_spend", "email_activity"]),
      (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && /organic/.test(e.message),
    );
    const report = buildReport(engine).markdown;
    assert.match(report, /Organic media \(no spend\):\*\* `email_activity`/);
    assert.match(report, /\| email_activity \|/);
  });

  it("errors: negative activity names the column and row; one column cannot be organic and a channel", () => {
    const { sim, spec } = simulation(3);
    const bad = sim.data.withColumns(
      pl.Series(
        "email_activity",
        (sim.data.getColumn("email_activity").toArray() as number[]).map((v, i) => (i === 7 ? -5 : v)),
        pl.Float64,
      ),
    );
    assert.throws(
      () => prepareMmmData(bad, spec),
      (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && e.location.column === "email_activity" && e.location.row === 7 && /negative/.test(e.message),
    );
    assert.throws(
      () => prepareMmmData(sim.data, { ...spec, channels: [...spec.channels, "email_activity"] }),
      (e: unknown) => e instanceof MMMError && e.location.column === "email_activity",
    );
  });

  it("the organic flag survives a saved model's data (snapshot) and a refresh's combined weeks", () => {
    const { sim, spec, mmm } = simulation(3, 0.015, 104);
    const snap = snapshotData(mmm, "data.parquet");
    const back = restoreData(snap.bytes, JSON.parse(JSON.stringify(snap.manifest)));
    assert.deepEqual(
      back.channels.map((c) => c.organic ?? false),
      [false, false, false, true],
    );
    const combined = combineWeeks(mmm, sim.data, { ...spec, dateCol: "date" });
    assert.equal(combined.data.channels[3]!.organic, true);
  });

  it("Bayesian density: a β prior (not ROAS) for the organic medium, a '*' ROAS prior skips it, naming it is refused; gradient = finite differences", () => {
    const { mmm } = simulation(3);
    const d = new BayesMmmDensity(mmm, { roasPriors: { "*": { mean: 2, sd: 1 } }, saturation: { email_activity: "hill" } });
    assert.deepEqual(
      d.layout.channels.map((c) => Boolean(c.roas)),
      [true, true, true, false],
    );
    assert.ok(d.names.includes("email_activity:log_response"));
    const q = Float64Array.from({ length: d.dim }, (_, i) => 0.1 * Math.sin(i + 1));
    assertGradientMatches(d, q);
    assert.throws(
      () => new BayesMmmDensity(mmm, { roasPriors: { email_activity: { mean: 2, sd: 1 } } }),
      (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && /organic/.test(e.message),
    );
  });

  it("Bayesian recovery: the organic contribution inside its 94% HDI and within 15%; paid ROAS within 15% and inside theirs (without the organic role one is 50% off)", async () => {
    const { sim, mmm, spec } = simulation(8, 0.015, 200);
    const opts = { chains: 2, warmup: 400, draws: 400, seed: 5 };
    const fit = await fitBayesian(mmm, opts);
    const r = bayesianResult(fit, opts);
    const truth = sim.truth.channels[3]!;
    const o = r.organic![0]!;
    console.log(
      `      email contribution ${o.contribution.mean.toFixed(0)} [${o.contribution.hdi94.map((v) => v.toFixed(0)).join(", ")}] vs true ${truth.contribution.toFixed(0)}; paid ROAS ${r.channels.map((c, i) => `${c.roas.mean.toFixed(2)}/${sim.truth.channels[i]!.roas.toFixed(2)}`).join(", ")}`,
    );
    assert.ok(inside(truth.contribution, o.contribution.hdi94) && within(o.contribution.mean, truth.contribution, 0.15));
    assert.ok(Math.abs(o.perUnit.mean - o.contribution.mean / o.activity) < 1e-9 * o.perUnit.mean);
    assert.equal(r.channels.length, 3);
    sim.truth.channels.slice(0, 3).forEach((t, i) => {
      const c = r.channels[i]!;
      assert.ok(within(c.roas.mean, t.roas, 0.15) && inside(t.roas, c.roas.hdi94), `${t.name}: ROAS ${c.roas.mean} ${c.roas.hdi94} vs ${t.roas}`);
    });
    assert.deepEqual(
      fit.posterior.responses().map((x) => x.name),
      ["ch0_spend", "ch1_spend", "ch2_spend"],
    );
    assert.ok("email_activity" in fit.posterior.decomposition().channels);
    // The same data without the organic role: its effect lands on the paid channels and the baseline.
    const without = await fitBayesian(prepareMmmData(sim.data, { ...spec, organic: [] }), opts);
    const worst = (chs: typeof r.channels) => Math.max(...chs.map((c, i) => Math.abs(c.roas.mean / sim.truth.channels[i]!.roas - 1)));
    console.log(`      worst paid ROAS error: ${(100 * worst(r.channels)).toFixed(1)}% with the organic medium, ${(100 * worst(without.channels)).toFixed(1)}% without`);
    assert.ok(worst(without.channels) > 0.3);
  });
});
