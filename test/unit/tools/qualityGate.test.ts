/**
 * The quality gate's rules on hand-made fit summaries: each check fires at its threshold and not
 * below it, with the documented decision (proceed / retry with a fix / ask with options), and the
 * verdict takes the most severe (retry > ask > proceed). The planted-problem tests on simulated data
 * are in test/integration/playbook/qualityGate.test.ts.
 */
import assert from "node:assert/strict";
import type { BayesianResult } from "../../../kernel-lib/src/model/bayes/result";
import type { DecompositionRow } from "../../../kernel-lib/src/model/decomposition";
import type { RidgeResult } from "../../../kernel-lib/src/model/ridge/result";
import { bayesianGate, GATE, ridgeGate } from "../../../kernel-lib/src/tools/qualityGate";

const channels = (roas: number[]) => roas.map((r, i) => ({ name: `ch${i}`, roas: r }));
function ridge(o: { r2?: number; roas?: number[]; media?: number; partner?: [string, string] } = {}): RidgeResult {
  const ids = (o.roas ?? [1, 1.5, 2]).map((_, i) => ({ name: `ch${i}`, identified: true, foldSpread: 0.1 }));
  if (o.partner) Object.assign(ids.find((x) => x.name === o.partner![0])!, { identified: false, partner: o.partner[1] });
  return { metrics: { r2: o.r2 ?? 0.9, mape: 0.03 }, channels: channels(o.roas ?? [1, 1.5, 2]), identification: ids, mediaShareOfKpi: o.media ?? 0.3 } as unknown as RidgeResult;
}
/** Weekly rows whose residuals alternate (no autocorrelation) or run in streaks; baseline positive unless told. */
function rows(n: number, o: { streaks?: boolean; negativeWeeks?: number } = {}): DecompositionRow[] {
  return Array.from({ length: n }, (_, t) => {
    const e = o.streaks ? (Math.floor(t / 10) % 2 ? 1 : -1) : t % 2 ? 1 : -1;
    return { date: `w${t}`, actual: 100 + e, fitted: 100, baseline: t < (o.negativeWeeks ?? 0) ? -5 : 50, controls: {}, channels: {} };
  });
}
function bayes(o: { rhat?: number; ess?: number; divergences?: number; lift?: number[]; baseline?: string } = {}): BayesianResult {
  return {
    model: { baseline: o.baseline ?? "linear" },
    channels: [1, 1.2, 1.4].map((m, i) => ({ name: `ch${i}`, roas: { mean: m } })),
    sampler: { chains: 4, warmup: 500, draws: 500 },
    diagnostics: { maxRhat: o.rhat ?? 1.003, minEssBulk: o.ess ?? 800, divergences: o.divergences ?? 0 },
    liftFit: (o.lift ?? []).map((z) => ({ channel: "ch0", start: "a", end: "b", measured: 1, sigma: 1, model: { mean: 1 + z }, z })),
  } as unknown as BayesianResult;
}
const codes = (g: { issues: { code: string; decision: string }[] }) => g.issues.map((i) => `${i.code}:${i.decision}`);

describe("quality gate rules", () => {
  it("a clean ridge fit proceeds with no issue", () => {
    const g = ridgeGate(ridge(), rows(100));
    assert.equal(g.verdict, "proceed");
    assert.deepEqual(g.issues, []);
  });

  it("a drifting baseline (streaky residuals, or a negative baseline in > 5% of weeks) retries with a time-varying Bayesian baseline", () => {
    const streaky = ridgeGate(ridge(), rows(100, { streaks: true }));
    assert.deepEqual(codes(streaky), ["BASELINE_DRIFT:retry"]);
    assert.deepEqual(streaky.issues[0]!.fix, { tool: "run_bayesian_mmm", args: { baseline: "hsgp" } });
    assert.equal(streaky.verdict, "retry");
    assert.deepEqual(codes(ridgeGate(ridge(), rows(100, { negativeWeeks: 6 }))), ["BASELINE_DRIFT:retry"]);
    assert.deepEqual(codes(ridgeGate(ridge(), rows(100, { negativeWeeks: 5 }))), [], "5% is allowed");
  });

  it("an inseparable pair, an implausible ROAS and a poor fit ask, each with options; the pair is named once", () => {
    const pair = ridgeGate(ridge({ partner: ["ch2", "ch0"] }), rows(100));
    assert.deepEqual(codes(pair), ["COLLINEAR:ask"]);
    assert.deepEqual(pair.issues[0]!.channels, ["ch0", "ch2"]);
    const outlier = ridgeGate(ridge({ roas: [1, 1.2, 1.1 * GATE.roasOutlierRatio * 1.1] }), rows(100));
    assert.deepEqual(codes(outlier), ["ROAS_OUTLIER:ask"]);
    assert.equal(outlier.issues[0]!.roasPrior?.channel, "ch2");
    assert.ok(Math.abs(outlier.issues[0]!.roasPrior!.mean - 1.1) < 1e-12, "the others' median");
    assert.deepEqual(codes(ridgeGate(ridge({ roas: [1, 1.2, 0.99 * GATE.roasOutlierRatio * 1.1] }), rows(100))), []);
    const poor = ridgeGate(ridge({ r2: 0.4 }), rows(100));
    assert.deepEqual(codes(poor), ["FIT:ask"]);
    assert.ok(poor.issues[0]!.options!.some((x) => x.startsWith("Stop")));
  });

  it("an extreme media share is a caveat; retry outranks ask in the verdict", () => {
    assert.deepEqual(codes(ridgeGate(ridge({ media: 0.85 }), rows(100))), ["MEDIA_SHARE:proceed"]);
    assert.equal(ridgeGate(ridge({ media: 0.85 }), rows(100)).verdict, "proceed");
    assert.equal(ridgeGate(ridge({ r2: 0.4 }), rows(100, { streaks: true })).verdict, "retry");
  });

  it("Bayesian: non-convergence retries with twice the warm-up; lift tests > 2 SE away retry with a time-varying baseline, once", () => {
    assert.equal(bayesianGate(bayes()).verdict, "proceed");
    for (const bad of [{ rhat: 1.06 }, { ess: 90 }, { divergences: 21 }]) {
      const g = bayesianGate(bayes(bad));
      assert.deepEqual(codes(g), ["CONVERGENCE:retry"], JSON.stringify(bad));
      assert.deepEqual(g.issues[0]!.fix, { tool: "run_bayesian_mmm", args: { warmup: 1000, confirmed: true } });
    }
    assert.deepEqual(codes(bayesianGate(bayes({ divergences: 20 }))), [], "1% of 2000 draws is allowed");
    const lift = bayesianGate(bayes({ lift: [2.5, 0.3] }));
    assert.deepEqual(codes(lift), ["LIFT_MISMATCH:retry"]);
    assert.equal(lift.issues[0]!.fix?.args.baseline, "hsgp");
    assert.deepEqual(codes(bayesianGate(bayes({ lift: [2.5], baseline: "hsgp" }))), ["LIFT_MISMATCH:proceed"], "already time-varying: a caveat");
    assert.deepEqual(codes(bayesianGate(bayes({ lift: [1.9, -1.9] }))), []);
  });
});
