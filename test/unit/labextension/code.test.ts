import assert from "node:assert/strict";
import { answerCall, explainKernelError, requestCode, sayCall } from "../../../labextension/src/code";

/** Run a generated call against a fake `globalThis.agenticMMM`, as the kernel would. */
async function run(code: string, registry: Record<string, (...a: unknown[]) => unknown>) {
  const g = globalThis as Record<string, unknown>;
  g.agenticMMM = registry;
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (body: string) => () => Promise<void>;
    await new AsyncFunction(code)();
  } finally {
    delete g.agenticMMM;
  }
}

describe("labextension kernel calls", () => {
  it("answer and say call the session registry with JSON values", async () => {
    assert.equal(answerCall("s1", "q1", ["tv", "radio"]), 'await Reflect.get(globalThis, "agenticMMM").answer("s1", "q1", ["tv","radio"]);');
    assert.equal(sayCall(null, "hi"), 'await Reflect.get(globalThis, "agenticMMM").say(null, "hi");');
    assert.ok(!/^await \(/.test(answerCall("s", "q", 1)), "tslab reads `await (` as a call");
    const calls: unknown[][] = [];
    await run(requestCode({ kind: "answer", session: "s1", questionId: "q1", value: { n: 2 } }), { answer: (...a) => calls.push(["answer", ...a]) });
    await run(requestCode({ kind: "say", session: "s1", text: "Try log-log" }), { say: (...a) => calls.push(["say", ...a]) });
    assert.deepEqual(calls, [["answer", "s1", "q1", { n: 2 }], ["say", "s1", "Try log-log"]]);
  });

  it("text from the analyst or a payload cannot escape its string", async () => {
    const nasty = '"); globalThis.pwned = true; ("\n\u2028`${1}`';
    const got: unknown[] = [];
    await run(sayCall(nasty, nasty), { say: (...a) => got.push(...a) });
    assert.deepEqual(got, [nasty, nasty]);
    assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
    assert.ok(!sayCall(null, "a\u2028b").includes("\u2028"));
  });

  it("explains a kernel without agentic-mmm", () => {
    assert.match(explainKernelError("TypeError: Cannot read properties of undefined (reading 'say')"), /run initMMM/);
    assert.equal(explainKernelError("boom"), "boom");
  });
});
