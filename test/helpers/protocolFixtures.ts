/**
 * The protocol fixtures (test/fixtures/protocol/*.json): every payload the JupyterLab extension
 * renders, produced by kernel-lib itself — real NotebookMMM sessions on the bundled sample, their
 * outputs recorded as a tslab kernel would send them. Two sessions between them emit every trace
 * step type, both question kinds and every run status:
 *   1. the offline planner on the sample with a second KPI-like column: a full analysis asks which
 *      KPI (a choice question), the answer resumes it to a completed report with charts; the chat handle;
 *   2. a scripted OpenAI-protocol LLM (a local server): a tool call with a wrong column (a failed
 *      step), a free-text question and its answer, a run stopped by the step limit, and a run whose
 *      LLM fails (an error step, in the running trace the cell was last showing).
 * What varies from run to run is replaced by fixed values (normalise): session ids, tool-call ids,
 * the local server's port, timestamps, step times and durations, run seconds; numbers are rounded to 10
 * significant digits. Everything
 * else is exactly what the code emitted.
 *
 * Regenerate after a deliberate change: `npm run fixtures:protocol`. test/unit/protocol/fixtures.test.ts
 * fails when the committed files differ from what the code produces now.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MIME, type TracePayload } from "agentic-mmm-protocol";
import { initMMM, pl, samplePath } from "../../kernel-lib/src";
import { traceBundle } from "../../kernel-lib/src/notebook/bundles";
import { ALLOW_HTTP_ENV } from "../../kernel-lib/src/net/secureUrl";
import { REPO } from "./fixtures";
import { installKernelWriter, type RecordedDisplay } from "./kernelWriter";
import { startOpenAiServer, type ScriptedReply } from "./openaiServer";

export const PROTOCOL_FIXTURES = path.join(REPO, "test/fixtures/protocol");

export type Fixtures = Record<string, unknown>;

/** The payload under `mime` in the last output that has one. */
function lastPayload(outputs: RecordedDisplay[], mime: string): unknown {
  const found = outputs.filter((o) => mime in o.data).at(-1);
  if (!found) throw new Error(`no ${mime} output was shown`);
  return found.data[mime];
}

/** Outputs shown from now on, for one call. */
function shownDuring(outputs: RecordedDisplay[]): () => RecordedDisplay[] {
  const from = outputs.length;
  return () => outputs.slice(from);
}

/** Session 1: the offline planner asks which KPI, the answer completes the analysis; the chat handle. */
async function offlineSession(outputs: RecordedDisplay[]): Promise<Fixtures> {
  const df = pl.readCSV(samplePath("sample"));
  const nb = await initMMM({ source: df.withColumns(df.getColumn("revenue").mul(0.8).alias("sales")) });
  let shown = shownDuring(outputs);
  const first = await nb.runFullAnalysis({ bayesian: false });
  if (first.status !== "waiting_for_user") throw new Error(`the full analysis should ask which KPI, got ${first.status}`);
  const waiting = { trace: lastPayload(shown(), MIME.trace), question: lastPayload(shown(), MIME.question) };
  shown = shownDuring(outputs);
  await nb.answer(first.question!.id, "revenue");
  const completed = shown();
  shown = shownDuring(outputs);
  nb.chat();
  return {
    "trace-offline-waiting": waiting.trace,
    "question-choice": waiting.question,
    "trace-offline-completed": lastPayload(completed, MIME.trace),
    "figure-first-chart": completed.find((o) => MIME.plotly in o.data)?.data[MIME.plotly],
    chat: lastPayload(shown(), MIME.chat),
  };
}

/** What the scripted LLM answers, by request index. */
function llmScript(i: number): ScriptedReply {
  if (i === 0) return { toolCalls: [{ name: "get_column_stats", args: { column: "tv_spnd" } }] };
  if (i === 1) return { toolCalls: [{ name: "ask_user", args: { question: "Which weeks had a promotion?", default: "none" } }] };
  if (i === 2) return { content: "Noted: weeks 10 to 12 had a promotion." };
  if (i <= 5) return { toolCalls: [{ name: "get_data_status", args: {} }] };
  return { status: 500, error: "model endpoint overloaded" };
}

/** Session 2: a failed tool, a text question and its answer, the step limit, a failing LLM. */
async function scriptedSession(outputs: RecordedDisplay[]): Promise<Fixtures> {
  const server = await startOpenAiServer(llmScript);
  const allowHttp = process.env[ALLOW_HTTP_ENV];
  process.env[ALLOW_HTTP_ENV] = "1";
  try {
    const llm = { provider: "openai-compatible" as const, baseURL: server.url, model: "scripted", apiKey: "sk-fixture", maxRetries: 0 };
    // A frame, not the file: a tool summary would name the checkout's path (and cut at another character).
    const nb = await initMMM({ source: pl.readCSV(samplePath("sample")), llm, agent: { maxAgentSteps: 3 } });
    let shown = shownDuring(outputs);
    const asked = await nb.ask("Look at TV spend, then ask me what you need.");
    const waiting = { trace: lastPayload(shown(), MIME.trace), question: lastPayload(shown(), MIME.question) };
    shown = shownDuring(outputs);
    await nb.answer(asked.question!.id, "weeks 10 to 12");
    const answered = lastPayload(shown(), MIME.trace);
    shown = shownDuring(outputs);
    const limited = await nb.ask("Check the data status until you are sure.");
    if (limited.status !== "step_limit") throw new Error(`the run should stop at the step limit, got ${limited.status}`);
    const limit = lastPayload(shown(), MIME.trace);
    await nb.ask("And now?").then(
      () => Promise.reject(new Error("the failing LLM should fail the run")),
      () => undefined,
    );
    // The cell shows the live trace until the failure; the error step is in the run's events.
    const failed = traceBundle(nb.session, nb.agent.trace.events)[MIME.trace];
    return { "trace-llm-waiting": waiting.trace, "question-text": waiting.question, "trace-llm-answered": answered, "trace-llm-step-limit": limit, "trace-llm-error": failed };
  } finally {
    if (allowHttp === undefined) delete process.env[ALLOW_HTTP_ENV];
    else process.env[ALLOW_HTTP_ENV] = allowHttp;
    await server.close();
  }
}

/** Replace what varies between runs (ids, times, durations) by fixed values, in a stable order. */
export function normalise(fixtures: Fixtures): Fixtures {
  const sessions = new Map<string, string>();
  const calls = new Map<string, string>();
  const fixed = (seen: Map<string, string>, id: string, make: (n: number) => string) => seen.get(id) ?? (seen.set(id, make(seen.size + 1)), seen.get(id)!);
  const rename = (s: string) =>
    s
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => fixed(sessions, id, (n) => `0000000${n}-0000-4000-8000-000000000000`))
      .replace(/\bcall_\d+_\d+\b/g, (id) => fixed(calls, id, (n) => `call_${n}`))
      .replace(/\/\/127\.0\.0\.1:\d+/g, "//127.0.0.1:8080")
      // Same length, so a summary cut at 240 characters is cut at the same place.
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "2026-01-05T09:00:00.000Z");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return rename(v);
    if (typeof v === "number") return Number.isInteger(v) ? v : Number(v.toPrecision(10));
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [rename(k), walk(x)]));
    return v;
  };
  const out: Fixtures = {};
  for (const name of Object.keys(fixtures).sort()) {
    const p = walk(fixtures[name]);
    if (name.startsWith("trace-")) fixTimes(p as TracePayload);
    out[name] = p;
  }
  return out;
}

/** Steps one second apart from a fixed time, each taking 10 ms per step index; 1.5 s runs. */
function fixTimes(t: TracePayload): void {
  t.steps.forEach((s, i) => {
    s.at = new Date(Date.UTC(2026, 0, 5, 9, 0, i)).toISOString();
    if ("ms" in s) s.ms = 10 * (i + 1);
  });
  if (t.run.status !== "running") t.run.seconds = 1.5;
}

/** Every fixture, produced now by kernel-lib (normalised). */
export async function producePayloads(): Promise<Fixtures> {
  const writer = installKernelWriter();
  try {
    return normalise({ ...(await offlineSession(writer.outputs)), ...(await scriptedSession(writer.outputs)) });
  } finally {
    writer.uninstall();
  }
}

/** The committed fixtures, by name (file name without .json). */
export function readFixtures(dir = PROTOCOL_FIXTURES): Fixtures {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  return Object.fromEntries(files.map((f) => [f.slice(0, -5), JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as unknown]));
}

/** One file per fixture; stale files removed. */
export function writeFixtures(fixtures: Fixtures, dir = PROTOCOL_FIXTURES): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".json"))) fs.rmSync(path.join(dir, f));
  for (const [name, payload] of Object.entries(fixtures)) fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(payload, null, 1)}\n`);
}

if (require.main === module) {
  producePayloads().then(
    (f) => {
      writeFixtures(f);
      console.log(`wrote ${Object.keys(f).length} fixtures to ${path.relative(process.cwd(), PROTOCOL_FIXTURES)}`);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
