import assert from "node:assert/strict";
import { answerCall, ERROR_MARK, explainKernelError, parsePending, pendingCall, PENDING_MARK, requestCode, sayCall } from "../../../labextension/src/code";

/** Run a generated call against a fake `globalThis.agenticMMM.panel`, as the kernel would (kernelCalls.test.ts: the real one). */
async function run(code: string, panel: Record<string, (...a: unknown[]) => unknown> | undefined) {
  const g = globalThis as Record<string, unknown>;
  g.agenticMMM = panel === undefined ? {} : { panel };
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (body: string) => () => Promise<void>;
    await new AsyncFunction(code)();
  } finally {
    delete g.agenticMMM;
  }
}

describe("labextension kernel calls", () => {
  it("answer and say call the kernel's panel API with JSON values", async () => {
    assert.match(answerCall("s1", "q1", ["tv", "radio"]), /^try \{ await Reflect\.get\(globalThis, "agenticMMM"\)\.panel\.answer\("s1", "q1", \["tv","radio"\]\); \} catch \(e\) \{/);
    assert.match(sayCall(null, "hi"), /await Reflect\.get\(globalThis, "agenticMMM"\)\.panel\.say\(null, "hi"\);/);
    assert.ok(!/await \(/.test(answerCall("s", "q", 1)), "tslab reads `await (` as a call");
    const calls: unknown[][] = [];
    await run(requestCode({ kind: "answer", session: "s1", questionId: "q1", value: { n: 2 } }), { answer: (...a) => calls.push(["answer", ...a]) });
    await run(requestCode({ kind: "say", session: "s1", text: "Try log-log" }), { say: (...a) => calls.push(["say", ...a]) });
    assert.deepEqual(calls, [
      ["answer", "s1", "q1", { n: 2 }],
      ["say", "s1", "Try log-log"],
    ]);
  });

  it("text from the analyst or a payload cannot escape its string", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} is part of the hostile text under test
    const nasty = '"); globalThis.pwned = true; ("\n\u2028`${1}`';
    const got: unknown[] = [];
    await run(sayCall(nasty, nasty), { say: (...a) => got.push(...a) });
    assert.deepEqual(got, [nasty, nasty]);
    assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
    assert.ok(!sayCall(null, "a\u2028b").includes("\u2028"));
  });

  it("a failing call ends normally and prints its error after the mark (no tslab abort after it)", async () => {
    const printed: string[] = [];
    const error = console.error;
    console.error = (...a: unknown[]) => void printed.push(a.join(" "));
    try {
      await run(sayCall("s1", "hi"), { say: () => Promise.reject(new Error("No agentic-mmm session 's1' in this kernel")) });
      await run(answerCall("s1", "q", 1), {});
      await run(answerCall("s1", "q", 1), undefined);
    } finally {
      console.error = error;
    }
    assert.deepEqual(printed.slice(0, 2), [`${ERROR_MARK}No agentic-mmm session 's1' in this kernel`, `${ERROR_MARK}Reflect.get(...).panel.answer is not a function`]);
    assert.match(printed[2]!, /^agentic-mmm-error: Cannot read properties of undefined \(reading 'answer'\)/, "a kernel whose agentic-mmm has no panel API");
  });

  it("explains a kernel without agentic-mmm, without stack lines", () => {
    assert.match(explainKernelError("TypeError: Cannot read properties of undefined (reading 'panel')\n    at evalmachine.<anonymous>:3:65"), /^agentic-mmm is not loaded in this kernel.*run initMMM/);
    assert.equal(explainKernelError("Error: boom\n    at x (y.js:1:2)\n    at z"), "Error: boom");
  });

  it("pendingCall prints the session's pending question id, or null for none or a kernel without agentic-mmm", async () => {
    const printed: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void printed.push(a.join(" "));
    try {
      const pendingQuestion = (id: unknown) => (id === "s1" ? { id: "call_7", kind: "text", prompt: "?" } : null);
      await run(pendingCall("s1"), { pendingQuestion });
      await run(pendingCall("s2"), { pendingQuestion });
      await run(pendingCall("s1"), undefined);
      await run(pendingCall("s1"), { pendingQuestion: () => undefined });
    } finally {
      console.log = log;
    }
    assert.deepEqual(printed.map(parsePending), ["call_7", null, null, null]);
    assert.equal(parsePending("nothing here"), undefined);
    assert.equal(parsePending(`${PENDING_MARK}{broken`), undefined);
  });
});
