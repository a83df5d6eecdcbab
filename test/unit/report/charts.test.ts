import { strict as assert } from "node:assert";
import { MMMEngine, samplePath, type BudgetPlan, type RidgeResult } from "../../../kernel-lib/src";
import { actualVsFittedFigure, budgetFigure, channelColors, contributionsFigure, responseCurvesFigure, roiBarsFigure, type PlotlyTrace } from "../../../kernel-lib/src/report";

const SMALL = { chains: 2, warmup: 150, draws: 150, seed: 3 };
const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const byName = (traces: PlotlyTrace[], name: string) => traces.find((t) => t.name === name)!;

describe("report charts (Plotly figure JSON)", function () {
  this.timeout(120_000);
  const engine = new MMMEngine();
  let ridge: RidgeResult;
  let plan: BudgetPlan;

  before(async () => {
    await engine.loadData(samplePath("sample"));
    ridge = engine.runRidgeMMM();
    plan = engine.optimizeBudget((ridge.channels.reduce((a, c) => a + c.spend, 0) / ridge.weeks) * 52);
  });

  it("stacks the ridge contributions so that every week sums to the fitted KPI", () => {
    const rows = engine.decomposition();
    const fig = contributionsFigure(rows, { kpi: "revenue" });
    const stacked = fig.data.filter((t) => t.stackgroup === "contributions");
    assert.equal(stacked.length, 1 + Object.keys(rows[0]!.controls).length + Object.keys(rows[0]!.channels).length);
    rows.forEach((r, t) =>
      assert.ok(
        close(
          stacked.reduce((a, tr) => a + tr.y[t]!, 0),
          r.fitted,
        ),
        `week ${r.date}`,
      ),
    );
    assert.deepEqual(
      byName(fig.data, "Actual revenue").y,
      rows.map((r) => r.actual),
    );
    assert.deepEqual(
      stacked[0]!.x,
      rows.map((r) => r.date),
    );
    assert.match(String(stacked[1]!.hovertemplate), /Contribution %\{y:,\.0f\}/);
  });

  it("draws ROAS bars equal to the result's ROAS, highest first, with marginal ROAS markers", () => {
    const fig = roiBarsFigure(ridge.channels);
    const bars = fig.data[0]!;
    const sorted = [...ridge.channels].sort((a, b) => b.roas - a.roas);
    assert.equal(bars.type, "bar");
    assert.deepEqual(
      bars.x,
      sorted.map((c) => c.name),
    );
    assert.deepEqual(
      bars.y,
      sorted.map((c) => c.roas),
    );
    assert.deepEqual(
      fig.data[1]!.y,
      sorted.map((c) => c.mroas),
    );
    assert.equal(bars.error_y, undefined, "ridge has no intervals");
    assert.equal(JSON.parse(JSON.stringify(fig)).data[0].y.length, ridge.channels.length, "plain JSON");
  });

  it("gives each channel the same colour in every figure, whatever the input order", () => {
    const colors = channelColors(ridge.channels.map((c) => c.name));
    const roi = roiBarsFigure(ridge.channels);
    const barColors = (roi.data[0]!.marker as { color: string[] }).color;
    roi.data[0]!.x.forEach((name, i) => assert.equal(barColors[i], colors[name as string]));
    const curves = responseCurvesFigure(engine.responseCurves());
    for (const c of ridge.channels) assert.equal((byName(curves.data, c.name).line as { color: string }).color, colors[c.name]);
    const budget = budgetFigure(plan);
    const recColors = (byName(budget.data, "Recommended").marker as { color: string[] }).color;
    budget.data[0]!.x.forEach((name, i) => assert.equal(recColors[i], colors[name as string]));
  });

  it("plots ridge response curves and marks the current average spend", () => {
    const curves = engine.responseCurves();
    const fig = responseCurvesFigure(curves, { kpi: "revenue" });
    for (const c of curves) {
      const line = byName(fig.data, c.channel);
      assert.deepEqual(line.x, c.spend);
      assert.deepEqual(line.y, c.response);
      const marker = byName(fig.data, `${c.channel} current`);
      assert.deepEqual([marker.x[0], marker.y[0]], [c.current.spend, c.current.response]);
    }
    assert.match((fig.layout.yaxis as { title: { text: string } }).title.text, /Incremental revenue/);
  });

  it("shows actual vs fitted and the budget's current vs recommended allocation", () => {
    const rows = engine.decomposition();
    const fit = actualVsFittedFigure(rows);
    assert.deepEqual(
      byName(fit.data, "Fitted").y,
      rows.map((r) => r.fitted),
    );
    const fig = budgetFigure(plan);
    const names = Object.keys(plan.allocation);
    assert.deepEqual(
      byName(fig.data, "Current").y,
      names.map((n) => plan.current[n]),
    );
    assert.deepEqual(
      byName(fig.data, "Recommended").y,
      names.map((n) => plan.allocation[n]),
    );
    assert.equal(fig.layout.barmode, "group");
    const change = (byName(fig.data, "Recommended").customdata as (number | null)[][]).map((d) => d[0]);
    names.forEach((n, i) => assert.ok(close(change[i]!, (100 * (plan.allocation[n]! - plan.current[n]!)) / plan.current[n]!)));
  });

  describe("Bayesian inputs", () => {
    before(async () => {
      await engine.runBayesianMMM(SMALL);
    });

    it("draws 94% bands as filled areas around the posterior-mean curves", () => {
      const curves = engine.bayesian().responseCurves({ points: 20 });
      const fig = responseCurvesFigure(curves);
      for (const c of curves) {
        assert.deepEqual(byName(fig.data, c.channel).y, c.response.mean);
        assert.deepEqual(byName(fig.data, `${c.channel} 94% HDI upper`).y, c.response.hi);
        const lower = byName(fig.data, `${c.channel} 94% HDI`);
        assert.deepEqual(lower.y, c.response.lo);
        assert.equal(lower.fill, "tonexty");
        const marker = byName(fig.data, `${c.channel} current`);
        assert.equal(marker.y[0], c.current.response.mean);
        assert.ok(close(marker.y[0]! + (marker.error_y as { array: number[] }).array[0]!, c.current.response.hdi94[1]));
      }
      assert.match(fig.layout.title.text, /94% HDI/);
    });

    it("puts HDI error bars on the ROAS bars and stacks posterior-mean contributions to the fitted mean", () => {
      const channels = engine.bayesian().channels();
      const fig = roiBarsFigure(channels);
      const sorted = [...channels].sort((a, b) => b.roas.mean - a.roas.mean);
      assert.deepEqual(
        fig.data[0]!.y,
        sorted.map((c) => c.roas.mean),
      );
      const err = fig.data[0]!.error_y as { array: number[]; arrayminus: number[] };
      sorted.forEach((c, i) => {
        assert.ok(close(c.roas.mean + err.array[i]!, c.roas.hdi94[1]));
        assert.ok(close(c.roas.mean - err.arrayminus[i]!, c.roas.hdi94[0]));
      });
      const dec = engine.bayesian().decomposition();
      const stacked = contributionsFigure(dec).data.filter((t) => t.stackgroup);
      dec.fitted.mean.forEach((f, t) =>
        assert.ok(
          close(
            stacked.reduce((a, tr) => a + tr.y[t]!, 0),
            f,
            1e-9,
          ),
        ),
      );
    });

    it("shows the predictive band and the weeks outside it", () => {
      const ppc = engine.bayesian().predictive();
      const fig = actualVsFittedFigure(ppc, { kpi: "revenue" });
      assert.deepEqual(byName(fig.data, "94% predictive band").y, ppc.predicted.lo);
      assert.deepEqual(byName(fig.data, "94% predictive upper").y, ppc.predicted.hi);
      const outside = byName(fig.data, "Outside the band").x.length;
      assert.equal(outside, Math.round((1 - ppc.coverage94) * ppc.actual.length));
      assert.match(fig.layout.title.text, /inside the 94% predictive band/);
    });
  });
});
