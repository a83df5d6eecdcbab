import { strict as assert } from "node:assert";
import { MMMError } from "../../../kernel-lib/src/errors";
import { createLightRng, createRng, seedFromBits } from "../../../kernel-lib/src/math/random";

describe("math/random", () => {
  it("same seed gives the same sequence, different seeds differ", () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return [rng.uniform(), rng.normal(), rng.int(1000), rng.normal(5, 2), rng.uniform()];
    };
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
    assert.deepEqual(draw(0), draw(0));
  });

  it("uniforms match NumPy's RandomState(1)", () => {
    assert.equal(createRng(1).uniform(), 0.417022004702574);
  });

  it("has sensible moments", () => {
    const rng = createRng(3);
    const n = 20000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      su += rng.uniform();
      const z = rng.normal(2, 3);
      sn += z;
      sn2 += z * z;
    }
    assert.ok(Math.abs(su / n - 0.5) < 0.01);
    const mean = sn / n;
    assert.ok(Math.abs(mean - 2) < 0.1);
    assert.ok(Math.abs(Math.sqrt(sn2 / n - mean * mean) - 3) < 0.1);
  });

  it("int, shuffle and fork are deterministic and in range", () => {
    const a = createRng(9);
    const b = createRng(9);
    for (let i = 0; i < 100; i++) {
      const v = a.int(7);
      assert.ok(v >= 0 && v < 7 && Number.isInteger(v));
      assert.equal(v, b.int(7));
    }
    const items = [1, 2, 3, 4, 5, 6];
    const shuffled = a.shuffle([...items]);
    assert.deepEqual(shuffled, b.shuffle([...items]));
    assert.deepEqual([...shuffled].sort(), items);
    assert.equal(a.fork().uniform(), b.fork().uniform());
    assert.equal(createRng(5).normal(4, 0), 4);
  });

  it("rejects bad seeds and arguments", () => {
    const bad = (err: unknown): boolean => err instanceof MMMError && err.code === "INVALID_ARGUMENT";
    assert.throws(() => createRng(-1), bad);
    assert.throws(() => createRng(1.5), bad);
    assert.throws(() => createRng(2 ** 32), bad);
    assert.throws(() => createRng(1).int(0), bad);
    assert.throws(() => createRng(1).normal(0, -1), bad);
  });

  it("createLightRng: deterministic per seed, uniform and normal moments, seeds checked; seedFromBits follows the values", () => {
    const a = createLightRng(12345);
    const b = createLightRng(12345);
    const xs = Array.from({ length: 20000 }, () => a.uniform());
    assert.deepEqual(
      xs.slice(0, 5),
      Array.from({ length: 5 }, () => b.uniform()),
    );
    assert.notEqual(createLightRng(12346).uniform(), xs[0]);
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    assert.ok(xs.every((x) => x >= 0 && x < 1) && Math.abs(m - 0.5) < 0.01 && Math.abs(v - 1 / 12) < 0.003, `${m} ${v}`);
    const zs = Array.from({ length: 20000 }, () => a.normal(1, 2));
    const zm = zs.reduce((s, x) => s + x, 0) / zs.length;
    const zv = zs.reduce((s, x) => s + (x - zm) ** 2, 0) / zs.length;
    assert.ok(Math.abs(zm - 1) < 0.05 && Math.abs(zv - 4) < 0.15, `${zm} ${zv}`);
    assert.throws(() => createLightRng(-1), /not valid/);
    const q = Float64Array.of(0.1, -2, 3.5);
    assert.equal(seedFromBits(q, 2), seedFromBits(Float64Array.from(q), 2));
    assert.notEqual(seedFromBits(q, 2), seedFromBits(q, 3));
    assert.notEqual(seedFromBits(q), seedFromBits(Float64Array.of(0.1, -2, 3.5000000001)));
  });
});
