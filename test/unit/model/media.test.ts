import { strict as assert } from "node:assert";
import { adstockGain, mediaFeature, saturationAt } from "../../../kernel-lib/src/model/media";
import { getSaturation } from "../../../kernel-lib/src/model/transforms/registry";
import type { SaturationSpec } from "../../../kernel-lib/src/model/transforms/specs";

describe("model/media", () => {
  const specs: SaturationSpec[] = [
    { type: "hill", params: { K: 0.4, S: 2.5 } },
    { type: "hill", params: { K: 0.7, S: 0.8 } },
    { type: "logistic", params: { lam: 3 } },
    { type: "michaelis_menten", params: { lam: 0.3 } },
  ];

  it("the scalar saturation fast path equals the registry's apply and derivative", () => {
    for (const spec of specs) {
      const t = getSaturation(spec.type);
      const xs = Float64Array.of(0.01, 0.2, 0.5, 1, 2.5);
      const values = t.apply(xs, spec.params);
      const slopes = t.derivative(xs, spec.params);
      xs.forEach((x, i) => {
        const s = saturationAt(x, spec);
        assert.ok(Math.abs(s.value - values[i]!) < 1e-14, `${spec.type} value at ${x}`);
        assert.ok(Math.abs(s.slope - slopes[i]!) < 1e-12 * Math.max(1, Math.abs(slopes[i]!)), `${spec.type} slope at ${x}`);
      });
    }
  });

  it("a constant weekly spend settles at spend × gain after carry-over", () => {
    const spec = { type: "geometric" as const, params: { alpha: 0.6, lMax: 8, normalize: false } };
    const gain = adstockGain(spec);
    assert.ok(Math.abs(gain - (1 - 0.6 ** 8) / (1 - 0.6)) < 1e-12);
    const x = new Float64Array(30).fill(100);
    const f = mediaFeature(x, 100, { adstock: spec, saturation: { type: "michaelis_menten", params: { lam: 1 } } });
    assert.ok(Math.abs(f[29]! - gain / (1 + gain)) < 1e-12);
    assert.ok(Math.abs(adstockGain({ type: "geometric", params: { alpha: 0.6, lMax: 8, normalize: true } }) - 1) < 1e-12);
  });
});
