/**
 * `exportReport`: write a report to a directory — report.md, every table as CSV and/or Parquet,
 * every chart as Plotly JSON and as a standalone HTML page. Only the report's own content is
 * written (no environment, no configuration, no credentials).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { MMMError, errorMessage } from "../errors";
import { figureHtml } from "./html";
import type { AnalysisReport } from "./report";

export interface ExportOptions {
  /** Table format (default "csv"). */
  tables?: "csv" | "parquet" | "both";
}

export interface ExportResult {
  /** Absolute path of the directory written to. */
  dir: string;
  /** Absolute paths of the files written, in writing order. */
  files: string[];
}

/** A name safe as a file name on every OS ("roi ridge/2" → "roi_ridge_2"). */
function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_") || "unnamed";
}

function attempt(path: string, write: () => void): string {
  try {
    write();
    return path;
  } catch (err) {
    throw new MMMError("INVALID_ARGUMENT", `Could not write "${path}" (${errorMessage(err).split("\n")[0]}).`, "Choose a directory you can write to (check it is not a file, read-only, or on a full disk).", { file: path });
  }
}

/**
 * Write `report` under `dir` (created if needed): `report.md`, `tables/<name>.csv|.parquet`,
 * `charts/<name>.json` and `charts/<name>.html`.
 * @example
 * const { files } = exportReport(buildReport(engine), "out/report", { tables: "both" });
 * // [".../report.md", ".../tables/roi.csv", ".../tables/roi.parquet", ..., ".../charts/roi.html"]
 */
export function exportReport(report: AnalysisReport, dir: string, opts: ExportOptions = {}): ExportResult {
  const format = opts.tables ?? "csv";
  if (!["csv", "parquet", "both"].includes(format)) throw new MMMError("INVALID_ARGUMENT", `Unknown table format "${String(format)}".`, 'Use "csv", "parquet" or "both".', { value: format });
  const root = resolve(dir);
  for (const sub of [root, join(root, "tables"), join(root, "charts")]) attempt(sub, () => mkdirSync(sub, { recursive: true }));
  const files: string[] = [attempt(join(root, "report.md"), () => writeFileSync(join(root, "report.md"), report.markdown))];
  for (const [name, df] of Object.entries(report.tables)) {
    const stem = join(root, "tables", fileStem(name));
    if (format !== "parquet") files.push(attempt(`${stem}.csv`, () => df.writeCSV(`${stem}.csv`)));
    if (format !== "csv") files.push(attempt(`${stem}.parquet`, () => df.writeParquet(`${stem}.parquet`)));
  }
  for (const [name, fig] of Object.entries(report.charts)) {
    const stem = join(root, "charts", fileStem(name));
    files.push(attempt(`${stem}.json`, () => writeFileSync(`${stem}.json`, JSON.stringify(fig, null, 1))));
    files.push(attempt(`${stem}.html`, () => writeFileSync(`${stem}.html`, figureHtml(fig))));
  }
  return { dir: root, files };
}
