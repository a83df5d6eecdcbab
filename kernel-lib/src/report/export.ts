/**
 * `exportReport`: write a report to a directory — report.md, every table as CSV and/or Parquet,
 * every chart as Plotly JSON and as a standalone HTML page. Only the report's own content is
 * written (no environment, no configuration, no credentials).
 */
import { join } from "node:path";
import { MMMError, errorMessage } from "../errors";
import { redact } from "../secrets";
import { analystExportDir, assertRealDir, confinedExportDir, makeDirs } from "../util/exportPaths";
import { checkTracked, MANIFEST, writeTracked, type PlannedFile } from "./exportManifest";
import { figureHtml } from "./html";
import { redactReport } from "./redactReport";
import type { AnalysisReport } from "./report";

export interface ExportOptions {
  /** Table format (default "csv"). */
  tables?: "csv" | "parquet" | "both";
  /**
   * Replace files in `dir` that agentic-mmm did not write, or that were edited since it wrote them
   * (default false: such a file stops the export with an error and nothing is written).
   */
  overwrite?: boolean;
  /**
   * Confine the export to this root (the agent's export_report): `dir` must then be relative, without
   * `..`, with no symlink below the root; it defaults to the root itself.
   */
  within?: string;
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
    if (err instanceof MMMError) throw err;
    throw new MMMError("INVALID_ARGUMENT", `Could not write "${path}" (${redact(errorMessage(err).split("\n")[0]!)}).`, "Choose a directory you can write to (check it is not a file, read-only, or on a full disk).", { file: path });
  }
}

/** Every file of the export, redacted, in writing order (built in memory first: nothing is written if one fails). */
function plannedFiles(report: AnalysisReport, format: "csv" | "parquet" | "both"): PlannedFile[] {
  const safe = redactReport(report);
  const files: PlannedFile[] = [{ rel: "report.md", content: safe.markdown }];
  for (const [name, df] of Object.entries(safe.tables)) {
    const stem = `tables/${fileStem(name)}`;
    if (format !== "parquet") files.push({ rel: `${stem}.csv`, content: df.writeCSV() });
    if (format !== "csv") files.push({ rel: `${stem}.parquet`, content: df.writeParquet() });
  }
  for (const [name, fig] of Object.entries(safe.charts)) {
    const stem = `charts/${fileStem(name)}`;
    files.push({ rel: `${stem}.json`, content: JSON.stringify(fig, null, 1) }, { rel: `${stem}.html`, content: figureHtml(fig) });
  }
  return files;
}

/**
 * Write `report` under `dir` (created if needed): `report.md`, `tables/<name>.csv|.parquet`,
 * `charts/<name>.json` and `charts/<name>.html`, plus `.agentic-mmm-export.json` (what was written,
 * so a later export replaces only its own, unedited files). Every text is redacted first.
 * @example
 * const { files } = exportReport(buildReport(engine), "out/report", { tables: "both" });
 * // [".../report.md", ".../tables/roi.csv", ".../tables/roi.parquet", ..., ".../charts/roi.html"]
 */
export function exportReport(report: AnalysisReport, dir: string | undefined, opts: ExportOptions = {}): ExportResult {
  const format = opts.tables ?? "csv";
  if (!["csv", "parquet", "both"].includes(format)) throw new MMMError("INVALID_ARGUMENT", `Unknown table format "${String(format)}".`, 'Use "csv", "parquet" or "both".', { value: format });
  // Every path is checked before anything is created.
  const root = opts.within !== undefined ? confinedExportDir(opts.within, dir) : analystExportDir(dir ?? "mmm_report");
  const files = plannedFiles(report, format);
  const conflictHint =
    opts.within !== undefined
      ? "The agent never replaces files it did not write: export to a new directory under the export root."
      : `Pass { overwrite: true } to replace it (nb.export(dir, { overwrite: true })), or export to another directory. ${MANIFEST} lists what agentic-mmm wrote there.`;
  const o = { overwrite: opts.overwrite === true, conflictHint, attempt };
  checkTracked(root, files, o);
  for (const sub of [root, join(root, "tables"), join(root, "charts")]) {
    attempt(sub, () => makeDirs(sub));
    assertRealDir(sub);
  }
  return { dir: root, files: writeTracked(root, files, o) };
}
