import { strict as assert } from "node:assert";
import { MMMError } from "../../../kernel-lib/src/errors";
import { compareScenarios, DEFAULT_WEEKS, optimizeBudget, simulateScenario, type BudgetPlan } from "../../../kernel-lib/src/model/budget";
import { resolveProblem } from "../../../kernel-lib/src/model/budget/constraints";
import { createRng } from "../../../kernel-lib/src/math/random";
import { differentialEvolution, multiStartEvolution } from "../../../kernel-lib/src/model/budget/evolution";
import { newtonPolish, solveKkt } from "../../../kernel-lib/src/model/budget/kkt";
import type { ChannelResponse } from "../../../kernel-lib/src/model/response";

/** Concave: c·(1 − e^{−s/k}). */
function expo(name: string, c: number, k: number, currentWeekly: number): ChannelResponse {
  return { name, currentWeekly, response: (s) => c * (1 - Math.exp(-s / k)), marginal: (s) => (c / k) * Math.exp(-s / k) };
}

/** Hill b·s^S / (K^S + s^S): S-shaped for S > 1, concave with an infinite marginal at 0 for S < 1. */
function hill(name: string, b: number, K: number, S: number, currentWeekly: number): ChannelResponse {
  return {
    name,
    currentWeekly,
    response: (s) => (b * s ** S) / (K ** S + s ** S),
    marginal: (s) => (b * S * K ** S * s ** (S - 1)) / (K ** S + s ** S) ** 2,
  };
}

/** Concave: a·log(1 + s/b). */
function logc(name: string, a: number, b: number, currentWeekly: number): ChannelResponse {
  return { name, currentWeekly, response: (s) => a * Math.log1p(s / b), marginal: (s) => a / (b + s) };
}

const W = 52;
const kpi = (chs: ChannelResponse[], alloc: number[], weeks = W): number => chs.reduce((v, ch, i) => v + weeks * ch.response(alloc[i]! / weeks), 0);

/** Brute force on 3 channels: a grid over (x0, x1), x2 = total − x0 − x1, zoomed in twice around the best cell. */
function bruteForce3(total: number, chs: ChannelResponse[], lo = [0, 0, 0], hi = [total, total, total]): number {
  let best = -Infinity;
  let box = [lo[0]!, hi[0]!, lo[1]!, hi[1]!];
  for (let round = 0; round < 3; round++) {
    const n = 300;
    let arg = [0, 0];
    for (let i = 0; i <= n; i++) {
      const x0 = box[0]! + ((box[1]! - box[0]!) * i) / n;
      for (let j = 0; j <= n; j++) {
        const x1 = box[2]! + ((box[3]! - box[2]!) * j) / n;
        const x2 = total - x0 - x1;
        if (x2 < lo[2]! - 1e-9 || x2 > hi[2]! + 1e-9) continue;
        const v = kpi(chs, [x0, x1, x2]);
        if (v > best) {
          best = v;
          arg = [x0, x1];
        }
      }
    }
    const d0 = (box[1]! - box[0]!) / n;
    const d1 = (box[3]! - box[2]!) / n;
    box = [Math.max(lo[0]!, arg[0]! - 3 * d0), Math.min(hi[0]!, arg[0]! + 3 * d0), Math.max(lo[1]!, arg[1]! - 3 * d1), Math.min(hi[1]!, arg[1]! + 3 * d1)];
  }
  return best;
}

const values = (plan: BudgetPlan, chs: ChannelResponse[]): number[] => chs.map((c) => plan.allocation[c.name]!);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

function assertEqualInteriorMroas(plan: BudgetPlan, tol = 1e-6): void {
  const interior = Object.keys(plan.status)
    .filter((n) => plan.status[n] === "interior")
    .map((n) => plan.mroas[n]!);
  for (const m of interior) assert.ok(Math.abs(m - interior[0]!) <= tol * Math.abs(interior[0]!), `mroas ${interior.join(", ")}`);
}

function invalidArgument(pattern: RegExp, code: MMMError["code"] = "INVALID_ARGUMENT"): (err: unknown) => boolean {
  return (err: unknown) => {
    assert.ok(err instanceof MMMError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    assert.ok(err.hint.length > 0);
    return true;
  };
}

const mixed = (): ChannelResponse[] => [expo("tv", 3000, 1000, 800), logc("search", 900, 300, 500), hill("social", 5000, 1500, 2.5, 1000)];

describe("model/budget", () => {
  describe("optimizeBudget", () => {
    it("matches a brute-force grid optimum on 3 channels (concave and S-shaped) within 0.1%", () => {
      const chs = mixed();
      for (const total of [10_000, 60_000, 120_000, 250_000, 600_000]) {
        const plan = optimizeBudget(total, chs, { weeks: W });
        const brute = bruteForce3(total, chs);
        assert.ok(plan.expected >= brute * (1 - 1e-9), `total ${total}: ${plan.expected} < brute ${brute}`);
        assert.ok(Math.abs(plan.expected - brute) <= 1e-3 * brute, `total ${total}: ${plan.expected} vs brute ${brute}`);
        assert.ok(Math.abs(plan.expected - kpi(chs, values(plan, chs))) <= 1e-9 * plan.expected);
      }
    });

    it("matches brute force with two S-shaped channels, where the best plan switches one off", () => {
      const chs = [hill("a", 4000, 900, 3, 600), hill("b", 3500, 700, 2, 500), expo("c", 1500, 400, 300)];
      for (const total of [20_000, 50_000, 90_000, 200_000]) {
        const plan = optimizeBudget(total, chs, { weeks: W });
        const brute = bruteForce3(total, chs);
        assert.ok(plan.expected >= brute * (1 - 1e-9) && plan.expected - brute <= 1e-3 * brute, `total ${total}: ${plan.expected} vs ${brute}`);
      }
    });

    it("respects the total and the bounds exactly, reporting binding bounds", () => {
      const chs = mixed();
      const total = 150_000;
      const lo = [40_000, 0, 0];
      const hi = [total, 10_000, total];
      const plan = optimizeBudget(total, chs, { bounds: { tv: [lo[0]!, hi[0]!], search: [lo[1]!, hi[1]!] } });
      const x = values(plan, chs);
      assert.ok(Math.abs(sum(x) - total) <= 1e-9 * total, `sum ${sum(x)}`);
      x.forEach((v, i) => assert.ok(v >= lo[i]! && v <= hi[i]!, `channel ${i}: ${v}`));
      assert.deepEqual(plan.status, { tv: "lower", search: "upper", social: "interior" });
      assert.ok(plan.mroas.search! > plan.mroas.social! && plan.mroas.social! > plan.mroas.tv!, JSON.stringify(plan.mroas));
      const brute = bruteForce3(total, chs, lo, hi);
      assert.ok(plan.expected >= brute * (1 - 1e-9) && plan.expected - brute <= 1e-3 * brute);
      assert.ok(
        plan.warnings.some((w) => /"search" is held at its upper bound/.test(w)),
        plan.warnings.join("\n"),
      );
      assert.ok(
        plan.warnings.some((w) => /"tv" is held at its lower bound/.test(w)),
        plan.warnings.join("\n"),
      );
    });

    it("equalises marginal ROAS across interior channels", () => {
      const chs = [...mixed(), hill("ooh", 2000, 900, 3, 300), expo("radio", 1200, 500, 200), logc("print", 400, 200, 100)];
      const plan = optimizeBudget(250_000, chs, { bounds: { radio: [0, 5_000] } });
      assert.ok(Object.values(plan.status).filter((s) => s === "interior").length >= 3, JSON.stringify(plan.status));
      assertEqualInteriorMroas(plan, 1e-8);
      const level = plan.mroas[chs.find((c) => plan.status[c.name] === "interior")!.name]!;
      for (const ch of chs) {
        if (plan.status[ch.name] === "lower") assert.ok(plan.mroas[ch.name]! <= level * (1 + 1e-9));
        if (plan.status[ch.name] === "upper") assert.ok(plan.mroas[ch.name]! >= level * (1 - 1e-9));
      }
    });

    it("keeps ±pct bounds around current spend over the horizon", () => {
      const chs = mixed();
      const total = sum(chs.map((c) => c.currentWeekly * W));
      const plan = optimizeBudget(total, chs, { bounds: { tv: { pct: 0.1 }, social: { pct: 0.2 } } });
      const tvNow = 800 * W;
      const socialNow = 1000 * W;
      assert.equal(plan.current.tv, tvNow);
      assert.ok(plan.allocation.tv! >= tvNow * 0.9 - 1e-9 && plan.allocation.tv! <= tvNow * 1.1 + 1e-9);
      assert.ok(plan.allocation.social! >= socialNow * 0.8 - 1e-9 && plan.allocation.social! <= socialNow * 1.2 + 1e-9);
      assert.ok(Math.abs(sum(values(plan, chs)) - total) <= 1e-9 * total);
      assert.ok(plan.uplift >= 0 && plan.expected >= plan.currentExpected);
    });

    it("keeps fixed channels at their amount and optimises the rest", () => {
      const chs = mixed();
      const plan = optimizeBudget(100_000, chs, { fixed: { social: 40_000 } });
      assert.equal(plan.allocation.social, 40_000);
      assert.equal(plan.status.social, "fixed");
      assert.ok(Math.abs(plan.allocation.tv! + plan.allocation.search! - 60_000) <= 1e-9 * 100_000);
      assert.ok(Math.abs(plan.mroas.tv! - plan.mroas.search!) <= 1e-8 * plan.mroas.tv!);
    });

    it("equals the KKT closed form for two a·log(1 + s/b) channels", () => {
      const [a1, b1, a2, b2] = [1200, 400, 800, 150];
      const chs = [logc("x", a1, b1, 500), logc("y", a2, b2, 300)];
      const total = 52 * 1000;
      const weeklyTotal = total / W;
      const lambda = (a1 + a2) / (weeklyTotal + b1 + b2);
      const expected = [W * (a1 / lambda - b1), W * (a2 / lambda - b2)];
      const plan = optimizeBudget(total, chs, { weeks: W });
      assert.ok(Math.abs(plan.allocation.x! - expected[0]!) <= 1e-9 * total, `${plan.allocation.x} vs ${expected[0]}`);
      assert.ok(Math.abs(plan.allocation.y! - expected[1]!) <= 1e-9 * total, `${plan.allocation.y} vs ${expected[1]}`);
      assert.ok(Math.abs(plan.mroas.x! - lambda) <= 1e-9 * lambda && Math.abs(plan.mroas.y! - lambda) <= 1e-9 * lambda);
    });

    it("puts nothing on a channel whose marginal at zero is below the others' optimum (KKT corner)", () => {
      // y's marginal at 0 is a2/b2 = 0.5, below λ = (a1)/(weekly + b1) for a large budget.
      const chs = [logc("x", 5000, 100, 500), logc("y", 50, 100, 300)];
      const plan = optimizeBudget(52 * 1000, chs);
      assert.equal(plan.allocation.y, 0);
      assert.equal(plan.status.y, "lower");
      assert.ok(plan.mroas.y! <= plan.mroas.x!);
    });

    it("handles Hill curves with slope < 1 (infinite marginal at zero spend)", () => {
      const chs = [hill("a", 3000, 800, 0.7, 500), expo("b", 2000, 600, 400), hill("c", 2500, 500, 0.5, 200)];
      const total = 60_000;
      const plan = optimizeBudget(total, chs);
      const brute = bruteForce3(total, chs);
      assert.ok(plan.expected >= brute * (1 - 1e-9) && plan.expected - brute <= 1e-3 * brute);
      assertEqualInteriorMroas(plan, 1e-6);
    });

    it("agrees with differential evolution (raw DE and the Newton-refined check)", () => {
      const chs = mixed();
      const p = resolveProblem(120_000, chs, { weeks: W });
      const kkt = solveKkt(p);
      const de = differentialEvolution(p, { seed: 3, population: 30, generations: 400, tolerance: 1e-10 });
      assert.ok(Math.abs(kkt.value - de.value) <= 1e-3 * kkt.value, `${kkt.value} vs ${de.value}`);
      assert.ok(kkt.value >= de.value * (1 - 1e-9));
      const plan = optimizeBudget(120_000, chs, { seed: 3 });
      assert.ok(plan.check && plan.check.gap >= 0 && plan.check.gap <= 1e-3, JSON.stringify(plan.check));
      assert.match(plan.method, /differential evolution/);
      assert.equal(optimizeBudget(120_000, chs, { check: false }).check, undefined);
    });

    it("is never beaten by a 12-run Newton-refined DE on random problems with curves at very different scales", function () {
      this.timeout(30_000);
      const rng = createRng(2024);
      for (let trial = 0; trial < 12; trial++) {
        const chs: ChannelResponse[] = [];
        const n = 4 + rng.int(9);
        for (let i = 0; i < n; i++) {
          const cur = 10 * Math.exp(7 * rng.uniform());
          const kind = rng.int(3);
          if (kind === 0) chs.push(expo(`e${i}`, cur * (1 + 4 * rng.uniform()), cur * (0.3 + 2 * rng.uniform()), cur));
          else if (kind === 1) chs.push(hill(`h${i}`, cur * (1 + 5 * rng.uniform()), cur * (0.3 + 2 * rng.uniform()), 0.6 + 3 * rng.uniform(), cur));
          else chs.push(logc(`l${i}`, cur * (1 + 3 * rng.uniform()), cur * (0.5 + 2 * rng.uniform()), cur));
        }
        const total = sum(chs.map((c) => c.currentWeekly)) * W * (0.3 + 2 * rng.uniform());
        const p = resolveProblem(total, chs, { weeks: W });
        const kkt = solveKkt(p, [p.current]);
        const de = multiStartEvolution(p, { seed: 100 + trial, restarts: 12, refine: (x) => newtonPolish(p, x) });
        assert.ok(kkt.value >= de.value * (1 - 1e-9), `trial ${trial}: gradient ${kkt.value} < DE ${de.value}`);
      }
    });

    it("gives a single channel the whole budget", () => {
      const plan = optimizeBudget(1000, [expo("a", 10, 5, 1)]);
      assert.deepEqual(plan.allocation, { a: 1000 });
      assert.equal(plan.status.a, "interior");
    });

    it("notes a ±pct bound around zero current spend", () => {
      const plan = optimizeBudget(1000, [expo("a", 10, 5, 1), expo("b", 10, 5, 0)], { bounds: { b: { pct: 0.2 } } });
      assert.equal(plan.allocation.b, 0);
      assert.equal(plan.status.b, "fixed");
      assert.match(plan.warnings.join("\n"), /"b" has no current spend, so its ±pct bound holds it at 0/);
    });

    it("is deterministic for a seed, and the optimum does not depend on it", () => {
      const chs = [...mixed(), hill("ooh", 2000, 900, 3, 300), expo("radio", 1200, 500, 200)];
      const a = optimizeBudget(200_000, chs, { seed: 11 });
      const b = optimizeBudget(200_000, chs, { seed: 11 });
      assert.deepEqual(a, b);
      const c = optimizeBudget(200_000, chs, { seed: 12 });
      for (const ch of chs) assert.ok(Math.abs(a.allocation[ch.name]! - c.allocation[ch.name]!) <= 1e-6 * 200_000);
    });

    it("returns a JSON-serialisable plan with the documented fields", () => {
      const chs = mixed();
      const plan = optimizeBudget(100_000, chs);
      assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
      assert.equal(plan.weeks, DEFAULT_WEEKS);
      assert.equal(plan.total, 100_000);
      const currentExpected = kpi(
        chs,
        chs.map((c) => c.currentWeekly * DEFAULT_WEEKS),
      );
      assert.ok(Math.abs(plan.currentExpected - currentExpected) <= 1e-9 * currentExpected);
      assert.ok(Math.abs(plan.uplift - (plan.expected - plan.currentExpected)) <= 1e-9 * plan.expected);
      assert.ok(Math.abs(plan.upliftPct - (100 * plan.uplift) / plan.currentExpected) <= 1e-9);
      for (const ch of chs) assert.equal(plan.mroas[ch.name], ch.marginal(plan.allocation[ch.name]! / DEFAULT_WEEKS));
    });

    it("optimises 12 channels in milliseconds", () => {
      const chs: ChannelResponse[] = [];
      for (let i = 0; i < 6; i++) chs.push(expo(`e${i}`, 4000 + 900 * i, 600 + 250 * i, 500 + 120 * i));
      for (let i = 0; i < 6; i++) chs.push(hill(`h${i}`, 5000 + 700 * i, 800 + 300 * i, 1.4 + 0.4 * i, 400 + 150 * i));
      const total = sum(chs.map((c) => c.currentWeekly)) * W;
      optimizeBudget(total, chs, { check: false });
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) optimizeBudget(total, chs, { check: false });
      const ms = (performance.now() - t0) / 20;
      assert.ok(ms < 25, `${ms} ms per optimisation`);
    });
  });

  describe("optimizeBudget errors", () => {
    const chs = mixed();
    it("rejects a bad total", () => {
      for (const total of [-5, 0, NaN, Infinity]) assert.throws(() => optimizeBudget(total, chs), invalidArgument(/total budget .* not a positive number/));
    });
    it("rejects infeasible bounds, saying by how much", () => {
      assert.throws(() => optimizeBudget(100_000, chs, { bounds: { tv: [70_000, 80_000] }, fixed: { search: 40_000 } }), invalidArgument(/add up to 110,000, 10,000 more than the total 100,000/, "BOUNDS_INFEASIBLE"));
      assert.throws(() => optimizeBudget(100_000, chs, { bounds: { tv: [0, 10_000], search: [0, 10_000], social: [0, 20_000] } }), invalidArgument(/add up to 40,000, 60,000 less than the total/, "BOUNDS_INFEASIBLE"));
      assert.throws(() => optimizeBudget(10_000, chs, { bounds: { tv: [5, 1] } }), invalidArgument(/not a valid range/));
      assert.throws(() => optimizeBudget(10_000, chs, { bounds: { tv: { pct: -1 } } }), invalidArgument(/pct >= 0/));
    });
    it("rejects unknown channels in bounds and fixed, suggesting the right name", () => {
      assert.throws(() => optimizeBudget(10_000, chs, { bounds: { tvv: [0, 1] } }), invalidArgument(/Unknown channel "tvv" in bounds.*Did you mean "tv"/));
      assert.throws(() => optimizeBudget(10_000, chs, { fixed: { serch: 1 } }), invalidArgument(/Unknown channel "serch" in fixed.*"search"/));
      assert.throws(() => optimizeBudget(10_000, chs, { fixed: { tv: 1 }, bounds: { tv: [0, 5] } }), invalidArgument(/both fixed and bounded/));
      assert.throws(() => optimizeBudget(10_000, chs, { fixed: { tv: -1 } }), invalidArgument(/fixed budget of "tv"/));
    });
    it("rejects empty and duplicated channel lists", () => {
      assert.throws(() => optimizeBudget(10_000, []), invalidArgument(/channel list is empty/));
      assert.throws(() => optimizeBudget(10_000, [...chs, expo("tv", 1, 1, 1)]), invalidArgument(/"tv" appears more than once/));
    });
    it("rejects channels with no fitted response", () => {
      const nan: ChannelResponse = { name: "bad", currentWeekly: 10, response: (s) => (s > 100 ? NaN : s), marginal: () => 1 };
      assert.throws(() => optimizeBudget(10_000, [...chs, nan]), invalidArgument(/"bad" has no fitted response.*NaN/));
      const flat: ChannelResponse = { name: "flat", currentWeekly: 10, response: () => 0, marginal: () => 0 };
      assert.throws(() => optimizeBudget(10_000, [...chs, flat]), invalidArgument(/"flat" has no fitted response: its response curve is flat zero/));
      // A flat channel with a fixed budget is harmless.
      assert.equal(optimizeBudget(10_000, [...chs, flat], { fixed: { flat: 500 } }).allocation.flat, 500);
    });
    it("rejects bad weeks and seeds", () => {
      assert.throws(() => optimizeBudget(10_000, chs, { weeks: 0 }), invalidArgument(/horizon weeks=0/));
      assert.throws(() => optimizeBudget(10_000, chs, { seed: -1 }), invalidArgument(/seed/));
    });
  });

  describe("scenarios", () => {
    const chs = mixed();
    it("simulates a budget, keeping channels left out at current spend", () => {
      const sim = simulateScenario({ tv: 60_000, search: 0 }, chs, { weeks: 26 });
      assert.equal(sim.weeks, 26);
      assert.deepEqual(sim.budgets, { tv: 60_000, search: 0, social: 26_000 });
      assert.ok(Math.abs(sim.expected - kpi(chs, [60_000, 0, 26_000], 26)) <= 1e-9 * sim.expected);
      assert.equal(sim.total, 86_000);
      const tv = sim.perChannel[0]!;
      assert.equal(tv.contribution, 26 * chs[0]!.response(60_000 / 26));
      assert.equal(tv.roas, tv.contribution / 60_000);
      assert.equal(tv.mroas, chs[0]!.marginal(60_000 / 26));
      assert.equal(sim.perChannel[1]!.roas, 0);
      assert.match(sim.warnings.join(), /kept at current spend: social/);
      assert.deepEqual(JSON.parse(JSON.stringify(sim)), sim);
    });

    it("reproduces the optimiser's expected KPI for its allocation", () => {
      const plan = optimizeBudget(100_000, chs);
      const sim = simulateScenario(plan.allocation, chs);
      assert.ok(Math.abs(sim.expected - plan.expected) <= 1e-9 * plan.expected);
      assert.deepEqual(sim.warnings, []);
    });

    it("compares scenarios ranked by expected KPI with deltas against the first", () => {
      const current = Object.fromEntries(chs.map((c) => [c.name, c.currentWeekly * W]));
      const total = sum(Object.values(current));
      const plan = optimizeBudget(total, chs);
      const cmp = compareScenarios(
        [
          { name: "current", budgets: current },
          { name: "all on tv", budgets: { tv: total, search: 0, social: 0 } },
          { name: "optimised", budgets: plan.allocation },
        ],
        chs,
        { weeks: W },
      );
      assert.equal(cmp.baseline, "current");
      assert.deepEqual(
        cmp.rows.map((r) => r.rank),
        [1, 2, 3],
      );
      assert.equal(cmp.rows[0]!.name, "optimised");
      for (let i = 1; i < cmp.rows.length; i++) assert.ok(cmp.rows[i - 1]!.expected >= cmp.rows[i]!.expected);
      const base = cmp.rows.find((r) => r.name === "current")!;
      assert.equal(base.deltaExpected, 0);
      const best = cmp.rows[0]!;
      assert.ok(Math.abs(best.deltaExpected - plan.uplift) <= 1e-9 * plan.expected);
      assert.ok(Math.abs(best.deltaPct - plan.upliftPct) <= 1e-9);
      assert.ok(Math.abs(sum(Object.values(best.deltaByChannel)) - best.deltaExpected) <= 1e-9 * plan.expected);
      assert.equal(cmp.scenarios.length, 3);
      assert.equal(cmp.scenarios[1]!.name, "all on tv");
    });

    it("gives clear errors for bad scenarios", () => {
      assert.throws(() => simulateScenario({ tvv: 1 }, chs), invalidArgument(/Unknown channel "tvv".*"tv"/));
      assert.throws(() => simulateScenario({ tv: -1 }, chs), invalidArgument(/not a number >= 0/));
      assert.throws(() => simulateScenario({}, []), invalidArgument(/channel list is empty/));
      assert.throws(() => compareScenarios([], chs), invalidArgument(/No scenarios/));
      assert.throws(
        () =>
          compareScenarios(
            [
              { name: "a", budgets: {} },
              { name: "a", budgets: {} },
            ],
            chs,
          ),
        invalidArgument(/"a" appears more than once/),
      );
    });
  });
});
