/** Assertions shared by the suites. */
import { strict as assert } from "node:assert";
import { MMMError } from "../../kernel-lib/src/errors";

/** Await `promise` and expect an MMMError whose message matches `pattern`; returns it. */
export async function rejectsWithMMMError(promise: Promise<unknown>, pattern: RegExp): Promise<MMMError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof MMMError, `expected an MMMError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return err;
  }
  assert.fail(`expected a rejection matching ${pattern}`);
}
