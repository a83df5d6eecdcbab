/**
 * A local GGUF model through llama.cpp (node-llama-cpp), for private or offline use: nothing leaves
 * the machine. The agent needs tool calling, which LangChain's ChatLlamaCpp (@langchain/community)
 * does not offer (no bindTools; it also runs out of context sequences on its second multi-message
 * call), so this chat model drives node-llama-cpp's LlamaChat directly: the model's own chat
 * template renders the conversation and the tools, and a grammar built from each tool's schema
 * constrains the arguments once the model starts a call. A model that calls nothing (or emits
 * gibberish) just gives a text reply.
 */
import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { AIMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { errorMessage, MMMError } from "../../errors";
import { toGbnfSchema, type GbnfSchema } from "./gbnfSchema";
import { toLlamaHistory } from "./llamaCppHistory";
import { checkModelFile, loadLlama, type LoadedLlama } from "./llamaCppRuntime";

export interface LlamaCppSpec {
  provider: "llama-cpp";
  /** Path of a GGUF model file (an instruct model with tool calling: Qwen 2.5, Llama 3.1, Mistral, Functionary, ...). */
  modelPath: string;
  /** Sampling temperature (default LLM_CFG.temperature); 0 is greedy and deterministic. */
  temperature?: number;
  /** Longest reply in tokens (default 1024). */
  maxTokens?: number;
  /** Context window in tokens (default: what fits in memory, up to the model's own and 32768). */
  contextSize?: number;
  /** Sampling seed, for reproducible replies at a temperature above 0. */
  seed?: number;
  /** CPU threads (default: node-llama-cpp's choice). On a small or shared machine, fewer is faster. */
  threads?: number;
  /** false: CPU only; default: a GPU (CUDA, Vulkan, Metal) when one is usable. */
  gpu?: boolean;
}

type ToolSpec = { name: string; description?: string; params: GbnfSchema };
type CallOptions = BaseChatModelCallOptions & { tools?: BindToolsInput[] };

function toolSpecs(tools: BindToolsInput[] | undefined): ToolSpec[] {
  return (tools ?? []).map((t) => {
    const f = convertToOpenAITool(t).function;
    return { name: f.name, description: f.description, params: toGbnfSchema(f.parameters) };
  });
}

export class LlamaCppChatModel extends BaseChatModel<CallOptions> {
  readonly modelPath: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly seed?: number;
  readonly #spec: LlamaCppSpec;
  #loaded?: Promise<LoadedLlama>;
  /** One generation at a time: the model has a single context sequence. */
  #queue: Promise<unknown> = Promise.resolve();

  /** Checks the file now; the model is loaded on first use (resolveLlm is synchronous). */
  constructor(spec: LlamaCppSpec, defaults: { temperature: number }) {
    super({});
    checkModelFile(spec.modelPath);
    this.#spec = spec;
    this.modelPath = spec.modelPath;
    this.temperature = spec.temperature ?? defaults.temperature;
    this.maxTokens = spec.maxTokens ?? 1024;
    this.seed = spec.seed;
  }

  override _llmType(): string {
    return "llama-cpp";
  }

  static override lc_name(): string {
    return "LlamaCppChatModel";
  }

  // The tools travel as call options and become node-llama-cpp functions on each call.
  override bindTools(tools: BindToolsInput[], kwargs?: Partial<CallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, CallOptions> {
    return this.withConfig({ ...kwargs, tools } as Partial<CallOptions>);
  }

  /** Load the model now (otherwise the first call does). */
  async load(): Promise<void> {
    await this.#load();
  }

  #load(): Promise<LoadedLlama> {
    this.#loaded ??= loadLlama(this.#spec).catch((err: unknown) => {
      this.#loaded = undefined;
      throw err;
    });
    return this.#loaded;
  }

  /** Free the model and its context (native memory). */
  async dispose(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    if (!loaded) return;
    const l = await loaded.catch(() => undefined);
    await l?.context.dispose();
    await l?.model.dispose();
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const run = this.#queue.then(() => this.#generate(messages, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const { chat } = await this.#load();
    const tools = toolSpecs(options.tools);
    const functions = tools.length ? Object.fromEntries(tools.map((t) => [t.name, { description: t.description, params: t.params }])) : undefined;
    const res = await chat.generateResponse(toLlamaHistory(messages), { functions, documentFunctionParams: true, maxTokens: this.maxTokens, temperature: this.temperature, seed: this.seed, signal: options.signal }).catch((err: unknown) => {
      // The system prompt and the tool list alone need about 8k tokens of a typical tokenizer.
      if (/context (size|shift)/i.test(errorMessage(err))) {
        throw new MMMError(
          "LLM_FAILED",
          `The conversation does not fit the context window of the llama.cpp model ${this.modelPath}${this.#spec.contextSize ? ` (contextSize ${this.#spec.contextSize})` : ""}.`,
          "Raise contextSize in the llm options (the agent's instructions and tools need about 8k tokens; 16k leaves room for the analysis), or use a model with a longer context.",
        );
      }
      throw err;
    });
    // node-llama-cpp's calls have no ids; the conversation's length makes them unique within it.
    const toolCalls = (res.functionCalls ?? []).map((c, i) => ({ id: `llama_${messages.length}_${i}`, name: c.functionName, args: (c.params ?? {}) as Record<string, unknown>, type: "tool_call" as const }));
    const text = res.response.trim();
    const message = new AIMessage({ content: text, tool_calls: toolCalls, response_metadata: { stopReason: res.metadata.stopReason, model: this.modelPath } });
    return { generations: [{ text, message }] };
  }
}
