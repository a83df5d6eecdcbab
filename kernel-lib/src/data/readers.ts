/**
 * One reader per file format. Each returns a polars frame (lazy for big CSV/Parquet/NDJSON files)
 * and turns the library's terse failures into errors that name the file and say what to do.
 */
import * as fs from "node:fs";
import { MMMError, errorMessage } from "../errors";
import { readExcel } from "./excel";
import { pl, type DataFrame, type LazyFrame } from "./polars";
import type { FileFormat } from "./sources";

export interface ReadOptions {
  /** Keep a lazy scan instead of reading into memory. */
  lazy?: boolean;
  /** CSV field separator; sniffed from the header line when omitted. */
  separator?: string;
  /** Excel sheet name or 0-based index (default: the first sheet with data). */
  sheet?: string | number;
}

/** Read a local file of a known format. */
export async function readFile(file: string, format: FileFormat, opts: ReadOptions = {}): Promise<DataFrame | LazyFrame> {
  if (fs.statSync(file).size === 0) {
    throw new MMMError("EMPTY_FILE", `File '${file}' is empty (0 bytes).`, "Check that the export finished; re-export the data and load it again.", { file });
  }
  try {
    switch (format) {
      case "csv":
        return readCsv(file, opts);
      case "parquet":
        return opts.lazy ? pl.scanParquet(file) : pl.readParquet(file);
      case "excel":
        return await readExcel(fs.readFileSync(file), file, opts.sheet);
      case "json":
        return readJsonText(fs.readFileSync(file, "utf8"), file);
      case "ndjson":
        return opts.lazy ? pl.scanJson(file) : pl.scanJson(file).collectSync();
    }
  } catch (err) {
    throw asReadError(err, file, format);
  }
}

/** Read bytes fetched from a URL (no lazy scans: the bytes are already in memory). */
export async function readBuffer(buf: Buffer, name: string, format: FileFormat, opts: ReadOptions = {}): Promise<DataFrame> {
  if (buf.length === 0) throw new MMMError("EMPTY_FILE", `'${name}' is empty (0 bytes).`, "Check the URL returns the data file.", { file: name });
  try {
    switch (format) {
      case "csv":
        return pl.readCSV(buf, csvOptions(buf.subarray(0, 4096).toString("utf8"), opts));
      case "parquet":
        return pl.readParquet(buf);
      case "excel":
        return await readExcel(buf, name, opts.sheet);
      case "json":
        return readJsonText(buf.toString("utf8"), name);
      case "ndjson":
        return readJsonText(buf.toString("utf8"), name); // readJSON on NDJSON is unreliable in nodejs-polars
    }
  } catch (err) {
    throw asReadError(err, name, format);
  }
}

/** Read several Parquet files (a folder or a glob) as one table. */
export function readParquetFiles(files: string[], lazy: boolean): DataFrame | LazyFrame {
  try {
    const scan = pl.concat(
      files.map((f) => pl.scanParquet(f)),
      { how: "vertical" },
    );
    return lazy ? scan : scan.collectSync();
  } catch (err) {
    throw asReadError(err, `${files.length} Parquet files (${files[0]}, ...)`, "parquet");
  }
}

function readCsv(file: string, opts: ReadOptions): DataFrame | LazyFrame {
  const head = readHead(file);
  const options = csvOptions(head, opts);
  return opts.lazy ? pl.scanCSV(file, options) : pl.readCSV(file, options);
}

function readHead(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

/** Sniff the separator from the header line: the most frequent of , ; tab |. */
function csvOptions(head: string, opts: ReadOptions): { sep: string; inferSchemaLength: number; nullValues: string[] } {
  const header = head.split(/\r?\n/, 1)[0] ?? "";
  const counts = [",", ";", "\t", "|"].map((c) => ({ c, n: header.split(c).length - 1 }));
  const sniffed = counts.sort((a, b) => b.n - a.n)[0]!;
  return { sep: opts.separator ?? (sniffed.n > 0 ? sniffed.c : ","), inferSchemaLength: 10_000, nullValues: ["", "NA", "N/A", "NaN", "null", "NULL"] };
}

/** JSON as an array of records, an object of columns, or `{ data: [...] }`; NDJSON text is accepted too. */
export function readJsonText(text: string, name: string): DataFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length > 1 && lines.every((l) => l.trim().startsWith("{"))) return pl.readRecords(lines.map((l) => JSON.parse(l)));
    throw new MMMError("CORRUPT_FILE", `'${name}' is not valid JSON (${errorMessage(err)}).`, "Fix the file, or save it as NDJSON with a .ndjson extension (one object per line).", { file: name });
  }
  if (value && typeof value === "object" && !Array.isArray(value) && Array.isArray((value as { data?: unknown }).data)) {
    value = (value as { data: unknown[] }).data;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new MMMError("NO_ROWS", `'${name}' holds an empty JSON array.`, "Export the data again; the file has no rows.", { file: name });
    if (!value.every((r) => r && typeof r === "object" && !Array.isArray(r))) {
      throw new MMMError("CORRUPT_FILE", `'${name}' is a JSON array but not of objects (records).`, 'Use [{"date": ..., "revenue": ...}, ...] or an object of column arrays.', { file: name });
    }
    return pl.readRecords(value as Record<string, unknown>[]);
  }
  if (value && typeof value === "object" && Object.values(value).every(Array.isArray)) return pl.DataFrame(value as Record<string, unknown[]>);
  throw new MMMError("CORRUPT_FILE", `'${name}' does not hold a table.`, "Use an array of records or an object whose values are equal-length column arrays.", { file: name });
}

function asReadError(err: unknown, file: string, format: FileFormat): MMMError {
  if (err instanceof MMMError) return err;
  const msg = errorMessage(err).split("\n")[0]!;
  if (format === "parquet") {
    return new MMMError("CORRUPT_FILE", `Could not read Parquet file '${file}': ${msg}.`, "The file is damaged or not Parquet (an interrupted copy?). Re-export it, or load the CSV version.", { file });
  }
  if (/empty/i.test(msg)) return new MMMError("EMPTY_FILE", `'${file}' has no content: ${msg}.`, "Re-export the data.", { file });
  return new MMMError("READ_FAILED", `Could not read ${format.toUpperCase()} file '${file}': ${msg}.`, "Check the file opens in a spreadsheet tool; for CSV pass `separator` if it is not a comma.", { file });
}
