/**
 * What a `source` string (or object) names: a local file of a known format, a directory or glob of
 * Parquet files, a URL, an in-memory frame, or a Unity Catalog table / SQL query for Databricks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { globSync } from "tinyglobby";
import { MMMError } from "../errors";
import type { DataFrame, LazyFrame } from "./polars";

export type FileFormat = "csv" | "parquet" | "excel" | "json" | "ndjson";

/** A source the loader understands. */
export type DataSource = string | DataFrame | LazyFrame | Record<string, unknown>[];

export type ResolvedSource =
  | { kind: "file"; format: FileFormat; path: string; bytes: number }
  | { kind: "parquet-files"; pattern: string; files: string[]; bytes: number }
  | { kind: "url"; format: FileFormat; url: string }
  | { kind: "unity-catalog"; table: string }
  | { kind: "sql"; query: string };

const EXTENSIONS: Record<string, FileFormat> = {
  ".csv": "csv",
  ".tsv": "csv",
  ".txt": "csv",
  ".parquet": "parquet",
  ".pq": "parquet",
  ".xlsx": "excel",
  ".xlsm": "excel",
  ".json": "json",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
};

const SUPPORTED = "CSV (.csv/.tsv), Parquet (.parquet or a folder/glob of them), Excel (.xlsx), JSON (.json), NDJSON (.ndjson/.jsonl)";

/** `catalog.schema.table`, each part a plain or back-quoted identifier. */
const UC_NAME = /^(`[^`]+`|[A-Za-z_][\w-]*)\.(`[^`]+`|[A-Za-z_][\w-]*)\.(`[^`]+`|[A-Za-z_][\w-]*)$/;

/** True for a three-part Unity Catalog name such as `main.marketing.weekly_spend`. */
export function isUnityCatalogName(source: string): boolean {
  return UC_NAME.test(source.trim()) && formatOf(source) === undefined;
}

function formatOf(p: string): FileFormat | undefined {
  return EXTENSIONS[path.extname(p).toLowerCase()];
}

function hasGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

/** Classify a source string and check that it exists. Throws actionable MMMErrors. */
export function resolveSource(source: string, cwd = process.cwd()): ResolvedSource {
  const s = source.trim();
  if (s === "") throw new MMMError("INVALID_ARGUMENT", "The data source is empty.", `Pass a file path, URL or table name. Supported: ${SUPPORTED}.`);
  if (/^\s*(select|with)\s/i.test(s)) return { kind: "sql", query: s };
  if (/^https?:\/\//i.test(s)) return resolveUrl(s);
  const abs = path.resolve(cwd, s);
  if (hasGlob(s)) return resolveGlob(abs, s);
  if (!fs.existsSync(abs)) {
    if (isUnityCatalogName(s)) return { kind: "unity-catalog", table: s };
    throw new MMMError("FILE_NOT_FOUND", `File not found: '${s}' (looked at ${abs}).`, "Check the path and spelling; relative paths are resolved from the notebook's working directory.", { file: s });
  }
  if (fs.statSync(abs).isDirectory()) return resolveDirectory(abs, s);
  const format = formatOf(abs);
  if (!format) {
    throw new MMMError("UNSUPPORTED_FORMAT", `Unsupported file type '${path.extname(abs) || "(no extension)"}' for '${s}'.`, `Supported: ${SUPPORTED}. Rename the file with the right extension or convert it.`, { file: s });
  }
  return { kind: "file", format, path: abs, bytes: fs.statSync(abs).size };
}

function resolveUrl(url: string): ResolvedSource {
  const format = formatOf(new URL(url).pathname);
  if (!format) throw new MMMError("UNSUPPORTED_FORMAT", `Cannot tell the format of URL '${url}' from its extension.`, `The URL path must end in one of: ${Object.keys(EXTENSIONS).join(", ")}.`, { file: url });
  return { kind: "url", format, url };
}

function resolveDirectory(abs: string, shown: string): ResolvedSource {
  const files = listParquet(abs);
  if (files.length === 0) throw new MMMError("FILE_NOT_FOUND", `Folder '${shown}' contains no .parquet files.`, "Point to a folder of Parquet files (searched recursively) or to a single file.", { file: shown });
  return { kind: "parquet-files", pattern: path.join(abs, "**", "*.parquet"), files, bytes: totalBytes(files) };
}

function resolveGlob(abs: string, shown: string): ResolvedSource {
  if (formatOf(abs) !== "parquet") throw new MMMError("UNSUPPORTED_FORMAT", `Glob patterns are supported for Parquet files only ('${shown}').`, "Use a pattern ending in .parquet, e.g. 'data/*.parquet'.", { file: shown });
  const files = globSync(abs, { absolute: true, onlyFiles: true }).sort();
  if (files.length === 0) throw new MMMError("FILE_NOT_FOUND", `No files match '${shown}'.`, "Check the folder and the pattern.", { file: shown });
  return { kind: "parquet-files", pattern: abs, files, bytes: totalBytes(files) };
}

function listParquet(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.toLowerCase().endsWith(".parquet"))
    .map((f) => path.join(dir, f))
    .sort();
}

function totalBytes(files: string[]): number {
  return files.reduce((acc, f) => acc + fs.statSync(f).size, 0);
}
