/**
 * The contract between the panel's calls and the kernel: the exact statements the extension sends
 * (labextension/src/code.ts) run against the REAL `globalThis.agenticMMM` of kernel-lib, with an
 * offline session on the bundled sample — no fake registry. They may use agentic-mmm-protocol's
 * PanelApi only, and that API must answer them.
 */
import assert from "node:assert/strict";
import { MIME, PANEL_CALLS, panelCall, type PanelApi, type PanelSessionState } from "agentic-mmm-protocol";
import { answerCall, ERROR_MARK, parsePending, parseTruth, pendingCall, requestCode, sayCall, truthCall } from "../../../labextension/src/code";
import { initMMM, pl, samplePath } from "../../../kernel-lib/src";
import { sessionRegistry } from "../../../kernel-lib/src/notebook/sessions";
import type { NotebookMMM } from "../../../kernel-lib/src/notebook/notebookMMM";
import { installKernelWriter } from "../../helpers/kernelWriter";

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (body: string) => () => Promise<unknown>;

/** Execute a statement as the kernel would; what it printed on stdout and stderr. */
async function execute(code: string): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => void out.push(a.join(" "));
  console.error = (...a: unknown[]) => void err.push(a.join(" "));
  try {
    await new AsyncFunction(code)();
  } finally {
    Object.assign(console, { log, error });
  }
  return { out: out.join("\n"), err: err.join("\n") };
}

/** An expression of the panel API, evaluated as the kernel would. */
const evaluate = <T>(expr: string): Promise<T> => new AsyncFunction(`return ${expr};`)() as Promise<T>;

describe("the panel's kernel calls against kernel-lib's real panel API", function () {
  this.timeout(60_000);
  let writer: ReturnType<typeof installKernelWriter>;
  let nb: NotebookMMM;
  let questionId: string;

  before(async () => {
    writer = installKernelWriter();
    const df = pl.readCSV(samplePath("sample"));
    nb = await initMMM({ source: df.withColumns(df.getColumn("revenue").mul(0.8).alias("sales")) });
    const first = await nb.runFullAnalysis({ bayesian: false });
    assert.equal(first.status, "waiting_for_user", "two KPI-like columns: the analysis asks which");
    questionId = first.question!.id;
  });
  after(() => writer.uninstall());

  it("the kernel's panel API is exactly the protocol's list of calls", () => {
    const panel = sessionRegistry().panel as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(panel).sort(), [...PANEL_CALLS].sort());
    for (const call of PANEL_CALLS) assert.equal(typeof panel[call], "function", call);
  });

  it("every statement the panel sends goes through globalThis.agenticMMM.panel and nothing else", () => {
    const sent = [answerCall("s", "q", 1), sayCall(null, "hi"), pendingCall("s"), requestCode({ kind: "say", session: "s", text: "x" })];
    for (const code of sent) {
      const uses = [...code.matchAll(/Reflect\.get\(globalThis, "agenticMMM"\)(\S*?)\(/g)].map((m) => m[1]);
      assert.ok(uses.length === 1 && PANEL_CALLS.some((c) => uses[0] === `.panel.${c}`), `${code} reaches ${uses.join(", ")}`);
      assert.doesNotMatch(code, /sessions|\.agent\b|(?<!Reflect)\.get\(/, "no kernel internals");
    }
  });

  it("pendingCall finds the question the session waits on; state tells phase, question and last run", async () => {
    assert.equal(parsePending((await execute(pendingCall(nb.session))).out), questionId);
    const state = await evaluate<PanelSessionState>(panelCall("state", nb.session));
    assert.equal(JSON.stringify(state), JSON.stringify(JSON.parse(JSON.stringify(state))), "plain JSON");
    assert.equal(state.session, nb.session);
    assert.equal(state.pendingQuestion?.id, questionId);
    assert.deepEqual(state.pendingQuestion?.options, ["revenue", "sales"]);
    assert.equal(state.lastRun?.status, "waiting_for_user");
    assert.equal(state.phase, state.lastRun?.phase);
  });

  it("truthCall: the session's state, else the kernel's latest session's (what a reloaded panel shows)", async () => {
    const own = parseTruth((await execute(truthCall(nb.session))).out);
    assert.equal(own?.session, nb.session);
    assert.equal(own?.pendingQuestion?.id, questionId);
    const gone = parseTruth((await execute(truthCall("a-session-of-a-dead-kernel"))).out);
    assert.equal(gone?.session, nb.session, "falls back to the latest session");
    assert.equal(parseTruth((await execute(truthCall(null))).out)?.pendingQuestion?.id, questionId);
    assert.equal(parseTruth("agentic-mmm-truth: null"), null);
    assert.equal(parseTruth("nothing printed"), undefined);
  });

  it("a rejected answer (bad value, wrong id) withdraws its trace display: no running trace box is left", async () => {
    for (const [id, value] of [
      [questionId, "not-an-option"],
      ["no-such-question", "revenue"],
    ] as const) {
      const from = writer.outputs.length;
      const r = await execute(answerCall(nb.session, id, value));
      assert.ok(r.err.startsWith(ERROR_MARK), r.err);
      const shown = writer.outputs.slice(from);
      const trace = shown.find((o) => MIME.trace in o.data);
      assert.ok(trace?.transient.display_id, "the call showed a running trace first");
      const last = shown.filter((o) => o.transient.display_id === trace.transient.display_id).at(-1)!;
      assert.deepEqual([last.update, last.data], [true, { "text/plain": "" }], "then replaced it with nothing");
    }
    assert.equal(parseTruth((await execute(truthCall(nb.session))).out)?.pendingQuestion?.id, questionId, "the question still waits");
  });

  it("an unknown session: no pending question, no state, and answer fails after the error mark", async () => {
    assert.equal(parsePending((await execute(pendingCall("no-such-session"))).out), null);
    assert.equal(await evaluate<PanelSessionState | null>(panelCall("state", "no-such-session")), null);
    const r = await execute(answerCall("no-such-session", questionId, "revenue"));
    assert.match(r.err, new RegExp(`^${ERROR_MARK}No agentic-mmm session 'no-such-session' in this kernel`));
  });

  it("the panel's answer resumes the run and shows its outputs; the question is then gone", async () => {
    const from = writer.outputs.length;
    const r = await execute(requestCode({ kind: "answer", session: nb.session, questionId, value: "revenue" }));
    assert.equal(r.err, "", "no error mark");
    const shown = writer.outputs.slice(from);
    const last = shown.filter((o) => MIME.trace in o.data).at(-1)!.data[MIME.trace] as { run: { status: string } };
    assert.equal(last.run.status, "completed");
    assert.ok(
      shown.some((o) => MIME.plotly in o.data),
      "the analysis's charts",
    );
    assert.equal(parsePending((await execute(pendingCall(nb.session))).out), null);
    assert.equal((await evaluate<PanelSessionState>(panelCall("state", nb.session))).lastRun?.status, "completed");
  });

  it("say (null: the latest session) continues the conversation and shows the reply", async () => {
    const from = writer.outputs.length;
    const r = await execute(sayCall(null, "Which channel has the best ROAS?"));
    assert.equal(r.err, "");
    assert.ok(
      writer.outputs.slice(from).some((o) => "text/markdown" in o.data),
      "the agent's reply",
    );
    const api: PanelApi = sessionRegistry().panel;
    assert.equal(await api.say(nb.session, "thanks"), undefined, "answers carry no run object to print");
  });
});
