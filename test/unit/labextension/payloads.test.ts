import assert from "node:assert/strict";
import { figureTitle, parseChat, parsePlotly, parseQuestion, parseTrace } from "../../../labextension/src/payloads";
import { chatPayload, figure, MALFORMED, questionPayload, tracePayload } from "./helpers";

describe("labextension payloads", () => {
  it("read the kernel's trace, question, chat and figure payloads", () => {
    const t = parseTrace(tracePayload());
    assert.ok(t.ok);
    assert.equal(t.value.steps.length, 7);
    assert.deepEqual(t.value.run, { status: "waiting_for_user", phase: "MODEL", steps: 6, seconds: 3.2 });
    const q = parseQuestion(questionPayload());
    assert.ok(q.ok && q.value.kind === "choice" && q.value.options?.length === 2);
    assert.ok(parseChat(chatPayload()).ok);
    const f = parsePlotly(figure());
    assert.ok(f.ok);
    assert.equal(figureTitle(f.value), "ROI by channel");
  });

  it("reject malformed payloads with a reason instead of throwing", () => {
    for (const [, bad] of MALFORMED) {
      for (const parse of [parseTrace, parseQuestion, parseChat]) {
        const r = parse(bad);
        assert.equal(r.ok, false);
      }
    }
    const v2 = parseTrace({ ...tracePayload(), version: 2 });
    assert.ok(!v2.ok && /version 2 is not supported/.test(v2.error));
    const badStep = parseTrace({ ...tracePayload(), steps: [{ type: "tool", at: "x", phase: "DATA", tool: "t", args: {}, ok: "yes", summary: "", ms: 1 }] });
    assert.ok(!badStep.ok && /steps\[0\]\.ok should be a boolean/.test(badStep.error));
    const unknown = parseTrace({ ...tracePayload(), steps: [{ type: "teleport", at: "x" }] });
    assert.ok(!unknown.ok && /unknown/.test(unknown.error));
    const badRun = parseTrace({ ...tracePayload(), run: { status: "completed", phase: "DONE", steps: "3", seconds: 1 } });
    assert.ok(!badRun.ok && /run\.steps should be a number/.test(badRun.error));
    assert.equal(parseQuestion(questionPayload({ kind: "choice", options: [] })).ok, false);
    assert.equal(parseQuestion(questionPayload({ kind: "poll" })).ok, false);
    assert.equal(parseQuestion(questionPayload({ answerCode: undefined })).ok, false);
    assert.equal(parsePlotly({ data: "bars" }).ok, false);
    assert.equal(parsePlotly({ data: [], layout: [] }).ok, false);
    assert.equal(parsePlotly(null).ok, false);
  });

  it("a running trace needs no phase, steps or seconds", () => {
    const r = parseTrace({ version: 1, session: "s", run: { status: "running" }, steps: [] });
    assert.ok(r.ok && r.value.run.status === "running");
  });
});

describe("labextension payloads against kernel-lib's bundles", () => {
  // The contract: what kernel-lib/src/notebook/bundles.ts emits is what the extension reads.
  it("parses traceBundle, questionBundle, chatBundle and figureBundle output", async () => {
    const { MIME: K, traceBundle, questionBundle, chatBundle } = await import("../../../kernel-lib/src/notebook/bundles");
    const { figureBundle } = await import("../../../kernel-lib/src/report/html");
    const { baseLayout } = await import("../../../kernel-lib/src/report/figure");
    const { MIME } = await import("../../../labextension/src/payloads");
    assert.deepEqual({ ...K }, { ...MIME });
    const events = tracePayload().steps as Parameters<typeof traceBundle>[1];
    const running = parseTrace(traceBundle("s1", events)[MIME.trace]);
    assert.ok(running.ok && running.value.run.status === "running" && running.value.steps.length === 7);
    const done = parseTrace(traceBundle("s1", events, { status: "completed", phase: "REPORTING", steps: 4, seconds: 1.5 })[MIME.trace]);
    assert.ok(done.ok && done.value.run.status === "completed");
    const q = parseQuestion(questionBundle("s1", { id: "q1", kind: "choice", prompt: "KPI?", options: ["a", "b"], multiple: true }, "nb")[MIME.question]);
    assert.ok(q.ok && q.value.multiple === true && q.value.answerCode.includes("nb.answer"));
    const text = parseQuestion(questionBundle("s1", { id: "q2", kind: "text", prompt: "Why?" }, "nb")[MIME.question]);
    assert.ok(text.ok && text.value.kind === "text");
    assert.ok(parseChat(chatBundle("s1", "nb", "IDLE")[MIME.chat]).ok);
    const fig = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: baseLayout("Response curves", "spend", "revenue") };
    const f = parsePlotly(figureBundle(fig as Parameters<typeof figureBundle>[0])[MIME.plotly]);
    assert.ok(f.ok && figureTitle(f.value) === "Response curves");
  });
});
