/**
 * The query engine process (started by `queryProcess`): one locked in-memory DuckDB holding the
 * loaded table as `data`. It runs one SELECT at a time per message, streams the result, keeps the
 * first rows and counts the rest up to a cap. The parent bounds its time and address space and
 * kills it when needed, so nothing a query does can take the kernel down with it.
 */
import { DuckDBConnection, JSDuckDBValueConverter, StatementType, type DuckDBInstance } from "@duckdb/node-api";
import { loadTable, openLockedDatabase, plainValue } from "./duckTable";
import type { EngineSettings, FailureKind, FromWorker, QueryCaps, ToWorker } from "./queryProtocol";

/** A failure with its kind, reported to the parent as is. */
class QueryFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

const running = new Map<number, DuckDBConnection>();
let db: Promise<DuckDBInstance> | undefined;

const send = (m: FromWorker): void => void process.send?.(m);

/** The engine's error classified: access refusals, limits, or an ordinary SQL error. */
function classify(err: unknown): QueryFailure {
  if (err instanceof QueryFailure) return err;
  const msg = (err instanceof Error ? err.message : String(err))
    .split("\n")[0]!
    .slice(0, 500)
    .replace(/[.!\s]+$/, "");
  if (/^Permission Error|Cannot change configuration option|configuration has been locked|disabled (by|through) configuration/.test(msg)) return new QueryFailure("rejected", msg);
  if (/^INTERRUPT Error/.test(msg)) return new QueryFailure("limit", "interrupted at the time limit");
  if (/^Out of Memory Error|bad allocation|std::bad_alloc/i.test(msg)) return new QueryFailure("limit", msg);
  return new QueryFailure("failed", msg);
}

/** Exactly one statement, and it must be a SELECT (WITH … SELECT, FROM …, VALUES are SELECTs too). */
async function prepareSelect(conn: DuckDBConnection, sql: string) {
  // DuckDB reports text with no statement (only comments or ';') as a bare "Error in native callback".
  const extracted = await conn.extractStatements(sql).catch((err: unknown) => {
    throw /native callback/.test(String(err)) ? new QueryFailure("rejected", "the query has no statement") : err;
  });
  if (extracted.count === 0) throw new QueryFailure("rejected", "the query has no statement");
  if (extracted.count > 1) throw new QueryFailure("rejected", `only one statement may run (found ${extracted.count})`);
  const prepared = await extracted.prepare(0);
  if (prepared.statementType !== StatementType.SELECT) {
    prepared.destroySync();
    throw new QueryFailure("rejected", "only SELECT (or WITH ... SELECT) queries may run");
  }
  return prepared;
}

/** Stream the result: keep `returnRows` rows, count the others, stop past `maxRows` or `maxChars`. */
async function readResult(conn: DuckDBConnection, sql: string, caps: QueryCaps): Promise<FromWorker & { type: "result" }> {
  const prepared = await prepareSelect(conn, sql);
  try {
    const result = await prepared.stream();
    const columns = result.columnNames();
    const rows: Record<string, unknown>[] = [];
    let totalRows = 0;
    let chars = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      if (rows.length < caps.returnRows) {
        for (const row of chunk.convertRows(JSDuckDBValueConverter).slice(0, caps.returnRows - rows.length)) {
          const obj = Object.fromEntries(columns.map((c, i) => [c, plainValue(row[i])]));
          chars += JSON.stringify(obj).length;
          if (chars > caps.maxChars) throw new QueryFailure("limit", `the returned rows are larger than ${caps.maxChars.toLocaleString("en-US")} characters`);
          rows.push(obj);
        }
      }
      totalRows += chunk.rowCount;
      if (totalRows > caps.maxRows) throw new QueryFailure("limit", `the result has more than ${caps.maxRows.toLocaleString("en-US")} rows`);
    }
    return { type: "result", id: 0, columns, rows, totalRows };
  } finally {
    prepared.destroySync();
  }
}

async function runQuery(id: number, sql: string, caps: QueryCaps): Promise<void> {
  if (!db) return send({ type: "error", id, kind: "failed", message: "no table is loaded" });
  const conn = await DuckDBConnection.create(await db);
  running.set(id, conn);
  try {
    send({ ...(await readResult(conn, sql, caps)), id });
  } catch (err) {
    const f = classify(err);
    send({ type: "error", id, kind: f.kind, message: f.message });
  } finally {
    running.delete(id);
    conn.closeSync();
  }
}

async function load(settings: EngineSettings, msg: ToWorker & { type: "load" }): Promise<void> {
  try {
    db = openLockedDatabase(settings);
    const conn = await DuckDBConnection.create(await db);
    await loadTable(conn, msg.columns);
    conn.closeSync();
    send({ type: "loaded" });
  } catch (err) {
    send({ type: "loadFailed", message: classify(err).message });
  }
}

/** Entry: settings come as JSON in argv[2]; the process ends when the parent goes away. */
function main(): void {
  const settings = JSON.parse(process.argv[2] ?? "{}") as EngineSettings;
  process.on("message", (msg: ToWorker) => {
    if (msg.type === "load") void load(settings, msg);
    else if (msg.type === "query") void runQuery(msg.id, msg.sql, msg.caps);
    else if (msg.type === "interrupt") running.get(msg.id)?.interrupt();
  });
  process.on("disconnect", () => process.exit(0));
}

main();
