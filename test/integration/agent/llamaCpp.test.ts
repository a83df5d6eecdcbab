/**
 * The llama-cpp provider (node-llama-cpp) with a tiny GGUF model generated here: random weights,
 * so the replies are gibberish; what is tested is the plumbing — loading, generating, seeding,
 * tool schemas as grammars, the conversation as node-llama-cpp history, clear errors, and a run of
 * the agent graph end to end.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { MMMAgent, resolveLlm, type MMMError } from "../../../kernel-lib/src";
import { toGbnfSchema } from "../../../kernel-lib/src/agent/llm/gbnfSchema";
import type { LlamaCppChatModel, LlamaCppSpec } from "../../../kernel-lib/src/agent/llm/llamaCpp";
import { toLlamaHistory } from "../../../kernel-lib/src/agent/llm/llamaCppHistory";
import { BUILTIN_TOOLS } from "../../../kernel-lib/src/tools/registry";
import { tinyGguf, writeTinyGguf } from "../../helpers/tinyGguf";

// One thread: the tiny model gains nothing from more, and on a busy machine they contend.
const BASE = { provider: "llama-cpp", threads: 1, gpu: false, contextSize: 2048, maxTokens: 16 } as const;

describe("llama-cpp provider with a tiny generated GGUF model", function () {
  this.timeout(120_000);
  let dir: string;
  let modelPath: string;
  const models: LlamaCppChatModel[] = [];
  const chat = (spec: Partial<LlamaCppSpec> = {}) => {
    const m = resolveLlm({ ...BASE, modelPath, ...spec }).model as LlamaCppChatModel;
    models.push(m);
    return m;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mmm-llama-"));
    modelPath = writeTinyGguf(join(dir, "tiny.gguf"), { seed: 7 });
  });
  after(async () => {
    for (const m of models) await m.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("resolves to a llama.cpp chat model that loads the file and replies with text", async () => {
    const resolved = resolveLlm({ ...BASE, modelPath });
    models.push(resolved.model as LlamaCppChatModel);
    assert.equal(resolved.provider, "llama-cpp");
    assert.equal(resolved.retry.maxRetries, 0);
    assert.match(resolved.label, /tiny\.gguf/);
    const reply = (await resolved.model.invoke([new SystemMessage("You are terse."), new HumanMessage("hello")])) as AIMessage;
    assert.equal(typeof reply.content, "string");
    assert.ok((reply.content as string).length > 0, "the random model still emits tokens");
    assert.deepEqual(reply.tool_calls, []);
    // A second multi-message call reuses the context sequence (LangChain's ChatLlamaCpp fails here).
    const again = (await resolved.model.invoke([new HumanMessage("hello"), new AIMessage("hi"), new HumanMessage("again")])) as AIMessage;
    assert.equal(typeof again.content, "string");
  });

  it("is deterministic at temperature 0, and for a given seed when sampling", async () => {
    const ask = async (spec: Partial<LlamaCppSpec>) => (await chat(spec).invoke([new HumanMessage("hello")])).content as string;
    assert.equal(await ask({ temperature: 0 }), await ask({ temperature: 0 }));
    const a = await ask({ temperature: 1, seed: 42 });
    assert.equal(a, await ask({ temperature: 1, seed: 42 }));
    const others = [await ask({ temperature: 1, seed: 1 }), await ask({ temperature: 1, seed: 2 })];
    assert.ok(
      others.some((o) => o !== a),
      "other seeds sample other tokens",
    );
  });

  it("gives node-llama-cpp the conversation with tool calls and their results in the model's turn", () => {
    const history = toLlamaHistory([
      new SystemMessage("phase IDLE"),
      new HumanMessage("Tell me about tv_spend"),
      new AIMessage({ content: "Checking.", tool_calls: [{ id: "c1", name: "get_column_stats", args: { column: "tv_spend" }, type: "tool_call" }] }),
      new ToolMessage({ content: '{"mean": 3}', tool_call_id: "c1", name: "get_column_stats" }),
      new AIMessage("The mean is 3."),
      new HumanMessage("Thanks"),
    ]);
    assert.deepEqual(history, [
      { type: "system", text: "phase IDLE" },
      { type: "user", text: "Tell me about tv_spend" },
      { type: "model", response: ["Checking.", { type: "functionCall", name: "get_column_stats", params: { column: "tv_spend" }, result: { mean: 3 } }, "The mean is 3."] },
      { type: "user", text: "Thanks" },
      { type: "model", response: [] },
    ]);
  });

  it("missing, non-GGUF and broken model files give clear errors", async () => {
    assert.throws(
      () => resolveLlm({ ...BASE, modelPath: join(dir, "nope.gguf") }),
      (e: MMMError) => e.code === "FILE_NOT_FOUND" && /No model file at '.*nope\.gguf'/.test(e.message) && /GGUF model file/.test(e.hint),
    );
    const text = join(dir, "model.bin");
    writeFileSync(text, "not a model");
    assert.throws(
      () => resolveLlm({ ...BASE, modelPath: text }),
      (e: MMMError) => e.code === "UNSUPPORTED_FORMAT" && /is not a GGUF model file/.test(e.message),
    );
    const broken = join(dir, "broken.gguf");
    writeFileSync(broken, tinyGguf({ seed: 7 }).subarray(0, 4000)); // an interrupted download
    const model = chat({ modelPath: broken });
    await assert.rejects(model.invoke([new HumanMessage("hello")]), (e: MMMError) => e.code === "CORRUPT_FILE" && /llama\.cpp could not load the model '.*broken\.gguf'/.test(e.message) && /complete GGUF model/.test(e.hint));
  });

  it("without node-llama-cpp installed, says exactly what to install", () => {
    // A child process in which the package cannot be resolved, as in a lean `npm install agentic-mmm`.
    const hide = `export async function resolve(s, c, next) { if (s === "node-llama-cpp") throw Object.assign(new Error("Cannot find package 'node-llama-cpp'"), { code: "ERR_MODULE_NOT_FOUND" }); return next(s, c); }`;
    const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hide)}`)});`;
    const script = `const { LlamaCppChatModel } = require("./kernel-lib/src/agent/llm/llamaCpp");
      new LlamaCppChatModel({ provider: "llama-cpp", modelPath: process.argv[1] }, { temperature: 0 }).invoke("hi")
        .then(() => console.log("{}"), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`;
    const child = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(register)}`, "--import", "tsx", "-e", script, modelPath], { cwd: join(__dirname, "../../.."), encoding: "utf8" });
    const out = JSON.parse(child.stdout.trim().split("\n").at(-1) || "{}") as { code?: string; message?: string };
    assert.equal(out.code, "DEPENDENCY_MISSING", child.stderr);
    assert.match(out.message!, /needs the optional package node-llama-cpp, which is not installed.*npm install node-llama-cpp@3\.21\.1/);
  });

  it("the agent graph runs on the local model end to end", async () => {
    const agent = new MMMAgent({ llm: { ...BASE, modelPath, contextSize: 32_768 }, config: { maxAgentSteps: 3 } });
    const run = await agent.ask("hello");
    assert.ok(run.status === "completed" || run.status === "step_limit", run.status);
    const llm = run.trace.filter((e) => e.type === "llm");
    assert.ok(llm.length >= 1);
    assert.equal(typeof run.reply, "string");
  });

  it("a function call from the model becomes a tool call the graph runs, and its result goes back", async () => {
    // Random weights never start a call, so node-llama-cpp's reply is scripted here (the model still loads).
    const { LlamaChat } = await import("node-llama-cpp");
    const original = LlamaChat.prototype.generateResponse;
    const histories: unknown[] = [];
    const replies = [
      { response: "", functionCalls: [{ functionName: "get_data_status", params: {}, raw: [] }], metadata: { stopReason: "functionCalls" } },
      { response: "No data is loaded yet.", metadata: { stopReason: "eogToken" } },
    ];
    LlamaChat.prototype.generateResponse = async function (history: unknown) {
      histories.push(structuredClone(history));
      return replies.shift() as never;
    } as typeof original;
    try {
      const agent = new MMMAgent({ llm: { ...BASE, modelPath } });
      const run = await agent.ask("Is there data?");
      assert.equal(run.status, "completed");
      assert.equal(run.reply, "No data is loaded yet.");
      assert.deepEqual(
        run.trace.filter((e) => e.type === "llm").map((e) => e.type === "llm" && e.toolCalls),
        [["get_data_status"], []],
      );
      assert.ok(run.trace.some((e) => e.type === "tool" && e.ok));
      const turn = (histories[1] as { type: string; response?: { type: string; name: string; result: { loaded: boolean } }[] }[]).at(-1)!;
      assert.equal(turn.type, "model");
      assert.equal(turn.response![0]!.name, "get_data_status");
      assert.equal(turn.response![0]!.result.loaded, false);
    } finally {
      LlamaChat.prototype.generateResponse = original;
    }
  });

  it("a context window too small for the agent's instructions gives a clear error", async () => {
    const agent = new MMMAgent({ llm: { ...BASE, modelPath, contextSize: 1024 } });
    await assert.rejects(agent.ask("hello"), (e: MMMError) => e.code === "LLM_FAILED" && /does not fit the context window/.test(e.message) && /Raise contextSize/.test(e.hint));
  });

  it("turns every built-in tool's schema into a grammar node-llama-cpp accepts", async () => {
    // Last: a second Llama instance takes over llama.cpp's (process-wide) log callback.
    const { getLlama } = await import("node-llama-cpp");
    const llama = await getLlama({ gpu: false, build: "never", logger: () => undefined });
    for (const tool of BUILTIN_TOOLS) {
      const schema = toGbnfSchema(convertToOpenAITool({ name: tool.name, description: tool.description, schema: tool.schema }).function.parameters);
      await assert.doesNotReject(llama.createGrammarForJsonSchema(schema as never), `grammar for ${tool.name}`);
    }
    const columnStats = BUILTIN_TOOLS.find((t) => t.name === "get_column_stats")!;
    const schema = toGbnfSchema(convertToOpenAITool({ name: "x", description: "", schema: columnStats.schema }).function.parameters);
    assert.deepEqual(schema, { type: "object", properties: { column: { type: "string", description: "Column name, exactly as in the data" } }, required: ["column"], additionalProperties: false });
    const grammar = await llama.createGrammarForJsonSchema(schema as never);
    assert.deepEqual(grammar.parse('{"column": "tv_spend"}'), { column: "tv_spend" });
  });
});
