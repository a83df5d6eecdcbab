/**
 * Forward selection of controls by AIC against statsmodels (make_reference.py runs the same
 * greedy search with sm.OLS(...).fit().aic): the same controls in the same order, every AIC tried
 * at every step equal to 1e-9 relative. Backward elimination only ever lowers the AIC further.
 */
import { strict as assert } from "node:assert";
import { ones } from "../../../../kernel-lib/src/model/analytics/ols";
import { stepwiseAic } from "../../../../kernel-lib/src/model/analytics/stepwise";
import { REF, relErr } from "./reference";

const S = REF.stepwise;
const y = Float64Array.from(S.y);
const fixed = [ones(y.length), ...S.media.map((j) => Float64Array.from(REF.media.columns[j]!))];
const candidates = Object.fromEntries(Object.entries(S.candidates).map(([k, v]) => [k, Float64Array.from(v)]));

describe("stepwise selection of controls by AIC", () => {
  it("forward: the controls statsmodels chooses, in its order, with its AICs", () => {
    const r = stepwiseAic(fixed, candidates, y);
    assert.deepEqual(r.selected, S.selected);
    assert.ok(relErr(r.baseAic, S.base_aic) < 1e-9, `base ${r.baseAic} vs ${S.base_aic}`);
    assert.ok(relErr(r.aic, S.aic) < 1e-9);
    assert.equal(r.steps.length, S.steps.length);
    S.steps.forEach((s, k) => {
      assert.equal(r.steps[k]!.column, s.column);
      assert.deepEqual(Object.keys(r.steps[k]!.tried).sort(), Object.keys(s.tried).sort());
      for (const [c, aic] of Object.entries(s.tried)) assert.ok(relErr(r.steps[k]!.tried[c]!, aic) < 1e-9, `step ${k + 1} ${c}: ${r.steps[k]!.tried[c]} vs ${aic}`);
    });
    assert.ok(r.selected.slice(0, 2).join() === "price,temperature", "the two strong drivers enter first");
    assert.ok(!r.selected.includes("noise_b"));
  });

  it("backward after forward never raises the AIC; no candidates is an INVALID_ARGUMENT", () => {
    const f = stepwiseAic(fixed, candidates, y);
    const b = stepwiseAic(fixed, candidates, y, { backward: true });
    assert.ok(b.aic <= f.aic);
    for (const s of b.steps.filter((x) => x.direction === "backward")) assert.ok(s.aic < f.aic);
    assert.throws(() => stepwiseAic(fixed, {}, y), { code: "INVALID_ARGUMENT" });
  });
});
