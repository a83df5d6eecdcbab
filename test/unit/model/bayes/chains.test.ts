import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import { MMMError, simulateMMM, type ChannelSpec } from "../../../../kernel-lib/src";
import { runChains, type ChainsProgress, type DensityModel } from "../../../../kernel-lib/src/model/bayes/chains";
import { BayesMmmDensity } from "../../../../kernel-lib/src/model/bayes/mmmDensity";
import { sampleChain } from "../../../../kernel-lib/src/model/bayes/sampler";
import { prepareMmmData, type MmmData } from "../../../../kernel-lib/src/model/mmmData";
import { createRng } from "../../../../kernel-lib/src/math/random";
import { runNode } from "../../../helpers/runNode";

const ROOT = path.resolve(__dirname, "../../../..");

/** A small model: 2 channels, 80 weeks (a chain of 60 + 30 iterations takes well under a second). */
function small(): MmmData {
  const channels: ChannelSpec[] = [0.6, 0.3].map((alpha, i) => ({
    name: `ch${i}`,
    spend: { mean: 10_000 * (1 + i), variability: 0.4, onProbability: 0.8, flightWeeks: 4 },
    adstock: { type: "geometric", params: { alpha, lMax: 8, normalize: true } },
    saturation: { type: "logistic", params: { lam: 1.5 + i } },
    beta: 60_000 + 25_000 * i,
  }));
  const sim = simulateMMM({ seed: 7, weeks: 80, channels, noise: 0.03 });
  return prepareMmmData(sim.data, { kpi: "revenue", channels: sim.truth.channels.map((c) => c.column), controls: ["price_index"], dateCol: "date", fourierOrder: 1 });
}

function inits(dim: number, chains: number): Float64Array[] {
  return Array.from({ length: chains }, (_, k) => {
    const rng = createRng(100 + k);
    return Float64Array.from({ length: dim }, () => rng.uniform() * 2 - 1);
  });
}

/**
 * The child cancels a 2-worker run mid-warm-up, then runs 2 chains on 2 workers, and must exit by
 * itself: a worker left alive would keep it running until the timeout kills it.
 */
const CHILD = `
const v8 = require("node:v8"), fs = require("node:fs");
const { runChains } = require(process.env.CHAINS_MODULE);
const { data, inits } = v8.deserialize(fs.readFileSync(process.env.CHAINS_INPUT));
(async () => {
  const ctl = new AbortController();
  let abortedAt = 0, events = 0;
  const err = await runChains({ data, model: {} }, { chains: 2, threads: 2, warmup: 100000, draws: 10, seed: 1, inits, signal: ctl.signal,
    onProgress: () => { if (++events === 4) { abortedAt = performance.now(); ctl.abort(); } } }).catch((e) => e);
  const cancelMs = performance.now() - abortedAt;
  const ok = await runChains({ data, model: {} }, { chains: 2, threads: 2, warmup: 60, draws: 30, seed: 3, inits });
  process.stdout.write(JSON.stringify({ code: err.code, message: err.message, cancelMs, draws: ok.map((c) => Array.from(c.draws.at(-1))) }));
})();`;

describe("model/bayes/chains", function () {
  this.timeout(60_000);
  const model: DensityModel = {};
  let data: MmmData;
  let dim: number;
  before(() => {
    data = small();
    dim = new BayesMmmDensity(data, model).dim;
  });

  it("gives bit-identical chains on 1 thread, on 2 threads (3 chains: a queue) and with sampleChain in-process", async () => {
    const opts = { chains: 3, warmup: 60, draws: 30, seed: 11, inits: inits(dim, 3) };
    const density = new BayesMmmDensity(data, model);
    const reference = opts.inits.map((init, k) => sampleChain(density, { init, warmup: 60, draws: 30, seed: 11 + k }));
    const one = await runChains({ data, model }, { ...opts, threads: 1 });
    const two = await runChains({ data, model }, { ...opts, threads: 2 });
    for (const run of [one, two]) {
      assert.equal(run.length, 3);
      run.forEach((c, k) => {
        assert.deepEqual(c.draws, reference[k]!.draws, `chain ${k} draws`);
        assert.deepEqual(c.stats, reference[k]!.stats, `chain ${k} stats`);
        assert.deepEqual(c.inverseMetric, reference[k]!.inverseMetric, `chain ${k} metric`);
      });
    }
  });

  it("prepare: starts computed while the workers boot give the same chains; its error rejects the run", async () => {
    const opts = { chains: 2, warmup: 60, draws: 30, seed: 5 };
    const given = await runChains({ data, model }, { ...opts, threads: 2, inits: inits(dim, 2) });
    for (const threads of [1, 2]) {
      let calls = 0;
      const prepared = await runChains({ data, model }, { ...opts, threads, prepare: () => (calls++, { inits: inits(dim, 2) }) });
      assert.equal(calls, 1);
      prepared.forEach((c, k) => assert.deepEqual(c.draws, given[k]!.draws, `threads ${threads}, chain ${k}`));
      await assert.rejects(runChains({ data, model }, { ...opts, threads, prepare: () => ({ inits: inits(dim, 1) }) }), /1 initial points for 2 chains/);
      await assert.rejects(
        runChains(
          { data, model },
          {
            ...opts,
            threads,
            prepare: () => {
              throw new Error("no mode");
            },
          },
        ),
        /no mode/,
      );
    }
  });

  it("delivers throttled progress for every chain, in order, while the chains run", async () => {
    const events: (ChainsProgress & { tick: number; resolved: boolean })[] = [];
    let tick = 0;
    const timer = setInterval(() => tick++, 5);
    let resolved = false;
    const run = runChains({ data, model }, { chains: 2, threads: 2, warmup: 300, draws: 100, seed: 2, inits: inits(dim, 2), onProgress: (e) => events.push({ ...e, tick, resolved }) });
    await run.then(() => (resolved = true)).finally(() => clearInterval(timer));
    assert.ok(
      events.every((e) => !e.resolved),
      "all events before the promise resolved",
    );
    for (const chain of [0, 1]) {
      const mine = events.filter((e) => e.chain === chain);
      const order = mine.map((e) => (e.phase === "warmup" ? 0 : 300) + e.iteration);
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        `chain ${chain} in order`,
      );
      for (const [phase, last] of [
        ["warmup", 299],
        ["sampling", 99],
      ] as const) {
        const its = mine.filter((e) => e.phase === phase).map((e) => e.iteration);
        assert.ok(its[0] === 0 && its.at(-1) === last, `chain ${chain} ${phase}: ${its.join(",")}`);
      }
      assert.ok(mine.length < 400 / 4, `throttled: ${mine.length} events`);
    }
    assert.ok(events.at(-1)!.tick > events[0]!.tick, "the main thread's timer ran between progress events");
  });

  it("cancels mid-run promptly with an MMMError, and rejects at once when already aborted", async () => {
    const ctl = new AbortController();
    let abortedAt = 0;
    const run = runChains(
      { data, model },
      {
        chains: 2,
        threads: 2,
        warmup: 100_000,
        draws: 10,
        seed: 1,
        inits: inits(dim, 2),
        signal: ctl.signal,
        onProgress: (e) => {
          if (e.iteration > 0 && !abortedAt) (abortedAt = performance.now()), ctl.abort();
        },
      },
    );
    await assert.rejects(run, (e: unknown) => e instanceof MMMError && e.code === "NOT_AVAILABLE" && /cancelled/.test(e.message));
    assert.ok(performance.now() - abortedAt < 1000, `rejected ${(performance.now() - abortedAt).toFixed(0)} ms after abort`);
    const t0 = performance.now();
    await assert.rejects(runChains({ data, model }, { chains: 2, warmup: 10, draws: 10, seed: 1, inits: inits(dim, 2), signal: AbortSignal.abort() }), /cancelled/);
    assert.ok(performance.now() - t0 < 50, "no workers started");
  });

  it("cancels in-process chains too (threads: 1, aborted from onProgress)", async () => {
    const ctl = new AbortController();
    const run = runChains({ data, model }, { chains: 2, threads: 1, warmup: 100, draws: 10, seed: 1, inits: inits(dim, 2), signal: ctl.signal, onProgress: (e) => e.iteration === 5 && ctl.abort() });
    await assert.rejects(run, (e: unknown) => e instanceof MMMError && e.code === "NOT_AVAILABLE" && /cancelled/.test(e.message));
  });

  it("propagates a worker's MMMError with its code, message and hint (density and sampler errors)", async () => {
    // A channel name the data lacks: its message is the same in every thread (an unknown saturation's
    // hint lists the registry, which in this process also holds the transforms other suites registered).
    const bad = { saturation: { nope_spend: "hill" } } as unknown as DensityModel;
    let local: MMMError | undefined;
    try {
      new BayesMmmDensity(data, bad);
    } catch (e) {
      local = e as MMMError;
    }
    assert.ok(local instanceof MMMError);
    await assert.rejects(runChains({ data, model: bad }, { chains: 2, threads: 2, warmup: 10, draws: 10, seed: 1, inits: inits(dim, 2) }), (e: unknown) => {
      assert.ok(e instanceof MMMError);
      assert.deepEqual([e.code, e.message, e.hint, e.location], [local!.code, local!.message, local!.hint, local!.location]);
      return true;
    });
    const nonFinite = [new Float64Array(dim), new Float64Array(dim).fill(1e308)];
    await assert.rejects(
      runChains({ data, model }, { chains: 2, threads: 2, warmup: 10, draws: 10, seed: 1, inits: nonFinite }),
      (e: unknown) => e instanceof MMMError && e.code === "INVALID_ARGUMENT" && /not finite at the initial point/.test(e.message),
    );
  });

  for (const [label, module, loader] of [
    ["the TypeScript sources (tsx)", "kernel-lib/src/model/bayes/chains.ts", ["-r", "tsx/cjs"]],
    ["the compiled dist", "kernel-lib/dist/model/bayes/chains.js", []],
  ] as const) {
    it(`from ${label}: cancels, runs 2 chains on 2 workers and lets the process exit`, async function () {
      const file = path.join(ROOT, module);
      const src = path.join(ROOT, "kernel-lib/src/model/bayes/chains.ts");
      if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < fs.statSync(src).mtimeMs) {
        console.log(`      (skipped: ${module} is missing or older than chains.ts — run \`npm run build\`; \`npm test\` builds first)`);
        this.skip();
      }
      const input = path.join(os.tmpdir(), `chains-test-${process.pid}.bin`);
      const init = inits(dim, 2);
      fs.writeFileSync(input, v8.serialize({ data, inits: init }));
      process.env["CHAINS_MODULE"] = file;
      process.env["CHAINS_INPUT"] = input;
      try {
        const r = await runNode([...loader, "-e", CHILD], 45_000);
        assert.equal(r.code, 0, `child exit ${r.code} (killed if null: a worker kept it alive)\n${r.err}`);
        const out = JSON.parse(r.out) as { code: string; message: string; cancelMs: number; draws: number[][] };
        assert.equal(out.code, "NOT_AVAILABLE", out.message);
        assert.ok(out.cancelMs < 1000, `cancel took ${out.cancelMs} ms`);
        const density = new BayesMmmDensity(data, model);
        const expected = init.map((x, k) => Array.from(sampleChain(density, { init: x, warmup: 60, draws: 30, seed: 3 + k }).draws.at(-1)!));
        assert.deepEqual(out.draws, expected);
      } finally {
        fs.rmSync(input, { force: true });
      }
    });
  }
});
