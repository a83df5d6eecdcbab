import { strict as assert } from "node:assert";
import type { GeoChannelPosterior } from "../../../../../kernel-lib/src/model/bayes/geo/geoOutputs";
import { negativeGeoEffects } from "../../../../../kernel-lib/src/model/bayes/geo/geoResult";
import type { Uncertain } from "../../../../../kernel-lib/src/model/bayes/posterior";

const u = (mean: number, lo: number, hi: number): Uncertain => ({ mean, sd: (hi - lo) / 4, hdi94: [lo, hi] });

/** A channel's posterior summary with the given per-geo ROAS intervals (spend 0 for a geo that never spent). */
function channel(name: string, geos: [number, number, number, number][]): GeoChannelPosterior {
  return {
    name,
    spend: 1,
    contribution: u(1, 0, 2),
    roas: u(1, 0, 2),
    tau: u(0.3, 0.1, 0.5),
    adstock: "geometric",
    saturation: "logistic",
    adstockParams: {},
    saturationParams: {},
    geos: geos.map(([spend, mean, lo, hi], g) => ({ geo: `g${g}`, spend, contribution: u(mean * spend, lo * spend, hi * spend), roas: u(mean, lo, hi) })),
  };
}

describe("model/bayes/geo/geoResult: negative normal geo effects are named", () => {
  it("warns where a geo's whole HDI is below zero or over a quarter of the geos are negative in mean; not otherwise", () => {
    const fine = channel("tv", [
      [1, 2, 1, 3],
      [1, 1.5, 0.5, 2.5],
      [1, -0.2, -1, 0.6],
      [1, 1, 0.2, 1.8],
      [1, 1.2, 0.1, 2.2],
    ]);
    const below = channel("radio", [
      [1, 2, 1, 3],
      [1, -1, -1.8, -0.2],
      [1, 1, 0.5, 1.5],
      [1, 1, 0.5, 1.5],
    ]);
    const many = channel("search", [
      [1, -0.1, -1, 1],
      [1, -0.2, -1, 1],
      [1, 1, 0.5, 1.5],
      [1, 1, 0.5, 1.5],
      // A geo without spend is not counted.
      [0, -5, -9, -1],
    ]);
    const w = negativeGeoEffects([fine, below, many]);
    assert.equal(w.length, 2, w.join("\n"));
    assert.match(w[0]!, /^radio: a negative ROAS in 1 of 4 geos; its whole 94% HDI is below zero in g1\./);
    assert.match(w[1]!, /^search: a negative ROAS in 2 of 4 geos\. .*effects: "logNormal"/);
  });
});
