/**
 * Datasets shipped inside the package, so demos and notebooks run offline.
 */
import * as path from "node:path";

const DATA_DIR = path.resolve(__dirname, "../../data");

/** Bundled datasets: the simulated sample (with known truth) and two public demo files. */
export const SAMPLE_DATASETS = {
  /** Simulated weekly data, 156 weeks × 6 channels; truth in sample_weekly.truth.json. */
  sample: path.join(DATA_DIR, "sample_weekly.csv"),
  /** Meta Robyn's dt_simulated_weekly.csv (MIT). */
  robyn: path.join(DATA_DIR, "public/dt_simulated_weekly.csv"),
  /** Google Meridian's national_all_channels.csv (Apache-2.0). */
  meridian: path.join(DATA_DIR, "public/national_all_channels.csv"),
} as const;

export type SampleName = keyof typeof SAMPLE_DATASETS;

/**
 * Absolute path of a bundled dataset.
 * @example
 * await engine.loadData(samplePath("robyn"));
 */
export function samplePath(name: SampleName = "sample"): string {
  return SAMPLE_DATASETS[name];
}

/** Path of the truth file of the simulated sample. */
export const SAMPLE_TRUTH = path.join(DATA_DIR, "sample_weekly.truth.json");
