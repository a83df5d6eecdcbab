/**
 * The Bayesian fit's chains to and from `draws.parquet`: one row per draw (chain, draw), one
 * Float64 column per unconstrained parameter (`q_0…`, names in the manifest), and the per-draw
 * sampler statistics (tree depth, divergent, energy, acceptance, leapfrog steps). Step size and
 * adapted metric are per chain and go in the manifest. The unconstrained draws are what every
 * posterior output is computed from; `engine.bayesian().writeDraws(…)` still writes the natural
 * parameters in arviz's layout for other tools.
 */
import type { Series } from "nodejs-polars";
import { pl } from "../data/polars";
import type { ChainResult } from "../model/bayes/sampler";
import type { BayesianManifest } from "./format";

const STATS = ["treeDepth", "divergent", "energy", "acceptStat", "nLeapfrog"] as const;

/** The chains as Parquet bytes and their per-chain facts for the manifest. */
export function chainsToParquet(chains: readonly ChainResult[], dim: number): { bytes: Buffer; chains: BayesianManifest["chains"] } {
  const chain: number[] = [];
  const draw: number[] = [];
  chains.forEach((c, k) => c.draws.forEach((_, d) => (chain.push(k), draw.push(d))));
  const cols: Series[] = [pl.Series("chain", chain, pl.Int32), pl.Series("draw", draw, pl.Int32)];
  for (let j = 0; j < dim; j++) cols.push(pl.Series(`q_${j}`, Float64Array.from(chains.flatMap((c) => c.draws.map((q) => q[j]!))), pl.Float64));
  for (const s of STATS) {
    const values = chains.flatMap((c) => Array.from(c.stats[s] as ArrayLike<number>));
    cols.push(pl.Series(`stat_${s}`, s === "energy" || s === "acceptStat" ? Float64Array.from(values) : values, s === "energy" || s === "acceptStat" ? pl.Float64 : pl.Int32));
  }
  return { bytes: pl.DataFrame(cols).writeParquet(), chains: chains.map((c) => ({ draws: c.draws.length, stepSize: c.stats.stepSize, inverseMetric: Array.from(c.inverseMetric) })) };
}

/** The chains back from the Parquet bytes (hash already checked) and the manifest's per-chain facts. */
export function chainsFromParquet(bytes: Buffer, m: Pick<BayesianManifest, "chains" | "parameters">): ChainResult[] {
  const df = pl.readParquet(bytes);
  const dim = m.parameters.length;
  const total = m.chains.reduce((a, c) => a + c.draws, 0);
  const need = ["chain", "draw", ...Array.from({ length: dim }, (_, j) => `q_${j}`), ...STATS.map((s) => `stat_${s}`)];
  const missing = need.filter((c) => !df.columns.includes(c));
  if (missing.length || df.height !== total) throw new Error(`the draws file has ${df.height} rows (expected ${total}) and lacks ${missing.join(", ") || "nothing"}`);
  const q = Array.from({ length: dim }, (_, j) => df.getColumn(`q_${j}`).toArray() as number[]);
  const stat = Object.fromEntries(STATS.map((s) => [s, df.getColumn(`stat_${s}`).toArray() as number[]]));
  let at = 0;
  return m.chains.map((c) => {
    const from = at;
    at += c.draws;
    const rows = Array.from({ length: c.draws }, (_, d) => Float64Array.from({ length: dim }, (_, j) => q[j]![from + d]!));
    const slice = (s: (typeof STATS)[number]) => stat[s]!.slice(from, at);
    return {
      draws: rows,
      stats: {
        stepSize: c.stepSize,
        treeDepth: Int32Array.from(slice("treeDepth")),
        divergent: Uint8Array.from(slice("divergent")),
        energy: Float64Array.from(slice("energy")),
        acceptStat: Float64Array.from(slice("acceptStat")),
        nLeapfrog: Int32Array.from(slice("nLeapfrog")),
      },
      inverseMetric: Float64Array.from(c.inverseMetric),
    };
  });
}
