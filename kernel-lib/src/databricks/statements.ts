/**
 * The SQL Statement Execution API: submit a statement (EXTERNAL_LINKS + ARROW_STREAM, values as
 * named parameters), poll until it finishes, cancel it on timeout or abort, and hand back the
 * result chunks one by one (links from the response or /result/chunks/{i}, fetched a few ahead).
 */
import { MMMError } from "../errors";
import { redact } from "../secrets";
import type { DatabricksClient } from "./http";

export interface StatementParameter {
  /** Referenced in the SQL as `:name`. */
  name: string;
  value: string | number | boolean | null;
  type?: "STRING" | "INT" | "BIGINT" | "DOUBLE" | "DATE" | "TIMESTAMP" | "BOOLEAN";
}

export interface StatementOptions {
  warehouseId: string;
  parameters?: StatementParameter[];
  /** Overall limit in ms (default 15 minutes); the statement is cancelled when it passes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** First poll delay in ms (default 250), growing ×1.5 up to 5 s. */
  pollIntervalMs?: number;
  /** How long the submit call may block server-side, "0s" or "5s".."50s" (default "10s"). */
  waitTimeout?: string;
  /** Chunks downloaded ahead of the consumer (default 2). */
  prefetch?: number;
}

export interface ResultColumn {
  name: string;
  /** Databricks type name: INT, BIGINT, DOUBLE, DECIMAL, STRING, DATE, TIMESTAMP, ... */
  typeName: string;
}

export interface StatementResult {
  statementId: string;
  columns: ResultColumn[];
  totalChunks: number;
  totalRows?: number;
  /** Arrow IPC stream bytes of each chunk, in order. */
  chunks(): AsyncGenerator<Buffer>;
}

interface ExternalLink {
  chunk_index: number;
  external_link: string;
  http_headers?: Record<string, string>;
}

/** The response shape of submit, poll and (result part) chunk calls. */
interface StatementResponse {
  statement_id: string;
  status: { state: string; error?: { error_code?: string; message?: string } };
  manifest?: { format?: string; total_chunk_count?: number; total_row_count?: number; schema?: { columns?: { name: string; type_name?: string; type_text?: string }[] } };
  result?: { external_links?: ExternalLink[] };
}

const DONE = new Set(["SUCCEEDED", "FAILED", "CANCELED", "CLOSED"]);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Run one statement to completion and return its result.
 * @example
 * const r = await executeStatement(client, "SELECT * FROM `main`.`m`.`t` WHERE geo = :geo", { warehouseId, parameters: [{ name: "geo", value: "UK" }] });
 */
export async function executeStatement(client: DatabricksClient, statement: string, o: StatementOptions): Promise<StatementResult> {
  const timeoutMs = o.timeoutMs ?? 15 * 60_000;
  const deadline = Date.now() + timeoutMs;
  const body = {
    warehouse_id: o.warehouseId,
    statement,
    parameters: o.parameters?.map((p) => ({ name: p.name, value: p.value === null ? null : String(p.value), type: p.type ?? "STRING" })),
    wait_timeout: o.waitTimeout ?? "10s",
    on_wait_timeout: "CONTINUE",
    disposition: "EXTERNAL_LINKS",
    format: "ARROW_STREAM",
  };
  let r = wellFormed(await submit(client, body, o.signal), client.host);
  let delay = o.pollIntervalMs ?? 250;
  while (!DONE.has(r.status?.state)) {
    if (o.signal?.aborted || Date.now() >= deadline) {
      await cancelStatement(client, r.statement_id);
      const why = o.signal?.aborted ? "was interrupted" : `did not finish within ${Math.round(timeoutMs / 1000)} s`;
      throw new MMMError(
        "QUERY_FAILED",
        `The Databricks statement ${why} and was cancelled.`,
        o.signal?.aborted ? "Run it again when needed." : "Raise the timeout, use a bigger or running warehouse, or push more filtering into the query.",
      );
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), o.signal);
    delay = Math.min(delay * 1.5, 5000);
    if (o.signal?.aborted || Date.now() >= deadline) continue;
    r = wellFormed(await client.api<StatementResponse>("GET", `/api/2.0/sql/statements/${encodeURIComponent(r.statement_id)}`), client.host);
  }
  if (r.status.state !== "SUCCEEDED") throw statementError(r);
  return resultOf(client, r, o);
}

/**
 * The statement's POST. Interrupted before Databricks answered, there is no statement id to cancel: say so
 * (an MMMError, not the fetch's bare AbortError).
 */
async function submit(client: DatabricksClient, body: object, signal: AbortSignal | undefined): Promise<StatementResponse> {
  try {
    return await client.api<StatementResponse>("POST", "/api/2.0/sql/statements", body, signal);
  } catch (err) {
    if (!signal?.aborted) throw err;
    throw new MMMError("QUERY_FAILED", "The Databricks statement was interrupted before Databricks answered; it may still run there.", "Run it again when needed; a long one can be cancelled in the warehouse's query history.");
  }
}

/** A statement answer must name its statement and state (else we would poll "undefined" for 15 minutes). */
function wellFormed(r: StatementResponse, host: string): StatementResponse {
  if (typeof r?.statement_id === "string" && r.statement_id && typeof r.status?.state === "string") return r;
  const keys =
    redact(
      Object.keys(r ?? {})
        .slice(0, 8)
        .join(", "),
    ) || "none";
  throw new MMMError(
    "QUERY_FAILED",
    `Databricks at ${host} answered a statement call without a statement_id and status.state (keys: ${keys}).`,
    "Check that DATABRICKS_HOST is the workspace URL and that the SQL Statement Execution API is available there.",
  );
}

/** Ask the warehouse to stop a statement (best effort: it may already be finished). */
export async function cancelStatement(client: DatabricksClient, statementId: string): Promise<void> {
  await client.api("POST", `/api/2.0/sql/statements/${encodeURIComponent(statementId)}/cancel`, {}).catch(() => undefined);
}

function statementError(r: StatementResponse): MMMError {
  const code = r.status.error?.error_code;
  const msg = redact(r.status.error?.message ?? "no message from the warehouse");
  if (r.status.state === "FAILED") {
    const hint = /TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|CATALOG_NOT_FOUND/.test(msg)
      ? "Check the catalog.schema.table name and that you have SELECT on it."
      : /UNRESOLVED_COLUMN|COLUMN/.test(msg)
        ? "Check the column names against the table."
        : "Check the query; the warehouse's message says what went wrong.";
    return new MMMError("QUERY_FAILED", `The Databricks statement failed${code ? ` (${code})` : ""}: ${msg}`, hint);
  }
  return new MMMError("QUERY_FAILED", `The Databricks statement was ${r.status.state.toLowerCase()}${r.status.error?.message ? `: ${msg}` : ""}.`, "Someone or something cancelled it (or the warehouse stopped); run it again.");
}

function resultOf(client: DatabricksClient, r: StatementResponse, o: StatementOptions): StatementResult {
  const manifest = r.manifest ?? {};
  if (manifest.format && manifest.format !== "ARROW_STREAM") throw new MMMError("QUERY_FAILED", `The warehouse returned ${manifest.format}, not ARROW_STREAM.`, "Use a SQL warehouse (serverless or pro/classic) that supports Arrow results.");
  const columns = (manifest.schema?.columns ?? []).map((c) => ({ name: c.name, typeName: (c.type_name ?? c.type_text ?? "STRING").toUpperCase() }));
  const totalChunks = manifest.total_chunk_count ?? 0;
  const first = r.result?.external_links ?? [];
  const id = r.statement_id;

  async function linksFor(i: number, fresh = false): Promise<ExternalLink[]> {
    const known = fresh ? [] : first.filter((l) => l.chunk_index === i);
    if (known.length) return known;
    const res = await client.api<{ external_links?: ExternalLink[] }>("GET", `/api/2.0/sql/statements/${encodeURIComponent(id)}/result/chunks/${i}`, undefined, o.signal);
    return res.external_links ?? [];
  }

  async function fetchChunk(i: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (const link of await linksFor(i)) parts.push(await downloadOnce(link, i));
    return Buffer.concat(parts);
  }

  /** Presigned links expire (about 15 minutes): on failure ask for fresh links once. */
  async function downloadOnce(link: ExternalLink, i: number): Promise<Buffer> {
    try {
      return await client.download(link.external_link, link.http_headers, o.signal);
    } catch (err) {
      if (o.signal?.aborted) throw err;
      const again = (await linksFor(i, true)).find((l) => l.external_link !== link.external_link);
      if (!again) throw err;
      return client.download(again.external_link, again.http_headers, o.signal);
    }
  }

  async function* chunks(): AsyncGenerator<Buffer> {
    const ahead = Math.max(1, o.prefetch ?? 2);
    const pending: Promise<Buffer>[] = [];
    let next = 0;
    const fill = () => {
      while (next < totalChunks && pending.length < ahead) {
        const p = fetchChunk(next++);
        p.catch(() => undefined); // a prefetched failure surfaces when it is awaited, not as unhandled
        pending.push(p);
      }
    };
    fill();
    while (pending.length) {
      const buf = await pending.shift()!;
      fill();
      yield buf;
    }
  }

  return { statementId: id, columns, totalChunks, totalRows: manifest.total_row_count, chunks };
}
