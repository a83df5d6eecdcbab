/**
 * `loadTable`: any supported source → a polars frame, checked for emptiness, with its date column
 * parsed. Remote sources (Unity Catalog tables, SQL) go through loaders registered by name, so the
 * Databricks layer plugs in without this module knowing about it.
 */
import { AGENT_CFG } from "../config";
import { parseTextNumbers, type NumberFormat } from "./numberText";
import { MMMError } from "../errors";
import { parseDateColumn } from "./dates";
import { isLazy, pl, type DataFrame, type LazyFrame } from "./polars";
import { readBuffer, readFile, readParquetFiles, type ReadOptions } from "./readers";
import { resolveSource, type DataSource, type ResolvedSource } from "./sources";
import { aggregateWeekly, type AggregateOptions, type AggregatePlan } from "./aggregate";

export interface LoadOptions extends ReadOptions {
  /** Column holding dates; parsed to a polars Date when given. */
  dateCol?: string;
  /** strftime pattern for dateCol when automatic detection is not wanted. */
  dateFormat?: string;
  /** Files bigger than this are scanned lazily (default AGENT_CFG.lazyThresholdBytes). */
  lazyThresholdBytes?: number;
  /**
   * Aggregate to weeks while loading (daily or transaction data). For Unity Catalog tables and SQL
   * sources the warehouse does it (pushdown), so only the weekly rows cross the wire.
   */
  weekly?: WeeklyLoadOptions;
}

/** `aggregateWeekly` options at load time; `dateCol` defaults to the load's dateCol. */
export type WeeklyLoadOptions = Partial<AggregateOptions>;

/** What was loaded and from where (JSON-serialisable, no secrets). */
export interface SourceSummary {
  kind: "file" | "parquet-files" | "url" | "dataframe" | "records" | "unity-catalog" | "sql";
  format?: string;
  location?: string;
  files?: number;
  bytes?: number;
  lazy: boolean;
  /** Remote sources: which SQL warehouse ran the query, and why that one. */
  warehouse?: string;
  /** Text columns read as numbers ("1,234.56", "1.234,56"), with the format found. */
  numbersRead?: Record<string, NumberFormat>;
  /** Aggregated to weeks while loading: where (warehouse pushdown or locally) and the plan. */
  weekly?: { where: "warehouse" | "local"; plan: AggregatePlan; sql?: string; bytesTransferred?: number };
}

export interface LoadedTable {
  frame: DataFrame | LazyFrame;
  source: SourceSummary;
}

/** A loader for a remote source kind (registered by the Databricks layer). */
export type RemoteLoader = (target: { table?: string; query?: string }, opts: LoadOptions) => Promise<LoadedTable>;

const remoteLoaders = new Map<"unity-catalog" | "sql", RemoteLoader>();

/** Register the loader for Unity Catalog tables or SQL queries. */
export function registerRemoteLoader(kind: "unity-catalog" | "sql", loader: RemoteLoader): void {
  remoteLoaders.set(kind, loader);
}

/**
 * Load a table from a path, glob, URL, Unity Catalog name, frame or array of records.
 * @example
 * const { frame } = await loadTable("data/weekly.csv", { dateCol: "date" });
 */
export async function loadTable(source: DataSource, opts: LoadOptions = {}): Promise<LoadedTable> {
  const loaded = await readSource(source, opts);
  const checked = withTextNumbers(await ensureRows(loaded, source), opts);
  const dated = withParsedDates(checked, opts);
  // Remote loaders aggregate in the warehouse themselves; everything else is aggregated here.
  if (!opts.weekly || dated.source.weekly) return dated;
  const dateCol = weeklyDateCol(opts);
  const { frame, plan } = aggregateWeekly(dated.frame, { ...opts.weekly, dateCol });
  return { frame, source: { ...dated.source, weekly: { where: "local", plan } } };
}

/** The date column of a load-time weekly aggregation (a clear error when none is known). */
export function weeklyDateCol(opts: LoadOptions): string {
  const d = opts.weekly?.dateCol ?? opts.dateCol;
  if (!d) throw new MMMError("INVALID_ARGUMENT", "Aggregating to weeks while loading needs the date column.", "Pass dateCol (e.g. loadData(source, { dateCol: 'date', weekly: { geoCol: 'region' } })).");
  return d;
}

/** Numbers exported as text (thousands separators, decimal commas) become numbers; the summary says which. */
function withTextNumbers(t: LoadedTable, opts: LoadOptions): LoadedTable {
  if (isLazy(t.frame)) return t;
  const { frame, converted } = parseTextNumbers(t.frame, { separator: opts.separator, skip: opts.dateCol ? [opts.dateCol] : [] });
  return Object.keys(converted).length ? { frame, source: { ...t.source, numbersRead: converted } } : t;
}

function withParsedDates(t: LoadedTable, opts: LoadOptions): LoadedTable {
  if (!opts.dateCol || isLazy(t.frame) || !t.frame.columns.includes(opts.dateCol)) return t;
  return { ...t, frame: parseDateColumn(t.frame, opts.dateCol, opts.dateFormat).frame };
}

async function readSource(source: DataSource, opts: LoadOptions): Promise<LoadedTable> {
  if (typeof source !== "string") return fromObject(source);
  const resolved = resolveSource(source);
  const threshold = opts.lazyThresholdBytes ?? AGENT_CFG.lazyThresholdBytes;
  switch (resolved.kind) {
    case "file": {
      const lazy = opts.lazy ?? resolved.bytes > threshold;
      const frame = await readFile(resolved.path, resolved.format, { ...opts, lazy });
      return { frame, source: { kind: "file", format: resolved.format, location: resolved.path, bytes: resolved.bytes, lazy: isLazy(frame) } };
    }
    case "parquet-files": {
      const lazy = opts.lazy ?? resolved.bytes > threshold;
      return { frame: readParquetFiles(resolved.files, lazy), source: { kind: "parquet-files", format: "parquet", location: resolved.pattern, files: resolved.files.length, bytes: resolved.bytes, lazy } };
    }
    case "url":
      return readUrl(resolved, opts);
    case "unity-catalog":
    case "sql":
      return readRemote(resolved, opts);
  }
}

function fromObject(source: Exclude<DataSource, string>): LoadedTable {
  if (Array.isArray(source)) {
    if (source.length === 0) throw new MMMError("NO_ROWS", "The array of records is empty.", "Pass at least one row.");
    return { frame: pl.readRecords(source), source: { kind: "records", lazy: false } };
  }
  if (isLazy(source)) return { frame: source, source: { kind: "dataframe", lazy: true } };
  if (typeof (source as DataFrame).getColumn === "function") return { frame: (source as DataFrame).clone(), source: { kind: "dataframe", lazy: false } };
  throw new MMMError("INVALID_ARGUMENT", "The data source is not a path, URL, table name, polars DataFrame or array of records.", "Pass e.g. 'data/weekly.csv' or a pl.DataFrame.");
}

async function readUrl(resolved: Extract<ResolvedSource, { kind: "url" }>, opts: LoadOptions): Promise<LoadedTable> {
  const shown = resolved.url.replace(/\?.*$/, "?…"); // query strings may carry signed tokens
  let res: Response;
  try {
    res = await fetch(resolved.url, { signal: AbortSignal.timeout(120_000) });
  } catch (err) {
    throw new MMMError("READ_FAILED", `Could not download '${shown}': ${(err as Error).message}.`, "Check the URL and the network, or download the file and load it by path.", { file: shown });
  }
  if (!res.ok) throw new MMMError("READ_FAILED", `Download of '${shown}' failed with HTTP ${res.status}.`, "Check the URL (and that it needs no login).", { file: shown });
  const buf = Buffer.from(await res.arrayBuffer());
  const frame = await readBuffer(buf, shown, resolved.format, opts);
  return { frame, source: { kind: "url", format: resolved.format, location: shown, bytes: buf.length, lazy: false } };
}

async function readRemote(resolved: Extract<ResolvedSource, { kind: "unity-catalog" | "sql" }>, opts: LoadOptions): Promise<LoadedTable> {
  const loader = remoteLoaders.get(resolved.kind);
  const what = resolved.kind === "sql" ? "A SQL query source" : `'${resolved.table}' looks like a Unity Catalog table name, and`;
  if (!loader) {
    throw new MMMError(
      "NOT_AVAILABLE",
      `${what} needs the Databricks loader, which is not part of this version of agentic-mmm.`,
      "Export the table to Parquet or CSV and load that path for now (if you meant a local file, check the path: no such file exists).",
    );
  }
  return loader(resolved.kind === "sql" ? { query: resolved.query } : { table: resolved.table }, opts);
}

/** Header-only and empty tables are errors: nothing can be modelled from them. */
async function ensureRows(loaded: LoadedTable, source: DataSource): Promise<LoadedTable> {
  const frame = loaded.frame;
  const height = isLazy(frame) ? frame.head(1).collectSync().height : frame.height;
  const name = typeof source === "string" ? `'${source}'` : "The data";
  if (frame.columns.length === 0) throw new MMMError("NO_ROWS", `${name} has no columns.`, "Check the file is a table with a header row.", { file: loaded.source.location });
  if (height === 0) {
    throw new MMMError("NO_ROWS", `${name} has a header (${frame.columns.slice(0, 8).join(", ")}${frame.columns.length > 8 ? ", …" : ""}) but no data rows.`, "Check the export or filter that produced it and load the file with data.", {
      file: loaded.source.location,
    });
  }
  return loaded;
}
