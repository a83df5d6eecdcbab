/**
 * The SQL Statement Execution client against a local server speaking the protocol: polling through
 * PENDING → RUNNING → SUCCEEDED, multi-chunk Arrow results from presigned URLs that receive no
 * Authorization header, FAILED with the warehouse's message, 429 retries, timeout/abort → cancel,
 * a wrong token (401) reported without the token, warehouse discovery, and OAuth M2M + SQL +
 * Model Serving chat on one workspace.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { MMMError } from "../../../kernel-lib/src";
import { pl } from "../../../kernel-lib/src/data/polars";
import { databricksAuth, authorisedFetch } from "../../../kernel-lib/src/databricks/auth";
import { createClient } from "../../../kernel-lib/src/databricks/http";
import { openSqlSession } from "../../../kernel-lib/src/databricks/session";
import { executeStatement } from "../../../kernel-lib/src/databricks/statements";
import { startFakeWarehouse, type FakeWarehouse, type Outcome } from "../../helpers/fakeWarehouse";
import { tempDir } from "../../helpers/fixtures";
import { allowLocalHttp } from "../../helpers/localHttp";

const TOKEN = "dapi-sql-test-token-0123456789";
const frame = pl.DataFrame({ id: [1, 2, 3, 4, 5], name: ["a", "b", "c", "d", "e"], x: [0.5, 1.5, 2.5, 3.5, 4.5] });

describe("Databricks SQL statements (local protocol server)", function () {
  allowLocalHttp();
  this.timeout(30_000);
  let server: FakeWarehouse | undefined;
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of ["DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE", "DATABRICKS_WAREHOUSE_ID"]) delete process.env[k];
    process.env.DATABRICKS_CONFIG_FILE = path.join(tempDir(), "none");
  });
  afterEach(async () => {
    process.env = { ...saved };
    await server?.close();
    server = undefined;
  });

  const start = async (onStatement: (sql: string) => Outcome | undefined, extra: Partial<Parameters<typeof startFakeWarehouse>[0]> = {}) => {
    server = await startFakeWarehouse({ token: TOKEN, onStatement, ...extra });
    return createClient({ host: server.url, token: TOKEN, backoffMs: 1 });
  };

  it("polls PENDING → RUNNING → SUCCEEDED and streams three Arrow chunks; presigned URLs get no Authorization", async () => {
    const client = await start(() => ({ frame, states: ["PENDING", "RUNNING"], chunkRows: 2 }));
    const session = await openSqlSession({ client, warehouseId: "wh-1", pollIntervalMs: 5 });
    const df = await session.query("SELECT * FROM `main`.`s`.`t` WHERE name <> :n", [{ name: "n", value: "z" }]);
    assert.ok(df.frameEqual(frame));
    const body = server!.statements[0]!.body;
    assert.equal(body.warehouse_id, "wh-1");
    assert.equal(body.disposition, "EXTERNAL_LINKS");
    assert.equal(body.format, "ARROW_STREAM");
    assert.deepEqual(body.parameters, [{ name: "n", value: "z", type: "STRING" }]);
    assert.deepEqual(
      server!.log.filter((l) => l.startsWith("GET /api/2.0/sql/statements/stmt-1")),
      ["GET /api/2.0/sql/statements/stmt-1", "GET /api/2.0/sql/statements/stmt-1", "GET /api/2.0/sql/statements/stmt-1/result/chunks/1", "GET /api/2.0/sql/statements/stmt-1/result/chunks/2"],
    );
    assert.equal(server!.chunkRequests.length, 3);
    for (const h of server!.chunkRequests) assert.equal(h.authorization, undefined);
    assert.equal(session.stats.responseBytes, server!.bytes.sent);
  });

  it("PENDING → FAILED gives the warehouse's message and a hint", async () => {
    const client = await start(() => ({ failed: "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column `spnd` cannot be resolved.", errorCode: "BAD_REQUEST", states: ["PENDING"] }));
    await assert.rejects(
      executeStatement(client, "SELECT spnd FROM t", { warehouseId: "w", pollIntervalMs: 5 }),
      (e: MMMError) => e.code === "QUERY_FAILED" && /failed \(BAD_REQUEST\): \[UNRESOLVED_COLUMN.*`spnd`/.test(e.message) && /column names/.test(e.hint),
    );
  });

  it("retries HTTP 429 with backoff, then succeeds", async () => {
    const client = await start(() => ({ frame }), { throttle: 2 });
    const df = await (await openSqlSession({ client, warehouseId: "w" })).query("SELECT 1");
    assert.equal(df.height, 5);
    assert.deepEqual(server!.log.filter((l) => l === "POST /api/2.0/sql/statements").length, 3);
  });

  it("gives up after maxAttempts of 429 with a clear message", async () => {
    server = await startFakeWarehouse({ token: TOKEN, throttle: 10, onStatement: () => ({ frame }) });
    const client = createClient({ host: server.url, token: TOKEN, backoffMs: 1, maxAttempts: 3 });
    await assert.rejects(executeStatement(client, "SELECT 1", { warehouseId: "w" }), (e: MMMError) => e.code === "QUERY_FAILED" && /HTTP 429: TOO_MANY_REQUESTS/.test(e.message) && /try again/.test(e.hint));
  });

  it("a statement that outlives the timeout is cancelled; so is one whose signal aborts", async () => {
    const client = await start(() => ({ states: ["PENDING"], never: true }));
    await assert.rejects(executeStatement(client, "SELECT slow()", { warehouseId: "w", timeoutMs: 150, pollIntervalMs: 10 }), /did not finish within 0 s and was cancelled/);
    assert.deepEqual(server!.cancelled, ["stmt-1"]);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    // Usually the abort lands while polling (cancelled); on a loaded machine it can land during the POST itself.
    await assert.rejects(
      executeStatement(client, "SELECT slow()", { warehouseId: "w", signal: ac.signal, pollIntervalMs: 10 }),
      (e: MMMError) => e.code === "QUERY_FAILED" && /was interrupted (and was cancelled|before Databricks answered)/.test(e.message),
    );
    // Interrupted before Databricks answered: no statement to cancel, a clear error instead of fetch's AbortError.
    const before = new AbortController();
    before.abort();
    await assert.rejects(
      executeStatement(client, "SELECT slow()", { warehouseId: "w", signal: before.signal }),
      (e: MMMError) => e.code === "QUERY_FAILED" && /interrupted before Databricks answered/.test(e.message) && /Run it again/.test(e.hint),
    );
    assert.deepEqual(server!.cancelled, ["stmt-1", "stmt-2"]);
  });

  it("a wrong token gives a clear 401 message that does not contain the token", async () => {
    server = await startFakeWarehouse({ token: TOKEN, onStatement: () => ({ frame }) });
    const wrong = "dapi-wrong-token-9876543210";
    const client = createClient({ host: server.url, token: wrong });
    await assert.rejects(executeStatement(client, "SELECT 1", { warehouseId: "w" }), (e: MMMError) => {
      assert.equal(e.code, "LLM_AUTH");
      assert.match(e.message, /refused the credentials .*HTTP 401: UNAUTHENTICATED: Invalid access token: \[REDACTED\]/);
      assert.match(e.hint, /DATABRICKS_TOKEN/);
      assert.ok(!JSON.stringify(e.toJSON()).includes(wrong) && !String(e.stack).includes(wrong));
      return true;
    });
  });

  it("without DATABRICKS_WAREHOUSE_ID a running warehouse is chosen and the choice explained", async () => {
    const warehouses = [
      { id: "wh-stopped", name: "Old", state: "STOPPED" },
      { id: "wh-run", name: "Shared", state: "RUNNING" },
    ];
    const client = await start(() => ({ frame }), { warehouses });
    const s = await openSqlSession({ client });
    assert.equal(s.warehouse.id, "wh-run");
    assert.match(s.warehouse.reason, /'Shared' \(wh-run\): the first running one of 2/);
    await s.query("SELECT 1");
    assert.equal(server!.statements[0]!.body.warehouse_id, "wh-run");
    process.env.DATABRICKS_WAREHOUSE_ID = "wh-env";
    const before = server!.log.length;
    assert.equal((await openSqlSession({ client })).warehouse.id, "wh-env");
    assert.equal(server!.log.length, before, "no listing when the id is configured");
  });

  it("no running warehouse: the first is chosen with a note that it must start", async () => {
    const client = await start(() => ({ frame }), { warehouses: [{ id: "w1", name: "A", state: "STOPPED" }] });
    assert.match((await openSqlSession({ client })).warehouse.reason, /none of 1 is running.*will be started/);
  });

  it("OAuth M2M: one token from /oidc/v1/token serves SQL statements and Model Serving chat", async () => {
    server = await startFakeWarehouse({ client: { id: "sp-id", secret: "sp-secret-abcdef" }, onStatement: () => ({ frame }) });
    const auth = databricksAuth({ host: server.url, clientId: "sp-id", clientSecret: "sp-secret-abcdef" });
    const s = await openSqlSession({ auth, warehouseId: "w" });
    assert.equal((await s.query("SELECT 1")).height, 5);
    const chat = await authorisedFetch(auth)(`${server.url}/serving-endpoints/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "ping" }] }) });
    assert.equal(((await chat.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, "pong");
    assert.equal(server.log.filter((l) => l === "POST /oidc/v1/token").length, 1);
    for (const h of server.chunkRequests) assert.equal(h.authorization, undefined);
  });
});
