/** Paths and temporary files shared by the test suites. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "../..");
/** Public datasets inside the repository (licences beside them), so a bare clone runs every test. */
export const ROBYN = path.join(REPO, "kernel-lib/data/public/dt_simulated_weekly.csv");
export const MERIDIAN_GEO = path.join(REPO, "test/fixtures/public/geo_all_channels.csv");

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = "ammm-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Write `text` to `name` inside `dir` and return the path. */
export function writeText(dir: string, name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

/** Deterministic pseudo-random numbers for fixtures (mulberry32). */
export function fixtureRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A weekly CSV with `weeks` rows starting on a Monday: date, revenue, tv_spend, search_spend, price_index. */
export function weeklyCsv(weeks: number, seed = 1): string {
  const rnd = fixtureRng(seed);
  const lines = ["date,revenue,tv_spend,search_spend,price_index"];
  const start = Date.UTC(2022, 0, 3);
  for (let i = 0; i < weeks; i++) {
    const d = new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${d},${(100000 + rnd() * 50000).toFixed(2)},${(rnd() * 20000).toFixed(2)},${(rnd() * 8000).toFixed(2)},${(95 + rnd() * 10).toFixed(3)}`);
  }
  return `${lines.join("\n")}\n`;
}
