/**
 * Hostile OpenAI-protocol servers (issue #19, item 8) against the agent's LLM client: throttling
 * without Retry-After, connections dropped before or during the answer, silence, HTML, truncated
 * JSON, completions without choices, invalid tool-call arguments, a 20 MB reply, 200 MB bodies,
 * redirects and plain http. Each case ends in a typed error (or the right reply), never shows the
 * API key or token, and the same agent answers normally afterwards.
 */
import { strict as assert } from "node:assert";
import { initMMM, MMMAgent, MMMError } from "../../kernel-lib/src";
import type { OpenAiCompatibleSpec } from "../../kernel-lib/src/agent/llm/openai";
import { ALLOW_HTTP_ENV } from "../../kernel-lib/src/net/secureUrl";
import { dropMidway, dropNow, hang, sendJson, startHostileServer, streamBytes, type Handler, type HostileServer } from "../helpers/hostileServer";
import { allowLocalHttp } from "../helpers/localHttp";
import { rejectsWithCode } from "../helpers/assertions";

const KEY = "sk-llm-canary-93be0d7a51c4";
const rejectsWith = (p: Promise<unknown>, code: string, pattern: RegExp) => rejectsWithCode(p, code, pattern, KEY);
const FAST = { baseMs: 5, maxMs: 50, maxAttempts: 3 };

let ids = 0;
const completion = (message: Record<string, unknown>) => ({ id: `chatcmpl-${++ids}`, object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "stop" }] });
const reply =
  (text: string): Handler =>
  (_q, res) =>
    sendJson(res, 200, completion({ content: text }));
const first =
  (times: number, bad: Handler, then: Handler = reply("fine")): Handler =>
  (req, res, hit, i) =>
    i < times ? bad(req, res, hit, i) : then(req, res, hit, i);

describe("security: hostile LLM servers", function () {
  allowLocalHttp();
  this.timeout(60_000);
  let server: HostileServer;
  let agent: MMMAgent;
  const spec = (o: Partial<OpenAiCompatibleSpec> = {}): OpenAiCompatibleSpec => ({ provider: "openai-compatible", baseURL: `${server.url}/v1`, model: "m", apiKey: KEY, retry: FAST, ...o });
  const open = (handler: Handler, o: Partial<OpenAiCompatibleSpec> = {}) => {
    server.handle = handler;
    agent = new MMMAgent({ llm: spec(o) });
    return agent;
  };
  const worksAfterwards = async () => {
    server.handle = reply("all good again");
    assert.equal((await agent.ask("again?")).reply, "all good again");
  };

  before(async () => (server = await startHostileServer(reply("hello"))));
  beforeEach(() => void (server.hits.length = 0));
  after(() => server.close());

  it("429 without Retry-After, default policy: the retry comes ≥ 0.5 s later (measured at the server)", async () => {
    open(
      first(1, (_q, res) => sendJson(res, 429, { error: { message: "rate limited" } })),
      { retry: undefined },
    );
    assert.equal((await agent.ask("hi")).reply, "fine");
    assert.equal(server.hits.length, 2);
    const gap = server.hits[1]!.at - server.hits[0]!.at;
    assert.ok(gap >= 490 && gap < 5000, `waited ${gap} ms`);
  });

  it("a connection closed before any answer (UND_ERR_SOCKET / ECONNRESET) is retried", async () => {
    open(first(2, (req) => dropNow(req)));
    assert.equal((await agent.ask("hi")).reply, "fine");
    assert.equal(server.hits.length, 3);
  });

  it("a connection dropped mid-answer is retried", async () => {
    open(first(1, (_q, res) => dropMidway(res)));
    assert.equal((await agent.ask("hi")).reply, "fine");
    assert.equal(server.hits.length, 2);
  });

  it("a connection dropped every time: LLM_UNREACHABLE 'dropped', after maxAttempts", async () => {
    open((req) => dropNow(req));
    await rejectsWith(agent.ask("hi"), "LLM_UNREACHABLE", /connection to the LLM endpoint 'm' at .* was dropped before the answer was complete \((UND_ERR_SOCKET|ECONNRESET)/);
    assert.equal(server.hits.length, 3);
    await worksAfterwards();
  });

  it("a server that never answers: 'No answer from … in 300 ms', not retried", async () => {
    open(hang, { timeoutMs: 300 });
    const t0 = performance.now();
    await rejectsWith(agent.ask("hi"), "LLM_UNREACHABLE", /^No answer from the LLM endpoint 'm' at 127\.0\.0\.1:\d+ in 300 ms\./);
    assert.ok(performance.now() - t0 < 5000);
    assert.equal(server.hits.length, 1);
    await worksAfterwards();
  });

  it("headers then a stalled body hit the same limit (the SDK's own timeout stops at the headers)", async () => {
    open((_q, res) => (res.writeHead(200, { "content-type": "application/json" }), res.write('{"id":"x","choices":[')), { timeoutMs: 300 });
    await rejectsWith(agent.ask("hi"), "LLM_UNREACHABLE", /No answer from the LLM endpoint .* in 300 ms/);
    await worksAfterwards();
  });

  it("an HTML page with status 200 is LLM_FAILED 'not JSON', not a SyntaxError", async () => {
    open((_q, res) => (res.writeHead(200, { "content-type": "text/html" }), res.end("<html><body>Proxy login</body></html>")));
    await rejectsWith(agent.ask("hi"), "LLM_FAILED", /answered with something that is not JSON \(status 200, starts with '<html><body>Proxy login/);
    assert.equal(server.hits.length, 1, "garbage is not retried");
    await worksAfterwards();
  });

  it("truncated JSON is LLM_FAILED", async () => {
    open((_q, res) => sendJson(res, 200, '{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assis'));
    await rejectsWith(agent.ask("hi"), "LLM_FAILED", /not JSON \(status 200, starts with '\{"id":"chatcmpl-1"/);
    await worksAfterwards();
  });

  it("a completion without choices names what is missing (and quotes the server's error, redacted)", async () => {
    open((_q, res) => sendJson(res, 200, { id: "x", object: "chat.completion", error: { message: `quota exceeded for key ${KEY}` } }));
    const e = await rejectsWith(agent.ask("hi"), "LLM_FAILED", /answered without `choices` \(keys: id, object, error\); it says: quota exceeded for key/);
    assert.doesNotMatch(e.message, /Cannot read properties/);
    await worksAfterwards();
  });

  it("an empty choices array, and a choice without message, are LLM_FAILED", async () => {
    open((_q, res) => sendJson(res, 200, { id: "x", choices: [] }));
    await rejectsWith(agent.ask("hi"), "LLM_FAILED", /answered without any choice \(`choices` is empty\)/);
    open((_q, res) => sendJson(res, 200, { id: "x", choices: [{ index: 0, finish_reason: "stop" }] }));
    await rejectsWith(agent.ask("hi"), "LLM_FAILED", /without a `message` in choices\[0\]/);
    await worksAfterwards();
  });

  it("tool calls with invalid JSON arguments come back to the model as tool errors; the run completes", async () => {
    const bad = { tool_calls: [{ id: "call_bad", type: "function", function: { name: "get_phase", arguments: '{"oops": ' } }], content: null };
    open(first(1, (_q, res) => sendJson(res, 200, completion(bad)), reply("recovered")));
    const run = await agent.ask("hi");
    assert.equal(run.status, "completed");
    assert.equal(run.reply, "recovered");
    const tool = JSON.parse(server.hits[1]!.body).messages.find((m: { role: string }) => m.role === "tool") as { content: string };
    assert.match(tool.content, /not valid JSON/);
  });

  it("a 20 MB reply is kept whole in run.reply, but the cell shows at most ~20k characters", async () => {
    const big = "x".repeat(20 * 1024 * 1024);
    server.handle = reply(big);
    const shown: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void shown.push(a.map(String).join(" ")); // outside a kernel, bundles print their text
    try {
      const nb = await initMMM({ source: [{ date: "2024-01-01", sales: 1, tv_spend: 1 }], llm: spec() });
      shown.length = 0;
      const run = await nb.ask("write a novel");
      assert.equal(run.reply.length, big.length);
    } finally {
      console.log = log;
    }
    const out = shown.join("\n");
    assert.ok(out.length < 25_000, `displayed ${out.length} characters`);
    assert.match(out, /truncated for display: 20,971,520 characters in all/);
  });

  it("a 200 MB answer is refused by its declared length; an undeclared stream stops at the 50 MB cap", async () => {
    open((_q, res) => streamBytes(res, 200 * 1024 * 1024, true));
    await rejectsWith(agent.ask("hi"), "LLM_FAILED", /too large \(it declares 200 MB; the limit is 50 MB\)/);
    server.handle = (_q, res) => streamBytes(res, 60 * 1024 * 1024, false);
    await rejectsWith(agent.ask("hi"), "LLM_FAILED", /too large \(it sent more than 50 MB/);
    await worksAfterwards();
  });

  it("a redirect to another host is not followed: the other host never sees the API key", async () => {
    const other = await startHostileServer(reply("stolen"));
    try {
      open((_q, res) => (res.writeHead(307, { location: `${other.url}/v1/chat/completions` }), res.end()));
      await rejectsWith(agent.ask("hi"), "LLM_FAILED", new RegExp(`redirect \\(HTTP 307\\) to http://127\\.0\\.0\\.1:${other.port}; it was not followed`));
      assert.equal(other.hits.length, 0);
      await worksAfterwards();
    } finally {
      await other.close();
    }
  });

  it("http:// to a non-loopback host is refused before any connection, even with the opt-in", () => {
    assert.throws(
      () => new MMMAgent({ llm: spec({ baseURL: `http://0.0.0.0:${server.port}/v1` }) }),
      (e: MMMError) => e.code === "INVALID_ARGUMENT" && /over plain http/.test(e.message) && /baseURL/.test(e.hint),
    );
    assert.throws(() => new MMMAgent({ llm: { provider: "databricks", host: "http://adb-1.azuredatabricks.net", token: "dapi-x-0000000000", endpoint: "e" } }), /Use https:\/\/adb-1\.azuredatabricks\.net in DATABRICKS_HOST/);
    assert.equal(server.hits.length, 0);
  });

  it("a local llama.cpp-style server on http://localhost works only with the opt-in (option or environment)", async () => {
    delete process.env[ALLOW_HTTP_ENV];
    assert.throws(() => new MMMAgent({ llm: spec() }), /uses plain http; nothing was sent/);
    assert.equal(server.hits.length, 0);
    server.handle = reply("local model here");
    const local = new MMMAgent({ llm: spec({ baseURL: `http://localhost:${server.port}/v1`, allowInsecureLocalhost: true }) });
    assert.equal((await local.ask("hi")).reply, "local model here");
  });

  it("401 and 403 that echo the key: LLM_AUTH without it, not retried", async () => {
    open((_q, res) => sendJson(res, 401, { error: { message: `Incorrect API key provided: ${KEY}` } }));
    await rejectsWith(agent.ask("hi"), "LLM_AUTH", /refused the credentials \(HTTP 401\)/);
    open((_q, res) => sendJson(res, 403, { error: { message: `key ${KEY} may not query this endpoint` } }));
    await rejectsWith(agent.ask("hi"), "LLM_AUTH", /HTTP 403/);
    assert.equal(server.hits.length, 2);
    await worksAfterwards();
  });

  it("Databricks Model Serving: a dropped connection is retried and a redirect never carries the token", async () => {
    const token = "dapi-serving-canary-4c1e2b";
    const other = await startHostileServer(reply("stolen"));
    try {
      server.handle = first(1, (req) => dropNow(req), reply("served"));
      const db = new MMMAgent({ llm: { provider: "databricks", host: server.url, token, endpoint: "e", retry: FAST } });
      assert.equal((await db.ask("hi")).reply, "served");
      assert.equal(server.hits[1]!.headers.authorization, `Bearer ${token}`);
      server.handle = (_q, res) => (res.writeHead(302, { location: `${other.url}/x` }), res.end());
      const e = await db.ask("hi").then(
        () => undefined,
        (err: MMMError) => err,
      );
      assert.ok(e instanceof MMMError && /not followed/.test(e.message) && !JSON.stringify(e.toJSON()).includes(token));
      assert.equal(other.hits.length, 0);
    } finally {
      await other.close();
    }
  });
});
