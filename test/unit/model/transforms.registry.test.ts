import { strict as assert } from "node:assert";
import { MMMError } from "../../../kernel-lib/src/errors";
import { createRng } from "../../../kernel-lib/src/math/random";
import {
  AdstockTransform,
  GeometricAdstock,
  POSITIVE,
  SaturationTransform,
  adstockFromSpec,
  adstockNames,
  applyAdstockSpec,
  applySaturationSpec,
  getAdstock,
  getSaturation,
  priorProblem,
  registerAdstock,
  registerSaturation,
  saturationFromSpec,
  saturationNames,
  type AdstockOptions,
  type Transform,
  type TransformParams,
} from "../../../kernel-lib/src/model/transforms/index";

function close(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length, "length");
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol * Math.max(1, Math.abs(expected[i]!)), `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

/** An INVALID_ARGUMENT MMMError whose message contains every given word. */
const rejects =
  (...words: string[]) =>
  (err: unknown): boolean => {
    assert.ok(err instanceof MMMError, `not an MMMError: ${String(err)}`);
    assert.equal(err.code, "INVALID_ARGUMENT");
    for (const w of words) assert.ok(err.message.includes(w), `"${err.message}" does not mention ${w}`);
    return true;
  };

/** Defaults, both corners of the bounds box and its centre. */
function paramSets(t: Transform): TransformParams[] {
  const at = (f: (lo: number, hi: number) => number) => Object.fromEntries(t.paramNames.map((n) => [n, f(t.bounds[n]![0], t.bounds[n]![1])]));
  return [t.defaults, at((lo) => lo), at((_, hi) => hi), at((lo, hi) => (lo + hi) / 2)];
}

const E = Math.E;
const OPTIONS: AdstockOptions[] = [
  { lMax: 1, normalize: true },
  { lMax: 4, normalize: false },
  { lMax: 8, normalize: true },
  { lMax: 13, normalize: false },
];

describe("model/transforms/registry", () => {
  it("registers the built-in transforms by lookup name", () => {
    // Other suites register custom transforms after these; the built-ins come first.
    assert.deepEqual(adstockNames().slice(0, 4), ["geometric", "delayed", "weibull_cdf", "weibull_pdf"]);
    assert.deepEqual(saturationNames().slice(0, 3), ["hill", "logistic", "michaelis_menten"]);
  });

  describe("contract: every registered transform", () => {
    for (const name of [...adstockNames(), ...saturationNames()]) {
      const transforms: Transform[] = adstockNames().includes(name) ? OPTIONS.map((o) => getAdstock(name, o)) : [getSaturation(name)];

      it(`${name}: defaults inside bounds inside the domain; priors valid and positive`, () => {
        for (const t of transforms) {
          assert.equal(t.lookupName, name);
          for (const p of t.paramNames) {
            const [lo, hi] = t.bounds[p]!;
            const { domain, prior } = t.paramDefs[p]!;
            assert.ok(lo <= t.defaults[p]! && t.defaults[p]! <= hi, `${p} default`);
            assert.ok(lo >= domain.min && hi <= domain.max, `${p} bounds in domain`);
            assert.equal(priorProblem(prior), undefined);
            for (const [key, v] of Object.entries(prior)) if (key !== "dist" && key !== "mu") assert.ok((v as number) > 0, `${p} prior ${key}`);
            assert.deepEqual(t.defaultPriors[p], prior);
          }
          assert.doesNotThrow(() => t.checkParams(t.defaults));
        }
      });

      it(`${name}: apply() keeps the length and gives finite non-negative output`, () => {
        const rng = createRng(11);
        const x = Float64Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? 0 : rng.uniform() * 1.5));
        for (const t of transforms) {
          for (const p of paramSets(t)) {
            const y = (t as AdstockTransform | SaturationTransform).apply(x, p);
            assert.equal(y.length, x.length);
            assert.ok(
              y.every((v) => Number.isFinite(v) && v >= 0),
              `${JSON.stringify(p)}`,
            );
          }
          assert.equal((t as AdstockTransform | SaturationTransform).apply([], t.defaults).length, 0);
        }
      });

      it(`${name}: spec round-trips through JSON`, () => {
        for (const t of transforms) {
          for (const p of paramSets(t)) {
            if (t instanceof AdstockTransform) {
              const spec = JSON.parse(JSON.stringify(t.toSpec(p)));
              assert.deepEqual(spec, { type: name, params: { ...p, lMax: t.lMax, normalize: t.normalize } });
              const back = adstockFromSpec(spec);
              assert.deepEqual([back.transform.lookupName, back.transform.options, back.params], [name, t.options, p]);
            } else if (t instanceof SaturationTransform) {
              const back = saturationFromSpec(JSON.parse(JSON.stringify(t.toSpec(p))));
              assert.deepEqual([back.transform.lookupName, back.params], [name, p]);
            }
          }
        }
      });

      it(`${name}: bad parameters are rejected naming the transform and the parameter`, () => {
        for (const t of transforms as Array<AdstockTransform | SaturationTransform>) {
          for (const p of t.paramNames) {
            const { domain } = t.paramDefs[p]!;
            const bad = [Number.NaN, Infinity, "0.5", domain.min - 1, ...(Number.isFinite(domain.max) ? [domain.max + 1] : [])];
            if (domain.minOpen) bad.push(domain.min);
            for (const v of bad) assert.throws(() => t.apply([1], { ...t.defaults, [p]: v as number }), rejects(name, p), `${p} = ${String(v)}`);
            const { [p]: _dropped, ...missing } = t.defaults;
            assert.throws(() => t.apply([1], missing), rejects(name, p, "missing"));
          }
          assert.throws(() => t.apply([1], { ...t.defaults, bogus: 1 }), rejects(name, "bogus"));
          assert.throws(() => t.toSpec({ ...t.defaults, bogus: 1 }), rejects(name, "bogus"));
        }
      });

      if (adstockNames().includes(name)) {
        it(`${name}: steady-state gain equals the long-run output of a constant input`, () => {
          for (const t of transforms as AdstockTransform[]) {
            for (const p of paramSets(t)) {
              const gain = t.steadyStateGain(p);
              if (t.normalize && gain > 0) assert.ok(Math.abs(gain - 1) < 1e-12, `normalised gain ${gain}`);
              const s = 3.7;
              const y = t.apply(new Float64Array(t.lMax + 10).fill(s), p);
              for (let i = t.lMax - 1; i < y.length; i++) assert.ok(Math.abs(y[i]! - s * gain) <= 1e-12 * s * Math.max(1, gain));
            }
          }
        });
      } else {
        it(`${name}: derivative matches central finite differences to 1e-6 relative`, () => {
          const t = transforms[0] as SaturationTransform;
          for (const p of paramSets(t)) {
            const xs = [0.05, 0.2, 0.5, 1, 1.5];
            const d = t.derivative(xs, p);
            xs.forEach((x, i) => {
              const h = 1e-4 * x;
              const [up, down] = t.apply([x + h, x - h], p);
              const fd = (up! - down!) / (2 * h);
              // Absolute floor for rounding where the curve is flat (f' tiny next to f ≈ 1).
              assert.ok(Math.abs(d[i]! - fd) <= 1e-6 * Math.abs(d[i]!) + 1e-10, `${JSON.stringify(p)} x=${x}: ${d[i]} vs ${fd}`);
            });
          }
          assert.throws(() => t.derivative([0.5, -1], t.defaults), rejects(name, "-1"));
        });
      }
    }
  });

  describe("hand-computed values through the registry", () => {
    it("geometric", () => {
      const raw = getAdstock("geometric", { lMax: 3, normalize: false });
      close(raw.apply([1, 1, 1], { alpha: 0.5 }), [1, 1.5, 1.75]);
      assert.equal(raw.steadyStateGain({ alpha: 0.5 }), 1.75);
      close(getAdstock("geometric", { lMax: 3 }).apply([1, 0, 0], { alpha: 0.5 }), [4 / 7, 2 / 7, 1 / 7]);
      close(getAdstock("geometric", { lMax: 3, normalize: false }).apply([2, 0, 0, 0], { alpha: 0 }), [2, 0, 0, 0]);
    });
    it("delayed", () => {
      close(getAdstock("delayed", { lMax: 3, normalize: false }).apply([1, 0, 0], { alpha: 0.5, theta: 1 }), [0.5, 1, 0.5]);
      close(getAdstock("delayed", { lMax: 3 }).apply([1, 0, 0], { alpha: 0.5, theta: 1 }), [0.25, 0.5, 0.25]);
      assert.equal(getAdstock("delayed", { lMax: 3, normalize: false }).steadyStateGain({ alpha: 0.5, theta: 1 }), 2);
      assert.deepEqual(getAdstock("delayed", { lMax: 4 }).bounds["theta"], [0, 3]);
    });
    it("weibull_cdf", () => {
      const t = getAdstock("weibull_cdf", { lMax: 3, normalize: false });
      close(t.weights({ lambda: 1, k: 1 }), [1, E ** -1, E ** -3]);
      close(t.weights({ lambda: 2, k: 2 }), [1, E ** -0.25, E ** -1.25]);
      close(t.apply([1, 1, 1], { lambda: 1, k: 1 }), [1, 1 + E ** -1, 1 + E ** -1 + E ** -3]);
    });
    it("weibull_pdf", () => {
      const t = getAdstock("weibull_pdf", { lMax: 3, normalize: false });
      // Density e^{-t} at t = 1, 2, 3, min–max scaled: the middle is (e^-2 − e^-3)/(e^-1 − e^-3) = 1/(1 + e).
      close(t.weights({ lambda: 1, k: 1 }), [1, 1 / (1 + E), 0]);
      const f = (u: number) => (u / 2) * Math.exp(-(u * u) / 4); // lambda 2, k 2
      close(t.weights({ lambda: 2, k: 2 }), [1, (f(2) - f(3)) / (f(1) - f(3)), 0]);
    });
    it("hill", () => {
      const t = getSaturation("hill");
      close(t.apply([0, 0.5, 1], { K: 0.5, S: 2 }), [0, 0.5, 0.8]);
      close(t.derivative([0, 0.5, 1], { K: 0.5, S: 2 }), [0, 1, 0.32]);
      close(t.derivative([0], { K: 0.5, S: 1 }), [2]);
      assert.equal(t.derivative([0], { K: 0.5, S: 0.5 })[0], Infinity);
    });
    it("logistic", () => {
      const t = getSaturation("logistic");
      close(t.apply([0, 1, Math.log(3)], { lam: 1 }), [0, (1 - E ** -1) / (1 + E ** -1), 0.5]);
      close(t.derivative([0, Math.log(3)], { lam: 1 }), [0.5, 0.375]);
    });
    it("michaelis_menten", () => {
      const t = getSaturation("michaelis_menten");
      close(t.apply([0, 1, 3], { lam: 1 }), [0, 0.5, 0.75]);
      close(t.derivative([0, 1, 3], { lam: 1 }), [1, 0.25, 1 / 16]);
    });
    it("specs apply with the documented defaults (lMax 8, normalised)", () => {
      const impulse = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
      const y = applyAdstockSpec(impulse, { type: "geometric", params: { alpha: 0.5 } });
      close(y, [...[1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125].map((w) => w / (2 - 2 ** -7)), 0, 0]);
      close(applySaturationSpec([1], { type: "michaelis_menten", params: { lam: 1 } }), [0.5]);
      close(applySaturationSpec([1], { type: "hill", params: { K: 0.5, S: 2 } }), [0.8]);
    });
  });

  describe("lookup, registration and specs", () => {
    it("unknown names suggest the closest registered one", () => {
      assert.throws(() => getAdstock("geometirc"), rejects('"geometric"'));
      assert.throws(() => getSaturation("michaelis"), rejects("hill, logistic, michaelis_menten"));
      assert.throws(() => applySaturationSpec([1], { type: "arctan", params: {} }), rejects("arctan"));
    });
    it("rejects malformed specs and mismatched adstock options", () => {
      assert.throws(() => adstockFromSpec({ type: "geometric" } as never), rejects("{ type, params }"));
      assert.throws(() => saturationFromSpec(null as never), rejects("{ type, params }"));
      const t = getAdstock("delayed", { lMax: 3 });
      assert.throws(() => t.paramsFromSpec({ type: "delayed", params: { alpha: 0.5, theta: 1, lMax: 4 } }), rejects("delayed", "lMax"));
      assert.throws(() => t.paramsFromSpec({ type: "geometric", params: { alpha: 0.5 } }), rejects("delayed", "geometric"));
      assert.throws(() => getAdstock("geometric", { lMax: 0 }), rejects("geometric", "lMax"));
      assert.throws(() => getAdstock("geometric", { lMax: 2.5 }), rejects("geometric", "lMax"));
    });
    it("rejects duplicate lookup names", () => {
      assert.throws(() => registerAdstock(GeometricAdstock), rejects("geometric", "already registered"));
      class Hill2 extends SaturationTransform {
        constructor() {
          super("hill", { K: { hint: "K", domain: POSITIVE, bounds: [0.1, 1], default: 0.5, prior: { dist: "HalfNormal", sigma: 1 } } });
        }
        protected override curve(x: ArrayLike<number>): Float64Array {
          return Float64Array.from(x);
        }
        protected slope(): number {
          return 1;
        }
      }
      assert.throws(() => registerSaturation(Hill2), rejects("hill", "already registered"));
    });
    it("registers a custom saturation and checks its declaration at construction", () => {
      class PowerSaturation extends SaturationTransform {
        constructor() {
          super("test_power", { b: { hint: "b is the exponent, in (0, 1].", domain: { min: 0, max: 1, minOpen: true }, bounds: [0.1, 1], default: 0.5, prior: { dist: "Beta", alpha: 2, beta: 2 } } });
        }
        protected override curve(x: ArrayLike<number>, p: TransformParams): Float64Array {
          return Float64Array.from(x, (v) => v ** p["b"]!);
        }
        protected slope(v: number, p: TransformParams): number {
          return p["b"]! * v ** (p["b"]! - 1);
        }
      }
      assert.equal(registerSaturation(PowerSaturation), "test_power");
      assert.ok(saturationNames().includes("test_power"));
      close(applySaturationSpec([4], { type: "test_power", params: { b: 0.5 } }), [2]);
      close(getSaturation("test_power").derivative([4], { b: 0.5 }), [0.25]);

      const declare = (def: object) =>
        class extends SaturationTransform {
          constructor() {
            super("test_bad", { c: def as never });
          }
          protected override curve(x: ArrayLike<number>): Float64Array {
            return Float64Array.from(x);
          }
          protected slope(): number {
            return 1;
          }
        };
      const base = { hint: "c", domain: POSITIVE, bounds: [0.1, 1], default: 0.5, prior: { dist: "HalfNormal", sigma: 1 } };
      assert.throws(() => registerSaturation(declare({ ...base, prior: undefined })), rejects("test_bad", "c", "no prior"));
      assert.throws(() => registerSaturation(declare({ ...base, prior: { dist: "Gamma", alpha: 2, beta: 0 } })), rejects("test_bad", "c", "beta"));
      assert.throws(() => registerSaturation(declare({ ...base, bounds: [0, 1] })), rejects("test_bad", "c", "bounds"));
      assert.throws(() => registerSaturation(declare({ ...base, default: 2 })), rejects("test_bad", "c", "default"));
      assert.ok(!saturationNames().includes("test_bad"));
    });
  });
});
