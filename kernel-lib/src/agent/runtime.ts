/**
 * What the graph's nodes act on besides the state: the engine with its data and fits, the tools,
 * the chat model, the configuration and the trace. One runtime per notebook session.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AgentConfig } from "../config";
import type { MMMEngine } from "../engine";
import type { ToolRegistry } from "../tools/registry";
import type { TraceRecorder } from "./trace";
import type { RetryPolicy } from "./llm/retry";

export interface AgentRuntime {
  /** The engine; its `analysis` holds the fits, plans, charts and notes. */
  engine: MMMEngine;
  registry: ToolRegistry;
  llm: BaseChatModel;
  /** Said in errors about the LLM (never includes a token). */
  llmLabel: string;
  retry: RetryPolicy;
  config: AgentConfig;
  trace: TraceRecorder;
  signal?: AbortSignal;
}
