/**
 * The host's caps on what a sandbox worker sends back. These feed the host check outcomes no
 * honest worker would send (it stops collecting at the same caps), as if the thread that ran the
 * tool had been subverted: the host must still cut or refuse them.
 */
import { strict as assert } from "node:assert";
import { MMMError } from "../../../../kernel-lib/src/errors";
import { acceptOutcome, capLogs, DEFAULT_OUTPUT_CAPS, DROPPED_NOTE, rebuildError } from "../../../../kernel-lib/src/tools/sandbox/outputCaps";

const caps = DEFAULT_OUTPUT_CAPS;
const ctx = { toolName: "t", timeoutMs: 2000, memoryBytes: 64 * 2 ** 20 };

function throwsMMMError(f: () => unknown, pattern: RegExp): MMMError {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof MMMError, String(err));
    assert.match(err.message, pattern);
    return err;
  }
  assert.fail(`expected an MMMError matching ${pattern}`);
}

describe("sandbox output caps (host side)", () => {
  it("keeps at most logLines console lines, each cut, then a note", () => {
    const logs = capLogs(
      Array.from({ length: 1000 }, (_, i) => `${i}:${"x".repeat(1900)}`),
      caps,
    );
    assert.equal(logs.length, caps.logLines + 1);
    assert.equal(logs.at(-1), DROPPED_NOTE);
    assert.deepEqual(
      logs.slice(0, 3).map((l) => l.split(":")[0]),
      ["0", "1", "2"],
    );
    const cut = capLogs(["y".repeat(1e7), "short"], caps);
    assert.equal(cut[0], `${"y".repeat(caps.logLineChars)}… (9,998,000 more characters cut)`);
    assert.equal(cut[1], "short");
  });

  it("cuts the console's total, drops non-strings and ignores what is not an array", () => {
    const tight = { ...caps, logTotalChars: 5000 };
    const logs = capLogs(["a".repeat(2000), 42, { s: 1 }, "b".repeat(2000), "c".repeat(2000), "d"], tight);
    assert.deepEqual(
      logs.map((l) => l[0]),
      ["a", "b", "."],
    );
    assert.equal(logs.at(-1), DROPPED_NOTE);
    assert.deepEqual(capLogs("not an array", caps), []);
    assert.deepEqual(capLogs(undefined, caps), []);
  });

  it("refuses a result JSON over the cap, naming its size, and passes one within it", () => {
    const big = `"${"x".repeat(caps.resultChars)}"`;
    throwsMMMError(() => acceptOutcome({ ok: true, resultJson: big, logs: [], elapsedMs: 3 }, caps, ctx), /custom tool 't' returned too much: the result's JSON has 2,000,002 characters, more than the 2,000,000 allowed/);
    const fine = acceptOutcome({ ok: true, resultJson: "[1,2]", logs: ["hi"], elapsedMs: 3 }, caps, ctx);
    assert.deepEqual(fine, { resultJson: "[1,2]", logs: ["hi"], elapsedMs: 3 });
  });

  it("cuts an error's texts and keeps only sandbox error codes", () => {
    const e = rebuildError({ code: "LLM_AUTH", what: "w".repeat(1e6), hint: "h".repeat(1e6) }, caps);
    assert.equal(e.code, "QUERY_FAILED");
    assert.ok(e.message.length < 2 * caps.errorChars + 100, `${e.message.length}`);
    assert.match(e.message, /w… \(998,000 more characters cut\) h+… \(998,000 more characters cut\)$/);
    assert.equal(rebuildError({ code: "INVALID_ARGUMENT", what: "bad", hint: "fix" }, caps).message, "bad fix");
    const failed = throwsMMMError(() => acceptOutcome({ ok: false, error: { code: "QUERY_FAILED", what: "custom tool 't' failed.", hint: "" } }, caps, ctx), /^custom tool 't' failed\.$/);
    assert.equal(failed.code, "QUERY_FAILED");
  });

  it("turns malformed outcomes into a clear error instead of trusting them", () => {
    for (const raw of [null, 42, "done", { ok: "yes" }, { ok: true }, { ok: true, resultJson: 5 }]) {
      throwsMMMError(() => acceptOutcome(raw, caps, ctx), /custom tool 't' stopped the sandbox \(it sent back no usable answer\)|The custom tool failed/);
    }
    assert.equal(acceptOutcome({ ok: true, resultJson: "1", logs: [], elapsedMs: -5 }, caps, ctx).elapsedMs, 0);
  });
});
