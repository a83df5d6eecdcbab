/**
 * Hierarchical geo model benchmark on Meridian's public panel (test/fixtures/public/geo_all_channels.csv:
 * 40 geos × 156 weeks × 5 channels, its 3 controls, population scaling; 180 sampled parameters with the default normal
 * geo effects integrated out, 380 with GEO_EFFECTS=logNormal): microseconds per gradient,
 * then NUTS chains (default 4 × (1000 + 1000), issue #15's setting; GEO_CHAINS / GEO_WARMUP / GEO_DRAWS override) with wall
 * seconds, worst R-hat, smallest bulk and tail ESS (and of the geo-level contributions), divergences, leapfrogs per draw and step sizes. GEO_CENTRED=true (or a
 * comma-separated channel list) fits centred geo effects. Runs in its own process
 * (`node --import tsx bench/geo.ts`), printing one JSON line; `BENCH_ONLY=geo npm run bench` runs it.
 */
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { pl } from "../kernel-lib/src/data/polars";
import { createRng } from "../kernel-lib/src/math/random";
import { GeoMmmDensity } from "../kernel-lib/src/model/bayes/geo/geoDensity";
import { essBulk, essTail, rankNormalizedSplitRhat } from "../kernel-lib/src/model/bayes/diagnostics";
import { fitGeoBayesian, type GeoBayesFit } from "../kernel-lib/src/model/bayes/geo/geoFit";
import { prepareGeoMmmData } from "../kernel-lib/src/model/geo/geoData";

const FILE = path.resolve(__dirname, "../test/fixtures/public/geo_all_channels.csv");

function panel() {
  return prepareGeoMmmData(pl.readCSV(FILE), {
    kpi: "conversions",
    channels: [0, 1, 2, 3, 4].map((i) => `Channel${i}_spend`),
    dateCol: "time",
    geoCol: "geo",
    population: "population",
    // Meridian's getting-started model uses these controls (and Promo as a non-media treatment).
    controls: ["competitor_sales_control", "sentiment_score_control", "Promo"],
  });
}

/** Mean microseconds of one log density + gradient at seeded random points. */
function gradientMicros(d: GeoMmmDensity, reps = 2000): number {
  const rng = createRng(1);
  const qs = Array.from({ length: 20 }, () => Float64Array.from({ length: d.dim }, () => rng.normal(0, 0.3)));
  const g = new Float64Array(d.dim);
  for (let i = 0; i < 300; i++) d.logpGrad(qs[i % 20]!, g);
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) d.logpGrad(qs[i % 20]!, g);
  return ((performance.now() - t0) * 1000) / reps;
}

/** The five parameters with the largest split R-hat (where the chains disagree), with each chain's mean. */
function worstRhat(fit: GeoBayesFit): { name: string; rhat: number; chainMeans: number[] }[] {
  const column = (c: GeoBayesFit["chains"][number], i: number) => Float64Array.from(c.draws, (q) => q[i]!);
  return fit.density.names
    .map((name, i) => ({ name, i, rhat: Number(rankNormalizedSplitRhat(fit.chains.map((c) => column(c, i))).toFixed(3)) }))
    .sort((a, b) => b.rhat - a.rhat)
    .slice(0, 5)
    .map(({ name, i, rhat }) => ({ name, rhat, chainMeans: fit.chains.map((c) => Number((column(c, i).reduce((a, b) => a + b, 0) / c.draws.length).toFixed(3))) }));
}

/** The smallest bulk and tail ESS over the parameters, with the parameter. */
function minEss(fit: GeoBayesFit): { bulk: number; tail: number; bulkParameter: string } {
  const ess = fit.density.names.map((name, i) => {
    const chains = fit.chains.map((c) => Float64Array.from(c.draws, (q) => q[i]!));
    return { name, bulk: essBulk(chains), tail: essTail(chains) };
  });
  const worst = ess.reduce((a, b) => (b.bulk < a.bulk ? b : a));
  return { bulk: Math.round(worst.bulk), tail: Math.round(Math.min(...ess.map((e) => e.tail))), bulkParameter: worst.name };
}

/**
 * The smallest bulk ESS over the geo-level contributions (channel × geo, drawn per draw from their
 * conditional posterior when the geo effects are integrated out): the integrated parameters' mixing.
 */
function minGeoEss(fit: GeoBayesFit): { bulk: number; cell: string } {
  const perChain = fit.chains[0]!.draws.length;
  let worst = { bulk: Infinity, cell: "" };
  fit.density.layout.channels.forEach((ch, c) => {
    fit.density.data.geos.forEach((geo, g) => {
      const chains = fit.chains.map((_, k) => Float64Array.from({ length: perChain }, (_, i) => fit.params[k * perChain + i]!.channels[c]!.contribution[g]!));
      const bulk = essBulk(chains);
      if (bulk < worst.bulk) worst = { bulk: Math.round(bulk), cell: `${ch.name}@${geo}` };
    });
  });
  return worst;
}

/** Each chain's phase and iteration on stderr, at most every 20 s. */
let lastReport = 0;
function progress(e: { chain: number; phase: string; iteration: number }): void {
  if (performance.now() - lastReport < 20_000) return;
  lastReport = performance.now();
  process.stderr.write(`chain ${e.chain + 1} ${e.phase} ${e.iteration}\n`);
}

async function runCase(): Promise<object> {
  const data = panel();
  const effects = process.env.GEO_EFFECTS === "logNormal" ? ("logNormal" as const) : undefined;
  const micros = gradientMicros(new GeoMmmDensity(data, { effects }));
  const chains = Number(process.env.GEO_CHAINS ?? 4);
  const warmup = Number(process.env.GEO_WARMUP ?? 1000);
  const draws = Number(process.env.GEO_DRAWS ?? 1000);
  const c = process.env.GEO_CENTRED;
  const centred = c === "true" ? true : c ? c.split(",") : undefined;
  const fit = await fitGeoBayesian(data, { chains, warmup, draws, seed: 42, centred, effects, threads: Math.min(chains, os.availableParallelism()), onProgress: progress });
  const leapfrogs = fit.chains.reduce((a, ch) => a + ch.stats.nLeapfrog.reduce((s, v) => s + v, 0), 0) / (chains * draws);
  return {
    name: "geo_meridian_40x156x5",
    parameters: fit.density.dim,
    centred: centred ?? false,
    gradientMicros: Number(micros.toFixed(1)),
    chains,
    warmup,
    draws,
    wallSeconds: Number(fit.seconds.toFixed(1)),
    maxRhat: Number(fit.maxRhat.toFixed(3)),
    divergences: fit.divergences,
    divergencePct: Number(((100 * fit.divergences) / (chains * draws)).toFixed(2)),
    leapfrogsPerDraw: Number(leapfrogs.toFixed(1)),
    effects: fit.density.options.effects,
    // Mean partial-centring weight per channel (0 non-centred … 1 centred; log-normal effects only), set from the posterior mode.
    centring: Object.fromEntries(fit.density.layout.channels.map((ch) => [ch.name, Number((ch.w.reduce((a, b) => a + b, 0) / ch.w.length).toFixed(2))])),
    worstRhat: worstRhat(fit),
    minEss: minEss(fit),
    minGeoContributionEss: minGeoEss(fit),
    stepSizes: fit.chains.map((ch) => Number(ch.stats.stepSize.toFixed(4))),
    nationalRoas: fit.channels.map((ch) => ({ channel: ch.name, mean: Number(ch.roas.mean.toFixed(3)), hdi94: ch.roas.hdi94.map((v) => Number(v.toFixed(3))) })),
    target: "issue #15: 4 × (1000 + 1000) in ≤ 60 s wall on 2 cores, R-hat ≤ 1.01, ESS ≥ 400 for every parameter, < 1% divergences",
  };
}

/** The case in a fresh process (its own heap and workers). */
export function geoBench(): object[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "geo.ts"), "run"], { encoding: "utf8" });
  return [JSON.parse(out.trim().split("\n").pop()!)];
}

if (require.main === module && process.argv[2] === "run") {
  runCase().then((r) => console.log(JSON.stringify(r)));
}
