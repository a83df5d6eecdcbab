/**
 * Custom tools through the graph: the model writes a tool (the seed's detect_seasonality, in
 * TypeScript), it is bound to the model on the next step, runs in the sandbox on a copy of the
 * data, and a failing tool comes back as a tool error while the run goes on.
 */
import * as assert from "node:assert/strict";
import { MMMAgent, pl } from "../../../kernel-lib/src";
import { startOpenAiServer, toolMessages, type OpenAiTestServer } from "../../helpers/openaiServer";
import { tempDir } from "../../helpers/fixtures";
import { allowLocalHttp } from "../../helpers/localHttp";

const DETECT_SEASONALITY = `
function tool_fn({ column, lags = 52 }: { column: string; lags?: number }) {
  const s: number[] = data.column(column);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const acf: number[] = [];
  for (let lag = 1; lag <= lags; lag++) {
    let num = 0, den = 0;
    for (let i = 0; i < s.length; i++) {
      den += (s[i] - mean) ** 2;
      if (i + lag < s.length) num += (s[i] - mean) * (s[i + lag] - mean);
    }
    acf.push(num / den);
  }
  let peak = 0;
  // The strongest positive correlation: |acf| would pick the half-period trough (a negative peak).
  for (let k = 1; k < acf.length; k++) if (acf[k] > acf[peak]) peak = k;
  return { peak_autocorrelation_lag: peak + 1, peak_acf_value: Math.round(acf[peak] * 1e4) / 1e4, likely_seasonality: \`\${peak + 1}-period cycle\` };
}`;

describe("custom tools created by the model", function () {
  allowLocalHttp();
  this.timeout(60_000);
  let server: OpenAiTestServer | undefined;
  after(async () => server?.close());

  it("creates detect_seasonality, binds it on the next step, runs it sandboxed; a failing tool is a tool error", async () => {
    const dir = tempDir();
    // Weekly series with a 13-week cycle.
    const n = 156;
    const week = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2021, 0, 4 + 7 * i)));
    const sales = week.map((_, i) => 1000 + 200 * Math.sin((2 * Math.PI * i) / 13) + ((i * 7919) % 13) - 6);
    const file = `${dir}/cycle.csv`;
    pl.DataFrame({ week, sales, tv_spend: week.map((_, i) => 100 + (i % 5)) }).writeCSV(file);

    server = await startOpenAiServer([
      { toolCalls: [{ name: "create_custom_tool", args: { name: "detect_seasonality", description: "Seasonality by autocorrelation", code: DETECT_SEASONALITY, params: { column: "str", lags: "int" } } }] },
      { toolCalls: [{ name: "detect_seasonality", args: { column: "sales", lags: 30 } }] },
      { toolCalls: [{ name: "create_custom_tool", args: { name: "spin", description: "never ends", code: "function tool_fn() { for (;;) {} }", params: {} } }] },
      { toolCalls: [{ name: "spin", args: {} }] },
      { content: "The series has a 13-week cycle." },
    ]);
    const agent = new MMMAgent({ llm: { provider: "openai-compatible", baseURL: server.url, model: "m" }, config: { customToolLimits: { timeoutMs: 300, memoryBytes: 32 * 1024 * 1024 } } });
    await agent.engine.loadData(file, { kpiCol: "sales" });
    const run = await agent.ask("Is there seasonality in sales?");
    assert.equal(run.status, "completed");

    const tools = (i: number) => server!.requests[i]!.body.tools!.map((t) => t.function.name);
    assert.ok(tools(0).length <= 32 && !tools(0).includes("detect_seasonality"));
    assert.ok(tools(1).includes("detect_seasonality"), "bound on the next step");
    const result = JSON.parse(toolMessages(server.requests[2]!).at(-1)!.content) as { peak_autocorrelation_lag: number; peak_acf_value: number };
    assert.equal(result.peak_autocorrelation_lag, 13);
    assert.ok(result.peak_acf_value > 0.8);
    const spin = JSON.parse(toolMessages(server.requests[4]!).at(-1)!.content) as { error: string };
    assert.match(spin.error, /time limit of 300 ms/);
    // The host's data is untouched and the session still works.
    assert.equal(agent.engine.status().rows, n);
    assert.deepEqual(
      agent.customTools.list().map((t) => t.name),
      ["detect_seasonality", "spin"],
    );
  });
});
