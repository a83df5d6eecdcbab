/**
 * Chat models that speak the OpenAI chat-completions protocol: any OpenAI-compatible server and
 * Databricks Model Serving (`{host}/serving-endpoints`). `maxRetries` / `retry` are applied by the
 * agent (llm/retry.ts: backoff on 429, 5xx and dropped connections); `timeoutMs` bounds each
 * request, headers and body (guardedFetch.ts, which also refuses plain http and redirects).
 */
import { ChatOpenAI } from "@langchain/openai";
import { registerSecret } from "../../secrets";
import { authorisedFetch, databricksAuth } from "../../databricks/auth";
import type { RetryOptions } from "../../net/backoff";
import { assertSecureUrl } from "../../net/secureUrl";
import { guardedFetch } from "./guardedFetch";

/** Options shared by the HTTP providers. */
interface HttpLlmOptions {
  temperature?: number;
  /** Time limit of each request in ms, headers and body (default 120 000). */
  timeoutMs?: number;
  maxRetries?: number;
  /** Backoff (default 0.5 s ×2 up to 30 s, 5 attempts; `maxAttempts` overrides maxRetries). */
  retry?: RetryOptions;
  /** Accept an http:// URL on localhost (a local server); default AGENTIC_MMM_ALLOW_HTTP_LOCALHOST=1. */
  allowInsecureLocalhost?: boolean;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** The SDK's own limit stays just above ours, so ours (with its clear message) fires first. */
const sdkTimeout = (ms: number) => ms + 5_000;

export { normaliseHost } from "../../databricks/auth";

export interface OpenAiCompatibleSpec extends HttpLlmOptions {
  provider: "openai-compatible";
  baseURL: string;
  model: string;
  apiKey?: string;
}

export interface DatabricksSpec extends HttpLlmOptions {
  provider: "databricks";
  /** Serving endpoint name (default LLM_CFG.endpoint). */
  endpoint?: string;
  /** Workspace URL (default DATABRICKS_HOST). */
  host?: string;
  /** Personal access token (default DATABRICKS_TOKEN). */
  token?: string;
  /** OAuth machine-to-machine (default DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET). */
  clientId?: string;
  clientSecret?: string;
  /** ~/.databrickscfg profile (default DATABRICKS_CONFIG_PROFILE, then DEFAULT). */
  profile?: string;
}

export function openAiCompatible(spec: OpenAiCompatibleSpec, defaults: { temperature: number }): ChatOpenAI {
  registerSecret(spec.apiKey);
  assertSecureUrl(spec.baseURL, { allowInsecureLocalhost: spec.allowInsecureLocalhost, what: "the LLM endpoint", setting: "baseURL" });
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const label = `'${spec.model}' at ${new URL(spec.baseURL).host}`;
  return new ChatOpenAI({
    model: spec.model,
    apiKey: spec.apiKey ?? "not-needed",
    temperature: spec.temperature ?? defaults.temperature,
    // Retries are ours (llm/retry.ts): LangChain's caller gives up on a 429 without Retry-After.
    maxRetries: 0,
    timeout: sdkTimeout(timeoutMs),
    streamUsage: false,
    configuration: { baseURL: spec.baseURL, fetch: guardedFetch({ label, setting: "baseURL", timeoutMs, allowInsecureLocalhost: spec.allowInsecureLocalhost }) },
  });
}

export function databricksServing(spec: DatabricksSpec, defaults: { temperature: number; endpoint: string }): { model: ChatOpenAI; label: string } {
  const auth = databricksAuth({ host: spec.host, token: spec.token, clientId: spec.clientId, clientSecret: spec.clientSecret, profile: spec.profile, allowInsecureLocalhost: spec.allowInsecureLocalhost });
  const endpoint = spec.endpoint ?? defaults.endpoint;
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const label = `'${endpoint}' at ${auth.host}`;
  const fetch = guardedFetch({ inner: authorisedFetch(auth), label, setting: "DATABRICKS_HOST", timeoutMs, allowInsecureLocalhost: spec.allowInsecureLocalhost });
  const model = new ChatOpenAI({
    model: endpoint,
    // The real bearer token is set per request by authorisedFetch (OAuth tokens are refreshed).
    apiKey: "databricks",
    temperature: spec.temperature ?? defaults.temperature,
    maxRetries: 0,
    timeout: sdkTimeout(timeoutMs),
    streamUsage: false,
    configuration: { baseURL: `${auth.host}/serving-endpoints`, fetch },
  });
  return { model, label: `${label} (${auth.kind === "pat" ? "token" : "OAuth"})` };
}
