/**
 * Running the same full analysis twice in one session gives the same estimates, and its charts
 * replace the first run's (same keys, same count) in the analysis, in the notebook (the earlier
 * output is updated in place) and in what the side panel receives (charts keyed alike).
 */
import * as assert from "node:assert/strict";
import { MMMAgent, NotebookMMM, samplePath, type PlotlyFigure } from "../../../kernel-lib/src";
import { installKernelWriter, type RecordedDisplay } from "../../helpers/kernelWriter";

const PLOTLY = "application/vnd.plotly.v1+json";

function roasOf(agent: MMMAgent): Record<string, number> {
  return Object.fromEntries(agent.results.ridge!.channels.map((c) => [c.name, c.roas]));
}

/** Chart outputs of a run: display id, whether it updated an earlier output, the figure's key. */
function charts(outputs: RecordedDisplay[]) {
  return outputs.filter((o) => PLOTLY in o.data).map((o) => ({ id: o.transient.display_id, update: o.update, key: ((o.data[PLOTLY] as PlotlyFigure).layout.meta as { key?: string } | undefined)?.key }));
}

describe("the same full analysis run twice in one session", function () {
  this.timeout(300_000);
  let kernel: ReturnType<typeof installKernelWriter>;
  before(() => (kernel = installKernelWriter()));
  after(() => kernel.uninstall());

  it("gives identical ROAS estimates, and the second run's figures replace the first's", async () => {
    const agent = new MMMAgent({ llm: "offline" });
    await agent.engine.loadData(samplePath("sample"));
    const nb = new NotebookMMM(agent);

    const first = await nb.runFullAnalysis({ bayesian: false });
    assert.equal(first.status, "completed", first.reply);
    const roas1 = roasOf(agent);
    const entries1 = agent.engine.analysis.figureEntries();
    const shown1 = charts(kernel.outputs.splice(0));
    assert.ok(entries1.length > 0, "the run drew charts");
    assert.deepEqual(shown1.map((c) => c.key).sort(), entries1.map((e) => e.key).sort(), "each chart shown once, keyed");

    const second = await nb.runFullAnalysis({ bayesian: false });
    assert.equal(second.status, "completed", second.reply);
    assert.deepEqual(roasOf(agent), roas1, "identical ROAS estimates");
    const entries2 = agent.engine.analysis.figureEntries();
    assert.deepEqual(
      entries2.map((e) => e.key),
      entries1.map((e) => e.key),
      "same keys",
    );
    assert.equal(Object.keys(agent.results.figures!).length, entries1.length, "count unchanged");
    entries2.forEach((e, i) => assert.ok(e.revision > entries1[i]!.revision, `'${e.key}' was redrawn, not kept`));

    // The notebook redraws each chart where it was shown (same display id, update) and shows it in this cell.
    const shown2 = charts(kernel.outputs.splice(0));
    for (const c of shown1) {
      assert.ok(
        shown2.some((s) => s.id === c.id && s.update),
        `'${c.key}' updated in place`,
      );
      assert.ok(
        shown2.some((s) => s.id === c.id && !s.update),
        `'${c.key}' shown in the new cell`,
      );
    }
    assert.equal(shown2.length, 2 * shown1.length, "nothing appended beyond the redraws");
  });
});
