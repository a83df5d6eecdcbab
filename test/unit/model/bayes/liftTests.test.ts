import { strict as assert } from "node:assert";
import gammaLogpdf from "@stdlib/stats-base-dists-gamma-logpdf";
import { simulateMMM } from "../../../../kernel-lib/src";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { digamma } from "../../../../kernel-lib/src/math/digamma";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { BayesMmmDensity, type BayesModelOptions } from "../../../../kernel-lib/src/model/bayes/mmmDensity";
import { SampledStudentT, studentTLikelihood } from "../../../../kernel-lib/src/model/bayes/model/likelihood";
import { gammaMeanSd } from "../../../../kernel-lib/src/model/bayes/model/liftTerm";
import { fitBayesian } from "../../../../kernel-lib/src/model/bayes/fit";
import { bayesianResult } from "../../../../kernel-lib/src/model/bayes/result";
import { prepareMmmData } from "../../../../kernel-lib/src/model/mmmData";
import { pointwiseLogLik } from "../../../../kernel-lib/src/model/validation/logLik";
import { geometricAdstock, logisticSaturation } from "../../../../kernel-lib/src/model/transforms/math";
import { bayesSimulation } from "../../../helpers/bayesSim";
import { goDarkTests } from "../../../helpers/liftSim";
import { assertGradientMatches } from "../../../helpers/gradientCheck";

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

function setup() {
  const sim = simulateMMM({ seed: 5, weeks: 80 });
  return prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index", "competitor_sales"], dateCol: "date", fourierOrder: 1 });
}

function randomPoint(dim: number, seed: number, spread = 0.5): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: dim }, () => rng.normal(0, spread));
}

/** Central finite differences of log p in every coordinate vs the analytic gradient. */
function checkGradient(d: BayesMmmDensity, seeds: number[]): void {
  for (const seed of seeds) assertGradientMatches(d, randomPoint(d.dim, seed));
}

describe("model/bayes lift tests through the adstock, Gamma/Normal, sampled Student-t ν", () => {
  const mmm = setup();
  const [tv, search, social] = mmm.channels.map((c) => c.name) as [string, string, string];
  const window = (a: number, b: number) => ({ start: isoDay(mmm.days[a]!), end: isoDay(mmm.days[b]! + 6) });
  const spendIn = (c: number, a: number, b: number) => mmm.channels[c]!.spend.subarray(a, b + 1).reduce((s, v) => s + v, 0);

  it("digamma and the Gamma(mean, sd) log density with its derivative in the mean", () => {
    // scipy.special.digamma
    for (const [x, want] of [
      [1, -0.5772156649015329],
      [0.5, -1.9635100260214235],
      [3.7, 1.1671535393615113],
      [0.01, -100.56088545786868],
      [25.5, 3.2189424728839198],
    ] as const)
      assert.ok(Math.abs(digamma(x) - want) < 1e-13 * Math.max(1, Math.abs(want)), `ψ(${x}) = ${digamma(x)}`);
    for (const [o, m, s] of [
      [1.2, 1, 0.1],
      [0.3, 0.5, 0.4],
      [5, 4, 3],
    ] as const) {
      const [lp, d] = gammaMeanSd(o, m, s);
      assert.ok(Math.abs(lp - gammaLogpdf(o, (m * m) / (s * s), m / (s * s))) < 1e-10 * Math.max(1, Math.abs(lp)));
      const h = 1e-6;
      const fd = (gammaMeanSd(o, m + h, s)[0] - gammaMeanSd(o, m - h, s)[0]) / (2 * h);
      assert.ok(Math.abs(d - fd) < 1e-6 * Math.max(1, Math.abs(fd)), `${d} vs ${fd}`);
    }
    assert.equal(gammaMeanSd(1, -0.1, 0.1)[0], -Infinity);
  });

  it("the model lift equals an independent computation on the whole spend series (go-dark with a tail, a level test)", () => {
    const tail = 3;
    const goDark = { channel: tv, ...window(30, 37), deltaSpend: -spendIn(0, 30, 37), lift: -1000, sigma: 100, tailWeeks: tail };
    const x0 = 20_000;
    const level = { channel: search, ...window(10, 13), deltaSpend: 4 * 5_000, lift: 500, sigma: 50, spend: x0, likelihood: "normal" as const };
    const d = new BayesMmmDensity(mmm, { liftTests: [goDark, level] });
    const q = randomPoint(d.dim, 3);
    const p = d.constrain(q);
    const [gotDark, gotLevel] = d.liftsAt(q) as [number, number];
    const response = (c: number, x: Float64Array) => {
      const ch = p.channels[c]!;
      const s = logisticSaturation(geometricAdstock(x, ch.decay, 8, true), ch.theta[0]!);
      return s.map((v) => v * ch.beta * d.yScale);
    };
    const x = mmm.channels[0]!.spend.map((v) => v / mmm.channels[0]!.scale);
    const dark = Float64Array.from(x).fill(0, 30, 38);
    const [a, b] = [response(0, x), response(0, dark)];
    let want = 0;
    for (let t = 30; t <= 37 + tail; t++) want += b[t]! - a[t]!;
    assert.ok(want < 0 && Math.abs(gotDark - want) < 1e-9 * Math.abs(want), `go-dark lift ${gotDark} vs ${want}`);
    // Level test: 8 weeks at x0 (steady state), 4 at x0 + 5000, no tail.
    const sc = mmm.channels[1]!.scale;
    const steady = new Float64Array(12).fill(x0 / sc);
    const up = Float64Array.from(steady).fill((x0 + 5_000) / sc, 8, 12);
    const [s0, s1] = [response(1, steady), response(1, up)];
    let wantLevel = 0;
    for (let t = 8; t < 12; t++) wantLevel += s1[t]! - s0[t]!;
    assert.ok(Math.abs(gotLevel - wantLevel) < 1e-9 * Math.abs(wantLevel), `level lift ${gotLevel} vs ${wantLevel}`);
    // Carry-over: the adstocked lift over the test weeks is below the steady-state 4·(h(x1) − h(x0)).
    assert.ok(wantLevel < 4 * (s1[11]! - s0[11]!));
  });

  it("gradient = finite differences: Gamma and Normal tests, several per channel, tails, level tests, every adstock, Hill", () => {
    const tests: NonNullable<BayesModelOptions["liftTests"]> = [
      { channel: tv, ...window(30, 37), deltaSpend: -spendIn(0, 30, 37), lift: -1, sigma: 1, tailWeeks: 4 },
      { channel: tv, ...window(60, 67), deltaSpend: -spendIn(0, 60, 67), lift: -1, sigma: 1 },
      { channel: search, ...window(20, 23), deltaSpend: 30_000, lift: 1, sd: 1, likelihood: "normal" },
      { channel: social, ...window(40, 45), deltaSpend: 6 * 4_000, lift: 1, sigma: 1, spend: 10_000, tailWeeks: 2 },
    ];
    const variants: BayesModelOptions[] = [{}, { adstock: { [tv]: "delayed", [search]: "weibull_pdf", "*": "weibull_cdf" }, saturation: { [search]: "hill", "*": "logistic" }, roasPriors: { [tv]: { mean: 2, sd: 1 } } }];
    for (const [v, opts] of variants.entries()) {
      // Measured lifts near the model's at the checked point (a lift 100 σ away makes log p huge and finite differences noisy).
      const d0 = new BayesMmmDensity(mmm, { ...opts, liftTests: tests });
      const model = d0.liftsAt(randomPoint(d0.dim, 10 + v));
      const liftTests = tests.map((t, i) => ({ ...t, lift: 0.8 * model[i]!, sigma: 0.3 * Math.abs(model[i]!), sd: undefined }));
      checkGradient(new BayesMmmDensity(mmm, { ...opts, liftTests }), [10 + v]);
    }
  });

  it("Student-t with ν sampled: log_nu in the layout, its gradient and the Student-t density", () => {
    const d = new BayesMmmDensity(mmm, { likelihood: "studentT" });
    assert.equal(d.names.at(-2), "log_nu");
    assert.equal(d.layout.nu, d.dim - 2);
    checkGradient(d, [4, 5]);
    assert.equal(new BayesMmmDensity(mmm, { likelihood: "studentT", nu: 5 }).names.includes("log_nu"), false);
    const q = randomPoint(d.dim, 6);
    assert.ok(Math.abs(d.constrain(q).nu! - Math.exp(q[d.layout.nu]!)) < 1e-15);
    // At a given ν the sampled likelihood is the fixed-ν one (value, ∂/∂log σ, ∂/∂μ).
    const lik = new SampledStudentT();
    lik.nu = 3.3;
    const y = Float64Array.of(0.1, -0.4, 0.25, 1.5);
    const [g1, g2] = [Float64Array.of(0, 0.1, 0.2, 0.3), Float64Array.of(0, 0.1, 0.2, 0.3)];
    const [o1, o2] = [new Float64Array(2), new Float64Array(2)];
    const got = lik.logLik(y, g1, 0.2, o1);
    const want = studentTLikelihood(3.3).logLik(y, g2, 0.2, o2);
    assert.ok(Math.abs(got - want) < 1e-12 * Math.abs(want) && Math.abs(o1[0]! - o2[0]!) < 1e-12 && g1.every((v, t) => Math.abs(v - g2[t]!) < 1e-12), `${got} vs ${want}`);
  });

  it("pointwise log-likelihood (LOO) and the draw's natural parameters use each draw's sampled ν", () => {
    const d = new BayesMmmDensity(mmm, { likelihood: "studentT" });
    const draws = [randomPoint(d.dim, 7), randomPoint(d.dim, 8)];
    const ll = pointwiseLogLik(d, draws);
    draws.forEach((q, s) => {
      const ch = mmm.channels.map(() => new Float64Array(mmm.n));
      const base = new Float64Array(mmm.n);
      const p = d.decompose(q, ch, base);
      const mu = base.map((b, t) => (b + ch.reduce((a, v) => a + v[t]!, 0)) / d.yScale);
      const lik = new SampledStudentT();
      lik.nu = Math.exp(q[d.layout.nu]!);
      const want = lik.logLik(
        mmm.y.map((v) => v / d.yScale),
        mu,
        p.sigma,
        new Float64Array(2),
      );
      const got = ll[s]!.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(got - want) < 1e-9 * Math.abs(want), `draw ${s}: ${got} vs ${want}`);
    });
  });

  it("refuses tests it cannot use, with codes and the field named", () => {
    const bad = (lt: object, re: RegExp) =>
      assert.throws(
        () => new BayesMmmDensity(mmm, { liftTests: [{ channel: tv, ...window(30, 37), deltaSpend: -1000, lift: -100, sigma: 10, ...lt } as never] }),
        (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && re.test(e.message),
      );
    bad({ lift: 100 }, /goes against the spend change/);
    bad({ deltaSpend: -10 * spendIn(0, 30, 37) - 1 }, /more than the/);
    bad({ start: "2040-01-01", end: "2040-02-01" }, /not all inside the data/);
    bad({ sigma: 0 }, /sigma must be positive/);
    bad({ tailWeeks: 1.5 }, /tailWeeks/);
    bad({ deltaSpend: 0 }, /deltaSpend is 0/);
    // A wrong-signed lift is fine under the Normal likelihood; a level test may lie outside the data.
    new BayesMmmDensity(mmm, { liftTests: [{ channel: tv, ...window(30, 37), deltaSpend: -1000, lift: 50, sigma: 10, likelihood: "normal" }] });
    new BayesMmmDensity(mmm, { liftTests: [{ channel: tv, start: "2040-01-01", end: "2040-02-01", deltaSpend: -1000, lift: -50, sigma: 10, spend: 2000 }] });
  });

  it("the result compares each test with the model's lift and warns when they disagree by more than 2σ", async function () {
    this.timeout(120_000);
    const { sim, mmm: data } = bayesSimulation(21, { weeks: 104, noise: 0.03 });
    const opts = { chains: 2, warmup: 200, draws: 200, seed: 2, likelihood: "studentT" as const };
    const honest = goDarkTests(sim.truth, data, 1, [30, 70], 8, 0.1, 21);
    const good = bayesianResult(await fitBayesian(data, { ...opts, liftTests: honest }), { ...opts, liftTests: honest });
    assert.equal(good.liftFit?.length, 2);
    for (const f of good.liftFit!) assert.ok(Math.abs(f.z) < 2 && f.model.hdi94[0] < f.model.mean, `z ${f.z}`);
    assert.ok(!good.warnings.some((w) => w.startsWith("Lift test")), good.warnings.join("; "));
    assert.ok(good.model.nu! > 1 && Number.isFinite(good.model.nu));
    // A test measured at a third of the truth with a tight error: the time series disagrees, and the result says so.
    const wrong = honest.map((t, i) => (i === 0 ? { ...t, lift: t.lift / 3, sigma: Math.abs(t.lift) / 60 } : t));
    const bad = bayesianResult(await fitBayesian(data, { ...opts, liftTests: wrong }), { ...opts, liftTests: wrong });
    console.log(`      z: honest ${good.liftFit!.map((f) => f.z.toFixed(2))}, a third of the truth ${bad.liftFit!.map((f) => f.z.toFixed(2))}`);
    assert.ok(Math.max(...bad.liftFit!.map((f) => Math.abs(f.z))) > 4);
    assert.ok(
      bad.warnings.some((w) => w.startsWith(`Lift test on ${wrong[0]!.channel}`) && w.includes('baseline "hsgp"')),
      bad.warnings.join("; "),
    );
  });
});
