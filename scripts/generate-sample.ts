/**
 * Writes the bundled demo data, `kernel-lib/data/sample_weekly.csv`, and its known truth,
 * `kernel-lib/data/sample_weekly.truth.json`. Deterministic: run it again and the files do not change.
 *
 *   npx tsx scripts/generate-sample.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pl, type DataFrame } from "../kernel-lib/src/data/polars";
import { simulateMMM } from "../kernel-lib/src/model/simulate/simulate";
import type { SimulateOptions, SimulationTruth } from "../kernel-lib/src/model/simulate/types";

/** A national retailer: 3 years of weeks, six channels with mixed carry-over and saturation. */
export const SAMPLE_OPTIONS: SimulateOptions = {
  seed: 20240101,
  weeks: 156,
  start: "2021-01-04",
  kpi: "revenue",
  baseline: 350_000,
  trend: 0.04,
  seasonality: [
    [0.07, 0.05],
    [0.025, -0.02],
  ],
  noise: 0.035,
  events: { promoProbability: 0.07, promoLift: 0.08, holidayLift: 0.18 },
  channels: [
    {
      name: "tv",
      spend: { mean: 45_000, variability: 0.25, onProbability: 0.6, flightWeeks: 6, seasonalAmplitude: 0.35, peakWeek: 47 },
      adstock: { type: "geometric", params: { alpha: 0.65, lMax: 10, normalize: true } },
      saturation: { type: "hill", params: { K: 0.5, S: 2.2 } },
      beta: 205_000,
    },
    {
      name: "paid_search",
      spend: { mean: 22_000, variability: 0.2, seasonalAmplitude: 0.25, peakWeek: 48 },
      adstock: { type: "geometric", params: { alpha: 0.15, lMax: 4, normalize: true } },
      saturation: { type: "logistic", params: { lam: 2.5 } },
      beta: 90_000,
    },
    {
      name: "social",
      spend: { mean: 15_000, variability: 0.35, onProbability: 0.9, flightWeeks: 8 },
      adstock: { type: "delayed", params: { alpha: 0.5, theta: 1, lMax: 6, normalize: true } },
      saturation: { type: "hill", params: { K: 0.4, S: 1.2 } },
      beta: 40_000,
    },
    {
      name: "display",
      spend: { mean: 8_000, variability: 0.3, onProbability: 0.8, flightWeeks: 4 },
      adstock: { type: "weibull_cdf", params: { lambda: 2, k: 1.5, lMax: 6, normalize: true } },
      saturation: { type: "michaelis_menten", params: { lam: 0.4 } },
      beta: 11_000,
    },
    {
      name: "online_video",
      spend: { mean: 12_000, variability: 0.3, onProbability: 0.7, flightWeeks: 5, seasonalAmplitude: 0.2, peakWeek: 46 },
      adstock: { type: "weibull_pdf", params: { lambda: 3, k: 2, lMax: 8, normalize: true } },
      saturation: { type: "hill", params: { K: 0.6, S: 3 } },
      beta: 41_000,
    },
    {
      name: "ooh",
      spend: { mean: 10_000, variability: 0.15, onProbability: 0.5, flightWeeks: 8 },
      adstock: { type: "geometric", params: { alpha: 0.4, lMax: 8, normalize: true } },
      saturation: { type: "logistic", params: { lam: 1.5 } },
      beta: 14_000,
    },
  ],
  controls: [
    { name: "price_index", kind: "price", mean: 1, sd: 0.03, coef: -1.5 * 350_000 },
    { name: "competitor_sales", kind: "competitor", mean: 175_000, sd: 0.1, coef: -0.2 },
  ],
};

/** Decimals per column: money to the cent, the price index to 4 places. */
const DECIMALS: Record<string, number> = { price_index: 4 };

/** The sample as written to CSV (rounded) and its truth (rounded for reading). */
export function buildSample(): { data: DataFrame; truth: SimulationTruth } {
  const { data, truth } = simulateMMM(SAMPLE_OPTIONS);
  const rounded = data.withColumns(...data.columns.filter((c) => data.getColumn(c).isNumeric()).map((c) => pl.col(c).round(DECIMALS[c] ?? 2)));
  return { data: rounded, truth };
}

/** Keys holding KPI or money amounts (rounded to the cent); ratios keep 4 places, parameters 6. */
const MONEY = new Set(["spend", "contribution", "weekly", "baseline", "trend", "seasonality", "events", "noise", "noiseSd"]);
const RATIO = new Set(["roas", "share", "geoSizes", "latent"]);

function roundDeep(value: unknown, key = ""): unknown {
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value;
    return Number(value.toFixed(MONEY.has(key) ? 2 : RATIO.has(key) ? 4 : 6));
  }
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, key));
  if (value && typeof value === "object") {
    // Options are inputs: keep them exact so they replay.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "options" ? v : roundDeep(v, k)]));
  }
  return value;
}

function main(): void {
  const { data, truth } = buildSample();
  const dir = join(__dirname, "..", "kernel-lib", "data");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "sample_weekly.csv"), data.writeCSV().toString());
  writeFileSync(join(dir, "sample_weekly.truth.json"), `${JSON.stringify(roundDeep(truth), null, 1)}\n`);
  for (const c of truth.channels) {
    console.log(`${c.name.padEnd(13)} spend ${c.spend.toFixed(0).padStart(9)}  contribution ${c.contribution.toFixed(0).padStart(9)}  ROAS ${c.roas.toFixed(2)}`);
  }
}

if (require.main === module) main();
