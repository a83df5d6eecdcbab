/**
 * Chat models that speak the OpenAI chat-completions protocol: any OpenAI-compatible server and
 * Databricks Model Serving (`{host}/serving-endpoints`). `maxRetries` is applied by the agent
 * (llm/retry.ts, backoff on 429 and 5xx); `timeoutMs` bounds each request.
 */
import { ChatOpenAI } from "@langchain/openai";
import { MMMError } from "../../errors";
import { registerSecret } from "../../secrets";

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

/** `https://host` without a trailing slash (accepts a bare host name). */
export function normaliseHost(host: string): string {
  const h = host.trim().replace(/\/+$/, "");
  return /^https?:\/\//.test(h) ? h : `https://${h}`;
}

export function databricksServing(spec: DatabricksSpec, defaults: { temperature: number; endpoint: string }): { model: ChatOpenAI; label: string } {
  const host = spec.host ?? process.env.DATABRICKS_HOST;
  const token = spec.token ?? process.env.DATABRICKS_TOKEN;
  if (!host) throw new MMMError("INVALID_ARGUMENT", "Databricks Model Serving needs the workspace URL.", "Set DATABRICKS_HOST (e.g. https://adb-123.azuredatabricks.net) or pass llm: { provider: 'databricks', host }.");
  if (!token) throw new MMMError("LLM_AUTH", "Databricks Model Serving needs a token.", "Set DATABRICKS_TOKEN (a personal access token) or pass llm: { provider: 'databricks', token }.");
  const endpoint = spec.endpoint ?? defaults.endpoint;
  const baseURL = `${normaliseHost(host)}/serving-endpoints`;
  const model = openAiCompatible({ provider: "openai-compatible", baseURL, model: endpoint, apiKey: token, temperature: spec.temperature, timeoutMs: spec.timeoutMs, maxRetries: spec.maxRetries }, defaults);
  return { model, label: `'${endpoint}' at ${normaliseHost(host)}` };
}
