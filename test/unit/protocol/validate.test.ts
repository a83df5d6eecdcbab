/**
 * agentic-mmm-protocol's validators: they accept what kernel-lib emits (the fixtures) and turn
 * anything else into a reason, never an exception — the extension shows that reason in an error box.
 */
import assert from "node:assert/strict";
import { figureTitle, parseChat, parsePlotly, parseQuestion, parseTrace } from "agentic-mmm-protocol";
import { readFixtures } from "../../helpers/protocolFixtures";

const fixtures = readFixtures();
const fixture = (name: string) => structuredClone(fixtures[name]) as Record<string, unknown>;

const MALFORMED: unknown[] = [null, "trace", [], { version: 2, session: "s" }, { session: "s" }, { version: 1, session: 42 }];

describe("protocol validators", () => {
  it("read the kernel's trace, question, chat and figure payloads", () => {
    const t = parseTrace(fixture("trace-offline-waiting"));
    assert.ok(t.ok);
    assert.equal(t.value.run.status, "waiting_for_user");
    assert.equal(t.value.steps.at(-1)!.type, "question");
    const q = parseQuestion(fixture("question-choice"));
    assert.ok(q.ok && q.value.kind === "choice" && q.value.options?.length === 2);
    assert.ok(parseChat(fixture("chat")).ok);
    const f = parsePlotly(fixture("figure-first-chart"));
    assert.ok(f.ok);
    assert.equal(figureTitle(f.value), (fixture("figure-first-chart") as { layout: { title: { text: string } } }).layout.title.text);
    assert.equal(figureTitle({ data: [], layout: { title: "plain" } }), "plain");
    assert.equal(figureTitle({ data: [], layout: {} }), "chart");
  });

  it("reject malformed payloads with a reason instead of throwing", () => {
    for (const bad of MALFORMED) for (const parse of [parseTrace, parseQuestion, parseChat]) assert.equal(parse(bad).ok, false, JSON.stringify(bad));
    const trace = fixture("trace-llm-waiting");
    const v2 = parseTrace({ ...trace, version: 2 });
    assert.ok(!v2.ok && /version 2 is not supported/.test(v2.error));
    const steps = trace.steps as Record<string, unknown>[];
    const tool = steps.findIndex((s) => s.type === "tool");
    steps[tool] = { ...steps[tool], ok: "yes" };
    const badStep = parseTrace(trace);
    assert.ok(!badStep.ok && new RegExp(`steps\\[${tool}\\]\\.ok should be a boolean`).test(badStep.error));
    const unknown = parseTrace({ ...fixture("trace-llm-error"), steps: [{ type: "teleport", at: "x" }] });
    assert.ok(!unknown.ok && /unknown/.test(unknown.error));
    const badRun = parseTrace({ ...fixture("trace-offline-completed"), run: { status: "completed", phase: "REPORTING", steps: "3", seconds: 1 } });
    assert.ok(!badRun.ok && /run\.steps should be a number/.test(badRun.error));
    assert.equal(parseQuestion({ ...fixture("question-choice"), options: [] }).ok, false);
    assert.equal(parseQuestion({ ...fixture("question-text"), kind: "poll" }).ok, false);
    assert.equal(parseQuestion({ ...fixture("question-text"), answerCode: undefined }).ok, false);
    assert.equal(parsePlotly({ data: "bars" }).ok, false);
    assert.equal(parsePlotly({ data: [], layout: [] }).ok, false);
    assert.equal(parsePlotly(null).ok, false);
  });

  it("a running trace needs no phase, steps or seconds", () => {
    const r = parseTrace(fixture("trace-llm-error"));
    assert.ok(r.ok && r.value.run.status === "running" && r.value.steps.length === 2);
  });
});
