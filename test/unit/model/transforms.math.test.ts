import { strict as assert } from "node:assert";
import { MMMError } from "../../../kernel-lib/src/errors";
import { createRng } from "../../../kernel-lib/src/math/random";
import { convolve, delayedAdstock, delayedWeights, geometricAdstock, geometricWeights, hillSaturation, logisticSaturation, michaelisMenten, weibullAdstock, weibullWeights } from "../../../kernel-lib/src/model/transforms/math";

function close(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length, "length");
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol, `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

const invalidArgument = (err: unknown): boolean => err instanceof MMMError && err.code === "INVALID_ARGUMENT" && err.hint.length > 0;

describe("model/transforms/math", () => {
  describe("convolve", () => {
    it("is causal and truncated at the start", () => {
      close(convolve([1, 2, 3], [1, 0.5]), [1, 2.5, 4]);
      close(convolve([0, 0, 1, 0, 0], [3, 2, 1]), [0, 0, 3, 2, 1]);
      close(convolve([2, 4], [0.5, 0.25, 0.125, 1]), [1, 2.5]);
      close(convolve([], [1]), []);
    });
  });

  describe("geometric adstock", () => {
    it("decays an impulse by alpha per period", () => {
      close(geometricAdstock([1, 0, 0, 0], 0.5, 4), [1, 0.5, 0.25, 0.125]);
      close(geometricWeights(0.5, 4), [1, 0.5, 0.25, 0.125]);
    });
    it("normalised weights sum to one", () => {
      const t = 1.875;
      close(geometricAdstock([1, 0, 0, 0], 0.5, 4, true), [1 / t, 0.5 / t, 0.25 / t, 0.125 / t]);
    });
    it("cuts the carry-over at lMax and accumulates overlapping impulses", () => {
      close(geometricAdstock([1, 0, 0, 0, 0], 0.5, 2), [1, 0.5, 0, 0, 0]);
      close(geometricAdstock([1, 1, 1], 0.5, 3), [1, 1.5, 1.75]);
    });
    it("alpha = 0 is the identity", () => {
      close(geometricAdstock([3, 1, 4, 1, 5], 0, 6), [3, 1, 4, 1, 5]);
    });
    it("conserves mass when normalised (long series, zero tail)", () => {
      const rng = createRng(7);
      const x = new Float64Array(300).map((_, i) => (i < 280 ? rng.uniform() * 100 : 0));
      assert.ok(Math.abs(sum(geometricAdstock(x, 0.7, 12, true)) - sum(x)) < 1e-9 * sum(x));
    });
    it("rejects bad parameters with MMMError", () => {
      assert.throws(() => geometricAdstock([1], 1, 4), invalidArgument);
      assert.throws(() => geometricAdstock([1], -0.1, 4), invalidArgument);
      assert.throws(() => geometricAdstock([1], Number.NaN, 4), invalidArgument);
      assert.throws(() => geometricAdstock([1], 0.5, 0), invalidArgument);
      assert.throws(() => geometricAdstock([1], 0.5, 2.5), invalidArgument);
    });
  });

  describe("delayed adstock", () => {
    it("peaks theta periods after exposure", () => {
      close(delayedWeights(0.5, 1, 3), [0.5, 1, 0.5]);
      close(delayedAdstock([1, 0, 0, 0], 0.5, 2, 4), [0.0625, 0.5, 1, 0.5]);
    });
    it("with theta = 0 is geometric in squared lags", () => {
      close(delayedWeights(0.5, 0, 3), [1, 0.5, 0.0625]);
    });
    it("normalises to a unit sum", () => {
      close(delayedWeights(0.5, 1, 3, true), [0.25, 0.5, 0.25]);
    });
    it("rejects theta outside [0, lMax - 1]", () => {
      assert.throws(() => delayedWeights(0.5, 3, 3), invalidArgument);
      assert.throws(() => delayedWeights(0.5, -1, 3), invalidArgument);
    });
  });

  describe("Weibull adstock", () => {
    it("CDF kernel is the running survival product", () => {
      close(weibullWeights(1, 1, 3, "cdf"), [1, Math.exp(-1), Math.exp(-3)]);
      close(weibullWeights(2, 2, 3, "cdf"), [1, Math.exp(-0.25), Math.exp(-1.25)]);
      close(weibullAdstock([0, 1, 0, 0], 1, 1, 3, "cdf"), [0, 1, Math.exp(-1), Math.exp(-3)]);
    });
    it("CDF kernel is non-increasing and starts at 1", () => {
      for (const [lam, k] of [
        [0.5, 0.5],
        [3, 1],
        [6, 4],
      ] as const) {
        const w = weibullWeights(lam, k, 20, "cdf");
        assert.equal(w[0], 1);
        for (let i = 1; i < w.length; i++) assert.ok(w[i]! <= w[i - 1]!);
      }
    });
    it("PDF kernel is the min-max scaled density at t = 1..lMax", () => {
      const pdf = (t: number): number => (t / 2) * Math.exp(-((t / 2) ** 2)); // lambda = 2, k = 2
      const raw = [1, 2, 3, 4].map(pdf);
      const lo = Math.min(...raw);
      const hi = Math.max(...raw);
      close(
        weibullWeights(2, 2, 4, "pdf"),
        raw.map((v) => (v - lo) / (hi - lo)),
      );
    });
    it("PDF kernel with k > 1 peaks after exposure, with k < 1 decays from the start", () => {
      const delayed = weibullWeights(4, 3, 8, "pdf");
      const peak = delayed.indexOf(Math.max(...delayed));
      assert.equal(peak, 2);
      assert.equal(Math.min(...delayed), 0);
      const decaying = weibullWeights(2, 0.5, 8, "pdf");
      assert.equal(decaying[0], 1);
      for (let i = 1; i < decaying.length; i++) assert.ok(decaying[i]! < decaying[i - 1]!);
      assert.equal(decaying[7], 0);
    });
    it("lMax = 1 gives the identity for both kernels", () => {
      close(weibullAdstock([2, 3], 2, 2, 1, "pdf"), [2, 3]);
      close(weibullAdstock([2, 3], 2, 2, 1, "cdf"), [2, 3]);
    });
    it("normalised kernels sum to one", () => {
      assert.ok(Math.abs(sum(weibullWeights(3, 1.5, 10, "pdf", true)) - 1) < 1e-12);
      assert.ok(Math.abs(sum(weibullWeights(3, 1.5, 10, "cdf", true)) - 1) < 1e-12);
    });
    it("rejects non-positive lambda or k and unknown kinds", () => {
      assert.throws(() => weibullWeights(0, 1, 4), invalidArgument);
      assert.throws(() => weibullWeights(1, -1, 4), invalidArgument);
      assert.throws(() => weibullWeights(1, 1, 4, "survival" as "cdf"), invalidArgument);
    });
  });

  describe("saturation", () => {
    it("Hill is 0 at 0, one half at K, and x^S/(x^S+K^S) elsewhere", () => {
      close(hillSaturation([0, 0.5, 1], 0.5, 2), [0, 0.5, 0.8]);
      close(hillSaturation([2], 2, 7.3), [0.5]);
      close(hillSaturation([3], 1, 1), [0.75]);
    });
    it("logistic is 0 at 0 and (1-e^-lx)/(1+e^-lx)", () => {
      close(logisticSaturation([0, Math.log(3)], 1), [0, 0.5]);
      const v = Math.exp(-0.8);
      close(logisticSaturation([0.4], 2), [(1 - v) / (1 + v)]);
    });
    it("Michaelis-Menten is alpha/2 at x = lam", () => {
      close(michaelisMenten([0, 2, 6], 10, 2), [0, 5, 7.5]);
    });
    it("is monotone and bounded in [0, 1)", () => {
      const x = Float64Array.from({ length: 200 }, (_, i) => i * 0.05);
      for (const y of [hillSaturation(x, 0.7, 2.5), logisticSaturation(x, 1.3), michaelisMenten(x, 1, 0.4)]) {
        assert.equal(y[0], 0);
        for (let i = 1; i < y.length; i++) {
          assert.ok(y[i]! >= y[i - 1]!, `monotone at ${i}`);
          assert.ok(y[i]! < 1, `bounded at ${i}`);
        }
      }
    });
    it("handles extreme inputs without overflow", () => {
      close(hillSaturation([1e300], 1, 50), [1]);
      close(hillSaturation([1e-300], 1, 50), [0]);
      close(logisticSaturation([1e6], 3), [1]);
    });
    it("rejects bad parameters and negative inputs", () => {
      assert.throws(() => hillSaturation([1], 0, 1), invalidArgument);
      assert.throws(() => hillSaturation([1], 1, -2), invalidArgument);
      assert.throws(() => hillSaturation([1, -1], 1, 1), invalidArgument);
      assert.throws(() => logisticSaturation([1], 0), invalidArgument);
      assert.throws(() => michaelisMenten([1], -1, 1), invalidArgument);
      assert.throws(() => michaelisMenten([1], 1, 0), invalidArgument);
    });
  });
});
