import { strict as assert } from "node:assert";
import type { LogDensity } from "../../../../kernel-lib/src/model/bayes/density";
import { diagnosticsTable, diagnosticWarnings, convergenceSummary } from "../../../../kernel-lib/src/model/bayes/diagnostics";
import { sampleChain, type ChainResult } from "../../../../kernel-lib/src/model/bayes/sampler";

const chains = (density: LogDensity, n: number, opts: { warmup: number; draws: number; targetAccept?: number }): ChainResult[] =>
  Array.from({ length: n }, (_, k) => sampleChain(density, { init: new Float64Array(density.dim).map((_, i) => 0.1 * Math.sin(i + k)), seed: 100 + k, ...opts }));
const divergences = (cs: ChainResult[]) => cs.reduce((a, c) => a + c.stats.divergent.reduce((s, v) => s + v, 0), 0);

/** Neal's funnel: v ~ N(0, 3), x_i ~ N(0, e^{v/2}) (centred) — or x = e^{v/2}·z, z ~ N(0, 1) (non-centred). */
function funnel(centred: boolean, k = 9): LogDensity {
  return {
    dim: k + 1,
    logpGrad(q, g) {
      const v = q[0]!;
      let lp = -(v * v) / 18;
      g[0] = -v / 9;
      for (let i = 1; i <= k; i++) {
        const x = q[i]!;
        if (centred) {
          // log N(x; 0, e^{v/2}) = −v/2 − x² e^{−v} / 2
          const ev = Math.exp(-v);
          lp += -v / 2 - 0.5 * x * x * ev;
          g[0]! += -0.5 + 0.5 * x * x * ev;
          g[i] = -x * ev;
        } else {
          lp += -0.5 * x * x;
          g[i] = -x;
        }
      }
      return lp;
    },
  };
}

describe("NUTS on targets with known answers", function () {
  this.timeout(120_000);

  it("standard normal in 100 dimensions: every mean within 4 MCSE of 0, sds within 10% of 1, R-hat ≤ 1.01, no divergences", () => {
    const d = 100;
    const normal: LogDensity = {
      dim: d,
      logpGrad: (q, g) => {
        let s = 0;
        for (let i = 0; i < d; i++) {
          g[i] = -q[i]!;
          s += q[i]! * q[i]!;
        }
        return -0.5 * s;
      },
    };
    const cs = chains(normal, 4, { warmup: 500, draws: 1000 });
    const table = diagnosticsTable(
      cs.map((c) => c.draws),
      Array.from({ length: d }, (_, i) => `x${i}`),
    );
    for (const row of table) {
      assert.ok(Math.abs(row.mean) < 4 * row.mcseMean, `${row.name}: mean ${row.mean} vs MCSE ${row.mcseMean}`);
      assert.ok(Math.abs(row.sd - 1) < 0.1, `${row.name}: sd ${row.sd}`);
      assert.ok(row.rhat < 1.01, `${row.name}: R-hat ${row.rhat}`);
    }
    assert.equal(divergences(cs), 0);
  });

  it("Neal's funnel, centred: divergences are reported and the warnings say so", () => {
    const cs = chains(funnel(true), 2, { warmup: 500, draws: 500 });
    const n = divergences(cs);
    assert.ok(n > 0, "the centred funnel must produce divergences");
    const s = convergenceSummary(
      diagnosticsTable(
        cs.map((c) => c.draws),
        Array.from({ length: 10 }, (_, i) => (i === 0 ? "v" : `x${i}`)),
      ),
      cs.map((c) => c.stats),
      10,
    );
    assert.equal(s.divergences, n);
    assert.ok(
      diagnosticWarnings(s).some((w) => /diverged/.test(w)),
      "a divergence warning",
    );
    console.log(`      centred funnel: ${n} divergences in ${s.transitions} transitions`);
  });

  it("Neal's funnel, non-centred: no divergences and v's sd ≈ 3", () => {
    const cs = chains(funnel(false), 2, { warmup: 500, draws: 1000 });
    assert.equal(divergences(cs), 0);
    const v = cs.flatMap((c) => c.draws.map((q) => q[0]!));
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    assert.ok(Math.abs(sd - 3) < 0.3 && Math.abs(m) < 0.4, `v: mean ${m}, sd ${sd}`);
  });
});
