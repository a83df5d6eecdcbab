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

/** The message, hint, stack and JSON of a thrown value must not hold `secret`. */
export function assertNoSecret(e: unknown, secret: string, what = "the secret"): void {
  const m = e as MMMError;
  const all = [m.message, m.hint, m.stack, JSON.stringify(m.toJSON?.() ?? {})].join("\n");
  assert.ok(!all.includes(secret), `${what} leaked: ${all.slice(0, 300)}`);
}

/** Expect an MMMError with `code` whose message matches `pattern` and holds no `secret`; returns it. */
export async function rejectsWithCode(p: Promise<unknown>, code: string, pattern: RegExp, secret: string): Promise<MMMError> {
  let caught: unknown;
  await p.then(
    () => assert.fail("expected a rejection"),
    (e: unknown) => (caught = e),
  );
  assert.ok(caught instanceof MMMError, `not an MMMError: ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, pattern);
  assertNoSecret(caught, secret);
  return caught;
}
