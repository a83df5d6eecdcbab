/**
 * The protocol fixtures (test/fixtures/protocol) are what kernel-lib emits now: the extension's
 * tests render them, so they must never drift from the code or be written by hand. Regenerate
 * after a deliberate payload change with `npm run fixtures:protocol` (and review the diff).
 */
import assert from "node:assert/strict";
import { parseChat, parsePlotly, parseQuestion, parseTrace, type Parsed, type TracePayload } from "agentic-mmm-protocol";
import { PHASES } from "../../../kernel-lib/src/workflow";
import { BUILTIN_TOOLS } from "../../../kernel-lib/src/tools/registry";
import { producePayloads, readFixtures, type Fixtures } from "../../helpers/protocolFixtures";

const PARSERS: Record<string, (data: unknown) => Parsed<unknown>> = { trace: parseTrace, question: parseQuestion, chat: parseChat, figure: parsePlotly };

const traces = (f: Fixtures) =>
  Object.entries(f)
    .filter(([name]) => name.startsWith("trace-"))
    .map(([, t]) => t as TracePayload);

describe("protocol fixtures", function () {
  this.timeout(120_000);
  const committed = readFixtures();
  let produced: Fixtures;
  before(async () => (produced = await producePayloads()));

  it("are exactly what kernel-lib produces now", () => {
    assert.deepEqual(Object.keys(committed), Object.keys(produced), "the same files (npm run fixtures:protocol)");
    for (const name of Object.keys(produced)) assert.deepEqual(committed[name], produced[name], `test/fixtures/protocol/${name}.json is stale: npm run fixtures:protocol`);
  });

  it("every one passes the protocol's validator for its type", () => {
    for (const [name, payload] of Object.entries(committed)) {
      const parse = PARSERS[name.split("-")[0]!];
      assert.ok(parse, `${name}: no validator for this fixture type`);
      const r = parse(payload);
      assert.ok(r.ok, `${name}: ${r.ok ? "" : r.error}`);
    }
  });

  it("between them: every trace step type, a failed tool, both question kinds, every run status", () => {
    const steps = traces(committed).flatMap((t) => t.steps);
    assert.deepEqual([...new Set(steps.map((s) => s.type))].sort(), ["answer", "error", "limit", "llm", "phase", "question", "request", "tool"]);
    assert.ok(
      steps.some((s) => s.type === "tool" && !s.ok),
      "a failed tool",
    );
    assert.deepEqual([...new Set(traces(committed).map((t) => t.run.status))].sort(), ["completed", "running", "step_limit", "waiting_for_user"]);
    assert.deepEqual(
      ["question-choice", "question-text"].map((n) => (committed[n] as { kind: string }).kind),
      ["choice", "text"],
    );
  });

  it("name only phases and tools that exist", () => {
    const tools = new Set(BUILTIN_TOOLS.map((t) => t.name));
    for (const s of traces(committed).flatMap((t) => t.steps)) {
      const phases = s.type === "phase" ? [s.from, s.to] : s.type === "tool" || s.type === "llm" ? [s.phase] : [];
      for (const p of phases) assert.ok((PHASES as readonly string[]).includes(p), `phase ${p}`);
      const called = s.type === "tool" ? [s.tool] : s.type === "llm" ? s.toolCalls : [];
      for (const t of called) assert.ok(tools.has(t), `tool ${t}`);
    }
  });
});
