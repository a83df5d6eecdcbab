/**
 * Chat models that speak the OpenAI chat-completions protocol: any OpenAI-compatible server and
 * Databricks Model Serving (`{host}/serving-endpoints`). `maxRetries` is applied by the agent
 * (llm/retry.ts, backoff on 429 and 5xx); `timeoutMs` bounds each request.
 */
import { ChatOpenAI } from "@langchain/openai";
import { registerSecret } from "../../secrets";
import { authorisedFetch, databricksAuth } from "../../databricks/auth";

export { normaliseHost } from "../../databricks/auth";

export interface OpenAiCompatibleSpec {
  provider: "openai-compatible";
  baseURL: string;
  model: string;
  apiKey?: string;
  temperature?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface DatabricksSpec {
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
  temperature?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

export function openAiCompatible(spec: OpenAiCompatibleSpec, defaults: { temperature: number }): ChatOpenAI {
  registerSecret(spec.apiKey);
  return new ChatOpenAI({
    model: spec.model,
    apiKey: spec.apiKey ?? "not-needed",
    temperature: spec.temperature ?? defaults.temperature,
    // Retries are ours (llm/retry.ts): LangChain's caller gives up on a 429 without Retry-After.
    maxRetries: 0,
    timeout: spec.timeoutMs ?? 120_000,
    streamUsage: false,
    configuration: { baseURL: spec.baseURL },
  });
}

export function databricksServing(spec: DatabricksSpec, defaults: { temperature: number; endpoint: string }): { model: ChatOpenAI; label: string } {
  const auth = databricksAuth({ host: spec.host, token: spec.token, clientId: spec.clientId, clientSecret: spec.clientSecret, profile: spec.profile });
  const endpoint = spec.endpoint ?? defaults.endpoint;
  const model = new ChatOpenAI({
    model: endpoint,
    // The real bearer token is set per request by authorisedFetch (OAuth tokens are refreshed).
    apiKey: "databricks",
    temperature: spec.temperature ?? defaults.temperature,
    maxRetries: 0,
    timeout: spec.timeoutMs ?? 120_000,
    streamUsage: false,
    configuration: { baseURL: `${auth.host}/serving-endpoints`, fetch: authorisedFetch(auth) },
  });
  return { model, label: `'${endpoint}' at ${auth.host} (${auth.kind === "pat" ? "token" : "OAuth"})` };
}
