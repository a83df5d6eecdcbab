import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../../../../kernel-lib/src/math/random";
import {
  autocovariance,
  convergenceSummary,
  diagnosticsTable,
  diagnosticWarnings,
  ebfmi,
  essBulk,
  essMean,
  essTail,
  mcseMean,
  mcseSd,
  rankNormalizedSplitRhat,
  splitRhat,
  type Chains,
  type SamplerChainStats,
} from "../../../../kernel-lib/src/model/bayes/diagnostics";

interface RefCase {
  name: string;
  shape: [number, number, number];
  draws: number[][][];
  arviz: Record<"rhat_rank" | "rhat_split" | "ess_bulk" | "ess_tail" | "ess_mean" | "mcse_mean" | "mcse_sd" | "mean" | "sd", (number | null)[]>;
}
interface Reference {
  versions: Record<string, string>;
  cases: RefCase[];
  energy: { energy: number[][]; bfmi: number[] };
}

const REF: Reference = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "fixtures", "diagnostics", "arviz-reference.json"), "utf8"));

/** Agreement with arviz, relative: measured ≤ 2e-14 (the `after` hook logs it); 1e-12 leaves room for libm. */
const TOL = 1e-12;

const asDraws = (c: RefCase): Float64Array[][] => c.draws.map((chain) => chain.map((d) => Float64Array.from(d)));
const param = (c: RefCase, p: number): Float64Array[] => c.draws.map((chain) => Float64Array.from(chain, (d) => d[p]!));

/** Chains × draws × dim from a per-draw generator. */
function makeDraws(chains: number, draws: number, dim: number, gen: (chain: number, draw: number, p: number) => number): Float64Array[][] {
  return Array.from({ length: chains }, (_, c) => Array.from({ length: draws }, (_, t) => Float64Array.from({ length: dim }, (_, p) => gen(c, t, p))));
}

const cleanStats = (chains: number, draws: number, rngSeed: number): SamplerChainStats[] => {
  const rng = createRng(rngSeed);
  return Array.from({ length: chains }, () => ({
    divergent: new Uint8Array(draws),
    treeDepth: new Int32Array(draws).fill(3),
    energy: Float64Array.from({ length: draws }, () => rng.normal(10, 2)),
  }));
};

describe("model/bayes/diagnostics", () => {
  describe(`agrees with arviz ${REF.versions.arviz}`, () => {
    const worst: Record<string, number> = {};
    const check = (stat: string, what: string, ours: number, ref: number | null): void => {
      if (ref === null) {
        assert.ok(Number.isNaN(ours), `${what}: arviz NaN, ours ${ours}`);
        return;
      }
      const rel = Math.abs(ours - ref) / Math.abs(ref);
      worst[stat] = Math.max(worst[stat] ?? 0, rel);
      assert.ok(rel <= TOL, `${what}: ours ${ours}, arviz ${ref} (relative error ${rel.toExponential(2)})`);
    };
    after(() => {
      const fmt = Object.entries(worst).map(([k, v]) => `${k} ${v.toExponential(1)}`);
      console.log(`      worst relative error vs arviz: ${fmt.join(", ")}`);
    });

    const stats: [keyof RefCase["arviz"], (ch: Chains) => number][] = [
      ["rhat_rank", rankNormalizedSplitRhat],
      ["rhat_split", splitRhat],
      ["ess_bulk", essBulk],
      ["ess_tail", essTail],
      ["ess_mean", essMean],
      ["mcse_mean", mcseMean],
      ["mcse_sd", mcseSd],
    ];
    for (const c of REF.cases) {
      it(`${c.name} (${c.shape.join("×")}): R-hat, ESS, MCSE per parameter`, () => {
        for (let p = 0; p < c.shape[2]; p++) {
          const chains = param(c, p);
          for (const [key, f] of stats) check(key, `${c.name}[${p}] ${key}`, f(chains), c.arviz[key][p]!);
        }
      });
    }

    it("diagnosticsTable rows equal the per-statistic functions and arviz", () => {
      for (const c of REF.cases.filter((k) => k.shape[1] >= 4)) {
        const names = Array.from({ length: c.shape[2] }, (_, p) => `${c.name}_${p}`);
        const rows = diagnosticsTable(asDraws(c), names);
        rows.forEach((r, p) => {
          assert.equal(r.name, names[p]);
          check("mean", `${r.name} mean`, r.mean, c.arviz.mean[p]!);
          check("sd", `${r.name} sd`, r.sd, c.arviz.sd[p]!);
          check("rhat_rank", `${r.name} rhat`, r.rhat, c.arviz.rhat_rank[p]!);
          check("ess_bulk", `${r.name} essBulk`, r.essBulk, c.arviz.ess_bulk[p]!);
          check("ess_tail", `${r.name} essTail`, r.essTail, c.arviz.ess_tail[p]!);
          check("mcse_mean", `${r.name} mcseMean`, r.mcseMean, c.arviz.mcse_mean[p]!);
          check("mcse_sd", `${r.name} mcseSd`, r.mcseSd, c.arviz.mcse_sd[p]!);
        });
      }
    });

    it("E-BFMI per chain", () => {
      REF.energy.energy.forEach((e, i) => check("bfmi", `chain ${i} bfmi`, ebfmi(Float64Array.from(e)), REF.energy.bfmi[i]!));
    });
  });

  it("autocovariance by FFT equals the direct sum", () => {
    const rng = createRng(3);
    for (const n of [1, 2, 5, 64, 333]) {
      const x = Float64Array.from({ length: n }, () => rng.normal(1, 2));
      const m = x.reduce((s, v) => s + v, 0) / n;
      const fft = autocovariance(x);
      for (let t = 0; t < n; t++) {
        let s = 0;
        for (let i = 0; i + t < n; i++) s += (x[i]! - m) * (x[i + t]! - m);
        assert.ok(Math.abs(fft[t]! - s / n) < 1e-12 * (1 + Math.abs(s / n)), `n=${n} lag ${t}`);
      }
    }
  });

  it("iid normal draws: R-hat ≈ 1, ESS near the draw count, MCSE ≈ sd/√N, no warnings", () => {
    const rng = createRng(11);
    const draws = makeDraws(4, 1000, 3, () => rng.normal(0, 1));
    const rows = diagnosticsTable(draws, ["a", "b", "c"]);
    for (const r of rows) {
      assert.ok(Math.abs(r.rhat - 1) < 0.01, `${r.name} rhat ${r.rhat}`);
      assert.ok(r.essBulk > 3400 && r.essBulk < 4600, `${r.name} essBulk ${r.essBulk}`);
      assert.ok(r.essTail > 3000 && r.essTail < 5000, `${r.name} essTail ${r.essTail}`);
      assert.ok(Math.abs(r.mcseMean / (r.sd / Math.sqrt(4000)) - 1) < 0.1, `${r.name} mcseMean ${r.mcseMean}`);
      assert.ok(Math.abs(r.mcseSd / (r.sd / Math.sqrt(8000)) - 1) < 0.15, `${r.name} mcseSd ${r.mcseSd}`);
    }
    const summary = convergenceSummary(rows, cleanStats(4, 1000, 12), 10);
    assert.deepEqual(diagnosticWarnings(summary), []);
    assert.ok(
      summary.ebfmi.every((v) => v > 1.5),
      `iid energy has E-BFMI ≈ 2: ${summary.ebfmi}`,
    );
  });

  it("a shifted chain gives R-hat > 1.1 and a warning naming that parameter", () => {
    const rng = createRng(21);
    const draws = makeDraws(4, 500, 3, (c, _t, p) => rng.normal(c === 2 && p === 1 ? 2 : 0, 1));
    const rows = diagnosticsTable(draws, ["intercept", "beta_tv", "sigma"]);
    assert.ok(rows[1]!.rhat > 1.1, `rhat ${rows[1]!.rhat}`);
    assert.ok(rows[0]!.rhat < 1.01 && rows[2]!.rhat < 1.01);
    const summary = convergenceSummary(rows, cleanStats(4, 500, 22), 10);
    assert.equal(summary.maxRhat, rows[1]!.rhat);
    const warnings = diagnosticWarnings(summary);
    const rhatWarning = warnings.find((w) => w.startsWith("R-hat above 1.01"));
    assert.ok(rhatWarning?.includes("beta_tv") && !rhatWarning.includes("intercept"), warnings.join("\n"));
    assert.ok(
      warnings.some((w) => w.startsWith("Effective sample size below 400") && w.includes("beta_tv")),
      warnings.join("\n"),
    );
  });

  it("E-BFMI matches mean(ΔE²) / var(E) on a hand-made energy vector", () => {
    assert.ok(Math.abs(ebfmi(Float64Array.of(1, 3, 2, 4)) - 1.8) < 1e-15); // mean(4, 1, 4) / (5/3)
    const e = Float64Array.of(10, 10.5, 11, 11.5, 12, 12.5); // slowly drifting: low E-BFMI
    const dE2 = 0.25;
    const mean = 11.25;
    const varE = e.reduce((s, v) => s + (v - mean) ** 2, 0) / 5;
    assert.ok(Math.abs(ebfmi(e) - dE2 / varE) < 1e-15);
    assert.ok(Number.isNaN(ebfmi(Float64Array.of(1))));
  });

  it("sampler facts: divergences, tree-depth hits and low E-BFMI become warnings with fixes", () => {
    const rng = createRng(31);
    const rows = diagnosticsTable(
      makeDraws(2, 400, 1, () => rng.normal()),
      ["x"],
    );
    const stats = cleanStats(2, 400, 32);
    stats[0]!.divergent[5] = 1;
    stats[1]!.divergent[9] = 1;
    stats[1]!.treeDepth.fill(10, 0, 40);
    stats[1]!.energy = Float64Array.from({ length: 400 }, (_, t) => t / 10); // a ramp: E-BFMI ≈ 0
    const s = convergenceSummary(rows, stats, 10);
    assert.deepEqual([s.divergences, s.treeDepthHits, s.transitions], [2, 40, 800]);
    const w = diagnosticWarnings(s, { rhat: 1.05, ess: 100 });
    assert.equal(w.length, 3, w.join("\n"));
    assert.match(w[0]!, /^2 of 800 post-warmup transitions \(0\.25%\) diverged.*targetAccept to 0\.9–0\.95/);
    assert.match(w[1]!, /^40 of 800 transitions \(5\.00%\) hit the maximum tree depth 10.*Raise maxTreeDepth/);
    assert.match(w[2]!, /^E-BFMI below 0\.3 in chain 2 \(0\.00\).*Reparameterise/);
  });

  it("names at most 5 of the worst parameters, worst first", () => {
    const rows = Array.from({ length: 8 }, (_, i) => ({ name: `p${i}`, mean: 0, sd: 1, mcseMean: 0, mcseSd: 0, essBulk: 50 + i, essTail: 900, rhat: 1 + 0.1 * i }));
    const w = diagnosticWarnings(convergenceSummary(rows, [], 10));
    assert.match(w[0]!, /R-hat above 1\.01 for 7 parameters \(p7 1\.700, p6 1\.600, p5 1\.500, p4 1\.400, p3 1\.300 and 2 more\)/);
    assert.match(w[1]!, /below 400 for 8 parameters \(p0 bulk 50, p1 bulk 51, p2 bulk 52, p3 bulk 53, p4 bulk 54 and 3 more\)/);
  });

  it("tiny, single-chain, constant and NaN inputs give NaN (or a value) without throwing", () => {
    const short = [Float64Array.of(1, 2, 3), Float64Array.of(2, 3, 1)];
    for (const f of [splitRhat, rankNormalizedSplitRhat, essBulk, essTail, essMean, mcseMean, mcseSd]) {
      assert.ok(Number.isNaN(f(short)), f.name);
      assert.ok(Number.isNaN(f([])), f.name);
      assert.ok(Number.isNaN(f([Float64Array.of(1, 2, NaN, 4, 5)])), f.name);
    }
    const rng = createRng(41);
    const one = [Float64Array.from({ length: 200 }, () => rng.normal())];
    assert.ok(Math.abs(rankNormalizedSplitRhat(one) - 1) < 0.05 && Number.isFinite(essBulk(one)));
    const constant = [new Float64Array(10).fill(2), new Float64Array(10).fill(2)];
    assert.ok(Number.isNaN(rankNormalizedSplitRhat(constant)));
    assert.equal(essBulk(constant), 20); // as arviz: constant draws count in full
    const rows = diagnosticsTable(
      makeDraws(2, 3, 2, (c, t) => c + t),
      ["a", "b"],
    );
    assert.ok(rows.every((r) => Number.isNaN(r.rhat) && Number.isNaN(r.essBulk) && Number.isFinite(r.mean)));
    const w = diagnosticWarnings(convergenceSummary(rows, [], 10));
    assert.deepEqual(w.length, 1);
    assert.match(w[0]!, /could not be computed for 2 parameters \(a NaN, b NaN\)/);
    assert.ok(Number.isNaN(convergenceSummary(rows, [], 10).maxRhat));
    assert.deepEqual(diagnosticsTable([], ["a"])[0]!.rhat, NaN);
  });

  it("rejects chains of unequal length and names that do not match the dimension", () => {
    assert.throws(() => essBulk([new Float64Array(10), new Float64Array(9)]), /different lengths/);
    assert.throws(
      () =>
        diagnosticsTable(
          makeDraws(2, 10, 3, () => 0),
          ["a", "b"],
        ),
      /2 parameter names for draws of dimension 3/,
    );
  });
});
