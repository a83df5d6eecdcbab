/**
 * The Databricks Model Serving and OpenAI-compatible providers through the real graph, against a
 * local server that speaks the chat-completions protocol with scripted tool calls.
 */
import * as assert from "node:assert/strict";
import { MMMAgent, samplePath, type MMMError } from "../../../kernel-lib/src";
import { toolScope } from "../../../kernel-lib/src/agent/toolScope";
import { startOpenAiServer, toolMessages, type OpenAiTestServer } from "../../helpers/openaiServer";
import { allowLocalHttp } from "../../helpers/localHttp";

const TOKEN = "dapi-test-secret-0123456789abcdef";

describe("agent with an OpenAI-protocol LLM", function () {
  allowLocalHttp();
  this.timeout(60_000);
  let server: OpenAiTestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("Databricks provider: tool calls, an ask_user interrupt and its resume on the same thread", async () => {
    server = await startOpenAiServer([
      { toolCalls: [{ name: "get_data_status", args: {} }] },
      { toolCalls: [{ name: "ask_user_to_choose", args: { question: "Which model should I fit?", options: ["ridge", "bayesian"] } }] },
      { content: "You chose the ridge model. Fitting it next." },
    ]);
    const agent = new MMMAgent({ llm: { provider: "databricks", host: server.url, token: TOKEN, endpoint: "my-claude" } });
    await agent.engine.loadData(samplePath("sample"));
    const first = await agent.ask("Which model do you recommend?");
    assert.equal(first.status, "waiting_for_user");
    assert.equal(first.question!.prompt, "Which model should I fit?");
    assert.deepEqual(first.question!.options, ["ridge", "bayesian"]);
    const done = await agent.answer(first.question!.id, "ridge");
    assert.equal(done.status, "completed");
    assert.equal(done.reply, "You chose the ridge model. Fitting it next.");

    assert.equal(server.requests.length, 3);
    for (const r of server.requests) {
      assert.equal(r.path, "/serving-endpoints/chat/completions");
      assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(r.body.model, "my-claude");
    }
    // Each call binds its phase's scope (agent/toolScope.ts), not all 44 tools.
    const bound = (i: number) => server!.requests[i]!.body.tools!.map((t) => t.function.name);
    assert.deepEqual(bound(0), toolScope("IDLE", []));
    assert.deepEqual(bound(1), toolScope("DATA_LOADING", []));
    assert.ok(bound(0).length < 32 && bound(0).includes("use_tool"));
    const status = JSON.parse(toolMessages(server.requests[1]!)[0]!.content) as { loaded: boolean; rows: number };
    assert.deepEqual([status.loaded, status.rows], [true, 156]);
    assert.deepEqual(JSON.parse(toolMessages(server.requests[2]!)[1]!.content), { answer: "ridge" });
    // The system prompt carries the phase's guidance and moves with the phase.
    const system = (i: number) => String(server!.requests[i]!.body.messages[0]!.content);
    assert.match(system(0), /Current phase: IDLE/);
    assert.match(system(1), /Current phase: DATA_LOADING/);
    // The token never reaches the trace or the reply.
    assert.ok(!JSON.stringify(done.trace).includes(TOKEN) && !JSON.stringify(first.trace).includes(TOKEN));
  });

  it("malformed tool calls come back as tool errors and the run continues", async () => {
    server = await startOpenAiServer([
      { toolCalls: [{ name: "get_dat_status", args: {} }] },
      { toolCalls: [{ name: "get_column_stats", args: '{"column": "tv_spend"' }] },
      { toolCalls: [{ name: "get_column_stats", args: { col: 3 } }] },
      { toolCalls: [{ name: "get_column_stats", args: { column: "tv_spnd" } }] },
      { content: "Recovered." },
    ]);
    const agent = new MMMAgent({ llm: { provider: "openai-compatible", baseURL: `${server.url}/v1`, model: "local-model", apiKey: "sk-local" } });
    await agent.engine.loadData(samplePath("sample"));
    const run = await agent.ask("Tell me about tv_spend");
    assert.equal(run.status, "completed");
    assert.equal(run.reply, "Recovered.");
    const answer = (i: number) => JSON.parse(toolMessages(server!.requests[i]!).at(-1)!.content) as { error: string; hint?: string };
    assert.match(answer(1).error, /Unknown tool 'get_dat_status'/);
    assert.match(answer(1).hint!, /Did you mean get_data_status/);
    assert.match(answer(2).error, /not valid JSON/);
    assert.match(answer(3).error, /Invalid arguments for get_column_stats: 'column'/);
    assert.match(answer(4).error, /tv_spnd/);
    assert.match(answer(4).error + answer(4).hint, /tv_spend/);
    assert.equal(server.requests[0]!.path, "/v1/chat/completions");
    assert.equal(run.trace.filter((e) => e.type === "tool" && !e.ok).length, 4);
  });

  it("ends a looping model at the step limit with a summary, and the thread stays usable", async () => {
    let loop = true;
    server = await startOpenAiServer(() => (loop ? { toolCalls: [{ name: "get_phase", args: {} }] } : { content: "Back to work." }));
    const agent = new MMMAgent({ llm: { provider: "openai-compatible", baseURL: server.url, model: "m" }, config: { maxAgentSteps: 5 } });
    const run = await agent.ask("Loop forever");
    assert.equal(run.status, "step_limit");
    assert.equal(run.steps, 5);
    assert.equal(server.requests.length, 5);
    assert.match(run.reply, /stopped after 5 steps/);
    assert.ok(run.trace.some((e) => e.type === "limit"));
    loop = false;
    const next = await agent.ask("continue");
    assert.equal(next.status, "completed");
    assert.equal(next.reply, "Back to work.");
  });

  it("retries a 429 and then succeeds", async () => {
    server = await startOpenAiServer([{ status: 429, error: "Too many requests" }, { content: "Hello after a retry." }]);
    const agent = new MMMAgent({ llm: { provider: "openai-compatible", baseURL: server.url, model: "m" } });
    const run = await agent.ask("hello");
    assert.equal(run.reply, "Hello after a retry.");
    assert.equal(server.requests.length, 2);
  });

  it("a wrong token gives a clear 401 message without echoing it; the session stays usable", async () => {
    server = await startOpenAiServer(() => ({ status: 401, error: `Invalid token ${TOKEN}` }));
    const agent = new MMMAgent({ llm: { provider: "databricks", host: server.url, token: TOKEN, endpoint: "e" } });
    await agent.engine.loadData(samplePath("sample"));
    const err = (await agent.ask("hello").then(
      () => undefined,
      (e: unknown) => e,
    )) as MMMError;
    assert.equal(err.code, "LLM_AUTH");
    assert.match(err.message, /refused the credentials \(HTTP 401\)/);
    assert.ok(!err.message.includes(TOKEN));
    assert.equal(agent.engine.status().rows, 156, "the loaded data is kept");
  });

  it("an unreachable endpoint gives a clear message", async () => {
    const probe = await startOpenAiServer([]);
    const url = probe.url;
    await probe.close();
    const agent = new MMMAgent({ llm: { provider: "openai-compatible", baseURL: url, model: "m", maxRetries: 0 } });
    await assert.rejects(agent.ask("hello"), (e: MMMError) => e.code === "LLM_UNREACHABLE" && /Could not reach the LLM endpoint 'm' at http:\/\/127\.0\.0\.1/.test(e.message));
  });
});
