/**
 * The out-of-sample checks end to end on an engine: model_diagnostics with outOfSample and the tool
 * compare_models run through their schemas, their results are kept by the analysis, the report shows
 * them, a refit makes the validation moot, and a long run asks first.
 */
import { strict as assert } from "node:assert";
import { BUILTIN_TOOLS, MMMEngine, buildReport } from "../../../kernel-lib/src";
import { bayesSimulation } from "../../helpers/bayesSim";
import { runTool, toolContext } from "../../helpers/toolContext";
import { validationFinding } from "../../../kernel-lib/src/tools/validationTools";

describe("tools model_diagnostics (outOfSample) and compare_models", function () {
  this.timeout(300_000);
  const { sim } = bayesSimulation(8, { weeks: 130 });
  const channels = sim.truth.channels.map((c) => c.column);
  const spec = { kpi: "revenue", channels, controls: ["price_index", "competitor_sales"], fourierOrder: 2 };
  const fast = { chains: 2, warmup: 200, draws: 200, seed: 5 };

  it("declare EVALUATION; the out-of-sample check refuses to run without a Bayesian fit (NO_MODEL)", async () => {
    for (const name of ["model_diagnostics", "compare_models"]) assert.equal(BUILTIN_TOOLS.find((t) => t.name === name)?.phase, "EVALUATION");
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    engine.runRidgeMMM(spec);
    await assert.rejects(runTool(engine, "model_diagnostics", { outOfSample: { ...fast } }), (e: { code?: string }) => e.code === "NO_MODEL");
  });

  it("validate, compare, report; a refit drops the validation but keeps the comparison", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    await engine.runBayesianMMM({ ...spec, ...fast });
    type Diagnostics = { findings: { severity: string; check: string; detail: string }[]; validation?: { folds: unknown[]; outOfSample: { mape: number } } };
    const d = await runTool<Diagnostics>(engine, "model_diagnostics", { outOfSample: { holdoutWeeks: 10, folds: 2, ...fast } });
    assert.equal(d.validation?.folds.length, 2);
    assert.ok(d.validation.outOfSample.mape < 0.08, `out-of-sample MAPE ${d.validation.outOfSample.mape}`);
    const oos = d.findings.find((f) => f.check === "out_of_sample")!;
    assert.equal(oos.severity, "ok");
    assert.match(oos.detail, /out-of-sample MAPE .* vs in-sample .* \(2 rolling origins of 10 weeks\)/);
    assert.equal(engine.analysis.validation?.folds.length, 2);
    const again = await runTool<Diagnostics>(engine, "model_diagnostics");
    assert.ok(
      again.findings.some((f) => f.check === "out_of_sample"),
      "later diagnostics of the same fit keep the finding",
    );
    const c = await runTool<{ choice: string; reason: string; table: { name: string; elpd: number; dse: number }[] }>(engine, "compare_models", {
      candidates: [
        { name: "geometric", adstock: "geometric" },
        { name: "student-t", likelihood: "studentT" },
      ],
      ...fast,
    });
    assert.equal(c.table.length, 2);
    assert.ok(["geometric", "student-t"].includes(c.choice));
    assert.ok(c.reason.length > 20 && c.reason.includes(`"${c.choice}"`), c.reason);
    const md = buildReport(engine).markdown;
    assert.match(md, /## Out-of-sample validation/);
    assert.match(md, /rolling-origin cross-validation over 2 origins, 10 weeks each/);
    assert.match(md, /\*\*Model comparison\*\*/);
    assert.ok(md.includes(c.reason));
    await engine.runBayesianMMM({ ...spec, ...fast, seed: 6 });
    assert.equal(engine.analysis.validation, undefined, "a refit makes the old validation moot");
    assert.ok(engine.analysis.comparison);
    assert.doesNotMatch(buildReport(engine).markdown, /Held-out weeks/);
  });

  it("a long run asks first (needsConfirmation with the predicted time)", async () => {
    const engine = new MMMEngine();
    await engine.loadData(sim.data);
    await engine.runBayesianMMM({ ...spec, ...fast });
    const tool = BUILTIN_TOOLS.find((t) => t.name === "compare_models")!;
    const ctx = toolContext(engine, { config: { ...toolContext(engine).config, confirmBayesAboveSeconds: 0 } });
    const r = (await tool.run(tool.schema.parse({ candidates: [{ name: "a" }, { name: "b", adstock: "delayed" }] }), ctx)) as { needsConfirmation?: boolean; predictedSeconds?: number };
    assert.equal(r.needsConfirmation, true);
    assert.ok((r.predictedSeconds ?? 0) >= 0);
    assert.equal(engine.analysis.comparison, undefined);
  });
});

describe("validationFinding", () => {
  it("is a problem with an action when the validation warned", () => {
    const v = {
      holdoutWeeks: 13,
      folds: [{}],
      inSample: { mape: 0.02, coverage94: 0.95 },
      outOfSample: { mape: 0.25, coverage94: 0.1 },
      sampler: { chains: 2, warmup: 300, draws: 300, seed: 1 },
      warnings: ["Out-of-sample MAPE 25.0% is far worse than in-sample 2.0%: …"],
    };
    const f = validationFinding(v as never);
    assert.equal(f.severity, "problem");
    assert.match(f.detail, /the last 13 weeks held out/);
    assert.ok(f.action);
  });
});
