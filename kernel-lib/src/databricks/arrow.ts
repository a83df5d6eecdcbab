/**
 * Arrow results → one polars frame: each ARROW_STREAM chunk is read with `pl.readIPCStream` as it
 * arrives (the bytes are dropped once read), the pieces are concatenated, and an empty result still
 * has the statement's columns and types.
 */
import { MMMError, errorMessage } from "../errors";
import { dtypeName, pl, type DataFrame } from "../data/polars";
import type { ResultColumn, StatementResult } from "./statements";

/** The polars dtype name a Databricks column type arrives as (decimals are read as Float64). */
export function polarsTypeOf(typeName: string): string {
  const t = typeName.toUpperCase().replace(/\(.*$/, "");
  const map: Record<string, string> = {
    BYTE: "Int8",
    TINYINT: "Int8",
    SHORT: "Int16",
    SMALLINT: "Int16",
    INT: "Int32",
    INTEGER: "Int32",
    LONG: "Int64",
    BIGINT: "Int64",
    FLOAT: "Float32",
    DOUBLE: "Float64",
    DECIMAL: "Float64",
    STRING: "String",
    CHAR: "String",
    VARCHAR: "String",
    BOOLEAN: "Bool",
    DATE: "Date",
    TIMESTAMP: "Datetime",
    TIMESTAMP_NTZ: "Datetime",
    BINARY: "Binary",
  };
  return map[t] ?? t;
}

function polarsDtype(name: string) {
  const d: Record<string, unknown> = {
    Int8: pl.Int8,
    Int16: pl.Int16,
    Int32: pl.Int32,
    Int64: pl.Int64,
    Float32: pl.Float32,
    Float64: pl.Float64,
    String: pl.Utf8,
    Bool: pl.Bool,
    Date: pl.Date,
    Datetime: pl.Datetime("us"),
  };
  return (d[name] ?? pl.Utf8) as typeof pl.Utf8;
}

/** A zero-row frame with the result's columns. */
export function emptyFrame(columns: ResultColumn[]): DataFrame {
  return pl.DataFrame(columns.map((c) => pl.Series(c.name, [], polarsDtype(polarsTypeOf(c.typeName)))));
}

/** Decimal columns as Float64: the rest of agentic-mmm computes in doubles. */
function normalise(df: DataFrame): DataFrame {
  const casts = df.columns.filter((c) => dtypeName(df.getColumn(c).dtype).startsWith("Decimal")).map((c) => pl.col(c).cast(pl.Float64));
  return casts.length ? df.withColumns(...casts) : df;
}

/**
 * Read every chunk of a statement result into one frame.
 * @example const df = await readArrowResult(await executeStatement(client, sql, opts));
 */
export async function readArrowResult(result: StatementResult): Promise<DataFrame> {
  const frames: DataFrame[] = [];
  let index = 0;
  for await (const bytes of result.chunks()) {
    try {
      if (bytes.length) frames.push(normalise(pl.readIPCStream(bytes)));
    } catch (err) {
      throw new MMMError(
        "CORRUPT_FILE",
        `Result chunk ${index} of statement ${result.statementId} is not a readable Arrow IPC stream (${errorMessage(err).split("\n")[0]}).`,
        "Run the query again; if it persists, the warehouse or a proxy is altering the download.",
      );
    }
    index++;
  }
  if (frames.length === 0) return emptyFrame(result.columns);
  return frames.length === 1 ? frames[0]! : pl.concat(frames, { how: "vertical", rechunk: true });
}
