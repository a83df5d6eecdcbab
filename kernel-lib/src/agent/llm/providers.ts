/**
 * Which chat model drives the agent: the offline planner (default without credentials), Databricks
 * Model Serving (default when DATABRICKS_HOST and DATABRICKS_TOKEN are set), any OpenAI-compatible
 * server, or any LangChain chat model passed in.
 */
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { LLM_CFG } from "../../config";
import { MMMError } from "../../errors";
import { OfflinePlanner } from "../offline/planner";
import { LlamaCppChatModel, type LlamaCppSpec } from "./llamaCpp";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry";
import { normaliseHost } from "../../databricks/auth";
import type { RetryOptions } from "../../net/backoff";
import { databricksServing, openAiCompatible, type DatabricksSpec, type OpenAiCompatibleSpec } from "./openai";

export type LlmSpec = "offline" | { provider: "offline" } | DatabricksSpec | OpenAiCompatibleSpec | LlamaCppSpec | BaseChatModel;

export interface ResolvedLlm {
  model: BaseChatModel;
  /** For messages and traces: provider and endpoint, never a secret. */
  label: string;
  provider: "offline" | "databricks" | "openai-compatible" | "llama-cpp" | "custom";
  retry: RetryPolicy;
}

/** Workspace credentials in the environment (token or OAuth) or a named profile. */
function databricksConfigured(): boolean {
  const e = process.env;
  return !!(e.DATABRICKS_HOST && (e.DATABRICKS_TOKEN || (e.DATABRICKS_CLIENT_ID && e.DATABRICKS_CLIENT_SECRET))) || !!e.DATABRICKS_CONFIG_PROFILE;
}

/** The retry policy of an HTTP provider: `retry` wins over `maxRetries`, defaults fill the rest. */
function httpRetry(s: { maxRetries?: number; retry?: RetryOptions }): RetryPolicy {
  const r = s.retry ?? {};
  const maxRetries = r.maxAttempts !== undefined ? Math.max(0, Math.floor(r.maxAttempts) - 1) : (s.maxRetries ?? DEFAULT_RETRY.maxRetries);
  return { maxRetries, baseDelayMs: r.baseMs ?? DEFAULT_RETRY.baseDelayMs, maxDelayMs: r.maxMs ?? DEFAULT_RETRY.maxDelayMs };
}

export function resolveLlm(spec?: LlmSpec): ResolvedLlm {
  const defaults = { temperature: LLM_CFG.temperature, endpoint: LLM_CFG.endpoint };
  if (spec instanceof BaseChatModel) {
    if (typeof spec.bindTools !== "function") throw new MMMError("INVALID_ARGUMENT", `The chat model ${spec._llmType()} cannot call tools (no bindTools).`, "Use a chat model with tool calling (e.g. ChatOpenAI, ChatAnthropic).");
    return { model: spec, label: spec._llmType(), provider: "custom", retry: DEFAULT_RETRY };
  }
  const s = spec ?? (databricksConfigured() ? { provider: "databricks" as const } : "offline");
  if (s === "offline" || s.provider === "offline") return { model: new OfflinePlanner({}), label: "offline planner", provider: "offline", retry: { ...DEFAULT_RETRY, maxRetries: 0 } };
  if (s.provider === "databricks") {
    const { model, label } = databricksServing(s, defaults);
    return { model, label, provider: "databricks", retry: httpRetry(s) };
  }
  if (s.provider === "openai-compatible") {
    return { model: openAiCompatible(s, defaults), label: `'${s.model}' at ${normaliseHost(s.baseURL)}`, provider: "openai-compatible", retry: httpRetry(s) };
  }
  // Local inference: a failure is not transient, so no retries.
  if (s.provider === "llama-cpp") return { model: new LlamaCppChatModel(s, defaults), label: `llama.cpp model ${s.modelPath}`, provider: "llama-cpp", retry: { ...DEFAULT_RETRY, maxRetries: 0 } };
  throw new MMMError(
    "INVALID_ARGUMENT",
    `Unknown LLM provider '${(s as { provider?: string }).provider}'.`,
    "Use 'offline', { provider: 'databricks', endpoint }, { provider: 'openai-compatible', baseURL, model, apiKey }, { provider: 'llama-cpp', modelPath }, or a LangChain chat model.",
  );
}
