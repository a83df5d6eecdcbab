/**
 * Worker thread of ScorePool: waits for a batch, scores its share (every `total`-th vector from
 * `index`), reports back through shared memory. See pool.ts.
 */
import { workerData } from "node:worker_threads";
import type { MmmData } from "../mmmData";
import { Scorer } from "./objective";
import { CTRL, type PoolShared } from "./pool";
import { decode, type SearchSpace } from "./space";

const { data, space, dims, shared, index, total } = workerData as { data: MmmData; space: SearchSpace; dims: number; shared: PoolShared; index: number; total: number };
const { ctrl, meta, input, output } = shared;
let lambda = meta[0]!;
let scorer = new Scorer(data, lambda);
// Read the generation before announcing readiness: the first batch may follow at once.
let generation = Atomics.load(ctrl, CTRL.generation);
Atomics.add(ctrl, CTRL.ready, 1);
Atomics.notify(ctrl, CTRL.ready);

for (;;) {
  Atomics.wait(ctrl, CTRL.generation, generation);
  generation = Atomics.load(ctrl, CTRL.generation);
  if (Atomics.load(ctrl, CTRL.stop)) break;
  if (meta[0] !== lambda) {
    lambda = meta[0]!;
    scorer = new Scorer(data, lambda);
  }
  const n = meta[1]!;
  for (let i = index; i < n; i += total) {
    const u = input.subarray(i * dims, (i + 1) * dims);
    // A failed evaluation scores as the worst possible model instead of stalling the batch.
    let s = { nrmse: Infinity, decompRssd: Infinity };
    try {
      s = scorer.score(data.channels.map((_, c) => decode(u, c * space.perChannel, space)));
    } catch {
      /* keep the worst score */
    }
    output[2 * i] = s.nrmse;
    output[2 * i + 1] = s.decompRssd;
  }
  if (Atomics.sub(ctrl, CTRL.pending, 1) === 1) Atomics.notify(ctrl, CTRL.pending);
}
