/**
 * The panel's state against the kernel's word (labextension/src/panel/truth.ts), the question
 * widgets closed in cells (questionSync.ts) and the resumed run's cell outputs (resumedCell.ts):
 * the DOM-free logic behind issue #17 item 5, on payloads the kernel really emitted.
 */
import assert from "node:assert/strict";
import { MIME, type PanelSessionState, type Question } from "agentic-mmm-protocol";
import { emptyState, ingestBundle, type PanelState } from "../../../labextension/src/panel/state";
import { RESTARTED, STALE_QUESTION, withFailedCall, withKernelStatus, withKernelTruth } from "../../../labextension/src/panel/truth";
import { questionClosed, syncQuestionWidgets } from "../../../labextension/src/panel/questionSync";
import { resumedOutputs } from "../../../labextension/src/panel/resumedCell";
import { questionElement } from "../../../labextension/src/views/questionView";
import { chatPayload, questionPayload, SESSION, testDom, tracePayload } from "./helpers";

const running = (steps: unknown[] = []) => ({ [MIME.trace]: { ...tracePayload(), run: { status: "running" }, steps } });

function waiting(): PanelState {
  let s = ingestBundle(emptyState("a.ipynb", "idle"), { [MIME.trace]: tracePayload() }, "cell");
  s = ingestBundle(s, { [MIME.question]: questionPayload() }, "cell");
  return s;
}

function kernelSays(q: Question | null, session = SESSION): PanelSessionState {
  return { session, phase: "DATA_PROFILING", pendingQuestion: q, lastRun: null };
}

describe("labextension panel: the kernel's word", () => {
  it("a rejected answer's running trace is undone; the question stays", () => {
    const before = waiting();
    const during = ingestBundle(before, running(), "panel");
    assert.equal(during.question?.id, "offline_6", "a running trace without the answer keeps the question");
    const after = withFailedCall(during, before);
    assert.equal(after.trace, before.trace, "the waiting trace is back");
    assert.equal(after.question?.id, "offline_6");
    // A call that did run (its trace moved on) is left as it is.
    const ran = ingestBundle(before, { [MIME.trace]: tracePayload("trace-offline-completed") }, "panel");
    assert.equal(withFailedCall(ran, before), ran);
  });

  it("the kernel's pending question replaces whatever the panel showed; none clears it", () => {
    const s = waiting();
    const q = s.question!;
    const same = withKernelTruth(s, kernelSays({ id: q.id, kind: "choice", prompt: q.prompt, options: q.options }));
    assert.equal(same.question, q, "the same question keeps its payload");
    assert.equal(same.live, true);
    const other = withKernelTruth(s, kernelSays({ id: "q-new", kind: "choice", prompt: "Which fit?", options: ["full", "short"] }, "s2"));
    assert.equal(other.question?.id, "q-new");
    assert.equal(other.question?.session, "s2");
    assert.equal(other.session, "s2");
    assert.match(other.question!.answerCode, /panel\.answer\("s2", "q-new", "full"\)/);
    const none = withKernelTruth(s, kernelSays(null));
    assert.equal(none.question, undefined);
    assert.deepEqual(none.notices, [], "a live question answered elsewhere goes without a note");
  });

  it("a saved question the kernel does not wait on goes with a note; the note goes when a question is live", () => {
    const saved = ingestBundle(emptyState("a.ipynb", "idle"), { [MIME.question]: questionPayload() }, "saved");
    assert.equal(saved.live, false);
    const stale = withKernelTruth(saved, null);
    assert.equal(stale.question, undefined);
    assert.deepEqual(
      stale.notices.map((n) => n.text),
      [STALE_QUESTION],
    );
    const asked = ingestBundle(stale, { [MIME.question]: questionPayload() }, "cell");
    assert.deepEqual(asked.notices, [], "no stale note next to a live question");
    assert.deepEqual(withKernelTruth(stale, kernelSays({ id: "q", kind: "text", prompt: "?" })).notices, []);
  });

  it("a restart ends a running trace and notes it once; a new session's output clears the note", () => {
    let s = ingestBundle(emptyState("a.ipynb", "idle"), running([{ type: "request", at: "2026-01-01T00:00:00Z", text: "go" }]), "cell");
    s = withKernelStatus(withKernelStatus(s, "restarting"), "autorestarting");
    assert.equal(s.interrupted, true);
    assert.deepEqual(
      s.notices.map((n) => n.text),
      [RESTARTED],
    );
    s = withKernelStatus(s, "idle");
    assert.equal(s.notices.length, 1, "still true while no session runs");
    const late = ingestBundle(s, running([{ type: "request", at: "2026-01-01T00:00:01Z", text: "go" }]), "cell");
    assert.equal(late, s, "a late update of the ended run (in flight at the restart) changes nothing");
    s = ingestBundle(s, { [MIME.chat]: { ...chatPayload(), session: "new-session" } }, "cell");
    assert.deepEqual(s.notices, [], "initMMM ran: the note is gone");
    s = ingestBundle(s, { [MIME.trace]: { ...tracePayload(), session: "new-session" } }, "cell");
    assert.equal(s.interrupted, undefined, "a new trace is not interrupted");
  });
});

describe("labextension panel: question widgets in cells", () => {
  it("closes every question widget but the kernel's pending one, once the kernel's word is known", async () => {
    const dom = testDom();
    try {
      const old = questionElement(dom.document, questionPayload("question-choice", { id: "old" }), () => true);
      const live = questionElement(dom.document, questionPayload(), () => true);
      dom.host.append(old, live);
      const saved = ingestBundle(emptyState(), { [MIME.question]: questionPayload() }, "saved");
      syncQuestionWidgets(dom.host, saved);
      assert.equal(dom.host.querySelectorAll("button:disabled").length, 0, "unknown: nothing is closed");
      const known = withKernelTruth(saved, kernelSays({ id: "offline_6", kind: "choice", prompt: "?", options: ["revenue", "sales"] }));
      syncQuestionWidgets(dom.host, known);
      assert.ok([...old.querySelectorAll("button")].every((b) => (b as HTMLButtonElement).disabled));
      assert.ok([...live.querySelectorAll("button")].every((b) => !(b as HTMLButtonElement).disabled));
      assert.match(old.querySelector(".ammm-send-status")!.textContent!, /No longer waiting/);
      syncQuestionWidgets(dom.host, withKernelTruth(known, null));
      assert.ok(
        [...live.querySelectorAll("button")].every((b) => (b as HTMLButtonElement).disabled),
        "answered: closed too",
      );
      assert.equal(questionClosed(known, SESSION, "offline_6"), false);
      assert.equal(questionClosed(known, "another-session", "offline_6"), true);
    } finally {
      await dom.close();
    }
  });
});

describe("labextension panel: the resumed run's cell", () => {
  it("keeps each display at its first place with its last data, merges stdout and drops the rest", () => {
    const msg = (msg_type: string, content: unknown) => ({ header: { msg_type }, content });
    const out = resumedOutputs([
      msg("display_data", { data: { [MIME.trace]: "t0" }, transient: { display_id: "trace" } }),
      msg("stream", { name: "stdout", text: "a" }),
      msg("stream", { name: "stdout", text: "b" }),
      msg("update_display_data", { data: { [MIME.trace]: "t1" }, transient: { display_id: "trace" } }),
      msg("display_data", { data: { "text/markdown": "report" }, transient: {} }),
      msg("update_display_data", { data: { x: 1 }, transient: { display_id: "never-shown" } }),
      msg("stream", { name: "stderr", text: "noise" }),
    ]);
    assert.deepEqual(out, [
      { output_type: "display_data", data: { [MIME.trace]: "t1" }, metadata: {} },
      { output_type: "stream", name: "stdout", text: "ab" },
      { output_type: "display_data", data: { "text/markdown": "report" }, metadata: {} },
    ]);
  });
});
