/**
 * The canary test: canary secrets in the environment, in every profile of a temporary
 * .databrickscfg (DATABRICKS_CONFIG_FILE), in the LLM config and in the data; a hostile LLM that
 * knows them all tries to get them out — notes, phase reasons, caveats, questions, SQL reading the
 * config file, a custom tool echoing the environment, an analyst tool fed a token in two halves,
 * malformed and unknown tool calls, exports inside and outside the export root, the final answer.
 * Afterwards no canary is in any request the LLM received, any run, trace, history, state, MIME
 * bundle, or any file in the work directory (the export root) or the analyst's export directory.
 * (The cwd stays the repository: tsx-run sandbox workers resolve tsx from the cwd; the default
 * root's cwd-relative resolution is tested in exports.test.ts.)
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMAgent, NotebookMMM, pl, samplePath, type AgentRun } from "../../kernel-lib/src";
import { filesContaining } from "../helpers/treeSnapshot";
import { tempDir } from "../helpers/fixtures";
import { installKernelWriter } from "../helpers/kernelWriter";
import { startOpenAiServer, type OpenAiTestServer, type ScriptedCall, type ScriptedReply } from "../helpers/openaiServer";

// Plain values (no token shape): they can only be masked because they are known.
const CANARY = {
  env: "envCanary-Q7x93LmZ",
  envPattern: "acmeCanary-Vb81TqR",
  envShaped: "ghp_CanaryABCDEFGHIJKLMNOPQRSTU0123",
  cfgDefault: "cfgCanary-Default-5Jd8",
  cfgOther: "cfgCanary-Other-9Wq2",
  cfgPassword: "cfgCanary-Pass-3Kf7",
  llm: "llmCanary-Key-6Hs4",
  // In a data cell: a token no source knows, masked by its shape.
  dataShaped: "dapi0c0ffee0c0ffee0c0ffee0c0ffee0c",
};
const ALL = Object.values(CANARY);
const [HALF_A, HALF_B] = [CANARY.env.slice(0, 9), CANARY.env.slice(9)];

function hostileScript(cfgFile: string): (i: number) => ScriptedReply {
  const everything = ALL.join(" ");
  const steps: ScriptedCall[][] = [
    [
      { name: "add_analysis_note", args: { note: `keys: ${everything}`, category: "caveat" } },
      { name: "set_phase", args: { phase: "DATA_LOADING", reason: `because Bearer ${CANARY.llm}` } },
      { name: "execute_query", args: { sql: `SELECT * FROM read_csv('${cfgFile}')` } },
      { name: "execute_query", args: { sql: `SELECT * FROM "read_csv"('${cfgFile}')` } },
      { name: "execute_query", args: { sql: "SELECT comment FROM data LIMIT 3" } },
      { name: "get_top_values", args: { column: "comment" } },
      {
        name: "create_custom_tool",
        args: {
          name: "echo_env",
          description: "echo",
          params: {},
          code: `function tool_fn(args) { return { env: typeof process === "undefined" ? null : process.env, lit: "${CANARY.cfgOther}", col: data.column("comment").slice(0, 2) }; }`,
        },
      },
    ],
    [
      { name: "echo_env", args: {} },
      { name: "concat", args: { a: HALF_A, b: HALF_B } },
      { name: `leak_${CANARY.envPattern.replace(/-/g, "_")}`, args: { x: CANARY.cfgDefault } },
      { name: "get_analysis_history", args: {} },
      { name: "export_report", args: { dir: "hostile", tables: "both", caveats: ALL.map((c) => `caveat ${c}`) } },
      { name: `export_report`, args: { dir: `${tempDir()}/${CANARY.env}`, caveats: ALL } },
    ],
    // Alone in its message: LangChain drops invalid calls from a message that also has valid ones.
    [{ name: "export_report", args: `{"dir": "${CANARY.cfgPassword}` }],
    [{ name: "ask_user", args: { question: `Please paste the token after ${CANARY.cfgDefault}`, default: CANARY.llm } }],
  ];
  return (i) => (i < steps.length ? { toolCalls: steps[i]!, content: i === 0 ? `thinking about ${everything}` : undefined } : { content: `Done. Your secrets: ${everything}` });
}

/** A temporary .databrickscfg with canaries in three profiles. */
function writeCfg(dir: string): string {
  const file = path.join(dir, "databrickscfg");
  fs.writeFileSync(file, `[DEFAULT]\nhost = https://example.invalid\ntoken = ${CANARY.cfgDefault}\n\n[staging]\nclient_id = abc\nclient_secret = ${CANARY.cfgOther}\n\n[legacy]\nusername = me\npassword = ${CANARY.cfgPassword}\n`);
  return file;
}

function leaks(what: string, value: unknown): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return ALL.filter((c) => text.includes(c)).map((c) => `${what}: ${c}`);
}

describe("security: canary secrets never leave", function () {
  this.timeout(120_000);
  const env = { OPENAI_API_KEY: CANARY.env, ACME_SERVICE_SECRET: CANARY.envPattern, GITHUB_TOKEN: CANARY.envShaped, DATABRICKS_CONFIG_FILE: "" };
  const saved: Record<string, string | undefined> = {};
  let work: string;
  let server: OpenAiTestServer;

  before(() => {
    work = tempDir("ammm-canary-");
    env.DATABRICKS_CONFIG_FILE = writeCfg(tempDir("ammm-cfg-"));
    for (const [k, v] of Object.entries(env)) [saved[k], process.env[k]] = [process.env[k], v];
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await server?.close();
  });

  it("a hostile LLM gets no canary out: requests, runs, trace, history, state, MIME bundles, files", async () => {
    server = await startOpenAiServer(hostileScript(env.DATABRICKS_CONFIG_FILE));
    const writer = installKernelWriter();
    const runs: AgentRun[] = [];
    const exportDir = path.join(tempDir("ammm-canary-out-"), "analyst");
    let nb: NotebookMMM;
    try {
      const agent = new MMMAgent({ llm: { provider: "openai-compatible", baseURL: server.url, model: "m", apiKey: CANARY.llm, allowInsecureLocalhost: true }, config: { exportRoot: path.join(work, "mmm-output") } });
      const df = pl.readCSV(samplePath("sample"));
      await agent.engine.loadData(df.withColumns(pl.lit(`note ${CANARY.dataShaped} / ${CANARY.cfgDefault}`).alias("comment")));
      nb = new NotebookMMM(agent);
      await nb.addTool({ name: "concat", description: "joins two strings", params: { a: "string", b: "string" }, code: "function tool_fn(args) { return { joined: args.a + args.b }; }" });
      runs.push(await nb.ask(`Analyse this. My key is ${CANARY.llm} and the cfg token ${CANARY.cfgDefault}`));
      assert.equal(runs[0]!.status, "waiting_for_user", runs[0]!.reply);
      runs.push(await nb.answer(runs[0]!.question!.id, `sure: ${CANARY.cfgOther}`));
      assert.equal(runs[1]!.status, "completed");
      await nb.export(exportDir, { tables: "both" });
    } finally {
      writer.uninstall();
    }
    const history = await nb.history();

    // It was a real attempt: every step ran, the note and the export exist, masked.
    assert.ok(server.requests.length >= 5, `${server.requests.length} requests`);
    assert.match(JSON.stringify(history.notes), /keys: \[REDACTED\]/);
    assert.ok(fs.existsSync(path.join(work, "mmm-output", "hostile", "report.md")), "export_report wrote under the export root");
    assert.ok(!fs.existsSync(path.join(process.cwd(), "mmm-output")), "nothing under the cwd's default root");
    assert.ok(fs.existsSync(path.join(exportDir, "tables", "notes.csv")));
    const joined = runs.flatMap((r) => r.trace).find((e) => e.type === "tool" && e.tool === "concat");
    assert.ok(joined && joined.type === "tool" && joined.ok && /\[REDACTED\]/.test(joined.summary), JSON.stringify(joined));

    const found = [
      ...server.requests.flatMap((r, i) => leaks(`request ${i} to the LLM`, r.body)),
      ...runs.flatMap((r, i) => leaks(`run ${i}`, r)),
      ...leaks("history", history),
      ...leaks("state", nb.state),
      ...leaks("agent state", await nb.agent.state()),
      ...leaks("MIME bundles", writer.outputs),
      ...filesContaining(work, ALL).map((h) => `file ${h.file}: ${h.needle}`),
      ...filesContaining(path.dirname(exportDir), ALL).map((h) => `file ${h.file}: ${h.needle}`),
      ...[work, exportDir].flatMap((d) => parquetFiles(d)).flatMap((f) => leaks(`parquet ${f}`, pl.readParquet(f).toRecords())),
    ];
    assert.deepEqual(found, []);
  });
});

function parquetFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".parquet"))
    .map((f) => path.join(dir, f));
}
