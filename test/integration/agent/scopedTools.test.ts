/**
 * Scoped tool binding against a fake Databricks Model Serving: a local OpenAI-protocol server that,
 * like the real one, answers 400 Bad Request to a request with more than 32 tools. A scripted model
 * walks a full analysis (load → inspect → validate → clean → features → adstock → ridge → diagnostics
 * → ROI → budget → curves → export) and calls a tool outside the phase's scope through use_tool:
 * every request carries at most 32 tools and each step's tool is in its own request. Again with 10
 * custom tools: the newest are bound, the oldest still run through use_tool. And the control: with
 * the cap lifted to 40 the same server refuses the first call, so the check above can fail.
 */
import * as assert from "node:assert/strict";
import { MMMAgent, samplePath, type AgentRun, type MMMError } from "../../../kernel-lib/src";
import { startOpenAiServer, toolMessages, type OpenAiTestServer, type RecordedRequest, type ScriptedCall, type ScriptedReply } from "../../helpers/openaiServer";
import { tempDir } from "../../helpers/fixtures";
import { allowLocalHttp } from "../../helpers/localHttp";

const MAX_TOOLS = 32;

/** The full analysis as one tool call per model step; `use_tool` reaches get_column_stats from REPORTING. */
const WALK: ScriptedCall[] = [
  { name: "load_data", args: { source: samplePath("sample") } },
  { name: "inspect_data", args: {} },
  { name: "get_correlation_matrix", args: {} },
  { name: "validate_mmm_readiness", args: {} },
  { name: "clean_data", args: {} },
  { name: "add_time_features", args: { fourierOrder: 2 } },
  { name: "get_adstock_recommendations", args: {} },
  { name: "optimize_all_adstock_parameters", args: { evaluations: 200, seed: 1 } },
  { name: "run_ols_mmm", args: {} },
  { name: "model_diagnostics", args: {} },
  { name: "roi_summary", args: {} },
  { name: "optimize_budget", args: {} },
  { name: "plot_response_curves", args: { points: 10 } },
  { name: "list_all_tools", args: {} },
  { name: "use_tool", args: { name: "get_column_stats", args: { column: "tv_spend" } } },
  { name: "export_report", args: { dir: "report" } },
];

/** Model Serving's answer to a request with too many tools; otherwise the script's next step. */
function modelServing(steps: ScriptedCall[]) {
  return (i: number, body: RecordedRequest["body"]): ScriptedReply => {
    if ((body.tools?.length ?? 0) > MAX_TOOLS) return { status: 400, error: `Bad Request: at most ${MAX_TOOLS} tools are supported, got ${body.tools!.length}` };
    const step = steps[i];
    return step ? { toolCalls: [step] } : { content: "Analysis done." };
  };
}

/** custom_0 … custom_{n-1}, created in that order. */
async function addCustomTools(agent: MMMAgent, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await agent.addTool({ name: `custom_${i}`, description: `Rows of a column (custom_${i})`, params: { column: "str" }, code: "function tool_fn({ column }) { return { rows: data.column(column).length }; }" });
  }
}

const boundIn = (r: RecordedRequest) => (r.body.tools ?? []).map((t) => t.function.name);
const toolEvents = (run: AgentRun) => run.trace.filter((e): e is Extract<typeof e, { type: "tool" }> => e.type === "tool");

describe("scoped tool binding against a Model Serving that refuses more than 32 tools", function () {
  allowLocalHttp();
  this.timeout(120_000);
  let server: OpenAiTestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const agentFor = (url: string, config: Record<string, unknown> = {}) =>
    new MMMAgent({ llm: { provider: "databricks", host: url, token: "dapi-scoped-test-0123456789", endpoint: "serving", maxRetries: 0 }, config: { exportRoot: tempDir("ammm-scoped-"), ...config } });

  /** Walk the script; check every request's size and that each step's tool was offered in it. */
  async function walk(steps: ScriptedCall[], prepare: (agent: MMMAgent) => Promise<void> = async () => {}): Promise<{ agent: MMMAgent; run: AgentRun; requests: RecordedRequest[] }> {
    server = await startOpenAiServer(modelServing(steps));
    const agent = agentFor(server.url);
    await prepare(agent);
    const run = await agent.ask("Run a full analysis of the sample.");
    assert.equal(run.status, "completed", run.reply);
    const requests = server.requests;
    assert.equal(requests.length, steps.length + 1);
    requests.forEach((r, i) => {
      const bound = boundIn(r);
      assert.ok(bound.length <= MAX_TOOLS, `request ${i}: ${bound.length} tools`);
      const phase = /Current phase: (\w+)/.exec(String(r.body.messages[0]!.content))?.[1];
      if (steps[i]) assert.ok(bound.includes(steps[i]!.name), `request ${i} (${phase}): ${steps[i]!.name} not offered`);
    });
    const failed = toolEvents(run).filter((e) => !e.ok);
    assert.deepEqual(
      failed.map((e) => `${e.tool}: ${e.summary}`),
      [],
      "every step succeeded",
    );
    return { agent, run, requests };
  }

  it("a full analysis: every request ≤ 32 tools, each step's tool offered; use_tool reaches an unbound tool", async () => {
    const { run, requests } = await walk(WALK);
    assert.equal(run.phase, "REPORTING");
    // The trace shows the tool use_tool ran, and the phases the walk went through.
    assert.deepEqual(
      toolEvents(run).map((e) => e.tool),
      WALK.map((s) => (s.name === "use_tool" ? "get_column_stats" : s.name)),
    );
    const phases = run.trace.filter((e) => e.type === "phase").map((e) => (e as { to: string }).to);
    assert.deepEqual(phases, ["DATA_LOADING", "DATA_PROFILING", "DATA_VALIDATION", "FEATURE_ENGINEERING", "ADSTOCK_OPTIMISATION", "MODELING", "EVALUATION", "BUDGET_OPTIMISATION", "REPORTING"]);
    // get_column_stats was not offered while reporting; use_tool ran it with its validation.
    const at = WALK.findIndex((s) => s.name === "use_tool");
    assert.ok(!boundIn(requests[at]!).includes("get_column_stats"));
    const stats = JSON.parse(toolMessages(requests[at + 1]!).at(-1)!.content) as { column?: string; mean?: number };
    assert.equal(stats.column, "tv_spend");
    assert.ok(Number(stats.mean) > 0);
    // list_all_tools told the model which tools need use_tool.
    const listed = JSON.parse(toolMessages(requests[at]!).at(-1)!.content) as { total: number; notOfferedNow: string[] };
    assert.equal(listed.total, 44);
    assert.ok(listed.notOfferedNow.includes("get_column_stats") && !listed.notOfferedNow.includes("export_report"));
  });

  it("with 10 custom tools: still ≤ 32 per request, the newest custom tools bound, the oldest reached through use_tool", async () => {
    const customs = Array.from({ length: 10 }, (_, i) => `custom_${i}`);
    const steps: ScriptedCall[] = [...WALK.slice(0, -1), { name: "custom_9", args: { column: "tv_spend" } }, { name: "use_tool", args: { name: "custom_0", args: '{"column": "tv_spend"}' } }, WALK.at(-1)!];
    const { run, requests } = await walk(steps, (agent) => addCustomTools(agent, customs.length));
    const last = boundIn(requests.at(-1)!);
    const boundCustom = last.filter((n) => n.startsWith("custom_"));
    assert.ok(boundCustom.length > 0 && boundCustom.length < 10, `${boundCustom.length} custom tools bound while reporting`);
    assert.deepEqual(boundCustom, [...customs].reverse().slice(0, boundCustom.length), "the most recently created first");
    assert.ok(!last.includes("custom_0"));
    const results = toolEvents(run).filter((e) => e.tool.startsWith("custom_"));
    assert.deepEqual(
      results.map((e) => [e.tool, e.ok, e.summary]),
      [
        ["custom_9", true, '{"rows":156}'],
        ["custom_0", true, '{"rows":156}'],
      ],
    );
  });

  it("control: with the cap lifted to 40, 10 custom tools push a request past 32 and Model Serving refuses it", async () => {
    server = await startOpenAiServer(modelServing(WALK));
    const agent = agentFor(server.url, { maxToolsPerCall: 40 });
    await addCustomTools(agent, 10);
    const err = (await agent.ask("Run a full analysis of the sample.").then(
      () => undefined,
      (e: unknown) => e,
    )) as MMMError | undefined;
    assert.ok(err, "the run should fail");
    assert.match(err.message, /HTTP 400/);
    assert.ok(boundIn(server.requests.at(-1)!).length > MAX_TOOLS);
  });
});
