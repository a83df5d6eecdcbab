/**
 * The agent graph, as in the diagram:
 *
 *   START → agent ─┬─ tool calls ──→ tools ─┬─ question pending → ask → human ─┐
 *                  ├─ question only ────────┼──────────────────→ ask           │
 *                  ├─ step limit → finish → END                                │
 *                  └─ final answer → END    └─ otherwise → agent ←─────────────┘
 */
import { END, MemorySaver, START, StateGraph } from "@langchain/langgraph";
import { agentNode, askNode, finishNode, humanNode, pendingQuestions, toolsNode, unansweredCalls } from "./nodes";
import type { AgentRuntime } from "./runtime";
import { AgentState, type AgentStateType } from "./state";
import { lastAiMessage } from "./toolCalls";

/** @internal The compiled graph's inferred type is not nameable in declaration files; MMMAgent wraps it. */
export function buildAgentGraph(rt: AgentRuntime, checkpointer = new MemorySaver()) {
  const afterAgent = (s: AgentStateType) => {
    if (s.stopReason === "step_limit") return "finish";
    const ai = lastAiMessage(s.messages);
    if ((ai?.invalid_tool_calls?.length ?? 0) > 0) return "tools";
    const open = unansweredCalls(s.messages);
    if (open.length === 0) return END;
    return open.length > pendingQuestions(rt, s.messages).length ? "tools" : "ask";
  };
  const afterTools = (s: AgentStateType) => (pendingQuestions(rt, s.messages).length > 0 ? "ask" : "agent");

  return new StateGraph(AgentState)
    .addNode("agent", agentNode(rt))
    .addNode("tools", toolsNode(rt))
    .addNode("ask", askNode(rt))
    .addNode("human", humanNode(rt))
    .addNode("finish", finishNode(rt))
    .addEdge(START, "agent")
    .addConditionalEdges("agent", afterAgent, ["tools", "ask", "finish", END])
    .addConditionalEdges("tools", afterTools, ["ask", "agent"])
    .addEdge("ask", "human")
    .addConditionalEdges("human", afterTools, ["ask", "agent"])
    .addEdge("finish", END)
    .compile({ checkpointer });
}

/** @internal */
export type AgentGraph = ReturnType<typeof buildAgentGraph>;
