/**
 * The LLM boundary of the redaction: every message sent to the model, and the model's reply before
 * it enters the thread (so tool arguments, notes, questions and the final answer are clean too),
 * has its secrets masked. A message with nothing to mask is returned as it is.
 */
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { redactDeep } from "../secrets";

type Content = BaseMessage["content"];

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.every((x, i) => x === b[i]);
}

function redactAi(m: AIMessage): AIMessage {
  const parts = [m.content, m.tool_calls, m.invalid_tool_calls, m.additional_kwargs] as const;
  const [content, tool_calls, invalid_tool_calls, additional_kwargs] = parts.map((p) => redactDeep(p));
  if (same(parts, [content, tool_calls, invalid_tool_calls, additional_kwargs])) return m;
  return new AIMessage({
    content: content as Content,
    tool_calls: tool_calls as AIMessage["tool_calls"],
    invalid_tool_calls: invalid_tool_calls as AIMessage["invalid_tool_calls"],
    additional_kwargs: additional_kwargs as AIMessage["additional_kwargs"],
    response_metadata: m.response_metadata,
    usage_metadata: m.usage_metadata,
    id: m.id,
    name: m.name,
  });
}

function redactTool(m: ToolMessage): ToolMessage {
  const content = redactDeep(m.content);
  if (content === m.content) return m;
  return new ToolMessage({ content, tool_call_id: m.tool_call_id, name: m.name, status: m.status, id: m.id, artifact: m.artifact });
}

/** `m` with every secret masked (same type, same ids). */
export function redactMessage(m: BaseMessage): BaseMessage {
  const type = m._getType();
  if (type === "ai") return redactAi(m as AIMessage);
  if (type === "tool") return redactTool(m as ToolMessage);
  const content = redactDeep(m.content);
  if (content === m.content) return m;
  if (type === "system") return new SystemMessage({ content, id: m.id, name: m.name });
  if (type === "human") return new HumanMessage({ content, id: m.id, name: m.name, additional_kwargs: redactDeep(m.additional_kwargs) });
  // Any other kind (function, chat, remove): keep the object, mask its text in place.
  (m as { content: Content }).content = content;
  return m;
}

export function redactMessages(messages: readonly BaseMessage[]): BaseMessage[] {
  return messages.map(redactMessage);
}
