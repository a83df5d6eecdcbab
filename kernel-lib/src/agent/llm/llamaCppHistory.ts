/**
 * LangChain messages to node-llama-cpp's chat history. node-llama-cpp keeps a tool call and its
 * result together inside the model's turn ({ type: "functionCall", params, result }), and renders
 * them with the model's own chat template; so an AI message's tool calls become function-call items
 * and the tool messages that answer them fill in their results. Consecutive AI/tool messages stay
 * one model turn, which ends only when the analyst speaks again.
 */
import type { BaseMessage } from "@langchain/core/messages";

/** node-llama-cpp's ChatHistoryItem, structurally (its types live in an ES module loaded lazily). */
export type LlamaHistoryItem = { type: "system"; text: string } | { type: "user"; text: string } | { type: "model"; response: (string | LlamaFunctionCallItem)[] };

export interface LlamaFunctionCallItem {
  type: "functionCall";
  name: string;
  params: unknown;
  result: unknown;
}

/** Plain text of a message's content (text parts joined; images and other parts dropped). */
export function textOf(content: BaseMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((p) => (typeof p === "string" ? p : p.type === "text" && typeof p.text === "string" ? p.text : "")).join("");
}

function parseResult(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The history to generate from; it always ends with the model's (possibly empty) turn. */
export function toLlamaHistory(messages: readonly BaseMessage[]): LlamaHistoryItem[] {
  const out: LlamaHistoryItem[] = [];
  const systems: string[] = [];
  const calls = new Map<string, LlamaFunctionCallItem>();
  const modelTurn = (): (string | LlamaFunctionCallItem)[] => {
    const last = out.at(-1);
    if (last?.type === "model") return last.response;
    const turn: LlamaHistoryItem = { type: "model", response: [] };
    out.push(turn);
    return turn.response;
  };
  for (const m of messages) {
    const type = m._getType();
    if (type === "system") systems.push(textOf(m.content));
    else if (type === "human" || type === "generic") out.push({ type: "user", text: textOf(m.content) });
    else if (type === "ai") {
      const turn = modelTurn();
      const text = textOf(m.content);
      if (text) turn.push(text);
      for (const c of (m as { tool_calls?: { id?: string; name: string; args: unknown }[] }).tool_calls ?? []) {
        const item: LlamaFunctionCallItem = { type: "functionCall", name: c.name, params: c.args, result: { error: "No result (the call was not run)." } };
        turn.push(item);
        if (c.id) calls.set(c.id, item);
      }
    } else if (type === "tool") {
      const id = (m as { tool_call_id?: string }).tool_call_id ?? "";
      const item = calls.get(id);
      // A result without its call (e.g. a trimmed history) is shown to the model as context.
      if (item) item.result = parseResult(textOf(m.content));
      else modelTurn().push(`[tool result] ${textOf(m.content)}`);
    }
  }
  if (systems.length) out.unshift({ type: "system", text: systems.join("\n\n") });
  if (out.at(-1)?.type !== "model") out.push({ type: "model", response: [] });
  return out;
}
