import assert from "node:assert/strict";
import { MIME } from "agentic-mmm-protocol";
import { emptyState, ingestBundle, ingestStdout, MAX_FIGURES, withSending, youSaid } from "../../../labextension/src/panel/state";
import { withKernelStatus, withStaleQuestion } from "../../../labextension/src/panel/truth";
import { bundleOf, streamText } from "../../../labextension/src/panel/bundleOf";
import { chatPayload, figure, questionPayload, SESSION, tracePayload } from "./helpers";
import { withFigureKey, type PlotlyFigure } from "../../../kernel-lib/src/report/figure";

const html = { "text/html": "<div>fallback</div>", "text/plain": "fallback" };

describe("labextension panel state", () => {
  it("follows the latest trace, the pending question and the session", () => {
    let s = emptyState("analysis.ipynb", "idle");
    s = ingestBundle(s, { [MIME.chat]: chatPayload(), ...html }, "cell");
    assert.equal(s.session, SESSION);
    s = ingestBundle(s, { [MIME.trace]: tracePayload(), ...html }, "cell");
    s = ingestBundle(s, { [MIME.question]: questionPayload(), ...html }, "cell");
    assert.equal(s.trace?.run.status, "waiting_for_user");
    assert.equal(s.question?.id, "offline_6");
    // A running trace without the answer does not close it: a rejected answer shows one before it fails.
    s = ingestBundle(s, { [MIME.trace]: { ...tracePayload(), run: { status: "running" }, steps: [] }, ...html }, "cell");
    assert.equal(s.question?.id, "offline_6");
    assert.equal(s.trace?.run.status, "running");
    // The resumed run's first update holds the answer: that closes it.
    const answer = { type: "answer", at: "2026-01-01T00:00:00Z", id: "offline_6", value: "revenue" };
    s = ingestBundle(s, { [MIME.trace]: { ...tracePayload(), run: { status: "running" }, steps: [answer] }, ...html }, "cell");
    assert.equal(s.question, undefined);
  });

  it("a trace holding the answer closes the question; another session's trace does not", () => {
    let s = ingestBundle(emptyState(), { [MIME.question]: questionPayload() }, "cell");
    s = ingestBundle(s, { [MIME.trace]: tracePayload("trace-llm-error") }, "cell");
    assert.equal(s.question?.id, "offline_6", "the scripted session's running trace is another session's");
    const answered = tracePayload("trace-offline-completed");
    assert.deepEqual(answered.steps[0], { type: "answer", at: answered.steps[0]!.at, id: "offline_6", value: "revenue" });
    s = ingestBundle(s, { [MIME.trace]: answered }, "cell");
    assert.equal(s.question, undefined);
  });

  it("keeps the latest figures and notes unreadable payloads", () => {
    let s = emptyState();
    for (let i = 0; i < MAX_FIGURES + 2; i++) s = ingestBundle(s, { [MIME.plotly]: figure(`chart ${i}`) }, "cell");
    assert.equal(s.figures.length, MAX_FIGURES);
    assert.deepEqual((s.figures[0]!.layout.title as { text: string }).text, "chart 2");
    s = ingestBundle(s, { [MIME.trace]: { version: 3, session: "s" } }, "cell");
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0]!, /^trace: .*version 3/);
  });

  it("a chart redrawn under the same key replaces the older one; unkeyed charts are one per title", () => {
    // Keyed the way the kernel keys them (the analysis's charts and nb.plot).
    const keyed = (key: string, title: string) => withFigureKey(figure(title) as unknown as PlotlyFigure, key);
    let s = emptyState();
    s = ingestBundle(s, { [MIME.plotly]: keyed("response_curves", "curves, first fit") }, "cell");
    s = ingestBundle(s, { [MIME.plotly]: keyed("roi", "roi") }, "cell");
    s = ingestBundle(s, { [MIME.plotly]: keyed("response_curves", "curves, refit") }, "cell");
    assert.deepEqual(
      s.figures.map((f) => (f.layout.title as { text: string }).text),
      ["roi", "curves, refit"],
    );
    s = ingestBundle(s, { [MIME.plotly]: figure("plain") }, "cell");
    s = ingestBundle(s, { [MIME.plotly]: figure("plain") }, "cell");
    s = ingestBundle(s, { [MIME.plotly]: figure("other") }, "cell");
    assert.deepEqual(
      s.figures.map((f) => (f.layout.title as { text: string }).text),
      ["roi", "curves, refit", "plain", "other"],
    );
  });

  it("the agent's reply to a panel call goes to the chat log; a cell's markdown does not", () => {
    let s = youSaid(emptyState(), "Which channel has the best ROI?");
    s = ingestBundle(s, { "text/markdown": "Search, at 2.2.", ...html }, "cell");
    assert.equal(s.chat.length, 1);
    s = ingestBundle(s, { "text/markdown": "Search, at 2.2.", ...html }, "panel");
    s = ingestStdout(s, "[agentic-mmm] completed · phase MODELING\n");
    s = ingestBundle(s, { [MIME.question]: questionPayload() }, "panel");
    assert.deepEqual(
      s.chat.map((c) => [c.from, c.text]),
      [
        ["you", "Which channel has the best ROI?"],
        ["agent", "Search, at 2.2."],
        ["info", "[agentic-mmm] completed · phase MODELING"],
        ["agent", "Which column is the KPI to model? Several columns look like one."],
      ],
    );
  });

  it("a kernel restart forgets the session and the question; send errors reach the log", () => {
    let s = ingestBundle(emptyState("a.ipynb", "idle"), { [MIME.question]: questionPayload() }, "cell");
    s = withKernelStatus(s, "busy");
    assert.equal(s.kernel, "busy");
    assert.ok(s.question);
    s = withKernelStatus(s, "restarting");
    assert.equal(s.question, undefined);
    assert.equal(s.session, null);
    assert.deepEqual(
      s.notices.map((n) => n.kind),
      ["restarted"],
    );
    s = withKernelStatus(withKernelStatus(s, "restarting"), "autorestarting");
    assert.equal(s.notices.length, 1, "one restart, one note");
    s = withSending(s, { state: "error", message: "The notebook's kernel is dead: restart it." });
    assert.deepEqual(s.chat[s.chat.length - 1], { from: "error", text: "The notebook's kernel is dead: restart it." });
    assert.equal(s.sending?.state, "error");
    s = ingestBundle(s, { [MIME.trace]: tracePayload("trace-llm-error") }, "cell");
    assert.equal(s.sending, undefined, "a new run clears the status line's error");
    assert.equal(s.chat[s.chat.length - 1]!.from, "error", "the log keeps it");
  });

  it("reads the bundle of display, update and result messages only", () => {
    const data = { [MIME.trace]: tracePayload() };
    assert.equal(bundleOf({ header: { msg_type: "display_data" }, content: { data } }), data);
    assert.equal(bundleOf({ header: { msg_type: "update_display_data" }, content: { data, transient: { display_id: "x" } } }), data);
    assert.equal(bundleOf({ header: { msg_type: "stream" }, content: { name: "stdout", text: "x" } }), undefined);
    assert.equal(bundleOf({ header: { msg_type: "display_data" }, content: { data: null } }), undefined);
  });

  it("reads the text of stream messages only", () => {
    assert.equal(streamText({ header: { msg_type: "stream" }, content: { name: "stdout", text: "hi\n" } }), "hi\n");
    assert.equal(streamText({ header: { msg_type: "stream" }, content: { name: "stderr" } }), "");
    assert.equal(streamText({ header: { msg_type: "display_data" }, content: { data: {} } }), undefined);
  });

  it("a saved question the kernel no longer waits on is dropped with a note; a newer one is kept", () => {
    const s = ingestBundle(emptyState("a.ipynb", "idle"), { [MIME.question]: questionPayload() }, "cell");
    const q = s.question!;
    const stale = withStaleQuestion(s, q);
    assert.equal(stale.question, undefined);
    assert.match(stale.notices[0]!.text, /no longer waiting in its kernel/);
    const newer = ingestBundle(s, { [MIME.question]: questionPayload() }, "cell");
    assert.equal(withStaleQuestion(newer, q), newer, "the check answered for an older question");
  });
});
