/**
 * The graph's nodes: `agent` (the model picks tool calls), `tools` (runs them), `ask` and `human`
 * (a question to the analyst: LangGraph interrupt, resumed by the answer), `finish` (the step
 * limit's graceful summary). Each node returns a state update.
 */
import { AIMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import { interrupt } from "@langchain/langgraph";
import { questionFrom } from "../tools/answers";
import { toolContext } from "../tools/invoke";
import { truncateForDisplay } from "./displayText";
import { describeLlmError } from "./llm/errors";
import { withRetry } from "./llm/retry";
import type { Phase, PhaseTransition } from "../workflow";
import { systemPrompt } from "./prompts";
import type { AgentRuntime } from "./runtime";
import type { AgentStateType, AgentStateUpdate, DataHandle, ModelSummary } from "./state";
import { redactMessage, redactMessages } from "./redactMessages";
import { executeToolCall, invalidCallMessage, lastAiMessage } from "./toolCalls";
import { phaseAfterTool, toolScope } from "./toolScope";
import { now } from "./trace";
import { redactDeep } from "../secrets";

const isQuestion = (rt: AgentRuntime, call: ToolCall) => rt.registry.builtin(call.name)?.asksUser === true;

/** Tool calls of the last AI message that have no tool message yet. */
export function unansweredCalls(messages: readonly BaseMessage[]): ToolCall[] {
  const ai = lastAiMessage(messages);
  if (!ai) return [];
  const answered = new Set(messages.filter((m): m is ToolMessage => m._getType() === "tool").map((m) => m.tool_call_id));
  return (ai.tool_calls ?? []).filter((c) => !answered.has(c.id ?? c.name));
}

export function pendingQuestions(rt: AgentRuntime, messages: readonly BaseMessage[]): ToolCall[] {
  return unansweredCalls(messages).filter((c) => isQuestion(rt, c));
}

/** The tool names bound to a model call in `phase` (agent/toolScope.ts). */
export function scopeOf(rt: AgentRuntime, phase: Phase): string[] {
  return toolScope(
    phase,
    rt.registry.customByRecency().map((t) => t.name),
    rt.config.maxToolsPerCall,
  );
}

export function agentNode(rt: AgentRuntime) {
  return async (s: AgentStateType): Promise<AgentStateUpdate> => {
    if (s.steps >= rt.config.maxAgentSteps) return { stopReason: "step_limit" };
    const prompt = systemPrompt(s, { maxSteps: rt.config.maxAgentSteps, customTools: rt.registry.custom.list().map((t) => t.name), notes: rt.engine.analysis.notes.length });
    // Only the phase's scope is bound (Model Serving refuses > 32 tools); use_tool reaches the rest.
    const model = rt.llm.bindTools!(rt.registry.definitions(scopeOf(rt, s.phase)));
    const t0 = performance.now();
    let reply: AIMessage;
    try {
      // The LLM boundary: nothing secret goes out, whatever the thread holds.
      const messages = redactMessages([new SystemMessage(prompt), ...s.messages]);
      const onRetry = (attempt: number, ms: number, err: unknown) => rt.trace.emit({ type: "progress", at: now(), tool: "llm", message: `retry ${attempt} in ${(ms / 1000).toFixed(1)} s: ${describeLlmError(err, rt.llmLabel).message}` });
      // …and nothing secret comes in: the reply's text and tool arguments (notes, caveats, questions) are masked.
      reply = redactMessage((await withRetry(() => model.invoke(messages, { signal: rt.signal }), rt.retry, onRetry, rt.signal)) as AIMessage) as AIMessage;
    } catch (err) {
      throw describeLlmError(err, rt.llmLabel);
    }
    const calls = [...(reply.tool_calls ?? []).map((c) => c.name), ...(reply.invalid_tool_calls ?? []).map((c) => `${c.name ?? "?"} (invalid)`)];
    const text = typeof reply.content === "string" ? reply.content : undefined;
    rt.trace.emit({ type: "llm", at: now(), phase: s.phase, step: s.steps + 1, ms: Math.round(performance.now() - t0), toolCalls: calls, text: text?.slice(0, 500) });
    return { messages: [reply], steps: s.steps + 1 };
  };
}

function dataHandle(rt: AgentRuntime): DataHandle {
  const st = rt.engine.status();
  if (!st.loaded) return { loaded: false, steps: [] };
  const src = st.source as { name?: string; path?: string; kind?: string } | undefined;
  return { loaded: true, rows: st.rows, columns: st.columns, kpiCol: st.kpiCol, dateCol: st.dateCol, source: src?.name ?? src?.path ?? src?.kind, steps: st.steps.map((x) => x.step) };
}

function modelSummary(rt: AgentRuntime): ModelSummary {
  const a = rt.engine.analysis;
  const [ridge, bayes, budget] = [a.ridge?.result, a.bayesian?.result, a.budget];
  return {
    latest: a.current?.kind,
    ridge: ridge && { r2: ridge.metrics.r2, mape: ridge.metrics.mape },
    bayesian: bayes && { r2: bayes.fit.r2, maxRhat: bayes.diagnostics.maxRhat, divergences: bayes.diagnostics.divergences },
    budget: budget && { total: budget.total, uplift: budget.uplift },
  };
}

export function toolsNode(rt: AgentRuntime) {
  return async (s: AgentStateType): Promise<AgentStateUpdate> => {
    const ai = lastAiMessage(s.messages);
    let phase: Phase = s.phase;
    const transitions: PhaseTransition[] = [];
    const move = (to: Phase, reason: string) => {
      if (to === phase) return;
      const t = { from: phase, to, at: now(), reason };
      transitions.push(t);
      rt.trace.emit({ type: "phase", ...t });
      phase = to;
    };
    const messages: ToolMessage[] = (ai?.invalid_tool_calls ?? []).map((c) => invalidCallMessage(c, rt, phase));
    // What the model was given for these calls: list_all_tools tells it which others need use_tool.
    const bound = new Set(scopeOf(rt, s.phase));
    for (const call of unansweredCalls(s.messages).filter((c) => !isQuestion(rt, c))) {
      const ctx = toolContext(rt, phase, [...s.transitions, ...transitions], {
        update: (p) => p.phase && move(p.phase.to, p.phase.reason),
        progress: (p) => rt.trace.emit({ type: "progress", at: now(), ...p }),
        bound,
      });
      const out = await executeToolCall(call, rt, ctx);
      messages.push(out.message);
      if (out.ok) move(phaseAfterTool(phase, out.tool), `${out.tool} succeeded`);
    }
    return { messages, phase, transitions, data: dataHandle(rt), models: modelSummary(rt) };
  };
}

/** Put the next question in the state (visible to anyone reading the thread) before waiting. */
export function askNode(rt: AgentRuntime) {
  return (s: AgentStateType): AgentStateUpdate => {
    const call = pendingQuestions(rt, s.messages)[0]!;
    const q = questionFrom(call.id ?? call.name, call.name, call.args);
    rt.trace.emit({ type: "question", at: now(), id: q.id, prompt: truncateForDisplay(q.prompt), options: q.options });
    return { pendingQuestion: q };
  };
}

/** Wait for the analyst: interrupt() ends the run here; Command({ resume }) brings the answer. */
export function humanNode(rt: AgentRuntime) {
  return (s: AgentStateType): AgentStateUpdate => {
    const q = s.pendingQuestion!;
    const answer = redactDeep(interrupt(q));
    rt.trace.emit({ type: "answer", at: now(), id: q.id, value: answer });
    const content = JSON.stringify({ answer });
    return { messages: [new ToolMessage({ content, tool_call_id: q.id, name: q.kind === "choice" ? "ask_user_to_choose" : "ask_user" })], pendingQuestion: null };
  };
}

/** The step limit: close open tool calls and summarise what was done, so the thread stays usable. */
export function finishNode(rt: AgentRuntime) {
  return (s: AgentStateType): AgentStateUpdate => {
    const open = unansweredCalls(s.messages).map((c) => new ToolMessage({ content: JSON.stringify({ error: "Not run: the step limit was reached." }), tool_call_id: c.id ?? c.name, name: c.name, status: "error" }));
    const tools = s.messages.filter((m) => m._getType() === "tool").length;
    rt.trace.emit({ type: "limit", at: now(), steps: s.steps });
    const text = [
      `I stopped after ${s.steps} steps, the limit for one request (maxAgentSteps = ${rt.config.maxAgentSteps}).`,
      `The analysis is in phase ${s.phase}; ${tools} tool calls have run in this conversation and ${rt.engine.analysis.notes.length} notes are recorded.`,
      `Ask me to continue (for example \`await nb.ask("continue")\`), or raise maxAgentSteps in the agent options.`,
    ].join(" ");
    return { messages: [...open, new AIMessage(text)], pendingQuestion: null };
  };
}
