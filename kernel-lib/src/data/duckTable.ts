/**
 * Inside the query engine process: the DuckDB database that holds the loaded table as `data`
 * and cannot reach the disk, the network or extensions, and the conversion of result values to
 * plain JSON-safe values.
 */
import { BIGINT, BOOLEAN, DATE, DOUBLE, type DuckDBConnection, DuckDBDataChunk, DuckDBInstance, INTEGER, TIMESTAMP, VARCHAR, dateValue, timestampValue, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import type { ColumnType, EngineSettings, TableColumn } from "./queryProtocol";

/**
 * A locked in-memory DuckDB: no file, network or extension access, bounded memory, no spilling
 * to a temp directory, and no setting can change later. `temp_directory` must be set before
 * `enable_external_access` (DuckDB refuses path settings once access is off).
 */
export async function openLockedDatabase(s: EngineSettings): Promise<DuckDBInstance> {
  return DuckDBInstance.create(":memory:", {
    temp_directory: "",
    enable_external_access: "false",
    autoload_known_extensions: "false",
    autoinstall_known_extensions: "false",
    allow_community_extensions: "false",
    allow_persistent_secrets: "false",
    memory_limit: `${Math.max(16, Math.floor(s.memoryLimitBytes / 1048576))}MB`,
    threads: String(Math.max(1, s.threads)),
    lock_configuration: "true",
  });
}

const TYPES: Record<ColumnType, DuckDBType> = { DOUBLE, BIGINT, INTEGER, BOOLEAN, VARCHAR, DATE, TIMESTAMP };

/** A value as DuckDB's appender wants it for that column type. */
function duckValue(type: ColumnType, v: unknown): DuckDBValue {
  if (v === null || v === undefined || (typeof v === "number" && type !== "DOUBLE" && !Number.isFinite(v))) return null;
  switch (type) {
    case "BIGINT":
      return BigInt(Math.trunc(v as number));
    case "DATE":
      return dateValue(v as number);
    case "TIMESTAMP":
      return timestampValue(BigInt(Math.trunc(v as number)));
    default:
      return v as DuckDBValue;
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Create the table `data` from the handed-over columns (appended in 2048-row chunks). */
export async function loadTable(conn: DuckDBConnection, columns: TableColumn[]): Promise<void> {
  if (columns.length === 0) throw new Error("the table has no columns");
  await conn.run(`CREATE TABLE data (${columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(", ")})`);
  const types = columns.map((c) => TYPES[c.type]);
  const rows = columns[0]!.values.length;
  const appender = await conn.createAppender("data");
  for (let start = 0; start < rows; start += 2048) {
    const n = Math.min(2048, rows - start);
    const chunk = DuckDBDataChunk.create(types, n);
    columns.forEach((c, i) => {
      const out: DuckDBValue[] = new Array(n);
      for (let r = 0; r < n; r++) out[r] = duckValue(c.type, c.values[start + r]);
      chunk.setColumnValues(i, out);
    });
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}

/** A JS value from DuckDB's JS conversion made JSON-safe: safe bigints as numbers, dates as ISO text. */
export function plainValue(v: unknown): unknown {
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (Array.isArray(v)) return v.map(plainValue);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  return v;
}
