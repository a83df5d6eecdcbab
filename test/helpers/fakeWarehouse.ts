/**
 * A local server speaking the Databricks protocols agentic-mmm uses: the SQL Statement Execution
 * API (submit, poll, cancel, /result/chunks/{i}), presigned-like chunk URLs on another path that
 * serve real Arrow IPC stream bytes (written by polars), SQL warehouse listing, the OAuth M2M token
 * endpoint and the Model Serving chat endpoint. It does not execute SQL: a statement handler maps
 * the SQL text to a scripted outcome. Everything received is recorded for assertions.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { dtypeName, type DataFrame } from "../../kernel-lib/src/data/polars";

export type Outcome = { frame: DataFrame; states?: string[]; chunkRows?: number } | { failed: string; errorCode?: string; states?: string[] } | { states: string[]; never: true };

export interface ReceivedStatement {
  id: string;
  body: { warehouse_id: string; statement: string; parameters?: { name: string; value: string | null; type: string }[]; disposition: string; format: string; wait_timeout: string };
}

export interface FakeWarehouseOptions {
  /** Bearer token accepted on /api/ paths (besides tokens issued by the OAuth endpoint). */
  token?: string;
  /** OAuth M2M client credentials accepted by /oidc/v1/token. */
  client?: { id: string; secret: string };
  /** Answer HTTP 429 to this many statement submissions first. */
  throttle?: number;
  warehouses?: { id: string; name: string; state: string }[];
  /** SQL text → outcome (undefined: FAILED with TABLE_OR_VIEW_NOT_FOUND). */
  onStatement(sql: string, body: ReceivedStatement["body"]): Outcome | undefined;
}

export interface FakeWarehouse {
  url: string;
  statements: ReceivedStatement[];
  cancelled: string[];
  /** Headers of every request to a presigned chunk URL. */
  chunkRequests: http.IncomingHttpHeaders[];
  /** Every request's method and path, in order. */
  log: string[];
  /** Bytes of request bodies received and response bodies sent. */
  bytes: { received: number; sent: number };
  close(): Promise<void>;
}

interface Running {
  states: string[];
  outcome: Outcome;
  chunks: Buffer[];
  columns: { name: string; type_name: string; position: number }[];
  rows: number;
}

const TYPE_NAMES: Record<string, string> = { Float64: "DOUBLE", Float32: "FLOAT", Int64: "BIGINT", Int32: "INT", Int16: "SHORT", Int8: "BYTE", String: "STRING", Date: "DATE", Bool: "BOOLEAN", Boolean: "BOOLEAN" };

function prepare(outcome: Outcome): Running {
  const states = [...(outcome.states ?? [])];
  if (!("frame" in outcome)) return { states, outcome, chunks: [], columns: [], rows: 0 };
  const f = outcome.frame;
  const columns = f.columns.map((name, position) => ({ name, type_name: TYPE_NAMES[dtypeName(f.getColumn(name).dtype)] ?? (dtypeName(f.getColumn(name).dtype).startsWith("Datetime") ? "TIMESTAMP" : "STRING"), position }));
  const per = outcome.chunkRows ?? Math.max(1, f.height);
  const chunks: Buffer[] = [];
  for (let off = 0; off < f.height; off += per) chunks.push(f.slice(off, per).writeIPCStream());
  return { states, outcome, chunks, columns, rows: f.height };
}

export async function startFakeWarehouse(o: FakeWarehouseOptions): Promise<FakeWarehouse> {
  const statements: ReceivedStatement[] = [];
  const cancelled: string[] = [];
  const chunkRequests: http.IncomingHttpHeaders[] = [];
  const log: string[] = [];
  const bytes = { received: 0, sent: 0 };
  const running = new Map<string, Running>();
  const issued = new Set<string>();
  let throttle = o.throttle ?? 0;
  let base = "";

  const state = (id: string) => {
    const r = running.get(id)!;
    if (cancelled.includes(id)) return "CANCELED";
    if (r.states.length) return r.states[0]!;
    if ("failed" in r.outcome) return "FAILED";
    if ("never" in r.outcome) return "RUNNING";
    return "SUCCEEDED";
  };
  const links = (id: string, i: number) => {
    const r = running.get(id)!;
    if (i >= r.chunks.length) return [];
    const next = i + 1 < r.chunks.length ? { next_chunk_index: i + 1, next_chunk_internal_link: `/api/2.0/sql/statements/${id}/result/chunks/${i + 1}` } : {};
    return [{ chunk_index: i, row_offset: 0, row_count: 0, byte_count: r.chunks[i]!.length, external_link: `${base}/presigned/${id}/${i}?X-Amz-Signature=abc123`, expiration: new Date(Date.now() + 900_000).toISOString(), ...next }];
  };
  const response = (id: string) => {
    const s = state(id);
    const r = running.get(id)!;
    const out: Record<string, unknown> = { statement_id: id, status: { state: s } };
    if (s === "FAILED" && "failed" in r.outcome) out.status = { state: s, error: { error_code: r.outcome.errorCode ?? "BAD_REQUEST", message: r.outcome.failed } };
    if (s === "SUCCEEDED") {
      out.manifest = { format: "ARROW_STREAM", schema: { column_count: r.columns.length, columns: r.columns }, total_chunk_count: r.chunks.length, total_row_count: r.rows, truncated: false };
      out.result = { external_links: links(id, 0) };
    }
    return out;
  };

  function route(req: http.IncomingMessage, raw: string): { status: number; json?: unknown; body?: Buffer; headers?: Record<string, string> } {
    const url = new URL(req.url ?? "/", "http://x");
    const p = url.pathname;
    if (p.startsWith("/presigned/")) {
      chunkRequests.push(req.headers);
      const [, , id, i] = p.split("/");
      const chunk = running.get(id!)?.chunks[Number(i)];
      return chunk ? { status: 200, body: chunk, headers: { "content-type": "application/vnd.apache.arrow.stream" } } : { status: 404, body: Buffer.from("NoSuchKey") };
    }
    if (p === "/oidc/v1/token") {
      const basic = o.client && `Basic ${Buffer.from(`${o.client.id}:${o.client.secret}`).toString("base64")}`;
      if (!basic || req.headers.authorization !== basic) return { status: 401, json: { error: "invalid_client" } };
      const token = `oauth-sql-token-${issued.size + 1}-xyz`;
      issued.add(token);
      return { status: 200, json: { access_token: token, token_type: "Bearer", expires_in: 3600 } };
    }
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (bearer !== o.token && !issued.has(bearer)) {
      // Some gateways echo what they got: the client must not pass that on.
      return { status: 401, json: { error_code: "UNAUTHENTICATED", message: `Invalid access token: ${bearer}` } };
    }
    if (p === "/serving-endpoints/chat/completions")
      return { status: 200, json: { id: "c1", object: "chat.completion", created: 0, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }] } };
    if (p === "/api/2.0/sql/warehouses") return { status: 200, json: { warehouses: o.warehouses ?? [{ id: "wh-default", name: "Default", state: "RUNNING" }] } };
    if (p === "/api/2.0/sql/statements" && req.method === "POST") {
      if (throttle > 0) {
        throttle--;
        return { status: 429, json: { error_code: "TOO_MANY_REQUESTS", message: "Too many requests" }, headers: { "retry-after": "0" } };
      }
      const body = JSON.parse(raw) as ReceivedStatement["body"];
      const id = `stmt-${statements.length + 1}`;
      statements.push({ id, body });
      let outcome: Outcome;
      try {
        outcome = o.onStatement(body.statement, body) ?? { failed: "[TABLE_OR_VIEW_NOT_FOUND] The table or view cannot be found.", errorCode: "BAD_REQUEST" };
      } catch (err) {
        outcome = { failed: `[ENGINE_ERROR] ${String(err).split("\n")[0]}`, errorCode: "BAD_REQUEST" }; // a handler error is the statement's failure
      }
      running.set(id, prepare(outcome));
      const out = response(id);
      running.get(id)!.states.shift();
      return { status: 200, json: out };
    }
    const m = /^\/api\/2\.0\/sql\/statements\/([^/]+)(\/cancel|\/result\/chunks\/(\d+))?$/.exec(p);
    if (m && running.has(m[1]!)) {
      const id = m[1]!;
      if (m[2] === "/cancel") return (cancelled.push(id), { status: 200, json: {} });
      if (m[3] !== undefined) return { status: 200, json: { external_links: links(id, Number(m[3])) } };
      const r = running.get(id)!;
      const out = response(id);
      if (r.states.length) r.states.shift(); // each poll advances the script
      return { status: 200, json: out };
    }
    return { status: 404, json: { error_code: "NOT_FOUND", message: `No route ${p}` } };
  }

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      const raw = Buffer.concat(parts);
      bytes.received += raw.length;
      log.push(`${req.method} ${(req.url ?? "").split("?")[0]}`);
      const out = route(req, raw.toString());
      const body = out.body ?? Buffer.from(JSON.stringify(out.json));
      bytes.sent += body.length;
      res.writeHead(out.status, { "content-type": "application/json", ...out.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, statements, cancelled, chunkRequests, log, bytes, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}
