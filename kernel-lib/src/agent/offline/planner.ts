/**
 * The offline planner: a deterministic LangChain chat model that needs no network. It reads the
 * request and the tool results in the conversation and emits real tool calls through the same
 * graph and tools an LLM would use, so `npm start`, notebooks and tests run offline.
 */
import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import { AIMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { nextStep, type Action } from "../../playbook/steps";
import { lastRequest, lastRequestMatching, readConversation, typedRequest } from "./history";
import { readRequest, type Request } from "./intents";
import { planFor } from "./plans";

const FULL_REQUEST = /full (mmm )?analysis|end[- ]to[- ]end|complete analysis|run (the|an|a) (mmm )?analysis/i;

/**
 * "run detect_seasonality column=sales lags=52": a custom tool named in the request is called
 * with the key=value arguments given (numbers parsed), then its result is the reply.
 */
function customToolAction(messages: readonly BaseMessage[], customTools: string[]): Action | undefined {
  const conv = readConversation(messages);
  const name = customTools.find((t) => new RegExp(`\\b${t}\\b`).test(conv.request));
  if (!name) return undefined;
  const done = conv.records.find((r) => r.name === name);
  if (done) return { kind: "reply", text: `\`${name}\` returned:\n\n\`\`\`json\n${JSON.stringify(done.result, null, 2)}\n\`\`\`` };
  const args: Record<string, unknown> = {};
  for (const m of conv.request.matchAll(/(\w+)\s*=\s*("[^"]*"|'[^']*'|[^\s,;]+)/g)) {
    const raw = m[2]!.replace(/^["']|["']$/g, "");
    args[m[1]!] = raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw === "true" ? true : raw === "false" ? false : raw;
  }
  return { kind: "call", name, args };
}

/** The request at message `i`: its typed options (a full analysis) as they are, else read from its words. */
function requestAt(messages: readonly BaseMessage[], i: number, text: string): Request {
  const typed = typedRequest(messages[i]);
  return typed ? { ...typed, intent: "full" } : readRequest(text);
}

/** The next action for this conversation (`customTools`: names of the custom tools bound now). */
export function nextAction(messages: readonly BaseMessage[], customTools: string[] = []): Action {
  const custom = customToolAction(messages, customTools);
  if (custom) return custom;
  let conv = readConversation(messages);
  let req = requestAt(messages, lastRequest(messages), conv.request);
  if (req.intent === "continue") {
    const from = lastRequestMatching(messages, FULL_REQUEST);
    if (from >= 0) {
      conv = readConversation(messages, from);
      req = requestAt(messages, from, conv.request);
    }
  }
  return nextStep(planFor(req.intent), conv, req);
}

export class OfflinePlanner extends BaseChatModel {
  override _llmType(): string {
    return "agentic-mmm-offline-planner";
  }

  static override lc_name(): string {
    return "OfflinePlanner";
  }

  // The planner ignores the tool list (it knows the tools); binding just passes it along as call options.
  override bindTools(tools: BindToolsInput[], kwargs?: Partial<BaseChatModelCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, BaseChatModelCallOptions> {
    return this.withConfig({ ...kwargs, tools } as Partial<BaseChatModelCallOptions>);
  }

  override async _generate(messages: BaseMessage[], options?: this["ParsedCallOptions"]): Promise<ChatResult> {
    // Custom tools are bound with a "[custom]" description (tools/registry.ts).
    const bound = ((options as { tools?: { name?: string; description?: string }[] } | undefined)?.tools ?? []).filter((t) => t.description?.startsWith("[custom]")).map((t) => t.name!);
    const action = nextAction(messages, bound);
    const message = action.kind === "reply" ? new AIMessage({ content: action.text }) : new AIMessage({ content: "", tool_calls: [{ id: `offline_${messages.length}`, name: action.name, args: action.args, type: "tool_call" }] });
    return { generations: [{ text: action.kind === "reply" ? action.text : "", message }] };
  }
}
