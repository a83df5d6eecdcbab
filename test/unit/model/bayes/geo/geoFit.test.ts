import { strict as assert } from "node:assert";
import { fitGeoBayesian } from "../../../../../kernel-lib/src/model/bayes/geo/geoFit";
import { simulateGeoPanel } from "../../../../../kernel-lib/src/model/simulate/geoPanel";

describe("model/bayes/geo/geoFit", function () {
  this.timeout(300_000);
  const { data } = simulateGeoPanel({ seed: 8, geos: 3, weeks: 40 });

  it("worker threads rebuild the geo density: the same seed gives bit-identical draws in-process and on 2 threads", async () => {
    const opts = { chains: 2, warmup: 40, draws: 20, seed: 5 };
    const inProcess = await fitGeoBayesian(data, { ...opts, threads: 1 });
    const workers = await fitGeoBayesian(data, { ...opts, threads: 2 });
    assert.equal(workers.chains.length, 2);
    workers.chains.forEach((c, k) => c.draws.forEach((q, i) => assert.deepEqual([...q], [...inProcess.chains[k]!.draws[i]!])));
    assert.equal(workers.params.length, 40);
    assert.equal(workers.channels[0]!.geos.length, 3);
  });
});
