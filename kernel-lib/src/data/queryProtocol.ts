/**
 * The messages between `executeQuery` (the kernel process) and the query engine process
 * (`queryWorker`). Types only: the worker imports nothing else from the library, so it never
 * loads polars and stays small.
 */

/** DuckDB column types the loaded table is handed over as. */
export type ColumnType = "DOUBLE" | "BIGINT" | "INTEGER" | "BOOLEAN" | "VARCHAR" | "DATE" | "TIMESTAMP";

/**
 * One column of the loaded table. Numbers travel as a Float64Array when there is no null (fast
 * structured clone), otherwise as a plain array with nulls; DATE is days since 1970-01-01,
 * TIMESTAMP microseconds since the epoch.
 */
export interface TableColumn {
  name: string;
  type: ColumnType;
  values: Float64Array | Int32Array | readonly (number | string | boolean | null)[];
}

/** Engine settings fixed when the process starts (DuckDB locks them). */
export interface EngineSettings {
  memoryLimitBytes: number;
  threads: number;
}

/** Caps of one query. */
export interface QueryCaps {
  /** Rows returned. */
  returnRows: number;
  /** Rows the result may have in total (counted, not kept). */
  maxRows: number;
  /** Characters of the returned rows as JSON. */
  maxChars: number;
}

export type ToWorker = { type: "load"; columns: TableColumn[] } | { type: "query"; id: number; sql: string; caps: QueryCaps } | { type: "interrupt"; id: number };

/** Why a query did not run: refused before running, failed in the engine, or hit a limit. */
export type FailureKind = "rejected" | "failed" | "limit";

export type FromWorker =
  | { type: "loaded" }
  | { type: "loadFailed"; message: string }
  | { type: "result"; id: number; columns: string[]; rows: Record<string, unknown>[]; totalRows: number }
  | { type: "error"; id: number; kind: FailureKind; message: string };
