import { strict as assert } from "node:assert";
import { adstockGain, mediaFeature, saturationAt } from "../../../kernel-lib/src/model/media";
import { geometricHillInto } from "../../../kernel-lib/src/model/search/kernel";
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

describe("model/search/kernel", () => {
  it("the fused geometric + Hill kernel equals the registry transforms", () => {
    const x = Float64Array.from({ length: 60 }, (_, i) => (i % 7 === 0 ? 0 : 1000 + 37 * ((i * 13) % 11)));
    for (const [alpha, lMax, K, S] of [
      [0.5, 8, 0.4, 2],
      [0, 4, 0.9, 0.7],
      [0.85, 12, 0.2, 3.5],
    ] as const) {
      const ref = mediaFeature(x, 1500, { adstock: { type: "geometric", params: { alpha, lMax, normalize: true } }, saturation: { type: "hill", params: { K, S } } });
      const fused = geometricHillInto(x, 1 / 1500, alpha, lMax, K, S, new Float64Array(x.length));
      ref.forEach((v, i) => assert.ok(Math.abs(v - fused[i]!) < 1e-12, `alpha ${alpha} t ${i}: ${v} vs ${fused[i]}`));
    }
  });
});
