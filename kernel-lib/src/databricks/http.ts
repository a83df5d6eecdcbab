/**
 * The HTTP layer of the Databricks SQL client: JSON calls to the workspace REST API with a fresh
 * bearer token, downloads of presigned chunk URLs *without* it, retries with backoff on 429/503,
 * clear MMMErrors (never echoing a token) and a count of the bytes that crossed the wire.
 */
import { MMMError } from "../errors";
import { redact } from "../secrets";
import { databricksAuth, type DatabricksAuth, type DatabricksAuthOptions } from "./auth";

export interface ClientOptions extends DatabricksAuthOptions {
  /** Resolved credentials (default: `databricksAuth(options)`). */
  auth?: DatabricksAuth;
  /** The fetch to use (tests and proxies). */
  fetch?: typeof fetch;
  /** Attempts on 429/503 before giving up (default 5). */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled each retry unless the server sends Retry-After (default 500). */
  backoffMs?: number;
}

/** Bytes sent and received (request bodies + URLs, response bodies), and the number of requests. */
export interface TransferStats {
  requests: number;
  requestBytes: number;
  responseBytes: number;
}

export interface DatabricksClient {
  host: string;
  stats: TransferStats;
  /** A JSON call to the workspace API (`path` starts with /api/). */
  api<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
  /** Bytes of a presigned URL; only the headers the API listed are sent, never Authorization. */
  download(url: string, headers?: Record<string, string>, signal?: AbortSignal): Promise<Buffer>;
}

const RETRYABLE = new Set([429, 503]);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

/** Seconds in Retry-After (capped at 30 s), or undefined. */
function retryAfterMs(res: Response): number | undefined {
  const s = Number(res.headers.get("retry-after"));
  return Number.isFinite(s) && s >= 0 ? Math.min(s, 30) * 1000 : undefined;
}

export function createClient(o: ClientOptions = {}): DatabricksClient {
  const auth = o.auth ?? databricksAuth(o);
  const doFetch = o.fetch ?? fetch;
  const maxAttempts = o.maxAttempts ?? 5;
  const backoff = o.backoffMs ?? 500;
  const stats: TransferStats = { requests: 0, requestBytes: 0, responseBytes: 0 };

  /** One request with retries on 429/503; network failures become READ_FAILED. */
  async function send(url: string, init: RequestInit, what: string): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      stats.requestBytes += url.length + (typeof init.body === "string" ? Buffer.byteLength(init.body) : 0);
      let res: Response;
      try {
        res = await doFetch(url, init);
      } catch (err) {
        if (init.signal?.aborted) throw init.signal.reason;
        throw new MMMError("READ_FAILED", `Could not reach ${what} (${redact((err as Error).message)}).`, "Check DATABRICKS_HOST and the network.");
      }
      if (!RETRYABLE.has(res.status) || attempt >= maxAttempts) return res;
      await res.arrayBuffer().catch(() => undefined); // drain so the connection is reused
      await sleep(retryAfterMs(res) ?? backoff * 2 ** (attempt - 1), init.signal ?? undefined);
    }
  }

  async function api<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${await auth.token()}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await send(`${auth.host}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal }, auth.host);
    const text = await res.text();
    stats.responseBytes += Buffer.byteLength(text);
    if (!res.ok) throw apiError(res.status, text, path, auth.host);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async function download(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Buffer> {
    // Presigned cloud-storage URLs carry their own signature: a workspace token must not leak there.
    const clean = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "authorization"));
    const shown = url.replace(/\?.*$/, "?…");
    const res = await send(url, { method: "GET", headers: clean, signal }, shown);
    const buf = Buffer.from(await res.arrayBuffer());
    stats.responseBytes += buf.length;
    if (!res.ok) throw new MMMError("READ_FAILED", `Downloading a result chunk from ${shown} failed with HTTP ${res.status}.`, "The link may have expired; run the query again.", { file: shown });
    return buf;
  }

  return { host: auth.host, stats, api, download };
}

/** A Databricks REST error as an MMMError: the server's message, never the credentials. */
export function apiError(status: number, text: string, path: string, host: string): MMMError {
  let message = text.slice(0, 500);
  try {
    const j = JSON.parse(text) as { message?: string; error_code?: string };
    message = [j.error_code, j.message].filter(Boolean).join(": ") || message;
  } catch {
    /* not JSON: keep the text */
  }
  message = redact(message);
  if (status === 401) return new MMMError("LLM_AUTH", `Databricks refused the credentials for ${host} (HTTP 401${message ? `: ${message}` : ""}).`, "The token is wrong or expired: check DATABRICKS_TOKEN (or the OAuth client id/secret) and that it belongs to this workspace.");
  if (status === 403) return new MMMError("LLM_AUTH", `Databricks denied access (HTTP 403${message ? `: ${message}` : ""}).`, "The identity lacks a permission: it needs CAN USE on the SQL warehouse and SELECT on the table (USE CATALOG / USE SCHEMA on its parents).");
  if (status === 404) return new MMMError("QUERY_FAILED", `Databricks: ${path} not found (HTTP 404${message ? `: ${message}` : ""}).`, "Check DATABRICKS_HOST and DATABRICKS_WAREHOUSE_ID.");
  return new MMMError("QUERY_FAILED", `Databricks request ${path} failed with HTTP ${status}${message ? `: ${message}` : ""}.`, status >= 500 || status === 429 ? "The service is busy or unavailable; try again in a minute." : "Check the request (table, columns, warehouse).");
}
