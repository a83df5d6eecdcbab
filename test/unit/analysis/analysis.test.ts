/**
 * `Analysis`, the one owner of an analysis's state: which fit is current, what is computed from it
 * (plans, charts) and when that stops being shown, and the read-only `agent.results` view.
 */
import * as assert from "node:assert/strict";
import { Analysis } from "../../../kernel-lib/src/analysis/analysis";
import { resultsView } from "../../../kernel-lib/src/analysis/resultsView";
import type { BayesianFit, RidgeFit } from "../../../kernel-lib/src/analysis/fits";
import type { BudgetPlan, PlotlyFigure } from "../../../kernel-lib/src";

// Stand-ins: the owner never looks inside a fit, it only keeps and orders them.
const ridge = (r2: number) => ({ options: { penalty: 1, onProgress: () => {} }, result: { metrics: { r2 } }, model: {} }) as unknown as Omit<RidgeFit, "kind" | "seq" | "at">;
const bayes = () => ({ options: { draws: 100, signal: new AbortController().signal }, result: { fit: { r2: 0.9 } }, posterior: {} }) as unknown as Omit<BayesianFit, "kind" | "seq" | "at">;
const plan = { total: 1 } as BudgetPlan;
const fig = (title: string): PlotlyFigure => ({ data: [], layout: { title: { text: title } } });

describe("Analysis (the one owner of the analysis state)", () => {
  it("the current model is the latest fit; useModel picks an earlier one until the next fit", () => {
    assert.equal(new Analysis().current, undefined);
    const a = new Analysis();
    const kind = () => a.current?.kind;
    a.recordRidge(ridge(0.5));
    a.recordBayesian(bayes());
    assert.equal(kind(), "bayesian");
    a.use("ridge");
    assert.equal(kind(), "ridge");
    a.recordBayesian(bayes());
    assert.equal(kind(), "bayesian", "a new fit is current again");
    assert.throws(() => new Analysis().use("ridge"), /No ridge model has been fitted yet/);
  });

  it("keeps each fit's options as plain data (no callbacks or signals)", () => {
    const a = new Analysis();
    assert.deepEqual(a.recordRidge(ridge(0.5)).options, { penalty: 1 });
    assert.deepEqual(a.recordBayesian(bayes()).options, { draws: 100 });
  });

  it("a plan and a model chart are shown while the fit they came from is current", () => {
    const a = new Analysis();
    a.recordRidge(ridge(0.5));
    a.budget = plan;
    a.setFigure("response_curves", fig("ridge curves"));
    a.setFigure("data", fig("spend over time"), { fromModel: false });
    a.recordRidge(ridge(0.1));
    assert.equal(a.budget, undefined, "made from the earlier fit");
    assert.deepEqual(Object.keys(a.figures), ["data"], "the model chart went, the data chart stays");
    a.setFigure("response_curves", fig("refit curves"));
    assert.equal(a.figures.response_curves!.layout.title.text, "refit curves");
    assert.equal((a.figures.response_curves!.layout.meta as { key: string }).key, "response_curves");
  });

  it("a chart redrawn under its key replaces the old one with a newer revision", () => {
    const a = new Analysis();
    const first = a.setFigure("roi", fig("one"));
    const second = a.setFigure("roi", fig("two"));
    assert.equal(a.figureEntries().length, 1);
    assert.ok(second.revision > first.revision);
  });

  it("resultsView is live and read-only", () => {
    const a = new Analysis();
    const results = resultsView(a);
    assert.equal(results.ridge, undefined);
    const fit = a.recordRidge(ridge(0.7));
    assert.equal(results.ridge, fit.result);
    assert.throws(() => ((results as { ridge?: unknown }).ridge = undefined), TypeError);
    a.resetModels();
    assert.equal(results.ridge, undefined);
  });
});
