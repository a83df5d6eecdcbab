/**
 * The HTTP layer of the Databricks SQL client: JSON calls to the workspace REST API with a fresh
 * bearer token, downloads of presigned chunk URLs *without* it, and clear MMMErrors (never echoing
 * a token) with a count of the bytes that crossed the wire. Timeouts, retries, body caps and
 * redirects are handled per exchange (transport.ts); https is required before anything is sent.
 */
import { MMMError } from "../errors";
import { redact } from "../secrets";
import { backoffPolicy, type RetryOptions } from "../net/backoff";
import { bodyStart, MAX_JSON_BYTES } from "../net/body";
import { assertSecureUrl } from "../net/secureUrl";
import { databricksAuth, type DatabricksAuth, type DatabricksAuthOptions } from "./auth";
import { exchange, type Transport } from "./transport";

export interface ClientOptions extends DatabricksAuthOptions {
  /** Resolved credentials (default: `databricksAuth(options)`). */
  auth?: DatabricksAuth;
  /** The fetch to use (tests and proxies). */
  fetch?: typeof fetch;
  /** Backoff on 429/5xx and dropped connections (default 0.5 s ×2 up to 30 s, 5 attempts). */
  retry?: RetryOptions;
  /** Same as `retry.maxAttempts` (kept for existing callers). */
  maxAttempts?: number;
  /** Same as `retry.baseMs` (kept for existing callers). */
  backoffMs?: number;
  /** Time limit of each request, headers and body, in ms (default 30 000). */
  requestTimeoutMs?: number;
  /** Largest JSON answer read, in bytes (default 50 MB). */
  maxResponseBytes?: number;
  /** Largest Arrow result chunk read, in bytes (default 1 GB). */
  maxChunkBytes?: number;
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

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function createClient(o: ClientOptions = {}): DatabricksClient {
  const auth = o.auth ?? databricksAuth(o);
  const secure = (url: string, setting: string) => assertSecureUrl(url, { allowInsecureLocalhost: o.allowInsecureLocalhost, what: "the Databricks workspace", setting });
  secure(auth.host, "DATABRICKS_HOST");
  const stats: TransferStats = { requests: 0, requestBytes: 0, responseBytes: 0 };
  const t: Transport = {
    fetch: o.fetch ?? fetch,
    retry: backoffPolicy({ baseMs: o.backoffMs, maxAttempts: o.maxAttempts, ...o.retry }),
    timeoutMs: o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    stats,
  };
  const hostName = auth.host.replace(/^https?:\/\//, "");

  async function api<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${await auth.token()}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const a = await exchange(t, `${auth.host}${path}`, init, { shown: hostName, maxBytes: o.maxResponseBytes ?? MAX_JSON_BYTES, redirect: "manual", signal });
    const text = a.body.toString("utf8");
    if (a.status < 200 || a.status >= 300) throw apiError(a.status, text, path, auth.host, a.attempts);
    return parseJson<T>(text, a.status, hostName);
  }

  async function download(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Buffer> {
    const shown = url.replace(/\?.*$/, "?…");
    secure(url, "the warehouse's result links");
    // Presigned cloud-storage URLs carry their own signature: a workspace token must not leak there.
    const clean = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "authorization"));
    const a = await exchange(t, url, { method: "GET", headers: clean }, { shown, maxBytes: o.maxChunkBytes ?? 1024 ** 3, redirect: "follow", signal });
    if (a.status < 200 || a.status >= 300) throw new MMMError("READ_FAILED", `Downloading a result chunk from ${shown} failed with HTTP ${a.status}.`, "The link may have expired; run the query again.", { file: shown });
    return a.body;
  }

  return { host: auth.host, stats, api, download };
}

/** A JSON object from a 2xx answer, or a typed error saying what came instead (HTML, truncated JSON). */
function parseJson<T>(text: string, status: number, host: string): T {
  if (!text.trim()) return {} as T;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = undefined;
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new MMMError(
      "READ_FAILED",
      `Databricks at ${host} answered with something that is not a JSON object (status ${status}, ${redact(bodyStart(text))}).`,
      "A proxy, a login page or an overloaded workspace answered instead of the REST API: check DATABRICKS_HOST and try again.",
    );
  }
  return v as T;
}

/** A Databricks REST error as an MMMError: the server's message, never the credentials. */
export function apiError(status: number, text: string, path: string, host: string, attempts = 1): MMMError {
  let message = /^\s*</.test(text) ? bodyStart(text) : text.slice(0, 500);
  try {
    const j = JSON.parse(text) as { message?: unknown; error_code?: unknown } | null;
    message = [j?.error_code, j?.message].filter((v) => typeof v === "string" && v).join(": ") || message;
  } catch {
    /* not JSON: keep the text */
  }
  message = redact(message);
  if (status === 401)
    return new MMMError(
      "LLM_AUTH",
      `Databricks refused the credentials for ${host} (HTTP 401${message ? `: ${message}` : ""}).`,
      "The token is wrong or expired: check DATABRICKS_TOKEN (or the OAuth client id/secret) and that it belongs to this workspace.",
    );
  if (status === 403)
    return new MMMError(
      "LLM_AUTH",
      `Databricks denied access (HTTP 403${message ? `: ${message}` : ""}).`,
      "The identity lacks a permission: it needs CAN USE on the SQL warehouse and SELECT on the table (USE CATALOG / USE SCHEMA on its parents).",
    );
  if (status === 404) return new MMMError("QUERY_FAILED", `Databricks: ${path} not found (HTTP 404${message ? `: ${message}` : ""}).`, "Check DATABRICKS_HOST and DATABRICKS_WAREHOUSE_ID.");
  const tries = attempts > 1 ? ` (${attempts} attempts)` : "";
  return new MMMError(
    "QUERY_FAILED",
    `Databricks request ${path} failed with HTTP ${status}${message ? `: ${message}` : ""}${tries}.`,
    status >= 500 || status === 429 ? "The service is busy or unavailable; try again in a minute." : "Check the request (table, columns, warehouse).",
  );
}
