/**
 * Hostile Databricks servers (issue #19, item 8): real node:http servers that throttle without
 * Retry-After, ask for a day's wait, fail forever, drop connections mid-answer, never answer,
 * answer HTML or truncated JSON, send 200 MB, redirect elsewhere, or sit behind plain http. Each
 * case ends in a clear typed error or the right result, never shows the token, and a normal call
 * on the same client works afterwards. The LLM side is in networkLlm.test.ts.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { MMMError } from "../../kernel-lib/src";
import { databricksAuth } from "../../kernel-lib/src/databricks/auth";
import { createClient, type ClientOptions, type DatabricksClient } from "../../kernel-lib/src/databricks/http";
import { executeStatement } from "../../kernel-lib/src/databricks/statements";
import { backoffDelayMs, DEFAULT_BACKOFF, parseRetryAfter, retryDelayMs } from "../../kernel-lib/src/net/backoff";
import { ALLOW_HTTP_ENV } from "../../kernel-lib/src/net/secureUrl";
import { tempDir } from "../helpers/fixtures";
import { dropMidway, dropNow, hang, sendJson, startHostileServer, streamBytes, type Handler, type HostileServer } from "../helpers/hostileServer";
import { allowLocalHttp } from "../helpers/localHttp";
import { rejectsWithCode } from "../helpers/assertions";

const TOKEN = "dapi-net-canary-5f3a9c0e11d2";
const rejectsWith = (p: Promise<unknown>, code: string, pattern: RegExp) => rejectsWithCode(p, code, pattern, TOKEN);
const FAST = { baseMs: 5, maxMs: 50, maxAttempts: 3 };

/** A well-behaved warehouse: statements succeed at once with one INT column and no rows. */
const warehouse: Handler = (_req, res, hit) => {
  if (hit.method === "POST" && hit.path === "/api/2.0/sql/statements") {
    return sendJson(res, 200, { statement_id: "s1", status: { state: "SUCCEEDED" }, manifest: { format: "ARROW_STREAM", total_chunk_count: 0, total_row_count: 0, schema: { columns: [{ name: "x", type_name: "INT" }] } } });
  }
  sendJson(res, 404, { error_code: "NOT_FOUND", message: "no such path" });
};

/** `times` requests get `bad`, the rest the warehouse. */
const first =
  (times: number, bad: Handler): Handler =>
  (req, res, hit, i) =>
    i < times ? bad(req, res, hit, i) : warehouse(req, res, hit, i);

const gaps = (s: HostileServer) => s.hits.slice(1).map((h, i) => h.at - s.hits[i]!.at);

describe("security: hostile Databricks servers", function () {
  allowLocalHttp();
  this.timeout(30_000);
  let server: HostileServer;
  let client: DatabricksClient;
  const saved = { ...process.env };
  const select = () => executeStatement(client, "SELECT 1", { warehouseId: "w", pollIntervalMs: 5 });
  const open = (handler: Handler, o: Partial<ClientOptions> = {}) => {
    server.handle = handler;
    client = createClient({ host: server.url, token: TOKEN, retry: FAST, ...o });
    return client;
  };
  /** The same client works once the server behaves. */
  const worksAfterwards = async () => {
    server.handle = warehouse;
    const r = await select();
    assert.deepEqual(r.columns, [{ name: "x", typeName: "INT" }]);
  };

  before(async () => (server = await startHostileServer(warehouse)));
  beforeEach(() => {
    server.hits.length = 0;
    for (const k of ["DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE"]) delete process.env[k];
    process.env.DATABRICKS_CONFIG_FILE = path.join(tempDir(), "none");
  });
  afterEach(() => (process.env = { ...saved, [ALLOW_HTTP_ENV]: "1" }));
  after(() => server.close());

  it("backoff: 0.5 s floor ×2 with at most 25 % jitter, capped; Retry-After as seconds or date, empty means absent", () => {
    assert.equal(
      backoffDelayMs(1, DEFAULT_BACKOFF, () => 0),
      500,
    );
    assert.equal(
      backoffDelayMs(3, DEFAULT_BACKOFF, () => 0.999),
      2500,
    );
    assert.equal(
      backoffDelayMs(20, DEFAULT_BACKOFF, () => 1),
      30_000,
    );
    assert.equal(parseRetryAfter(""), undefined);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter("7"), 7000);
    assert.ok((parseRetryAfter(new Date(Date.now() + 10_000).toUTCString()) ?? 0) > 8000);
    assert.equal(retryDelayMs(1, DEFAULT_BACKOFF, "86400"), 30_000, "a day is capped");
    assert.equal(retryDelayMs(1, DEFAULT_BACKOFF, "0"), 500, "never under the floor");
  });

  it("429 without Retry-After, default policy: waits ≥ 0.5 s then ≥ 1 s (measured at the server), then succeeds", async () => {
    open(
      first(2, (_q, res) => sendJson(res, 429, { error_code: "TOO_MANY_REQUESTS", message: "slow down" })),
      { retry: undefined },
    );
    await select();
    assert.equal(server.hits.length, 3);
    const [g1, g2] = gaps(server);
    assert.ok(g1! >= 490 && g1! < 5000, `first wait ${g1} ms`);
    assert.ok(g2! >= 980 && g2! < 5000, `second wait ${g2} ms`);
  });

  it("Retry-After: 86400 is honoured only up to the cap", async () => {
    open(
      first(1, (_q, res) => sendJson(res, 429, {}, { "retry-after": "86400" })),
      { retry: { baseMs: 10, maxMs: 300, maxAttempts: 3 } },
    );
    const t0 = performance.now();
    await select();
    const waited = gaps(server)[0]!;
    assert.ok(waited >= 290 && performance.now() - t0 < 5000, `waited ${waited} ms`);
    await worksAfterwards();
  });

  it("Retry-After as an HTTP date is honoured", async () => {
    const at = new Date(Date.now() + 2000).toUTCString(); // second resolution: 1–2 s from now
    open(
      first(1, (_q, res) => sendJson(res, 503, {}, { "retry-after": at })),
      { retry: { baseMs: 10, maxMs: 5000, maxAttempts: 3 } },
    );
    await select();
    assert.ok(gaps(server)[0]! >= 900, `waited ${gaps(server)[0]} ms`);
  });

  it("a 503 storm gives up after maxAttempts with a clear message", async () => {
    open((_q, res) => sendJson(res, 503, { error_code: "TEMPORARILY_UNAVAILABLE", message: "warehouse is restarting" }), { retry: { baseMs: 5, maxMs: 20, maxAttempts: 4 } });
    await rejectsWith(select(), "QUERY_FAILED", /HTTP 503: TEMPORARILY_UNAVAILABLE: warehouse is restarting \(4 attempts\)/);
    assert.equal(server.hits.length, 4);
    await worksAfterwards();
  });

  it("a connection dropped mid-answer is retried and the statement succeeds", async () => {
    open(first(1, (_q, res) => dropMidway(res)));
    await select();
    assert.equal(server.hits.length, 2);
  });

  it("a connection closed before any answer, every time: 'dropped 3 times in a row'", async () => {
    open((req) => dropNow(req));
    await rejectsWith(select(), "READ_FAILED", /connection to 127\.0\.0\.1:\d+ was dropped 3 times in a row \((UND_ERR_SOCKET|ECONNRESET)/);
    assert.equal(server.hits.length, 3);
    await worksAfterwards();
  });

  it("a server that never answers: 'No answer from … in 300 ms', not 'could not reach', and no retry", async () => {
    open(hang, { requestTimeoutMs: 300 });
    const t0 = performance.now();
    const e = await rejectsWith(select(), "READ_FAILED", /^No answer from 127\.0\.0\.1:\d+ in 300 ms\./);
    assert.ok(performance.now() - t0 < 3000);
    assert.doesNotMatch(e.message, /could not (reach|connect)/i);
    assert.equal(server.hits.length, 1);
    await worksAfterwards();
  });

  it("headers then a stalled body also hit the time limit", async () => {
    open((_q, res) => (res.writeHead(200, { "content-type": "application/json" }), res.write('{"statement_id":')), { requestTimeoutMs: 300 });
    await rejectsWith(select(), "READ_FAILED", /No answer from 127\.0\.0\.1:\d+ in 300 ms/);
    await worksAfterwards();
  });

  it("nothing listening: 'Could not connect', distinct from a timeout", async () => {
    const gone = await startHostileServer(warehouse);
    await gone.close();
    const c = createClient({ host: gone.url, token: TOKEN, retry: FAST });
    await rejectsWith(executeStatement(c, "SELECT 1", { warehouseId: "w" }), "READ_FAILED", /^Could not connect to 127\.0\.0\.1:\d+ \(.*ECONNREFUSED/);
  });

  it("an HTML page with status 200 is a typed error naming the host, not a SyntaxError", async () => {
    open((_q, res) => (res.writeHead(200, { "content-type": "text/html" }), res.end("<html><head><title>Sign in</title></head><body>login</body></html>")));
    await rejectsWith(select(), "READ_FAILED", /Databricks at 127\.0\.0\.1:\d+ answered with something that is not a JSON object \(status 200, starts with '<html><head><title>Sign in/);
    await worksAfterwards();
  });

  it("an HTML 502 from a gateway is retried, then reported with its start", async () => {
    open((_q, res) => (res.writeHead(502, { "content-type": "text/html" }), res.end(`<html><body>Bad gateway ${TOKEN}</body></html>`)));
    await rejectsWith(select(), "QUERY_FAILED", /HTTP 502: starts with '<html><body>Bad gateway .*\(3 attempts\)/);
    await worksAfterwards();
  });

  it("truncated JSON and a JSON null are typed errors", async () => {
    open((_q, res) => sendJson(res, 200, '{"statement_id": "s1", "status": {"sta'));
    await rejectsWith(select(), "READ_FAILED", /not a JSON object \(status 200, starts with '\{"statement_id": "s1"/);
    open((_q, res) => sendJson(res, 200, "null"));
    await rejectsWith(select(), "READ_FAILED", /not a JSON object \(status 200, starts with 'null'\)/);
    await worksAfterwards();
  });

  it("a statement answer without statement_id / status is refused instead of polling 'undefined' for 15 minutes", async () => {
    open((_q, res) => sendJson(res, 200, { hello: "world" }));
    await rejectsWith(select(), "QUERY_FAILED", /without a statement_id and status\.state \(keys: hello\)/);
    await worksAfterwards();
  });

  it("a 200 MB answer (declared) is refused without reading it", async () => {
    open((_q, res) => streamBytes(res, 200 * 1024 * 1024, true));
    const t0 = performance.now();
    await rejectsWith(select(), "READ_FAILED", /too large \(it declares 200 MB; the limit is 50 MB\)/);
    assert.ok(performance.now() - t0 < 5000);
    await worksAfterwards();
  });

  it("an undeclared endless answer stops at the cap", async () => {
    open((_q, res) => streamBytes(res, 8 * 1024 * 1024, false), { maxResponseBytes: 2 * 1024 * 1024 });
    await rejectsWith(select(), "READ_FAILED", /too large \(it sent more than 2\.0 MB; the limit is 2\.0 MB\)/);
    await worksAfterwards();
  });

  it("a redirect to another host is not followed: the other host never sees the token", async () => {
    const other = await startHostileServer(warehouse);
    try {
      open((_q, res) => (res.writeHead(302, { location: `${other.url}/api/2.0/sql/statements` }), res.end()));
      await rejectsWith(select(), "READ_FAILED", new RegExp(`redirect \\(HTTP 302\\) to http://127\\.0\\.0\\.1:${other.port}; it was not followed`));
      assert.equal(other.hits.length, 0);
      await worksAfterwards();
    } finally {
      await other.close();
    }
  });

  it("http:// to a host that is not loopback is refused before any connection, even with the opt-in", async () => {
    // 0.0.0.0 reaches this machine's servers on Linux, but it is not a loopback name we accept.
    assert.throws(
      () => createClient({ host: `http://0.0.0.0:${server.port}`, token: TOKEN }),
      (e: MMMError) => e.code === "INVALID_ARGUMENT" && /over plain http .*nothing was sent/.test(e.message) && /https:\/\/0\.0\.0\.0/.test(e.hint),
    );
    assert.throws(() => createClient({ host: "http://adb-123.azuredatabricks.net", token: TOKEN }), /Use https:\/\/adb-123\.azuredatabricks\.net in DATABRICKS_HOST/);
    assert.equal(server.hits.length, 0);
  });

  it("http://127.0.0.1 without the opt-in is refused before any connection; the option alone opts in", async () => {
    delete process.env[ALLOW_HTTP_ENV];
    assert.throws(() => createClient({ host: server.url, token: TOKEN }), /uses plain http; nothing was sent.*allowInsecureLocalhost/s);
    assert.throws(() => databricksAuth({ host: server.url, clientId: "id", clientSecret: "secret-0000" }), /uses plain http/);
    assert.equal(server.hits.length, 0);
    client = createClient({ host: server.url, token: TOKEN, allowInsecureLocalhost: true });
    await worksAfterwards();
  });

  it("a result link pointing to plain http on another host is refused; the chunk server sees nothing", async () => {
    const store = await startHostileServer((_q, res) => res.end("arrow bytes"));
    try {
      open((_q, res) =>
        sendJson(res, 200, {
          statement_id: "s1",
          status: { state: "SUCCEEDED" },
          manifest: { format: "ARROW_STREAM", total_chunk_count: 1, schema: { columns: [] } },
          result: { external_links: [{ chunk_index: 0, external_link: `http://0.0.0.0:${store.port}/chunk?sig=1` }] },
        }),
      );
      const r = await select();
      await assert.rejects(r.chunks().next(), (e: MMMError) => e.code === "INVALID_ARGUMENT" && /result links/.test(e.hint));
      assert.equal(store.hits.length, 0);
    } finally {
      await store.close();
    }
  });

  it("a result chunk whose connection drops once is downloaded on the retry, without Authorization", async () => {
    const store = await startHostileServer((_q, res, _h, i) => (i === 0 ? dropMidway(res) : res.end("arrow bytes")));
    try {
      open((_q, res) =>
        sendJson(res, 200, {
          statement_id: "s1",
          status: { state: "SUCCEEDED" },
          manifest: { format: "ARROW_STREAM", total_chunk_count: 1, schema: { columns: [] } },
          result: { external_links: [{ chunk_index: 0, external_link: `${store.url}/chunk?sig=1` }] },
        }),
      );
      const r = await select();
      const chunk = (await r.chunks().next()).value as Buffer;
      assert.equal(chunk.toString(), "arrow bytes");
      assert.equal(store.hits.length, 2);
      for (const h of store.hits) assert.equal(h.headers.authorization, undefined);
    } finally {
      await store.close();
    }
  });

  it("401 and 403 that echo the token: clear messages without it", async () => {
    open((_q, res) => sendJson(res, 401, { error_code: "UNAUTHENTICATED", message: `Invalid access token ${TOKEN}` }));
    await rejectsWith(select(), "LLM_AUTH", /refused the credentials .*HTTP 401: UNAUTHENTICATED/);
    open((_q, res) => sendJson(res, 403, { error_code: "PERMISSION_DENIED", message: `Bearer ${TOKEN} lacks CAN USE` }));
    const e = await rejectsWith(select(), "LLM_AUTH", /denied access \(HTTP 403: PERMISSION_DENIED/);
    assert.match(e.hint, /CAN USE on the SQL warehouse/);
    assert.equal(server.hits.length, 2, "auth errors are not retried");
    await worksAfterwards();
  });

  it("an OAuth token endpoint answering HTML is a typed error without the client secret", async () => {
    const secret = "oauth-secret-canary-77aa";
    server.handle = (_q, res) => (res.writeHead(200, { "content-type": "text/html" }), res.end("<html>proxy login</html>"));
    const auth = databricksAuth({ host: server.url, clientId: "sp", clientSecret: secret });
    await assert.rejects(auth.token(), (e: MMMError) => e.code === "LLM_AUTH" && /not JSON \(status 200, starts with '<html>proxy login/.test(e.message) && !JSON.stringify(e.toJSON()).includes(secret));
  });
});
