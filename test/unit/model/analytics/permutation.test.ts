/**
 * Permutation importance against its closed form. For an OLS fit with an intercept the residuals
 * e are orthogonal to every column and sum to zero, so over uniform permutations π
 * E[SSR after shuffling xⱼ] = SSR + βⱼ² Σᵢ E(x_π(i) − xᵢ)² = SSR + 2n βⱼ² Var(xⱼ), i.e. the
 * expected R² drop is 2n βⱼ² Var(xⱼ) / TSS exactly. 400 seeded repeats must land within 4 standard
 * errors of it; a column with β = 0 drops by exactly 0.
 */
import { strict as assert } from "node:assert";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { ols, ones } from "../../../../kernel-lib/src/model/analytics/ols";
import { permutationImportance } from "../../../../kernel-lib/src/model/analytics/permutation";

const n = 200;
const rng = createRng(7);
const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rng.normal(0, 1)));
const y = Float64Array.from({ length: n }, (_, i) => 1 + 2 * cols[0]![i]! + 0.5 * cols[1]![i]! + rng.normal(0, 1));
const fit = ols([ones(n), cols[0]!, cols[1]!], y);
const beta = [fit.coef[1]!, fit.coef[2]!, 0];
const predict = (c: readonly Float64Array[]) => Float64Array.from({ length: n }, (_, i) => fit.coef[0]! + beta[0]! * c[0]![i]! + beta[1]! * c[1]![i]! + beta[2]! * c[2]![i]!);
const varPop = (a: Float64Array) => {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  return a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
};

describe("permutation importance", () => {
  it("the mean R² drop matches the closed form 2n β² Var(x) / TSS within 4 standard errors", () => {
    const tss = varPop(y) * n;
    const imp = permutationImportance(cols, y, predict, { repeats: 400, seed: 3 });
    for (const j of [0, 1]) {
      const expected = (2 * n * beta[j]! ** 2 * varPop(cols[j]!)) / tss;
      const se = imp[j]!.sd / Math.sqrt(400);
      assert.ok(Math.abs(imp[j]!.mean - expected) < 4 * se, `column ${j}: ${imp[j]!.mean} vs ${expected} (se ${se})`);
    }
    assert.ok(imp[0]!.mean > 5 * imp[1]!.mean, "the β = 2 column matters far more than the β = 0.5 one");
    assert.ok(
      imp[2]!.drops.every((d) => Math.abs(d) < 1e-12),
      "a column the model ignores drops by 0",
    );
  });

  it("is reproducible by seed and refuses a bad repeat count", () => {
    const a = permutationImportance(cols, y, predict, { repeats: 5, seed: 11 });
    assert.deepEqual(permutationImportance(cols, y, predict, { repeats: 5, seed: 11 }), a);
    assert.notDeepEqual(permutationImportance(cols, y, predict, { repeats: 5, seed: 12 })[0], a[0]);
    assert.throws(() => permutationImportance(cols, y, predict, { repeats: 0 }), { code: "INVALID_ARGUMENT" });
  });
});
