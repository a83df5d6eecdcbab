import { strict as assert } from "node:assert";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { fastExp } from "../../../../kernel-lib/src/model/bayes/model/fastExp";

/** Distance between neighbouring doubles at v (v > 0, finite). */
function ulp(v: number): number {
  const b = new Float64Array([v]);
  const i = new BigInt64Array(b.buffer);
  i[0]! += 1n;
  return b[0]! - v;
}

describe("model/bayes/model/fastExp", () => {
  it("is within 2 ulp of Math.exp over the whole range, tiny arguments included", () => {
    const rng = createRng(7);
    for (let i = 0; i < 200_000; i++) {
      const scale = [1e-12, 1, 30, 750][i % 4]!;
      const x = (rng.uniform() * 2 - 1) * scale;
      const want = Math.exp(x);
      const got = fastExp(x);
      if (want === 0 || want === Infinity) assert.equal(got, want, `x = ${x}`);
      else assert.ok(Math.abs(got - want) <= 2 * ulp(want), `x = ${x}: ${got} vs ${want}`);
    }
  });

  it("is exact where Math.exp is and keeps its special values", () => {
    assert.equal(fastExp(0), 1);
    assert.equal(fastExp(-0), 1);
    assert.equal(fastExp(-Infinity), 0);
    assert.equal(fastExp(Infinity), Infinity);
    assert.ok(Number.isNaN(fastExp(Number.NaN)));
    assert.equal(fastExp(-800), 0);
    assert.equal(fastExp(800), Infinity);
  });
});
