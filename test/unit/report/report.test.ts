import { strict as assert } from "node:assert";
import { MMMEngine, pl, samplePath, type BayesianResult, type BudgetPlan, type RidgeResult } from "../../../kernel-lib/src";
import { buildReport, fmtInterval, fmtNumber } from "../../../kernel-lib/src/report";
import { saturationLine } from "../../../kernel-lib/src/report/sections";

const SMALL = { chains: 2, warmup: 150, draws: 150, seed: 3 };
const weeklyBudget = (r: { channels: { spend: number }[]; weeks: number }) => (r.channels.reduce((a, c) => a + c.spend, 0) / r.weeks) * 52;

describe("saturationLine", () => {
  const row = (name: string, elpdDiff: number, dse: number) => ({ name, elpd: -1500 - elpdDiff, elpdDiff, dse, divergences: 0 });
  it("gives the chosen family's ELPD lead over the other ± its SE, and says when the lead is too small to matter", () => {
    assert.equal(saturationLine({ choice: "hill", reason: "", table: [row("hill", 0, 0), row("logistic", 8.8, 2.9)] }), "hill chosen over logistic by PSIS-LOO (ΔELPD +8.8 ± 2.9).");
    assert.equal(saturationLine({ choice: "hill", reason: "", table: [row("hill", 0, 0), row("logistic", 1.2, 1.5)] }), "hill chosen over logistic by PSIS-LOO (ΔELPD +1.2 ± 1.5; too close to tell apart, so the first-listed stays).");
    // The first-listed family kept although it trails: the difference is negative.
    assert.equal(saturationLine({ choice: "logistic", reason: "", table: [row("hill", 0, 0), row("logistic", 1.2, 1.5)] }), "logistic chosen over hill by PSIS-LOO (ΔELPD −1.2 ± 1.5; too close to tell apart, so the first-listed stays).");
    assert.equal(saturationLine({ choice: "logistic", reason: 'Only "logistic" was fitted.', table: [] }), "logistic (the only family fitted).");
  });
});

describe("buildReport", function () {
  this.timeout(120_000);

  it("says that nothing was done when no data is loaded", () => {
    const report = buildReport(new MMMEngine());
    assert.match(report.sections.data, /No data has been loaded/);
    assert.match(report.sections.model, /No model: no data is loaded/);
    assert.match(report.markdown, /^# Marketing mix analysis\n/);
    assert.deepEqual(Object.keys(report.charts), []);
    assert.deepEqual(Object.keys(report.tables), []);
  });

  it("summarises loaded data and its steps when no model was fitted", async () => {
    const engine = new MMMEngine();
    await engine.loadData(samplePath("sample"));
    engine.clean();
    const report = buildReport(engine, { title: "Sample" });
    assert.match(report.markdown, /^# Sample\n/);
    assert.match(report.sections.data, /156 × 11 \(weekly\)/);
    assert.match(report.sections.data, /2021-01-04 to 2023-12-25 \(156 weeks\)/);
    assert.match(report.sections.data, /\*\*KPI:\*\* `revenue`/);
    assert.match(report.sections.data, /`tv_spend`, `paid_search_spend`/);
    assert.match(report.sections.data, /1\. load: file csv[^\n]*\n2\. clean: /);
    assert.match(report.sections.model, /No model has been fitted yet/);
    assert.match(report.sections.roi, /Not available/);
    assert.deepEqual(Object.keys(report.tables), ["steps"]);
    assert.deepEqual(report.tables.steps!.getColumn("step").toArray(), ["load", "clean"]);
    assert.deepEqual(Object.keys(report.charts), []);
  });

  describe("with a ridge fit and a budget plan", () => {
    const engine = new MMMEngine();
    let ridge: RidgeResult;
    let plan: BudgetPlan;
    before(async () => {
      await engine.loadData(samplePath("sample"));
      ridge = engine.runRidgeMMM();
      plan = engine.optimizeBudget(weeklyBudget(ridge));
    });

    it("lists every channel's spend, contribution, ROAS and marginal ROAS with the result's numbers", () => {
      const report = buildReport(engine, { budget: plan });
      for (const c of ridge.channels) {
        const row = `| ${c.name} | ${fmtNumber(c.spend)} | ${fmtNumber(c.contribution)} | ${fmtNumber(c.roas)} | ${fmtNumber(c.mroas)} |`;
        assert.ok(report.sections.roi.includes(row), `${row}\nnot in\n${report.sections.roi}`);
      }
      assert.match(report.sections.model, new RegExp(`R² ${fmtNumber(ridge.metrics.r2).replace(".", "\\.")}`));
      const roi = report.tables.roi!;
      const byChannel = Object.fromEntries(roi.toRecords().map((r) => [r.channel, r]));
      for (const c of ridge.channels) assert.equal(byChannel[c.name]!.roas, c.roas);
      const fitted = report.tables.decomposition!.getColumn("fitted").toArray() as number[];
      engine.decomposition().forEach((r, t) => assert.ok(Math.abs(fitted[t]! - r.fitted) < 1e-6 * Math.abs(r.fitted)));
      assert.deepEqual(Object.keys(report.charts).sort(), ["actual_vs_fitted", "budget", "contributions", "response_curves", "roi"]);
    });

    it("recommends the plan's allocation with changes and the uplift", () => {
      const report = buildReport(engine, { budget: plan });
      for (const [name, rec] of Object.entries(plan.allocation)) {
        assert.ok(report.sections.budget.includes(`| ${name} | ${fmtNumber(plan.current[name])} | ${fmtNumber(rec)} |`), name);
      }
      assert.ok(report.sections.budget.includes(`+${fmtNumber(plan.uplift)} KPI over 52 weeks`), report.sections.budget);
      assert.doesNotMatch(report.sections.budget, /HDI/, "a ridge plan has no uplift interval");
      assert.deepEqual(report.tables.budget!.getColumn("recommended").toArray(), Object.values(plan.allocation));
    });

    it("includes notes and given caveats, and flags a plan beyond the spend ever observed", () => {
      const top = Math.max(...(pl.readCSV(samplePath("sample")).getColumn("tv_spend").toArray() as number[]));
      const inflated = { ...plan, allocation: { ...plan.allocation, tv_spend: top * 2 * plan.weeks } };
      const notes = [{ at: "2024-05-01 10:00", phase: "MODELING", text: "Decay | fixed\nat 0.6" }];
      const report = buildReport(engine, { budget: inflated, notes, caveats: ["Prices changed in 2023."] });
      assert.match(report.sections.notes, /- \*\*2024-05-01 10:00\*\* \(MODELING\): Decay \| fixed at 0\.6/);
      const extrapolated = report.caveats.filter((c) => /above the highest weekly spend observed/.test(c));
      assert.equal(extrapolated.length, 1, report.caveats.join("\n"));
      assert.match(extrapolated[0]!, new RegExp(`tv_spend .*\\(${fmtNumber(top).replace(/,/g, ",")}\\)`));
      assert.equal(report.caveats.at(-1), "Prices changed in 2023.");
      assert.ok(report.sections.caveats.includes("- Prices changed in 2023."));
      assert.equal(report.tables.notes!.getColumn("text").get(0), notes[0]!.text);
      assert.equal(buildReport(engine, { budget: plan }).caveats.filter((c) => /extrapolated/.test(c)).length, 0, "the ±50% plan stays inside the data");
    });
  });

  it("flags a short history, excluded channels and a weak fit", async () => {
    const engine = new MMMEngine();
    const df = pl.readCSV(samplePath("sample")).head(80).withColumns(pl.lit(0).alias("radio_spend"));
    await engine.loadData(df, { kpiCol: "revenue" });
    // A penalty this strong shrinks every effect away: a genuinely weak fit, read from the engine.
    const ridge = engine.runRidgeMMM({ channels: ["tv_spend", "paid_search_spend", "radio_spend"], controls: [], penalty: 1e6 });
    const report = buildReport(engine);
    assert.ok(
      report.caveats.some((c) => /Short history: 80 weeks \(< 104/.test(c)),
      report.caveats.join("\n"),
    );
    assert.ok(
      report.caveats.some((c) => /'radio_spend' was excluded/.test(c)),
      report.caveats.join("\n"),
    );
    assert.ok(ridge.metrics.r2 < 0.3, `r2 ${ridge.metrics.r2}`);
    assert.ok(
      report.caveats.some((c) => c.includes(`low R² (${fmtNumber(ridge.metrics.r2)})`)),
      report.caveats.join("\n"),
    );
    assert.ok(
      report.caveats.some((c) => /not in the model: social_spend/.test(c)),
      report.caveats.join("\n"),
    );
    assert.match(report.sections.model, /\*\*Excluded:\*\* `radio_spend`/);
  });

  describe("with a Bayesian fit", () => {
    const engine = new MMMEngine();
    let bayes: BayesianResult;
    let plan: BudgetPlan;
    before(async () => {
      await engine.loadData(samplePath("sample"));
      engine.runRidgeMMM();
      bayes = await engine.runBayesianMMM(SMALL);
      plan = engine.optimizeBudget(weeklyBudget(bayes));
    });

    it("reports ROI as mean [94% HDI], the sampler diagnostics and the uplift's HDI", () => {
      const report = buildReport(engine, { budget: plan });
      for (const c of bayes.channels) {
        const row = `| ${c.name} | ${fmtNumber(c.spend)} | ${fmtInterval(c.contribution.mean, c.contribution.hdi94)} | ${fmtInterval(c.roas.mean, c.roas.hdi94)} | ${fmtInterval(c.mroas.mean, c.mroas.hdi94)} |`;
        assert.ok(report.sections.roi.includes(row), `${row}\nnot in\n${report.sections.roi}`);
      }
      const d = bayes.diagnostics;
      assert.ok(report.sections.model.includes(`max R-hat ${fmtNumber(d.maxRhat)} · min ESS bulk ${fmtNumber(d.minEssBulk)}`), report.sections.model);
      assert.ok(report.sections.model.indexOf("### Bayesian") < report.sections.model.indexOf("### Ridge"), "the Bayesian model leads");
      assert.equal(
        report.caveats.some((c) => /R-hat .* > 1\.01/.test(c)),
        d.maxRhat > 1.01,
      );
      assert.equal(
        report.caveats.some((c) => /divergent/.test(c)),
        d.divergences > 0,
      );
      const u = plan.upliftPosterior!;
      assert.ok(report.sections.budget.includes(`94% HDI of the uplift [${fmtNumber(u.hdi94[0])}, ${fmtNumber(u.hdi94[1])}]`), report.sections.budget);
      assert.deepEqual(report.tables.roi!.columns.slice(0, 7), ["channel", "spend", "contribution", "roas", "mroas", "contribution_hdi_lo", "contribution_hdi_hi"]);
      assert.ok(report.tables.roi_ridge, "the ridge fit is kept as a cross-check");
      // Every number says which model it comes from.
      assert.match(report.sections.roi, /From the Bayesian model: posterior mean \[94% HDI\]; the ridge model was the quick preview/);
      assert.match(report.sections.budget, /from the Bayesian model's posterior-mean response curves/);
      assert.ok(report.charts.response_curves!.data.some((t) => t.fill === "tonexty"));
    });

    it('says which saturation PSIS-LOO chose when the fit chose one (saturation: "auto"), and nothing otherwise', () => {
      assert.doesNotMatch(buildReport(engine).sections.model, /\*\*Saturation:\*\*/, "a fixed saturation has no choice to report");
      const fit = engine.analysis.bayesian!;
      const saved = fit.result;
      const table = [
        { name: "hill", elpd: -1510.2, elpdDiff: 0, dse: 0, divergences: 0 },
        { name: "logistic", elpd: -1519, elpdDiff: 8.8, dse: 2.9, divergences: 1 },
      ];
      fit.result = { ...saved, saturationChoice: { choice: "hill", reason: 'Choose "hill": …', table } };
      try {
        assert.match(buildReport(engine).sections.model, /- \*\*Saturation:\*\* hill chosen over logistic by PSIS-LOO \(ΔELPD \+8\.8 ± 2\.9\)\./);
      } finally {
        fit.result = saved;
      }
    });

    it("reads the posterior from the engine when no result is passed, and can lead with the ridge fit", () => {
      const report = buildReport(engine, { primary: "ridge" });
      assert.match(report.sections.roi, /From the ridge model: point estimates/);
      const own = buildReport(engine, { primary: "bayesian" });
      const roas = own.tables.roi!.getColumn("roas").toArray() as number[];
      assert.deepEqual(
        roas,
        [...bayes.channels].map((c) => c.roas.mean).sort((a, b) => b - a),
      );
      assert.match(own.sections.model, /2 chains × 150 draws/);
    });
  });
});
