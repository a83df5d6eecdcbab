/**
 * The fetch the OpenAI SDK uses for every LLM request: https only (loopback http with an opt-in),
 * no redirects (the API key or Databricks token would follow to the other host), one time limit
 * over headers *and* body (the SDK's own stops at the headers), a cap on the body read, and a
 * chat completion checked before LangChain reads it — so garbage becomes a typed LLM_FAILED error
 * rather than a SyntaxError or "Cannot read properties of undefined". Our errors reach
 * describeLlmError as the `cause` of the SDK's APIConnectionError (their text must not say
 * "timeout": the SDK would then replace them with its generic APIConnectionTimeoutError).
 */
import { MMMError } from "../../errors";
import { redact } from "../../secrets";
import { MAX_JSON_BYTES, readCapped } from "../../net/body";
import { deadline, formatMs } from "../../net/deadline";
import { assertSecureUrl } from "../../net/secureUrl";
import { checkCompletion } from "./completionShape";

export interface GuardedFetchOptions {
  /** The fetch that sends (default global fetch; Databricks: one that adds a fresh token). */
  inner?: typeof fetch;
  /** For messages: the endpoint, never a secret. */
  label: string;
  /** Where the URL came from, for the https hint ("baseURL", "DATABRICKS_HOST"). */
  setting: string;
  timeoutMs: number;
  maxBytes?: number;
  allowInsecureLocalhost?: boolean;
}

const urlOf = (input: Parameters<typeof fetch>[0]) => (typeof input === "string" ? input : input instanceof URL ? input.href : input.url);

const isStreaming = (init?: RequestInit) => typeof init?.body === "string" && /"stream"\s*:\s*true/.test(init.body);

export function guardedFetch(o: GuardedFetchOptions): typeof fetch {
  const inner = o.inner ?? fetch;
  return async (input, init) => {
    const url = urlOf(input);
    assertSecureUrl(url, { allowInsecureLocalhost: o.allowInsecureLocalhost, what: "the LLM endpoint", setting: o.setting });
    const d = deadline(o.timeoutMs, init?.signal);
    try {
      const res = await inner(input, { ...init, redirect: "manual", signal: d.signal });
      if (res.status >= 300 && res.status < 400) throw redirected(res, url, o.label);
      if (isStreaming(init)) return res; // not used by the agent; left to the SDK
      const body = await readCapped(res, { maxBytes: o.maxBytes ?? MAX_JSON_BYTES, code: "LLM_FAILED", from: `the LLM endpoint ${o.label}` });
      if (res.ok && /\/chat\/completions$/.test(new URL(url).pathname)) checkCompletion(body.toString("utf8"), res.status, o.label);
      const headers = new Headers(res.headers);
      for (const h of ["content-encoding", "content-length", "transfer-encoding"]) headers.delete(h); // the body is already decoded
      return new Response(res.status === 204 ? null : body, { status: res.status, statusText: res.statusText, headers });
    } catch (err) {
      if (d.timedOut())
        throw new MMMError(
          "LLM_UNREACHABLE",
          `No answer from the LLM endpoint ${o.label} in ${formatMs(o.timeoutMs)}.`,
          "The server accepted the request but did not reply: try again, use a faster model, or allow more time per request in the llm options.",
        );
      throw err;
    } finally {
      d.clear();
    }
  };
}

function redirected(res: Response, url: string, label: string): MMMError {
  void res.body?.cancel().catch(() => undefined);
  let to = "another location";
  try {
    to = new URL(res.headers.get("location") ?? "", url).origin;
  } catch {
    /* keep the generic wording */
  }
  return new MMMError(
    "LLM_FAILED",
    `The LLM endpoint ${label} answered with a redirect (HTTP ${res.status}) to ${redact(to)}; it was not followed, so the credentials were not sent there.`,
    "Use the final URL of the endpoint (https) as the base URL / DATABRICKS_HOST.",
  );
}
