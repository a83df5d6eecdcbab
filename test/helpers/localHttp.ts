/**
 * The local protocol servers of the tests speak plain http on 127.0.0.1, which agentic-mmm only
 * accepts with an explicit opt-in: call `allowLocalHttp()` inside a describe to opt in for its
 * hooks and tests (set again before each test, since some tests reset process.env).
 */
import { ALLOW_HTTP_ENV } from "../../kernel-lib/src/net/secureUrl";

export function allowLocalHttp(): void {
  const original = process.env[ALLOW_HTTP_ENV];
  const set = () => void (process.env[ALLOW_HTTP_ENV] = "1");
  before(set);
  beforeEach(set);
  after(() => {
    if (original === undefined) delete process.env[ALLOW_HTTP_ENV];
    else process.env[ALLOW_HTTP_ENV] = original;
  });
}
